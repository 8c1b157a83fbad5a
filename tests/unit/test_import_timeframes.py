"""Timeframes that provinces and ministries write after 2024, read into their meaning."""

from __future__ import annotations

from datetime import date

import pytest

from plan_definition.calendar import WorkingCalendar
from plan_definition.timeframes import MonthDay, parse_timeframe, split_condition
from tracking.rules.periods import regular_periods


def meaning(text: str) -> dict:
    return parse_timeframe(text, start_year=2025).model_dump(mode="json", exclude_defaults=True)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tháng 6 hằng năm", {"kind": "yearly", "from_year": 2025, "yearly_due": {"month": 6, "day": 30}}),
        (
            "Trước ngày 30 tháng 11 hằng năm",
            {"kind": "yearly", "from_year": 2025, "yearly_due": {"month": 11, "day": 29}},
        ),
        ("Quý III, IV/2026", {"kind": "once", "due": "2026-12-31"}),
        ("Xong trong Quý II/2026", {"kind": "once", "due": "2026-06-30"}),
        ("Trong quý IV năm 2026", {"kind": "once", "due": "2026-12-31"}),
        (
            "Quý IV năm 2025 và các năm tiếp theo",
            {"kind": "yearly", "from_year": 2025, "yearly_due": {"month": 12, "day": 31}},
        ),
        ("2024 - 2025", {"kind": "yearly", "from_year": 2024, "to_year": 2025}),
        ("năm 2026 - 2027", {"kind": "yearly", "from_year": 2026, "to_year": 2027}),
        ("Giai đoạn 2026 - 2030", {"kind": "yearly", "from_year": 2026, "to_year": 2030}),
        ("Từ 01/7/2025", {"kind": "yearly", "from_year": 2025, "continuous": True}),
        ("Hoàn thành trước ngày 01/01/2030", {"kind": "once", "due": "2029-12-31"}),
        (
            "Thường xuyên, theo yêu cầu nhiệm vụ",
            {"kind": "yearly", "from_year": 2025, "adhoc": True, "continuous": True},
        ),
        ("trước ngày 20 hằng tháng", {"kind": "monthly", "from_year": 2025, "period_day": 19}),
        ("Hằng quý", {"kind": "quarterly", "from_year": 2025}),
        ("hàng quý", {"kind": "quarterly", "from_year": 2025}),
        ("6 tháng và hằng năm", {"kind": "half_yearly", "from_year": 2025}),
        ("Định kỳ 6 tháng, hằng năm", {"kind": "half_yearly", "from_year": 2025}),
        (
            "Định kỳ 6 tháng và hằng năm, trước ngày 10 tháng 12",
            {"kind": "half_yearly", "from_year": 2025, "yearly_due": {"month": 12, "day": 9}},
        ),
        (
            "Định kỳ hằng năm (trước ngày 10/12)",
            {"kind": "yearly", "from_year": 2025, "yearly_due": {"month": 12, "day": 9}},
        ),
    ],
)
def test_post_2024_timeframes_read_into_their_meaning(text, expected):
    assert meaning(text) == expected


@pytest.mark.parametrize(
    "text, rest, condition",
    [
        (
            "Sau khi Nghị định hướng dẫn Luật được ban hành",
            "",
            "Sau khi Nghị định hướng dẫn Luật được ban hành",
        ),
        ("Sau khi có Quy chế của Trung ương.", "", "Sau khi có Quy chế của Trung ương"),
        ("Theo kế hoạch riêng", "", "Theo kế hoạch riêng"),
        (
            "Quý II năm 2026, sau khi có hướng dẫn của Bộ Nội vụ",
            "Quý II năm 2026",
            "sau khi có hướng dẫn của Bộ Nội vụ",
        ),
    ],
)
def test_event_triggered_timeframes_are_preconditions(text, rest, condition):
    assert split_condition(text) == (rest, condition)


def test_an_event_alone_is_an_undated_item_gated_by_its_condition_not_an_error():
    assert meaning("Sau khi có Quy chế của Trung ương") == {"kind": "once"}


def test_a_span_of_years_owes_one_result_a_year_and_stops_at_its_last_year():
    periods = regular_periods(
        parse_timeframe("Giai đoạn 2026 - 2027", start_year=2026),
        plan_date=date(2026, 1, 5),
        reporting_due=MonthDay(month=11, day=14),
        has_undated_product=False,
        through_year=2030,
        calendar=WorkingCalendar(),
    )
    assert [(p.name, p.due) for p in periods] == [("2026", date(2026, 11, 14)), ("2027", date(2027, 11, 14))]
