"""Record what an agency reported: checked first, appended, never overwritten."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import FutureDate, NotOwed, TrackingError, UnknownAgency, UnknownItem, UnknownPeriod
from .models import AgencyRow, ItemRow, ObligationRow, SubmissionRow
from .rules.period_names import parse_period, period_sort_key
from .rules.states import Reported


@dataclass(frozen=True)
class Report:
    """One agency's report on one item, as an operator enters it."""

    item: str
    agency: str
    state: str
    reported_on: date
    period: str | None = None
    document: str | None = None
    note: str | None = None
    difficulties: str | None = None
    proposals: str | None = None
    figures: dict | None = None  # checked against the item's figures by the use case
    file_path: str | None = None  # the report document as uploaded, relative to DONDOC_HOME
    file_name: str | None = None
    file_sha256: str | None = None


@dataclass(frozen=True)
class TextField:
    label: str
    max_chars: int
    multiline: bool = False


# The longest text each field keeps (README, "Import agencies' reports"); the annex cell holds at most 32,767.
TEXT_FIELDS = {
    "item": TextField("Mục", 40),
    "agency": TextField("Mã cơ quan", 80),
    "period": TextField("Kỳ", 20),
    "document": TextField("Số, ký hiệu văn bản", 300),
    "note": TextField("Ghi chú", 5000, multiline=True),
    "difficulties": TextField("Khó khăn, vướng mắc", 5000, multiline=True),
    "proposals": TextField("Đề xuất, kiến nghị", 5000, multiline=True),
}
_LINE_BREAKS = "\n\r"


def text_problem(field: TextField, text: str) -> str | None:
    """Why `text` cannot be stored in `field`, or None: too long, or a control or separator character."""
    if len(text) > field.max_chars:
        return f"cột '{field.label}': dài {_count(len(text))} ký tự, tối đa {_count(field.max_chars)} ký tự"
    for position, char in enumerate(text, start=1):
        if field.multiline and char in _LINE_BREAKS + "\t":
            continue
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            name = unicodedata.name(char, None) or {"\x00": "NUL", "\x85": "NEL"}.get(char, "ký tự điều khiển")
            expected = "chỉ xuống dòng bằng Enter" if field.multiline else "chỉ một dòng"
            return (
                f"cột '{field.label}': ký tự U+{ord(char):04X} ({name}) ở vị trí {position} "
                f"không được dùng ({expected})"
            )
    return None


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def find_item(session: Session, plan_number: str, code: str) -> ItemRow:
    item = session.scalar(
        select(ItemRow).where(ItemRow.plan_number == plan_number, ItemRow.code == code, ItemRow.active)
    )
    if item is None:
        known = list(
            session.scalars(
                select(ItemRow.code)
                .where(ItemRow.plan_number == plan_number, ItemRow.active)
                .order_by(ItemRow.position)
            )
        )
        raise UnknownItem(code, plan_number, known)
    return item


def find_obligation(session: Session, plan_number: str, report: Report, today: date) -> ObligationRow:
    """The obligation a report is about; refuses unknown items, agencies and periods."""
    item = find_item(session, plan_number, report.item)
    if session.get(AgencyRow, report.agency) is None:
        raise UnknownAgency(report.agency, list(session.scalars(select(AgencyRow.code).order_by(AgencyRow.position))))
    owed = list(
        session.scalars(
            select(ObligationRow).where(
                ObligationRow.item_id == item.id,
                ObligationRow.agency_code == report.agency,
                ObligationRow.active,
                ObligationRow.visible_from <= today,
            )
        )
    )
    if not owed:
        raise NotOwed(report.item, report.agency, list(item.lead_agencies))
    owed.sort(key=lambda o: period_sort_key(o.period))
    periods = [o.period for o in owed]
    if report.period is not None:
        for obligation in owed:
            if obligation.period == report.period:
                return obligation
        raise UnknownPeriod(report.item, report.agency, report.period, periods)
    if len(owed) == 1:
        return owed[0]
    # A late monthly or quarterly report is often dated in the next period: never guess between them.
    if not any(parse_period(p).kind in ("month", "quarter", "half") for p in periods):
        same_year = [o for o in owed if o.period == str(report.reported_on.year)]
        if same_year:
            return same_year[0]
    raise UnknownPeriod(report.item, report.agency, None, periods)


