"""Import agencies' reports from a spreadsheet (.xlsx or .csv): every row or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from plan_definition.spreadsheets import Choices, Column, read_rows, write_sheet
from plan_definition.text import fold_key as _fold
from plan_definition.text import parse_date as _parse_date

from .errors import TrackingError
from .models import SubmissionRow
from .rules.states import Reported
from .submissions import TEXT_FIELDS, Report, check_period, check_report, find_obligation, record_submission

COLUMNS = [
    Column("item", "Mục", True, "Mã mục như trong kế hoạch: 1.1, 1.2.a, 2.2, 3, IV.2"),
    Column("agency", "Mã cơ quan", True, "Mã cơ quan trong danh bạ (xem 'dondoc agencies'), ví dụ so-tu-phap"),
    Column(
        "period",
        "Kỳ",
        False,
        "once, năm (2024) hoặc adhoc-1; để trống khi mục chỉ có một kỳ hoặc kỳ là năm của ngày báo cáo",
    ),
    Column(
        "state",
        "Trạng thái",
        True,
        "hoan-thanh, dang-thuc-hien hoặc chua-thuc-hien (hoặc: Hoàn thành, Đang thực hiện, Chưa thực hiện)",
    ),
    Column("date", "Ngày báo cáo", True, "Ngày của văn bản báo cáo: YYYY-MM-DD hoặc dd/mm/yyyy"),
    Column("document", "Số, ký hiệu văn bản", False, "Ví dụ: 125/BC-STP"),
    Column("note", "Ghi chú", False, "Nội dung tóm tắt kết quả"),
    Column("difficulties", "Khó khăn, vướng mắc", False, "Khó khăn, vướng mắc cơ quan nêu trong báo cáo"),
    Column("proposals", "Đề xuất, kiến nghị", False, "Đề xuất, kiến nghị cơ quan nêu trong báo cáo"),
    Column(
        "figures",
        "Số liệu",
        False,
        "Số liệu mục yêu cầu, dạng khóa=giá trị cách nhau bằng dấu chấm phẩy: hoi_nghi=2; nguoi_tham_du=150",
    ),
]


class ImportRejected(TrackingError):
    """At least one row is wrong; nothing was imported."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(
            f"{path}: không nhập dòng nào vì có {len(problems)} lỗi:\n" + "\n".join(f"  {p}" for p in problems)
        )


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_recorded: int


_HEADER_KEYS = {_fold(c.label): c.key for c in COLUMNS} | {c.key: c.key for c in COLUMNS}
_STATES = {_fold(r.label): r.value for r in Reported} | {r.value: r.value for r in Reported}


def _cell(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_reports(path: Path) -> tuple[list[tuple[int, Report]], list[str]]:
    """Reports with their row numbers, and a problem per unreadable row."""
    rows = read_rows(path, TrackingError, longest_cell=max(f.max_chars for f in TEXT_FIELDS.values()))
    rows = [(n, r) for n, r in rows if any(_cell(v) for v in r)]
    if not rows:
        raise TrackingError(f"{path}: tệp trống, cần dòng tiêu đề: {', '.join(c.label for c in COLUMNS)}")
    header_number, header = rows[0]
    keys = [_HEADER_KEYS.get(_fold(h)) if h is not None else None for h in header]
    missing = [c.label for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        raise TrackingError(f"{path}: dòng {header_number}: thiếu cột {', '.join(repr(m) for m in missing)}")
    labels = {c.key: c.label for c in COLUMNS}
    reports, problems = [], []
    for number, values in rows[1:]:
        record = {k: _cell(v) for k, v in zip(keys, values) if k}
        empty = [labels[c.key] for c in COLUMNS if c.required and not record.get(c.key)]
        if empty:
            problems.append(f"dòng {number}: thiếu {', '.join(repr(e) for e in empty)}")
            continue
        state = _STATES.get(_fold(record["state"]))
        if state is None:
            problems.append(
                f"dòng {number}: cột 'Trạng thái': '{record['state']}' không hợp lệ; "
                "chọn hoan-thanh, dang-thuc-hien hoặc chua-thuc-hien"
            )
            continue
        raw_date = next(v for k, v in zip(keys, values) if k == "date")
        try:
            reported_on = _parse_date(raw_date)
        except ValueError as exc:
            problems.append(f"dòng {number}: cột 'Ngày báo cáo': {exc}")
            continue
        reports.append(
            (
                number,
                Report(
                    item=record["item"],
                    agency=record["agency"],
                    state=state,
                    reported_on=reported_on,
                    period=record.get("period"),
                    document=record.get("document"),
                    note=record.get("note"),
                    difficulties=record.get("difficulties"),
                    proposals=record.get("proposals"),
                    figures=_figure_pairs(record.get("figures")),
                ),
            )
        )
    return reports, problems


def _figure_pairs(text: str | None) -> dict[str, str] | None:
    """'hoi_nghi=2; nguoi_tham_du=150' → {'hoi_nghi': '2', …}; checked against the item by the caller."""
    if not text:
        return None
    pairs = [p.strip() for p in str(text).replace("\n", ";").split(";") if p.strip()]
    return {k.strip(): v.strip() for k, _, v in (p.partition("=") for p in pairs)} or None


def import_reports(
    session: Session,
    plan_number: str,
    path: Path,
    *,
    today: date,
    recorded_by: str,
    figures_of: Callable[[Report], dict] | None = None,
) -> ImportResult:
    """Record every row, or raise ImportRejected listing each bad row (the caller rolls back).

    `figures_of` checks a row's figures against its item (raising an error with a message) and returns them.
    """
    reports, problems = read_reports(path)
    added = already = 0
    for number, report in reports:
        try:
            check_report(report, today)
            obligation = find_obligation(session, plan_number, report, today)
            check_period(report, obligation)
            if report.figures and figures_of is not None:
                report = replace(report, figures=figures_of(report))
        except (TrackingError, ValueError) as exc:
            problems.append(f"dòng {number}: {exc}")
            continue
        if _already_recorded(session, obligation.id, report):
            already += 1
            continue
        record_submission(session, plan_number, report, today=today, recorded_by=recorded_by, source="import")
        added += 1
    if problems:
        raise ImportRejected(path, sorted(problems, key=lambda p: int(p.split()[1].rstrip(":"))))
    return ImportResult(added, already)


def _already_recorded(session: Session, obligation_id: int, report: Report) -> bool:
    """The same report imported again (same state, date and document) is not appended twice."""
    return (
        session.scalar(
            select(SubmissionRow.id).where(
                SubmissionRow.obligation_id == obligation_id,
                SubmissionRow.state == report.state,
                SubmissionRow.reported_on == report.reported_on,
                SubmissionRow.document.is_(None) if not report.document else SubmissionRow.document == report.document,
            )
        )
        is not None
    )


def write_template(path: Path) -> None:
    """An empty import file with the column layout (.xlsx with instructions, or .csv)."""
    write_sheet(
        path,
        COLUMNS,
        [],
        title="Báo cáo",
        refuse=TrackingError,
        widths=(8, 28, 10, 18, 14, 22, 40, 40, 40, 40),
        choices=Choices("state", ["hoan-thanh", "dang-thuc-hien", "chua-thuc-hien"]),
    )
