"""What happens to an ended agency's duties: which it keeps as history and which pass to its successors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from .period_names import parse_period


class LifeLike(Protocol):
    began: date | None
    ended: date | None
    successors: list[str]


def period_end(period: str, due: date | None) -> date | None:
    """The last day of a period: the last day of its year, month, quarter or half-year, or its due day
    (None: never ends)."""
    span = parse_period(period).span
    return span[1] if span else due


def existed_during(life: LifeLike, start: date, end: date | None) -> bool:
    """Whether the agency existed on some day from `start` to `end` (None: open-ended)."""
    return (life.ended is None or start <= life.ended) and (life.began is None or end is None or life.began <= end)


def existed_on(life: LifeLike, day: date) -> bool:
    return (life.began is None or life.began <= day) and (life.ended is None or day <= life.ended)


def territory(lives: Mapping[str, LifeLike], day: date) -> set[str]:
    """The agencies that existed on `day` and every agency that took over from them since."""
    found: set[str] = set()
    todo = [code for code, life in lives.items() if existed_on(life, day)]
    while todo:
        code = todo.pop()
        if code not in found:
            found.add(code)
            todo.extend(s for s in lives[code].successors if s in lives)
    return found


def heirs(code: str, lives: Mapping[str, LifeLike]) -> set[str]:
    """`code` and every agency that took over from it, through later reforms (Sở Nội vụ and its successors)."""
    found: set[str] = set()
    todo = [code]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(s for s in (lives[current].successors if current in lives else ()) if s in lives)
    return found


def passes_on(period: str, due: date | None, ended: date) -> bool:
    """Whether an open duty of an agency that ended on `ended` goes to its successors.

    One-off and ad-hoc duties always do; a recurring duty (a year, month, quarter, half-year) only for the
    period under way on the hand-over (earlier periods stay in the predecessor's history, ended by the
    reorganisation)."""
    if not parse_period(period).is_recurring:
        return True
    end = period_end(period, due)
    return end is not None and end > ended


@dataclass(frozen=True)
class Handed:
    """A duty as a successor takes it over: its deadline and the day it is first owed."""

    due: date | None
    deadline: date | None
    visible_from: date


def handed_over(
    deadline: date | None,
    due: date | None,
    ended: date,
    working_days: int,
    add_working_days: Callable[[date, int], date],
) -> Handed:
    """The original deadline, or, when it had passed by the hand-over, `working_days` after the hand-over."""
    handover = ended + timedelta(days=1)
    if deadline is None or deadline >= handover:
        return Handed(due, deadline, handover)
    new = add_working_days(handover, working_days)
    return Handed(new, new, handover)


def in_order_of_ending(lives: Mapping[str, LifeLike]) -> Iterable[str]:
    """Agencies that ended and passed their duties on, earliest first, so chains of reforms carry through."""
    return sorted((c for c, life in lives.items() if life.ended and life.successors), key=lambda c: (lives[c].ended, c))