def check_report(report: Report, today: date) -> None:
    if report.state not in {r.value for r in Reported}:
        raise TrackingError(
            f"trạng thái '{report.state}' không hợp lệ; chọn một trong: {', '.join(r.value for r in Reported)}"
        )
    if report.reported_on > today:
        raise FutureDate("ngày báo cáo", report.reported_on, today)
    for key, field in TEXT_FIELDS.items():
        text = getattr(report, key)
        problem = text_problem(field, text) if text else None
        if problem:
            raise TrackingError(problem)


def first_report_day(obligation: ObligationRow) -> date:
    """The earliest date a report can count for: the first day of a recurring period (its year, month,
    quarter or half-year), or the day an ad-hoc request was made.

    A one-off result may predate the plan (a regulation issued earlier in the year still counts).
    """
    name = parse_period(obligation.period)
    if name.kind == "adhoc":
        return obligation.visible_from
    if name.span is not None:
        return name.span[0]
    return obligation.visible_from.replace(month=1, day=1)


def check_agency_existed(report: Report, agency: AgencyRow) -> None:
    """A report dated before the agency existed cannot be its own (it belongs to a predecessor)."""
    if agency.began is not None and report.reported_on < agency.began:
        raise TrackingError(
            f"ngày báo cáo {report.reported_on.isoformat()} trước ngày {agency.name} ({agency.code}) bắt đầu hoạt động "
            f"({agency.began:%d/%m/%Y}); báo cáo trước ngày đó là của cơ quan tiền nhiệm"
        )


def check_period(report: Report, obligation: ObligationRow) -> None:
    earliest = first_report_day(obligation)
    if report.reported_on < earliest:
        raise TrackingError(
            f"ngày báo cáo {report.reported_on.isoformat()} trước khi kỳ '{obligation.period}' của mục {report.item} "
            f"bắt đầu ({earliest:%d/%m/%Y}); kiểm tra lại ngày hoặc kỳ (--period)"
        )


def record_submission(
    session: Session, plan_number: str, report: Report, *, today: date, recorded_by: str, source: str
) -> SubmissionRow:
    """Append a submission after checking it; raise a TrackingError and write nothing when it is wrong."""
    check_report(report, today)
    obligation = find_obligation(session, plan_number, report, today)
    check_agency_existed(report, session.get(AgencyRow, report.agency))
    check_period(report, obligation)
    row = SubmissionRow(
        obligation_id=obligation.id,
        state=report.state,
        reported_on=report.reported_on,
        document=_blank_to_none(report.document),
        note=_blank_to_none(report.note),
        difficulties=_blank_to_none(report.difficulties),
        proposals=_blank_to_none(report.proposals),
        recorded_by=recorded_by,
        source=source,
        figures=report.figures or None,
        file_path=report.file_path,
        file_name=report.file_name,
        file_sha256=report.file_sha256,
    )
    session.add(row)
    session.flush()
    return row


def _blank_to_none(text: str | None) -> str | None:
    return text.strip() or None if text else None


def reject_submission(
    session: Session, submission_id: int, reason: str, *, today: date, rejected_by: str
) -> SubmissionRow:
    """Mark a submission rejected (it stays in the history, no longer counts); refuses an unknown or rejected one."""
    row = session.get(SubmissionRow, submission_id)
    if row is None:
        raise TrackingError(f"không có báo cáo số {submission_id}")
    if row.rejected_on is not None:
        raise TrackingError(f"báo cáo số {submission_id} đã bị trả lại ngày {row.rejected_on:%d/%m/%Y}")
    if not reason or not reason.strip():
        raise TrackingError("cần nêu lý do trả lại báo cáo (--reason)")
    row.rejected_on = today
    row.rejection_reason = reason.strip()
    row.rejected_by = rejected_by
    session.flush()
    return row
