"""The escalation ladder: which stage an open obligation has reached on a given day.

Stages are counted in working days from the deadline: reminders before it, an
overdue notice just after, escalation to the head, then up the agency's chain.
A stage is named by its kind and offset ("reminder-10", "overdue-1",
"escalation-5", "chain-15", "escalation-20"), so each repeat is a stage of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from dondoc.plan_definition.calendar import WorkingCalendar
from dondoc.plan_definition.plan import EscalationPolicy

StageKind = Literal["reminder", "overdue", "escalation", "chain"]


@dataclass(frozen=True, order=True)
class Stage:
    offset: int
    kind: StageKind

    @property
    def code(self) -> str:
        return f"{self.kind}-{abs(self.offset)}"


def position(as_of: date, deadline: date, calendar: WorkingCalendar) -> int:
    """Working days from the deadline to `as_of`: negative before it, 0 on it, 1 the next working day."""
    return calendar.working_days_between(deadline, as_of)


def stage_reached(policy: EscalationPolicy, days: int, *, may_go_up_the_chain: bool) -> Stage | None:
    """The highest stage reached `days` working days from the deadline, or None before the first reminder.

    `may_go_up_the_chain` is false for requested (Đề nghị) agencies, which stop
    at their own head, and for agencies with nobody above them.
    """
    reminders = sorted(-n for n in policy.reminders_before)
    if days < policy.overdue_after:
        reached = [r for r in reminders if r <= days]
        return Stage(reached[-1], "reminder") if reached else None
    if days < policy.head_after:
        return Stage(policy.overdue_after, "overdue")
    repeats = (days - policy.head_after) // policy.head_repeat_every
    if policy.head_repeat_limit is not None:
        repeats = min(repeats, policy.head_repeat_limit)
    head = Stage(policy.head_after + repeats * policy.head_repeat_every, "escalation")
    if may_go_up_the_chain and days >= policy.chain_after and policy.chain_after >= head.offset:
        return Stage(policy.chain_after, "chain")
    return head


def stage_from_code(code: str) -> Stage:
    kind, _, number = code.rpartition("-")
    offset = int(number)
    return Stage(-offset if kind == "reminder" else offset, kind)  # type: ignore[arg-type]
