"""What the agency and operator web pages read: an agency's obligations, its submissions and its notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import select

from plan_definition.directory import Agency
from plan_definition.plan import Figure
from service_layer.bootstrap import App
from service_layer.clock import VIETNAM
from tracking.database import transaction
from tracking.models import ItemRow, ObligationRow, OutboxDeliveryRow, OutboxRow, SubmissionRow
from tracking.plan_store import ensure_year
from tracking.rules.labels import DELIVERY_STATE_LABELS, STAGE_LABELS, period_label
from tracking.status import ObligationStatus, status_as_of


def agencies_active_on(app: App, day: date) -> list[Agency]:
    """The directory's agencies that exist on `day` (an ended body's link shows the polite refusal page)."""
    return list(app.directory.on(day).agencies)


def active_agency(app: App, code: str, day: date) -> Agency | None:
    return next((a for a in agencies_active_on(app, day) if a.code == code), None)


@dataclass(frozen=True)
class OpenObligation:
    """One obligation an agency can still report on, with what its item asks for."""

    plan_number: str
    status: ObligationStatus
    item_title: str
    period_label: str
    figures: tuple[Figure, ...]


def open_obligations(app: App, agency: str, day: date) -> list[OpenObligation]:
    """The agency's obligations across all items of every plan on `day` that are not completed yet."""
    return [_open(app, number, s) for number, s in agency_statuses(app, agency, day) if not s.state.is_done]


def agency_statuses(app: App, agency: str, day: date) -> list[tuple[str, ObligationStatus]]:
    """The agency's obligations on `day` under every plan followed, each with its plan's number."""
    found = []
    for scoped in app.each_plan():
        ensure_year(scoped.engine, scoped.plan_number, scoped.calendar, day)
        with transaction(scoped.engine) as session:
            statuses = status_as_of(session, scoped.plan_number, day, agencies=[agency])
        found += [(scoped.plan_number, s) for s in statuses]
    return found


def _open(app: App, plan_number: str, status: ObligationStatus) -> OpenObligation:
    item = app.plan(plan_number).files.plan.by_code.get(status.item)
    return OpenObligation(
        plan_number=plan_number,
        status=status,
        item_title=item.title if item else status.item,
        period_label=period_label(status.period),
        figures=tuple(item.figures) if item else (),
    )


@dataclass(frozen=True)
class SubmissionView:
    id: int
    obligation_id: int
    plan_number: str
    item: str
    period_label: str
    state: str
    reported_on: date
    document: str | None
    note: str | None
    difficulties: str | None
    proposals: str | None
    figures: dict
    file_path: str | None
    file_name: str | None
    file_sha256: str | None
    source: str
    recorded_by: str
    recorded_at: datetime | None
    rejected_on: date | None
    rejection_reason: str | None


def agency_submissions(app: App, agency: str) -> list[SubmissionView]:
    """Every submission recorded for the agency under the plans followed, newest first, rejected ones included."""
    query = (
        select(SubmissionRow, ItemRow.plan_number, ItemRow.code, ObligationRow.period)
        .join(ObligationRow, SubmissionRow.obligation_id == ObligationRow.id)
        .join(ItemRow, ObligationRow.item_id == ItemRow.id)
        .where(ObligationRow.agency_code == agency, ItemRow.plan_number.in_([a.plan_number for a in app.each_plan()]))
        .order_by(SubmissionRow.id.desc())
    )
    with transaction(app.engine) as session:
        return [
            SubmissionView(
                id=row.id,
                obligation_id=row.obligation_id,
                plan_number=plan_number,
                item=item,
                period_label=period_label(period),
                state=row.state,
                reported_on=row.reported_on,
                document=row.document,
                note=row.note,
                difficulties=row.difficulties,
                proposals=row.proposals,
                figures=dict(row.figures or {}),
                file_path=row.file_path,
                file_name=row.file_name,
                file_sha256=row.file_sha256,
                source=row.source,
                recorded_by=row.recorded_by,
                recorded_at=row.recorded_at,
                rejected_on=row.rejected_on,
                rejection_reason=row.rejection_reason,
            )
            for row, plan_number, item, period in session.execute(query)
        ]


def submission_file(app: App, submission_id: int) -> tuple[Path, str] | None:
    """The stored document of a submission and its name, or None."""
    with transaction(app.engine) as session:
        row = session.get(SubmissionRow, submission_id)
        if row is None or not row.file_path:
            return None
        path = (app.settings.home / row.file_path).resolve()
        if not path.is_relative_to(app.settings.uploads_dir.resolve()) or not path.is_file():
            return None
        return path, row.file_name or path.name


@dataclass(frozen=True)
class NoticeView:
    """One notice that concerned the agency, and how each of its deliveries went."""

    decided_on: date
    item: str | None
    period_label: str | None
    kind_label: str
    stage: str
    state_label: str
    deliveries: list[tuple[str, str, str, str | None]]  # address, role, state label, sent at


def agency_notices(app: App, agency: str) -> list[NoticeView]:
    """Every notice decided about the agency's obligations or sent to it (rejections), oldest first."""
    with transaction(app.engine) as session:
        about = select(ObligationRow.id).where(ObligationRow.agency_code == agency)
        rows = list(
            session.execute(
                select(OutboxRow, ItemRow.code, ObligationRow.period)
                .outerjoin(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
                .outerjoin(ItemRow, ObligationRow.item_id == ItemRow.id)
                .order_by(OutboxRow.decided_on, OutboxRow.id)
            )
        )
        ours = {oid for (oid,) in session.execute(about)}
        result = []
        for notice, item, period in rows:
            context_agency = (notice.context or {}).get("agency_code")
            if notice.obligation_id not in ours and context_agency != agency:
                continue
            deliveries = session.scalars(
                select(OutboxDeliveryRow).where(OutboxDeliveryRow.outbox_id == notice.id).order_by(OutboxDeliveryRow.id)
            )
            result.append(
                NoticeView(
                    decided_on=notice.decided_on,
                    item=item or (notice.context or {}).get("item_code"),
                    period_label=period_label(period) if period else (notice.context or {}).get("period_label"),
                    kind_label=STAGE_LABELS.get(notice.kind, notice.kind),
                    stage=notice.stage,
                    state_label=DELIVERY_STATE_LABELS.get(notice.state, notice.state),
                    deliveries=[
                        (
                            d.address,
                            "Gửi" if d.role == "to" else "Đồng gửi",
                            DELIVERY_STATE_LABELS.get(d.state, d.state),
                            _local(d.sent_at) if d.sent_at else None,
                        )
                        for d in deliveries
                    ],
                )
            )
        return result


def _local(moment: datetime) -> str:
    """A stored timestamp (SQLite gives it back naive, in UTC) as Vietnam's local time."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def report_files(app: App) -> list[Path]:
    """The report files written under DONDOC_HOME/reports, newest first."""
    root = app.settings.reports_dir
    if not root.is_dir():
        return []
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".docx", ".xlsx", ".md")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)
