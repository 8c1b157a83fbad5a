"""Duties shorter than a year ("trước ngày 20 hằng tháng", "Hằng quý", "6 tháng và hằng năm"): the periods they
imply, their deadlines on the official calendar, their Vietnamese names, and how the other rules treat them.

The deadlines were worked out by hand from the 2026 calendar in plan_definition/data/calendar.yaml: Tết is
16–20/2/2026 (Thursday 19/2 off, the next working day Monday 23/2); 30/4 and 1/5/2026 are a Thursday and a
Friday off (next working day Monday 4/5); 19/4/2026 is a Sunday, 19/9/2026 a Saturday; 31/1/2026 a Saturday.
"""

from __future__ import annotations

from datetime import date

import pytest

from cli.plan_commands import describe_meaning
from plan_definition.calendar import WorkingCalendar, load_calendar_config
from plan_definition.loading import REFERENCE_CALENDAR, REFERENCE_PLAN, load_plan
from plan_definition.timeframes import MonthDay, parse_timeframe
from reports.figures import figures_from
from reports.narrative import period_label as narrative_label
from reports.period import ReportPeriod
from tracking.rules.labels import period_label
from tracking.rules.period_names import names_in_year, parse_period, period_sort_key, period_year
from tracking.rules.periods import DeadlineRules, owed_period, regular_periods
from tracking.rules.states import State
from tracking.rules.transfers import passes_on, period_end
from tracking.status import ObligationStatus

CALENDAR = WorkingCalendar(load_calendar_config(REFERENCE_CALENDAR))
NOV_14 = MonthDay(month=11, day=14)
PLAN = load_plan(REFERENCE_PLAN)


def periods(text: str, *, plan_date=date(2026, 1, 5), through_year=2026, start_year=2026):
    return regular_periods(
        parse_timeframe(text, start_year=start_year),
        plan_date=plan_date,
        reporting_due=NOV_14,
        has_undated_product=False,
        through_year=through_year,
        calendar=CALENDAR,
    )


def by_name(text: str, **kwargs):
    return {p.name: p for p in periods(text, **kwargs)}


def test_a_duty_before_the_20th_of_each_month_owes_twelve_results_a_year_each_due_on_the_19th():
    got = periods("Trước ngày 20 hằng tháng")
    assert [p.name for p in got] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert all(p.due == date(2026, int(p.name[-2:]), 19) for p in got)


@pytest.mark.parametrize(
    "month, deadline",
    [
        ("2026-01", date(2026, 1, 19)),  # a Monday
        ("2026-02", date(2026, 2, 23)),  # 19/2 is in Tết: the first working day after it
        ("2026-04", date(2026, 4, 20)),  # 19/4 is a Sunday
        ("2026-09", date(2026, 9, 21)),  # 19/9 is a Saturday
    ],
)
def test_a_monthly_deadline_on_a_day_off_moves_to_the_next_working_day_of_the_official_calendar(month, deadline):
    assert by_name("Trước ngày 20 hằng tháng")[month].deadline == deadline


def test_a_monthly_duty_without_a_day_is_due_on_the_last_day_of_each_month():
    got = by_name("Hằng tháng")
    assert (got["2026-01"].due, got["2026-01"].deadline) == (date(2026, 1, 31), date(2026, 2, 2))
    assert (got["2026-02"].due, got["2026-04"].due) == (date(2026, 2, 28), date(2026, 4, 30))
    assert got["2026-04"].deadline == date(2026, 5, 4)  # 30/4 and 1/5 off, then the weekend


def test_a_day_the_month_does_not_have_falls_on_its_last_day():
    got = by_name("Ngày 31 hằng tháng")
    assert (got["2026-02"].due, got["2026-04"].due, got["2026-05"].due) == (
        date(2026, 2, 28),
        date(2026, 4, 30),
        date(2026, 5, 31),
    )


def test_a_quarterly_duty_owes_four_results_a_year_due_on_the_last_day_of_each_quarter():
    got = periods("Hằng quý")
    assert [(p.name, p.due, p.deadline) for p in got] == [
        ("2026-Q1", date(2026, 3, 31), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 6, 30), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 9, 30), date(2026, 9, 30)),
        ("2026-Q4", date(2026, 12, 31), date(2026, 12, 31)),
    ]


