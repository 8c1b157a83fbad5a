"""A recipient's week: on which day of each week chasing may reach an address.

Chasing (escalation and chain notices, and their copies "để biết" to the
leadership) is held until the recipient's weekday, so that an agency that stays
late gets at most one chasing email a week, whatever the number of items and
plans, and the leadership one weekly summary. First notices (reminders, the
overdue notice) are not held.

The weekday is derived from the address (stable across runs, machines and
Python versions: a SHA-256, not `hash()`), or fixed for everyone by the
operator. When that weekday is a day off, the week's chasing day is the next
working day of the same ISO week, else the last working day before it; a week
with no working day has none (what is held goes the next week). So each ISO
week has at most one chasing day per address.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from plan_definition.calendar import WorkingCalendar

CHASING_KINDS = ("escalation", "chain")


def chasing_weekday(address: str, fixed: int | None = None) -> int:
    """The address's chasing weekday, 0 (Monday) to 4 (Friday): `fixed` when given, else from the address."""
    if fixed is not None:
        if not 0 <= fixed <= 4:
            raise ValueError(f"ngày trong tuần phải từ 0 (thứ Hai) đến 4 (thứ Sáu), không phải {fixed}")
        return fixed
    digest = hashlib.sha256(address.strip().lower().encode()).digest()
    return int.from_bytes(digest[:4], "big") % 5


def chasing_day(address: str, day: date, calendar: WorkingCalendar, fixed: int | None = None) -> date | None:
    """The day of `day`'s ISO week on which chasing reaches `address`, or None in a week with no working day."""
    monday = day - timedelta(days=day.weekday())
    week = [monday + timedelta(days=n) for n in range(7)]
    working = [d for d in week if calendar.is_working_day(d)]
    if not working:
        return None
    wanted = monday + timedelta(days=chasing_weekday(address, fixed))
    later = [d for d in working if d >= wanted]
    return later[0] if later else working[-1]


def may_chase_on(address: str, day: date, calendar: WorkingCalendar, fixed: int | None = None) -> bool:
    """Whether chasing held for `address` goes on `day`."""
    return chasing_day(address, day, calendar, fixed) == day


WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu")


def next_chasing_day(
    address: str, day: date, calendar: WorkingCalendar, fixed: int | None = None, weeks: int = 8
) -> date | None:
    """The first day from `day` on (itself included) on which chasing held for `address` goes, or None when no
    week of the next `weeks` has a working day."""
    for n in range(7 * weeks):
        candidate = day + timedelta(days=n)
        if chasing_day(address, candidate, calendar, fixed) == candidate:
            return candidate
    return None
