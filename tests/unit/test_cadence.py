"""A recipient's week: chasing reaches an address on one fixed day of each ISO week (no database)."""

from collections import Counter
from datetime import date, timedelta

import pytest

from tracking.rules.cadence import chasing_day, chasing_weekday, may_chase_on, next_chasing_day


class Calendar:
    """Monday to Friday, minus the given days off."""

    def __init__(self, *off: date):
        self.off = set(off)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.off


ADDRESSES = [f"chu-tich@xa-{n}.example" for n in range(200)]


def test_the_weekday_is_stable_and_spread_over_the_working_week():
    days = [chasing_weekday(a) for a in ADDRESSES]
    assert days == [chasing_weekday(a) for a in ADDRESSES]  # no per-process salt
    assert chasing_weekday("Chu-Tich@Xa-1.example ") == chasing_weekday("chu-tich@xa-1.example")
    counts = Counter(days)
    assert set(counts) == {0, 1, 2, 3, 4}
    assert min(counts.values()) >= 20  # roughly even: no day carries everybody's chasing


def test_an_operator_can_fix_the_weekday_for_everyone():
    assert {chasing_weekday(a, 2) for a in ADDRESSES} == {2}
    with pytest.raises(ValueError):
        chasing_weekday("a@b.example", 5)


def test_each_week_has_exactly_one_chasing_day_per_address():
    calendar = Calendar(date(2024, 4, 30), date(2024, 5, 1))
    for address in ADDRESSES[:20]:
        allowed = [date(2024, 1, 1) + timedelta(days=n) for n in range(182)]
        allowed = [d for d in allowed if may_chase_on(address, d, calendar)]
        weeks = Counter(d.isocalendar()[:2] for d in allowed)
        assert set(weeks.values()) == {1}
        assert len(weeks) == 26


def test_a_chasing_day_off_moves_within_its_week():
    monday = date(2024, 4, 29)
    address = next(a for a in ADDRESSES if chasing_weekday(a) == 2)  # Wednesday
    calendar = Calendar(date(2024, 4, 30), date(2024, 5, 1))  # Tuesday 30/4 and Wednesday 1/5 off
    assert chasing_day(address, monday, calendar) == date(2024, 5, 2)  # the next working day, Thursday
    late = next(a for a in ADDRESSES if chasing_weekday(a) == 4)  # Friday
    friday_off = Calendar(date(2024, 5, 3))
    assert chasing_day(late, monday, friday_off) == date(2024, 5, 2)  # no later day: the last before it
    assert chasing_day(late, monday, Calendar(*(monday + timedelta(days=n) for n in range(5)))) is None


def test_the_next_chasing_day_is_today_or_the_next_allowed_day():
    address = next(a for a in ADDRESSES if chasing_weekday(a) == 3)  # Thursday
    calendar = Calendar(date(2024, 5, 2))  # Thursday 2/5 off: that week's day is Friday 3/5
    assert next_chasing_day(address, date(2024, 4, 25), calendar) == date(2024, 4, 25)
    assert next_chasing_day(address, date(2024, 4, 26), calendar) == date(2024, 5, 3)
    assert next_chasing_day(address, date(2024, 5, 6), calendar, fixed=0) == date(2024, 5, 6)
    closed = Calendar(*(date(2024, 1, 1) + timedelta(days=n) for n in range(400)))
    assert next_chasing_day(address, date(2024, 1, 1), closed) is None
