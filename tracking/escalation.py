"""Decide, for a day, which stage each open obligation has reached and has not yet been given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from plan_definition.calendar import WorkingCalendar
from plan_definition.plan import EscalationPolicy

from .chunks import chunked
from .models import AgencyRow, OutboxRow
from .rules.ladder import Given, Stage, next_stage, position, stage_from_code
from .rules.recipients import chain_target
from .rules.states import State
from .status import ObligationStatus, preconditions_met

OPEN = (State.OPEN_WITHIN_DEADLINE, State.OPEN_OVERDUE)


@dataclass(frozen=True)
class Decision:
    """An obligation that reached `stage` on `as_of` and must be told so."""

    status: ObligationStatus
    stage: Stage
    working_days: int  # from the obligation's deadline, as the notice will say


def stages_given(
    session: Session, statuses: list[ObligationStatus], calendar: WorkingCalendar, as_of: date
) -> dict[int, list[Given]]:
    """What each obligation was already sent for its current deadline (a changed deadline starts afresh)."""
    deadlines = {s.obligation_id: s.deadline for s in statuses}
    if not deadlines:
        return {}
    given: dict[int, list[Given]] = {}
    for ids in chunked(deadlines):
        rows = session.execute(
            select(OutboxRow.obligation_id, OutboxRow.stage, OutboxRow.deadline, OutboxRow.decided_on).where(
                OutboxRow.obligation_id.in_(ids)
            )
        )
        for obligation_id, code, deadline, decided_on in rows:
            if deadline is None or deadline == deadlines[obligation_id]:
                days_ago = calendar.working_days_between(decided_on, as_of)
                given.setdefault(obligation_id, []).append(Given(stage_from_code(code), days_ago))
    return given


def ladder_clock(status: ObligationStatus, met: dict[str, date], calendar: WorkingCalendar) -> date:
    """The day the ladder counts from: the deadline, or, when a precondition was met only after it,
    the working day before it was met, so that the first notice is the overdue notice, not an escalation."""
    met_on = met.get(status.precondition) if status.precondition else None
    if met_on is not None and met_on > status.deadline:
        return max(status.deadline, calendar.add_working_days(met_on, -1))
    return status.deadline


def decide(
    session: Session,
    plan_number: str,
    policy: EscalationPolicy,
    calendar: WorkingCalendar,
    as_of: date,
    statuses: list[ObligationStatus],
) -> list[Decision]:
    """The notice each open obligation with a deadline is due today, if any (see ladder.next_stage).

    `statuses` are the obligations' states on `as_of`; completed, gated (cho-dieu-kien) and undated ones get nothing.
    """
    open_rows = [s for s in statuses if s.state in OPEN]
    agencies = {a.code: a for a in session.scalars(select(AgencyRow))}
    given = stages_given(session, open_rows, calendar, as_of)
    met = preconditions_met(session, plan_number)
    decisions = []
    for status in open_rows:
        days = position(as_of, ladder_clock(status, met, calendar), calendar)
        can_chain = not status.requested and chain_target(agencies[status.agency], agencies, policy) is not None
        stage = next_stage(policy, days, may_go_up_the_chain=can_chain, given=given.get(status.obligation_id, []))
        if stage is not None:
            decisions.append(Decision(status, stage, position(as_of, status.deadline, calendar)))
    return decisions
