"""Decide, for a day, which stage each open obligation has reached and has not yet been given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from plan_definition.calendar import WorkingCalendar
from plan_definition.plan import EscalationPolicy

from .agency_lookup import AgencyLookup
from .chunks import chunked
from .errors import PlanNotLoaded
from .models import OutboxRow, PlanRow
from .rules.ladder import Given, Stage, next_stage, position, request_stage, stage_from_code
from .rules.recipients import chain_target
from .rules.states import State
from .rules.transfers import heirs
from .status import ObligationStatus, preconditions_met

OPEN = (State.OPEN_WITHIN_DEADLINE, State.OPEN_OVERDUE)


@dataclass(frozen=True)
class Decision:
    """An obligation that reached `stage` on `as_of` and must be told so."""

    status: ObligationStatus
    stage: Stage
    working_days: int  # from the obligation's deadline, as the notice will say
    asked_by: date | None = None  # a request to a body the plan only asks: the day its results are asked for

    @property
    def deadline(self) -> date:
        """The day the notice names: the deadline, or the day a requested body's results are asked for."""
        return self.status.deadline or self.asked_by  # type: ignore[return-value]

    @property
    def state_label(self) -> str:
        return "Chưa có kết quả" if self.asked_by else self.status.state.label


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

    Completed, gated (cho-dieu-kien) and undated obligations get nothing, except
    the yearly request to a requested body (see ladder.request_stage). The
    plan's monitor gets at most reminders about its own duties
    (`policy.monitor_self`); a requested body never gets past a request.
    """
    plan = session.get(PlanRow, plan_number)
    if plan is None:
        raise PlanNotLoaded(plan_number)
    if plan.ends_on is not None and as_of > plan.ends_on:
        return []  # a plan that ended chases nobody
    rows = statuses  # the obligations' states on `as_of`
    open_rows = [s for s in rows if s.state in OPEN]
    asked = [s for s in rows if s.requested and s.state == State.NO_DEADLINE and s.due is not None]
    agencies = AgencyLookup(session, {s.agency for s in open_rows + asked})
    given = stages_given(session, open_rows + asked, calendar, as_of)
    met = preconditions_met(session, plan_number)
    monitors = heirs(plan.monitor, agencies)  # Sở Nội vụ and its successors
    decisions = []
    for status in open_rows:
        is_monitor = status.agency in monitors
        if is_monitor and policy.monitor_self == "none":
            continue
        days = position(as_of, ladder_clock(status, met, calendar), calendar)
        can_chain = not status.requested and chain_target(agencies[status.agency], agencies, policy, as_of) is not None
        stage = next_stage(
            policy,
            days,
            may_go_up_the_chain=can_chain,
            given=given.get(status.obligation_id, []),
            reminders_only=is_monitor or status.requested,
        )
        if stage is not None:
            decisions.append(Decision(status, stage, position(as_of, status.deadline, calendar)))
    for status in asked:
        asked_by = calendar.deadline_for(status.due)
        days = position(as_of, asked_by, calendar)
        stage = request_stage(policy, days, given=given.get(status.obligation_id, []))
        if stage is not None:
            decisions.append(Decision(status, stage, days, asked_by=asked_by))
    return decisions
