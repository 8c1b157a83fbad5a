from datetime import date

import pytest

from plan_definition.calendar import WorkingCalendar
from plan_definition.timeframes import MonthDay, UnreadableTimeframe, parse_timeframe, split_condition
from tracking.rules.periods import regular_periods
from tracking.rules.states import State, state_on


@pytest.mark.parametrize(
    "text, kind, due",
    [
        ("Quý IV năm 2023", "once", date(2023, 12, 31)),
        ("Quý I năm 2024.", "once", date(2024, 3, 31)),
        ("Quý III/2023", "once", date(2023, 9, 30)),
        ("quý 2/2024", "once", date(2024, 6, 30)),
        ("Trước ngày 15 tháng 10 năm 2023", "once", date(2023, 10, 14)),
        ("trước ngày 01/01/2024", "once", date(2023, 12, 31)),
        ("Tháng 12/2023", "once", date(2023, 12, 31)),
        ("Tháng 2 năm 2024", "once", date(2024, 2, 29)),
        ("6 tháng đầu năm 2024", "once", date(2024, 6, 30)),
        ("6 tháng cuối năm 2024", "once", date(2024, 12, 31)),
        ("Năm 2024", "once", date(2024, 12, 31)),
        ("Chậm nhất ngày 30/6/2024", "once", date(2024, 6, 30)),
    ],
)
def test_one_off_timeframes_are_due_on_the_last_allowed_day(text, kind, due):
    meaning = parse_timeframe(text, start_year=2023)
    assert (meaning.kind, meaning.due) == (kind, due)


@pytest.mark.parametrize(
    "text, from_year, yearly_due, adhoc, continuous",
    [
        ("Năm 2023 và các năm tiếp theo", 2023, None, False, False),
        ("Từ năm 2024 và các năm tiếp theo", 2024, None, False, False),
        ("Thường xuyên", 2023, None, False, True),
        ("Định kỳ và khi có yêu cầu", 2023, None, True, False),
        ("Hằng năm", 2023, None, False, False),
        ("Hàng năm", 2023, None, False, False),
        ("trước ngày 30/11 hằng năm", 2023, MonthDay(month=11, day=29), False, False),
        (
            "Định kỳ, hàng năm trước ngày 15 tháng 11 hoặc đột xuất",
            2023,
            MonthDay(month=11, day=14),
            True,
            False,
        ),
    ],
)
def test_recurring_timeframes_repeat_every_year(text, from_year, yearly_due, adhoc, continuous):
    meaning = parse_timeframe(text, start_year=2023)
    assert meaning.kind == "yearly"
    assert (meaning.from_year, meaning.yearly_due, meaning.adhoc, meaning.continuous) == (
        from_year,
        yearly_due,
        adhoc,
        continuous,
    )


def periods_of(meaning, through_year=2030):
    return regular_periods(
        meaning,
        plan_date=date(2023, 9, 15),
        reporting_due=MonthDay(month=11, day=14),
        has_undated_product=False,
        through_year=through_year,
        calendar=WorkingCalendar(),
    )


def test_no_timeframe_means_tracked_and_never_overdue():
    meaning = parse_timeframe(None, start_year=2023)
    [period] = periods_of(meaning)
    assert period.name == "once" and period.deadline is None
    for day in (date(2023, 9, 15), date(2024, 11, 15), date(2030, 12, 31)):
        assert state_on(day, deadline=period.deadline, completed_on=None, gated=False) is State.NO_DEADLINE


def test_only_on_request_has_no_regular_period():
    meaning = parse_timeframe("Khi có yêu cầu", start_year=2023)
    assert meaning.kind == "adhoc" and meaning.adhoc
    assert periods_of(meaning) == []


@pytest.mark.parametrize(
    "text, condition",
    [
        ("Quý IV năm 2023 (sau khi có hướng dẫn cụ thể của Bộ Nội vụ).", "sau khi có hướng dẫn cụ thể của Bộ Nội vụ"),
        ("Quý IV năm 2023 (*sau khi có hướng dẫn Trung ương*)", "sau khi có hướng dẫn Trung ương"),
        ("Quý IV năm 2023", None),
    ],
)
def test_a_parenthesised_condition_is_separated_from_the_timeframe(text, condition):
    rest, found = split_condition(text)
    assert found == condition
    assert parse_timeframe(text, start_year=2023).due == date(2023, 12, 31)
    assert "(" not in rest


@pytest.mark.parametrize(
    "text, detail",
    [
        ("Sớm nhất có thể", "sớm nhất có thể"),
        ("Quý V năm 2023", "quý v"),
        ("Tháng 13/2023", "không có tháng 13"),
        ("trước ngày 31/2/2024", "31/2/2024"),
        ("Quý I năm 2024 và Năm 2023 và các năm tiếp theo", "vừa có thời hạn một lần"),
    ],
)
def test_unreadable_text_is_an_error_naming_the_item_and_the_text(text, detail):
    with pytest.raises(UnreadableTimeframe) as error:
        parse_timeframe(text, start_year=2023, item="9.9")
    message = str(error.value)
    assert message.startswith(f"mục 9.9: không đọc được thời gian thực hiện '{text}'")
    assert detail in message
