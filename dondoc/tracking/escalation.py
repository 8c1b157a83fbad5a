"""Decide, for a day, which stage each open obligation has reached and has not yet been given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dondoc.plan_definition.calendar import WorkingCalendar
from dondoc.plan_definition.plan import EscalationPolicy

from .ladder import Stage, position, stage_reached
from .models import AgencyRow, OutboxRow
from .states import State
from .status import ObligationStatus, status_as_of

OPEN = (State.OPEN_WITHIN_DEADLINE, State.OPEN_OVERDUE)


@dataclass(frozen=True)
class Decision:
    """An obligation that reached `stage` on `as_of` and must be told so."""

    status: ObligationStatus
    stage: Stage
    working_days: int


def chain_target(agency: AgencyRow, agencies: dict[str, AgencyRow], policy: EscalationPolicy) -> AgencyRow | None:
    """Who is above an agency: its parent, or the provincial office when the parent is the province itself."""
    parent = agencies.get(agency.parent_code) if agency.parent_code else None
    if parent is None or parent.kind == "ubnd-cap-tinh":
        parent = agencies.get(policy.provincial_chain)
    if parent is None or parent.code == agency.code:
        return None
    return parent


def highest_stage_given(session: Session, obligation_ids: list[int]) -> dict[int, int]:
    """The highest stage offset already enqueued per obligation (stages are never sent twice or downward)."""
    if not obligation_ids:
        return {}
    rows = session.execute(
        select(OutboxRow.obligation_id, func.max(OutboxRow.stage_offset))
        .where(OutboxRow.obligation_id.in_(obligation_ids))
        .group_by(OutboxRow.obligation_id)
    )
    return {oid: offset for oid, offset in rows}


def decide(
    session: Session,
    plan_number: str,
    policy: EscalationPolicy,
    calendar: WorkingCalendar,
    as_of: date,
    *,
    items: list[str] | None = None,
) -> list[Decision]:
    """Open obligations with a deadline whose highest reached stage is above anything given before.

    Completed, gated (cho-dieu-kien) and undated obligations get nothing.
    After downtime only the highest stage reached is decided, never the
    missed lower ones.
    """
    open_rows = [s for s in status_as_of(session, plan_number, as_of, items=items) if s.state in OPEN]
    agencies = {a.code: a for a in session.scalars(select(AgencyRow))}
    given = highest_stage_given(session, [s.obligation_id for s in open_rows])
    decisions = []
    for status in open_rows:
        days = position(as_of, status.deadline, calendar)
        can_chain = not status.requested and chain_target(agencies[status.agency], agencies, policy) is not None
        stage = stage_reached(policy, days, may_go_up_the_chain=can_chain)
        previous = given.get(status.obligation_id)
        if stage is not None and (previous is None or stage.offset > previous):
            decisions.append(Decision(status, stage, days))
    return decisions
