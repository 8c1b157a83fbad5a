"""Who owes what on a given day, and whether it is late: one query for the whole plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import Session

from .chunks import CHUNK_SIZE
from .models import AgencyRow, ItemRow, ObligationRow, PreconditionEventRow, SubmissionRow
from .rules.period_names import period_sort_key
from .rules.states import Reported, State, state_on


@dataclass(frozen=True)
class ObligationStatus:
    obligation_id: int
    item: str
    item_position: int
    agency: str
    agency_name: str
    agency_kind: str
    agency_position: int
    period: str
    due: date | None
    deadline: date | None
    state: State
    reported: Reported | None
    reported_on: date | None
    document: str | None
    note: str | None
    requested: bool
    precondition: str | None
    inherited_from: tuple[tuple[int, str], ...] = ()
    agency_began: date | None = None
    agency_ended: date | None = None
    agency_label: str = ""  # the name, with its span when that helps tell it from a namesake (see span_label)
    source: str | None = None  # how the latest report came in: cli, ui, file, web

    def as_json(self) -> dict:
        return {
            "item": self.item,
            "agency": self.agency,
            "agency_name": self.agency_name,
            "period": self.period,
            "due": _iso(self.due),
            "deadline": _iso(self.deadline),
            "state": self.state.value,
            "reported_on": _iso(self.reported_on),
            "document": self.document,
            "inherited_from": [{"obligation": oid, "agency": code} for oid, code in self.inherited_from],
            "source": self.source,
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def span_label(name: str, began: date | None, ended: date | None, as_of: date) -> str:
    """The agency's name with its span when it did not exist throughout the year of `as_of`, so that a
    predecessor and its successor of the same name read apart: "Sở Nội vụ (đến ngày 30/6/2025)",
    "Sở Nội vụ (từ ngày 01/7/2025)"."""
    if ended is not None and ended < as_of:
        return f"{name} (đến ngày {ended.day:02d}/{ended.month}/{ended.year})"
    if began is not None and began.year == as_of.year:
        return f"{name} (từ ngày {began.day:02d}/{began.month}/{began.year})"
    return name


def preconditions_met(session: Session, plan_number: str) -> dict[str, date]:
    """The day each precondition was met, from its latest record."""
    latest = (
        select(PreconditionEventRow.name, func.max(PreconditionEventRow.id).label("id"))
        .where(PreconditionEventRow.plan_number == plan_number)
        .group_by(PreconditionEventRow.name)
        .subquery()
    )
    rows = session.execute(
        select(PreconditionEventRow.name, PreconditionEventRow.met_on).join(
            latest, PreconditionEventRow.id == latest.c.id
        )
    )
    return {name: met_on for name, met_on in rows}


def _of_plan(plan_number: str | None):
    """A filter on submissions: only those of the plan's obligations (none: every plan's)."""
    if plan_number is None:
        return true()
    owned = select(ObligationRow.id).join(ItemRow, ItemRow.id == ObligationRow.item_id)
    return SubmissionRow.obligation_id.in_(owned.where(ItemRow.plan_number == plan_number))


def latest_submissions(as_of: date, plan_number: str | None = None):
    """Each obligation's latest submission dated on or before `as_of`, as a subquery.

    With `plan_number`, only that plan's: a query about one plan then ranks its own reports, not every
    plan's (at national scale, 68 plans each ranking all the country's reports was quadratic)."""
    ranked = (
        select(
            SubmissionRow.obligation_id,
            SubmissionRow.state,
            SubmissionRow.reported_on,
            SubmissionRow.document,
            SubmissionRow.note,
            SubmissionRow.source,
            func.row_number()
            .over(
                partition_by=SubmissionRow.obligation_id,
                order_by=(SubmissionRow.reported_on.desc(), SubmissionRow.id.desc()),
            )
            .label("rank"),
        )
        .where(SubmissionRow.reported_on <= as_of, SubmissionRow.rejected_on.is_(None), _of_plan(plan_number))
        .subquery()
    )
    return select(ranked).where(ranked.c.rank == 1).subquery()


def first_completions(as_of: date, plan_number: str | None = None):
    """Per obligation, the first report of completion since its last report of anything else.

    A completion confirmed again later (a supplementary report) keeps its first
    date, so it does not turn late; a completion withdrawn and made again counts
    from the new one.
    """
    last_open = (
        select(SubmissionRow.obligation_id, func.max(SubmissionRow.reported_on).label("day"))
        .where(
            SubmissionRow.state != Reported.DONE.value,
            SubmissionRow.reported_on <= as_of,
            SubmissionRow.rejected_on.is_(None),
            _of_plan(plan_number),
        )
        .group_by(SubmissionRow.obligation_id)
        .subquery()
    )
    return (
        select(SubmissionRow.obligation_id, func.min(SubmissionRow.reported_on).label("day"))
        .outerjoin(last_open, last_open.c.obligation_id == SubmissionRow.obligation_id)
        .where(
            SubmissionRow.state == Reported.DONE.value,
            SubmissionRow.reported_on <= as_of,
            SubmissionRow.rejected_on.is_(None),
            _of_plan(plan_number),
            or_(last_open.c.day.is_(None), SubmissionRow.reported_on >= last_open.c.day),
        )
        .group_by(SubmissionRow.obligation_id)
        .subquery()
    )


def status_as_of(
    session: Session,
    plan_number: str,
    as_of: date,
    *,
    items: list[str] | None = None,
    agencies: list[str] | None = None,
) -> list[ObligationStatus]:
    """Every active obligation owed by `as_of`, with its state on that day."""
    met = preconditions_met(session, plan_number)
    latest = latest_submissions(as_of, plan_number)
    completed = first_completions(as_of, plan_number)
    query = (
        select(
            ObligationRow.id,
            ItemRow.code,
            ItemRow.position,
            ItemRow.requested,
            ItemRow.precondition,
            AgencyRow.code,
            AgencyRow.name,
            AgencyRow.kind,
            AgencyRow.position,
            ObligationRow.period,
            ObligationRow.due,
            ObligationRow.deadline,
            latest.c.state,
            latest.c.reported_on,
            latest.c.document,
            latest.c.note,
            latest.c.source,
            completed.c.day,
            AgencyRow.ended,
            ObligationRow.inherited_from,
            AgencyRow.began,
        )
        .join(ItemRow, ObligationRow.item_id == ItemRow.id)
        .join(AgencyRow, ObligationRow.agency_code == AgencyRow.code)
        .outerjoin(latest, latest.c.obligation_id == ObligationRow.id)
        .outerjoin(completed, completed.c.obligation_id == ObligationRow.id)
        .where(
            ItemRow.plan_number == plan_number,
            ObligationRow.active,
            ItemRow.active,
            ObligationRow.visible_from <= as_of,
        )
    )
    # A filter goes into SQL while it is short; a longer one (never typed by hand) is applied to the rows below.
    long_items = set(items) if items and len(items) > CHUNK_SIZE else None
    long_agencies = set(agencies) if agencies and len(agencies) > CHUNK_SIZE else None
    if items and long_items is None:
        query = query.where(ItemRow.code.in_(items))
    if agencies and long_agencies is None:
        query = query.where(AgencyRow.code.in_(agencies))

    result = []
    for row in session.execute(query):
        (
            oid,
            item,
            item_pos,
            requested,
            precondition,
            agency,
            agency_name,
            kind,
            agency_pos,
            period,
            due,
            deadline,
            reported,
            reported_on,
            document,
            note,
            source,
            first_completed,
            agency_ended,
            inherited_from,
            agency_began,
        ) = row
        if (long_items is not None and item not in long_items) or (
            long_agencies is not None and agency not in long_agencies
        ):
            continue
        met_on = met.get(precondition) if precondition else None
        gated = precondition is not None and (met_on is None or met_on > as_of)
        completed_on = first_completed if reported == Reported.DONE else None
        result.append(
            ObligationStatus(
                obligation_id=oid,
                item=item,
                item_position=item_pos,
                agency=agency,
                agency_name=agency_name,
                agency_kind=kind,
                agency_position=agency_pos,
                period=period,
                due=due,
                deadline=deadline,
                state=state_on(
                    as_of, deadline=deadline, completed_on=completed_on, gated=gated, agency_ended=agency_ended
                ),
                reported=Reported(reported) if reported else None,
                reported_on=completed_on or reported_on,
                document=document,
                note=note,
                requested=requested,
                precondition=precondition,
                inherited_from=tuple((int(i), str(c)) for i, c in inherited_from or ()),
                agency_began=agency_began,
                agency_ended=agency_ended,
                agency_label=span_label(agency_name, agency_began, agency_ended, as_of),
                source=source,
            )
        )
    result.sort(key=lambda s: (s.item_position, period_sort_key(s.period), s.agency_position))
    return result
