"""The escalation ladder: which stage an open obligation has reached, and which to send today.

Stages are counted in working days from the deadline: reminders before it, an
overdue notice just after, escalation to the head, then up the agency's chain.
A stage is named by its kind and offset ("reminder-10", "overdue-1",
"escalation-5", "chain-15", "escalation-20"), so each repeat is a stage of its own.

What is sent on a day (`next_stage`):
- at most one notice per obligation, and each stage at most once;
- the highest stage reached, never a missed lower one (after downtime the
  agency does not get three reminders at once);
- but the chain is never skipped: once +15 is reached and nobody above the
  agency has been told, that is the notice of the day;
- head repeats stay `head_repeat_every` working days apart, also after downtime;
  after `slow_after` repeats they slow to `slow_repeat_every` (chasing that has
  not worked in a month is not helped by more of it), and stop at `head_repeat_limit`;
- `reminders_only` stops the ladder before the deadline (the plan's monitor
  about its own duties: never told it is late by itself, never escalated).

A body the plan only requests (Đề nghị …) has no deadline and is never on this
ladder: it gets one polite request a year before the day its results are asked
for (`request_stage`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from plan_definition.calendar import WorkingCalendar
from plan_definition.plan import EscalationPolicy

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
    head = Stage(head_offset(policy, days), "escalation")
    if may_go_up_the_chain and days >= policy.chain_after and policy.chain_after >= head.offset:
        return Stage(policy.chain_after, "chain")
    return head


def head_offset(policy: EscalationPolicy, days: int) -> int:
    """The offset of the last head stage (the first escalation or a repeat) reached `days` working days from
    the deadline, `days` being at least `policy.head_after`.

    Repeats come every `head_repeat_every` working days; after `slow_after` of them, every
    `slow_repeat_every`; never more than `head_repeat_limit` in all.
    """
    since = days - policy.head_after
    fast, every, slow = policy.slow_after, policy.head_repeat_every, policy.slow_repeat_every
    if fast is None or since < fast * every:
        repeats = since // every
    else:
        repeats = fast + (since - fast * every) // slow
    if policy.head_repeat_limit is not None:
        repeats = min(repeats, policy.head_repeat_limit)
    return repeat_offset(policy, repeats)


def repeat_offset(policy: EscalationPolicy, repeats: int) -> int:
    """The offset of the head stage after `repeats` repeats (0: the first escalation)."""
    fast = repeats if policy.slow_after is None else min(repeats, policy.slow_after)
    return policy.head_after + fast * policy.head_repeat_every + (repeats - fast) * policy.slow_repeat_every


def repeat_gap(policy: EscalationPolicy, offset: int) -> int:
    """Working days a head stage at `offset` must wait after the previous chasing notice."""
    if policy.slow_after is not None and offset > repeat_offset(policy, policy.slow_after):
        return policy.slow_repeat_every
    return policy.head_repeat_every


@dataclass(frozen=True)
class Given:
    """A stage already put in the outbox for the obligation's current deadline."""

    stage: Stage
    days_ago: int  # working days between that decision and today


def next_stage(
    policy: EscalationPolicy,
    days: int,
    *,
    may_go_up_the_chain: bool,
    given: list[Given],
    reminders_only: bool = False,
) -> Stage | None:
    """The stage to send today, `days` working days from the deadline, given what was sent before."""
    if reminders_only and days >= policy.overdue_after:
        return None
    reached = stage_reached(policy, days, may_go_up_the_chain=False)
    if reached is None:
        return None
    chain_given = any(g.stage.kind == "chain" for g in given)
    if may_go_up_the_chain and days >= policy.chain_after and not chain_given:
        return Stage(policy.chain_after, "chain")
    covered = [g.stage.offset for g in given] + ([policy.chain_after] if chain_given else [])
    if covered and reached.offset <= max(covered):
        return None
    is_repeat = reached.kind == "escalation" and any(g.stage.kind in ("escalation", "chain") for g in given)
    if is_repeat and min(g.days_ago for g in given) < repeat_gap(policy, reached.offset):
        return None
    return reached


def request_stage(policy: EscalationPolicy, days: int, *, given: list[Given]) -> Stage | None:
    """The one yearly request to a requested body, `days` working days from the day its results are asked for.

    Sent once, in the reminder window before that day (as the reminder reached);
    never after it, since a letter after the day would read as calling the body late.
    """
    if given or days > 0:
        return None
    return stage_reached(policy, days, may_go_up_the_chain=False)


def stage_from_code(code: str) -> Stage:
    kind, _, number = code.rpartition("-")
    offset = int(number)
    return Stage(-offset if kind == "reminder" else offset, kind)  # type: ignore[arg-type]
