"""What the CLI, the flows and the replay all do, written once: each takes the app and the day."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from notifications.checks import check
from notifications.contexts import PlanVoice
from notifications.delivery import DispatchResult, dispatch
from notifications.outbox import enqueue_message
from plan_definition.figures import read_figures
from service_layer.bootstrap import App
from tracking.database import transaction
from tracking.models import AgencyRow, ItemRow, ObligationRow, OutboxRow
from tracking.plan_store import ensure_year, sync_obligations
from tracking.requests import mark_precondition, request_adhoc
from tracking.rules.cadence import may_chase_on
from tracking.rules.labels import period_label
from tracking.rules.recipients import contact_of
from tracking.status import ObligationStatus
from tracking.submissions import Report, record_submission, reject_submission


@dataclass(frozen=True)
class Recorded:
    submission_id: int
    period: str


def record_report(app: App, report: Report, *, today: date, recorded_by: str, source: str) -> Recorded:
    """Append an agency's report after checking it (its figures against the item's); nothing is written when refused."""
    item = app.files.plan.by_code.get(report.item)
    if item is not None and report.figures:
        report = replace(report, figures=read_figures(item, report.figures))
    ensure_year(app.engine, app.plan_number, app.calendar, today)
    with transaction(app.engine) as session:
        row = record_submission(session, app.plan_number, report, today=today, recorded_by=recorded_by, source=source)
        agency = session.get(AgencyRow, report.agency)
        if agency is not None and agency.ended is not None and agency.successors:
            # A late report of what a predecessor finished before it ended: its successors no longer owe it.
            sync_obligations(session, app.plan_number, app.calendar, today.year)
        return Recorded(row.id, session.get(ObligationRow, row.obligation_id).period)


def record_precondition(
    app: App, name: str, met_on: date, *, today: date, recorded_by: str, note: str | None = None
) -> list[str]:
    """Record a precondition as met; return the items that start counting their deadlines."""
    with transaction(app.engine) as session:
        mark_precondition(
            session, app.plan_number, list(app.files.plan.preconditions_by_name), name, met_on,
            today=today, recorded_by=recorded_by, note=note,
        )  # fmt: skip
    return [i.code for i in app.files.plan.items if i.precondition == name]


def add_request(app: App, item: str, due: date, *, today: date, recorded_by: str, note: str | None = None) -> str:
    """Open an ad-hoc period for every lead agency of an item; return its name (adhoc-N)."""
    with transaction(app.engine) as session:
        row = request_adhoc(
            session, app.plan_number, item, due, today=today, calendar=app.calendar, recorded_by=recorded_by, note=note
        )
        return row.period


def day_off(app: App, day: date) -> str | None:
    """Why nothing is decided or sent on `day` ("Chủ nhật", a holiday's name), or None on a working day."""
    if app.calendar.is_working_day(day):
        return None
    return app.calendar.holiday_name(day) or ("Thứ bảy" if day.weekday() == 5 else "Chủ nhật")


@dataclass(frozen=True)
class MorningCheck:
    """The morning check of a day: skipped on a day off, else the notices added and the statuses seen."""

    day: date
    day_off: str | None
    added: list[OutboxRow]
    statuses: list[ObligationStatus]


def morning_check(app: App, day: date, items: list[str] | None = None) -> MorningCheck:
    """Decide the notices due on `day` and put them in the outbox; nothing on a day off.

    Without `items`, every plan of the app (only its own when the app is narrowed to one plan).
    """
    reason = day_off(app, day)
    if reason is not None:
        return MorningCheck(day, reason, [], [])
    if items is None and len(app.each_plan()) > 1:
        checks = [morning_check(scoped, day) for scoped in app.each_plan()]
        return MorningCheck(day, None, [r for c in checks for r in c.added], [s for c in checks for s in c.statuses])
    result = check(
        app.engine, app.plan_number, app.files.plan.escalation, app.calendar, day,
        domain=app.settings.mail.domain, items=items,
    )  # fmt: skip
    return MorningCheck(day, None, result.added, result.statuses)


def enqueue_notices(app: App, day: date, items: list[str] | None = None) -> list[OutboxRow]:
    """The notices the morning check of `day` added (none on a day off)."""
    return morning_check(app, day, items).added


def plan_voices(app: App, day: date) -> dict[str, PlanVoice]:
    """Every plan followed as its notices cite it, with the body that signs them on `day`."""
    return {scoped.plan_number: PlanVoice(scoped.plan_info, scoped.sender_on(day)) for scoped in app.each_plan()}


def deliver(app: App, day: date, kinds: tuple[str, ...] | None = None) -> DispatchResult:
    """Send what is pending under every plan, one digest per recipient, through the configured sender.

    On a day off nothing goes, except operator alerts (`kinds=("alert",)`), which cannot wait.
    """
    if kinds != ("alert",) and day_off(app, day) is not None:
        return DispatchResult()
    weekday = app.settings.chase_weekday
    fixed = weekday - 1 if weekday is not None else None
    calendar = app.calendar
    with app.mail_sender() as sender:
        return dispatch(
            app.engine, sender, app.settings.mail, as_of=day, kinds=kinds, plans=plan_voices(app, day),
            report_link=lambda agency: app.report_link(agency, day),
            chase_today=lambda address: may_chase_on(address, day, calendar, fixed),
        )  # fmt: skip


def reject_report(app: App, submission_id: int, reason: str, *, today: date, rejected_by: str) -> OutboxRow | None:
    """Reject a submission with a reason (it no longer counts) and tell the agency's focal contact by email."""
    with transaction(app.engine) as session:
        row = reject_submission(session, submission_id, reason, today=today, rejected_by=rejected_by)
        obligation = session.get(ObligationRow, row.obligation_id)
        item = session.get(ItemRow, obligation.item_id)
        agency = session.get(AgencyRow, obligation.agency_code)
        context = {
            "plan_number": item.plan_number,
            "submission_id": row.id,
            "item_code": item.code,
            "item_title": item.title,
            "period_label": period_label(obligation.period),
            "agency_code": agency.code,
            "agency_name": agency.name,
            "reported_on": row.reported_on.isoformat(),
            "document": row.document,
            "reason": row.rejection_reason,
        }
        return enqueue_message(
            session, key=f"rejection.s{row.id}", kind="rejection", context=context, to=[contact_of(agency)],
            as_of=today, domain=app.settings.mail.domain,
        )  # fmt: skip
