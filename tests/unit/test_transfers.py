"""The transfer rule: which duties of an ended agency pass on, and with what deadline."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from tracking.rules.transfers import existed_during, handed_over, in_order_of_ending, passes_on, period_end, territory


@dataclass
class Life:
    began: date | None = None
    ended: date | None = None
    successors: list[str] = field(default_factory=list)


def weekdays(day: date, n: int) -> date:
    """A calendar with no holidays: n weekdays after `day`."""
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


@pytest.mark.parametrize(
    "period, due, passes",
    [
        ("2025", date(2025, 11, 14), True),  # the year under way on 30/6/2025
        ("2024", date(2024, 11, 14), False),  # an earlier year stays in the predecessor's history
        ("once", date(2023, 12, 31), True),  # an open one-off duty passes even if long overdue
        ("once", None, True),
        ("adhoc-1", date(2025, 8, 1), True),
    ],
)
def test_open_duties_of_the_year_under_way_and_one_off_duties_pass_on(period, due, passes):
    assert passes_on(period, due, date(2025, 6, 30)) is passes


def test_a_deadline_still_ahead_at_the_hand_over_is_kept():
    handed = handed_over(date(2025, 11, 14), date(2025, 11, 14), date(2025, 6, 30), 20, weekdays)
    assert (handed.due, handed.deadline, handed.visible_from) == (
        date(2025, 11, 14),
        date(2025, 11, 14),
        date(2025, 7, 1),
    )


def test_a_deadline_passed_at_the_hand_over_becomes_the_working_days_after_it():
    # 1/7/2025 is a Tuesday; 20 weekdays later is Tuesday 29/7/2025.
    handed = handed_over(date(2024, 4, 1), date(2024, 3, 31), date(2025, 6, 30), 20, weekdays)
    assert (handed.due, handed.deadline) == (date(2025, 7, 29), date(2025, 7, 29))


def test_a_duty_without_deadline_passes_without_one():
    assert handed_over(None, None, date(2025, 6, 30), 20, weekdays).deadline is None


def test_a_unit_that_began_later_did_not_exist_during_a_period_that_ended_before():
    commune = Life(began=date(2025, 7, 1))
    assert not existed_during(commune, date(2024, 1, 1), period_end("2024", date(2024, 11, 14)))
    assert existed_during(commune, date(2025, 1, 1), period_end("2025", date(2025, 11, 14)))
    assert not existed_during(commune, date(2023, 9, 15), date(2024, 3, 31))  # a one-off due 31/3/2024


def test_an_ended_agency_did_not_exist_during_a_period_that_began_after_its_end():
    district = Life(ended=date(2025, 6, 30))
    assert not existed_during(district, date(2026, 1, 1), date(2026, 12, 31))
    assert existed_during(district, date(2025, 1, 1), date(2025, 12, 31))


def test_chains_of_reforms_are_taken_earliest_first():
    lives = {
        "a": Life(ended=date(2025, 2, 28), successors=["b"]),
        "b": Life(began=date(2025, 3, 1), ended=date(2025, 6, 30), successors=["c"]),
        "c": Life(began=date(2025, 7, 1)),
        "d": Life(ended=date(2025, 6, 30)),  # ended without successor: nothing to hand on
    }
    assert list(in_order_of_ending(lives)) == ["a", "b"]
    assert territory(lives, date(2024, 1, 1)) == {"a", "b", "c", "d"}
    assert territory(lives, date(2025, 7, 1)) == {"c"}