def test_a_half_yearly_duty_owes_the_first_half_year_and_the_year_with_the_annual_report():
    got = periods("6 tháng và hằng năm")
    assert [(p.name, p.due, p.deadline) for p in got] == [
        ("2026-H1", date(2026, 6, 30), date(2026, 6, 30)),
        ("2026", date(2026, 11, 14), date(2026, 11, 16)),  # 14/11/2026 is a Saturday
    ]


def test_a_half_yearly_duty_with_its_own_yearly_day_keeps_it():
    got = by_name("Định kỳ 6 tháng và hằng năm, trước ngày 10 tháng 12")
    assert (got["2026-H1"].due, got["2026"].due) == (date(2026, 6, 30), date(2026, 12, 9))


def test_a_period_is_first_owed_on_its_first_day():
    got = by_name("Hằng quý")
    assert [got[q].visible_from for q in ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")] == [
        date(2026, 1, 5),  # the plan's own date: nothing is owed before the plan exists
        date(2026, 4, 1),
        date(2026, 7, 1),
        date(2026, 10, 1),
    ]


def test_a_period_already_due_before_the_plan_was_issued_is_not_owed():
    got = periods("Trước ngày 20 hằng tháng", plan_date=date(2026, 3, 20))
    assert [p.name for p in got][:2] == ["2026-04", "2026-05"]  # March was due 19/3, the day before the plan
    assert [p.name for p in periods("Hằng quý", plan_date=date(2026, 3, 20))][0] == "2026-Q1"  # due 31/3


def test_monthly_periods_run_through_the_horizon_and_stop_at_the_last_year_of_a_span():
    assert len(periods("Hằng tháng", through_year=2027)) == 24
    assert periods("Hằng quý trong giai đoạn 2026 - 2026", through_year=2028)[-1].name == "2026-Q4"


@pytest.mark.parametrize(
    "name, label, lower",
    [
        ("once", "Một lần", None),
        ("2026", "Năm 2026", "năm 2026"),
        ("2026-06", "Tháng 6/2026", "tháng 6/2026"),
        ("2026-12", "Tháng 12/2026", "tháng 12/2026"),
        ("2026-Q3", "Quý III/2026", "quý III/2026"),
        ("2026-Q4", "Quý IV/2026", "quý IV/2026"),
        ("2026-H1", "6 tháng đầu năm 2026", "6 tháng đầu năm 2026"),
        ("adhoc-2", "Yêu cầu đột xuất số 2", None),
    ],
)
def test_each_period_reads_in_vietnamese_the_same_in_every_output(name, label, lower):
    assert period_label(name) == label
    if lower is not None:  # the report's sentences use the same words, lower-cased
        assert narrative_label(PLAN.items[0], name, None) == lower


@pytest.mark.parametrize(
    "name, first, last",
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
    ],
)
def test_a_recurring_period_spans_its_year_month_quarter_or_half_year(name, first, last):
    assert parse_period(name).span == (first, last)
    assert period_end(name, None) == last
    assert period_year(name) == first.year


def test_one_off_and_ad_hoc_periods_have_no_span_and_end_on_their_due_day():
    assert parse_period("once").span is None and parse_period("adhoc-3").span is None
    assert period_end("adhoc-3", date(2026, 5, 5)) == date(2026, 5, 5)
    assert period_year("once") is None and period_year("adhoc-3") is None
    assert parse_period("2026-13").kind == "other"


def test_periods_sort_once_first_then_by_the_day_they_end_with_a_year_after_its_months_then_ad_hoc():
    names = ["adhoc-1", "2026", "2026-Q4", "2026-12", "2026-H1", "2026-06", "2026-02", "once", "2025"]
    assert sorted(names, key=period_sort_key) == [
        "once", "2025", "2026-02", "2026-06", "2026-H1", "2026-12", "2026-Q4", "2026", "adhoc-1",
    ]  # fmt: skip


def test_a_year_is_synced_when_any_of_its_monthly_quarterly_or_half_yearly_periods_exists():
    assert {"2026", "2026-01", "2026-12", "2026-Q1", "2026-Q4", "2026-H1"} <= set(names_in_year(2026))
    assert not any(n.startswith("2025") for n in names_in_year(2026))


