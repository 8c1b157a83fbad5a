from datetime import date

import pytest

from plan_definition.calendar import CalendarConfig, WorkingCalendar

calendar = WorkingCalendar()


@pytest.mark.parametrize(
    "due, deadline, why",
    [
        (date(2023, 10, 14), date(2023, 10, 16), "Saturday moves to Monday"),
        (date(2024, 3, 31), date(2024, 4, 1), "Sunday moves to Monday"),
        (date(2023, 12, 31), date(2024, 1, 2), "Sunday, then New Year's Day"),
        (date(2025, 1, 29), date(2025, 2, 3), "Tết 2025 runs to Saturday 1 February"),
        (date(2024, 4, 29), date(2024, 5, 2), "the swapped day off, then 30/4 and 1/5"),
        (date(2024, 5, 4), date(2024, 5, 4), "Saturday 4/5/2024 is a make-up working day"),
        (date(2025, 4, 26), date(2025, 4, 26), "Saturday 26/4/2025 is a make-up working day"),
        (date(2023, 9, 2), date(2023, 9, 5), "National Day 2023 and its observed Monday"),
        (date(2024, 11, 14), date(2024, 11, 14), "a Thursday stays"),
        (date(2026, 11, 14), date(2026, 11, 16), "the yearly report date on a Saturday"),
    ],
)
def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(due, deadline, why):
    assert calendar.deadline_for(due) == deadline, why


def test_extra_days_off_and_makeup_saturdays_come_from_configuration():
    config = CalendarConfig(
        extra_days_off={2024: [date(2024, 11, 15)]},
        makeup_working_days={2024: [date(2024, 11, 23)]},
    )
    configured = WorkingCalendar.from_config(config)
    assert not configured.is_working_day(date(2024, 11, 15))
    assert configured.is_working_day(date(2024, 11, 23))
    assert configured.deadline_for(date(2024, 11, 15)) == date(2024, 11, 18)
    assert calendar.is_working_day(date(2024, 11, 15))


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2024, 11, 14), -10, date(2024, 10, 31)),
        (date(2024, 11, 14), -2, date(2024, 11, 12)),
        (date(2024, 11, 14), 1, date(2024, 11, 15)),
        (date(2024, 11, 14), 5, date(2024, 11, 21)),
        (date(2024, 2, 7), 1, date(2024, 2, 15)),
        (date(2024, 5, 3), 1, date(2024, 5, 4)),
    ],
)
def test_working_days_are_counted_without_weekends_and_holidays(start, n, expected):
    assert calendar.add_working_days(start, n) == expected
    assert calendar.working_days_between(start, expected) == n


@pytest.mark.parametrize("saturday", [date(2024, 5, 4), date(2025, 4, 26)])
def test_a_makeup_saturday_is_a_working_day_even_when_asked_first(saturday):
    assert WorkingCalendar().is_working_day(saturday)