@pytest.mark.parametrize(
    "name, ended, passes",
    [
        ("2025-06", date(2025, 6, 15), True),  # the month under way on the hand-over
        ("2025-05", date(2025, 6, 15), False),  # an earlier month stays in the predecessor's history
        ("2025-Q2", date(2025, 6, 15), True),
        ("2025-Q1", date(2025, 6, 15), False),
        ("2025-H1", date(2025, 6, 15), True),
        ("2025-06", date(2025, 6, 30), False),  # an agency that ended on the month's last day owed all of it
        ("2025", date(2025, 6, 30), True),
    ],
)
def test_an_ended_agency_passes_on_only_the_month_quarter_or_half_year_under_way(name, ended, passes):
    assert passes_on(name, None, ended) is passes


def test_a_requested_body_owes_a_monthly_result_by_its_day_but_is_never_late():
    month = by_name("Trước ngày 20 hằng tháng")["2026-02"]
    rules = DeadlineRules(monitor="so-noi-vu", compiled=frozenset({"9"}))
    owed = owed_period(
        month, item="9", requested=True, agency="mttq-tinh", groups=[], rules=rules,
        reporting_due=NOV_14, calendar=CALENDAR,
    )  # fmt: skip
    assert (owed.due, owed.deadline) == (date(2026, 2, 19), None)
    bound = owed_period(
        month, item="9", requested=False, agency="so-noi-vu", groups=[], rules=rules,
        reporting_due=NOV_14, calendar=CALENDAR,
    )  # fmt: skip
    assert (bound.due, bound.deadline) == (date(2026, 2, 19), date(2026, 2, 23))  # not moved like a compiled year


def status(n: int, period: str, due: date, state=State.OPEN_OVERDUE) -> ObligationStatus:
    return ObligationStatus(
        obligation_id=n, item="4", item_position=0, agency=f"a-{n}", agency_name=f"A {n}", agency_kind="k",
        agency_position=n, period=period, due=due, deadline=due, state=state, reported=None, reported_on=None,
        document=None, note=None, requested=False, precondition=None,
    )  # fmt: skip


def test_a_quarter_report_holds_the_months_and_the_quarter_due_in_it_and_carries_earlier_open_ones_apart():
    rows = [
        status(1, "2026-03", date(2026, 3, 19)),
        status(2, "2026-04", date(2026, 4, 19)),
        status(3, "2026-06", date(2026, 6, 19)),
        status(4, "2026-Q2", date(2026, 6, 30)),
        status(5, "2026-07", date(2026, 7, 19)),
        status(6, "once", date(2026, 3, 31)),
    ]
    figures = figures_from(
        rows, {r.obligation_id: date(2026, 1, 5) for r in rows}, [], ReportPeriod(date(2026, 4, 1), date(2026, 6, 30)),
        plan_number="1/KH-UBND", as_of=date(2026, 7, 10),
    )  # fmt: skip
    assert [r.period for r in figures.rows] == ["2026-04", "2026-06", "2026-Q2"]
    # March, still open, is carried over in a section of its own and never counted in the quarter's figures.
    assert [r.period for r in figures.carried_over] == ["2026-03", "once"]
    assert figures.total.total == 3


@pytest.mark.parametrize(
    "text, words",
    [
        ("Trước ngày 20 hằng tháng", "hằng tháng từ 2023, hạn ngày 19 mỗi tháng"),
        ("Hằng tháng", "hằng tháng từ 2023, hạn ngày cuối mỗi tháng"),
        ("Hằng quý", "hằng quý từ 2023, hạn ngày cuối quý"),
        ("6 tháng và hằng năm", "6 tháng và hằng năm từ 2023, hạn 6 tháng đầu năm 30/06, hạn cả năm 14/11 mỗi năm"),
    ],
)
def test_plan_show_says_when_each_shorter_period_is_due(text, words):
    assert describe_meaning(parse_timeframe(text, start_year=PLAN.start_year), PLAN) == words


def test_an_items_table_artifact_names_each_period_beside_its_code():
    from flows.artifacts import item_table

    rows = item_table([status(1, "2026-Q3", date(2026, 9, 30)), status(2, "2026-06", date(2026, 6, 19))], {})
    assert [(r["Kỳ"], r["Tên kỳ"]) for r in rows] == [("2026-Q3", "Quý III/2026"), ("2026-06", "Tháng 6/2026")]
