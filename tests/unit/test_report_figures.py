"""The report's counting rules on hand-made status rows: periods, DHIS2 rates, ranking, wording."""

from __future__ import annotations

from datetime import date

import pytest

from plan_definition.text import cited_date as short_date
from reports.build import slug
from reports.figures import Counts, figures_from
from reports.outline import printed_number
from reports.period import InvalidPeriod, ReportPeriod
from reports.wording import percent
from tracking.rules.states import Reported, State
from tracking.status import ObligationStatus

AS_OF = date(2024, 11, 20)
PLAN_DATE = date(2023, 9, 15)


def row(
    n: int, state: State, *, item="1.3.b", agency=None, due=date(2024, 11, 14), reported=None, kind="ubnd-cap-huyen"
):
    agency = agency or f"agency-{n}"
    done = state in (State.DONE_ON_TIME, State.DONE_LATE)
    return ObligationStatus(
        obligation_id=n,
        item=item,
        item_position=0,
        agency=agency,
        agency_name=agency.title(),
        agency_kind=kind,
        agency_position=n,
        period=str(due.year) if due else "once",
        due=due,
        deadline=due,
        state=state,
        reported=Reported.DONE if done else reported,
        reported_on=due if (done or reported) else None,
        document=None,
        note=None,
        requested=False,
        precondition=None,
    )


def figures(rows, period=ReportPeriod.year(2024)):
    owed = {r.obligation_id: PLAN_DATE for r in rows}
    return figures_from(rows, owed, [], period, plan_number="86/KH-UBND", as_of=AS_OF)


def test_expected_counts_only_what_is_done_or_past_its_deadline():
    counts = Counts.of(
        [
            row(1, State.DONE_ON_TIME),
            row(2, State.DONE_LATE),
            row(3, State.OPEN_OVERDUE),
            row(4, State.OPEN_WITHIN_DEADLINE),
            row(5, State.WAITING_FOR_CONDITION),
            row(6, State.NO_DEADLINE, due=None),
        ]
    )
    assert (counts.total, counts.expected, counts.reported, counts.done_on_time) == (6, 3, 2, 1)


def test_rates_are_reported_and_on_time_over_expected():
    counts = Counts.of(
        [row(1, State.DONE_ON_TIME), row(2, State.DONE_LATE), row(3, State.OPEN_OVERDUE), row(4, State.OPEN_OVERDUE)]
    )
    assert counts.reporting_rate == pytest.approx(2 / 4)
    assert counts.on_time_rate == pytest.approx(1 / 4)


def test_rates_are_undefined_when_nothing_is_expected():
    counts = Counts.of([row(1, State.OPEN_WITHIN_DEADLINE), row(2, State.NO_DEADLINE, due=None)])
    assert counts.reporting_rate is None and counts.on_time_rate is None
    assert percent(counts.on_time_rate) == "—"


def test_a_progress_report_is_not_silence_but_not_a_result_either():
    counts = Counts.of([row(1, State.OPEN_OVERDUE, reported=Reported.IN_PROGRESS), row(2, State.OPEN_OVERDUE)])
    assert (counts.reported, counts.silent) == (0, 1)


def test_a_period_holds_obligations_due_in_it_and_undated_ones_owed_by_its_end():
    period = ReportPeriod.year(2024)
    assert period.holds(row(1, State.OPEN_OVERDUE, due=date(2024, 3, 31)), PLAN_DATE)
    assert not period.holds(row(2, State.OPEN_OVERDUE, due=date(2023, 12, 31)), PLAN_DATE)
    assert period.holds(row(3, State.NO_DEADLINE, due=None), PLAN_DATE)
    assert not ReportPeriod.year(2022).holds(row(4, State.NO_DEADLINE, due=None), PLAN_DATE)


def test_figures_keep_the_period_rows_and_carry_over_every_open_earlier_obligation():
    rows = [
        row(1, State.OPEN_OVERDUE, due=date(2024, 11, 14)),
        row(2, State.OPEN_OVERDUE, due=date(2023, 12, 31), item="3"),
        row(3, State.OPEN_OVERDUE, due=date(2023, 11, 14), item="1.3.b"),
    ]
    rows[1] = ObligationStatus(**{**rows[1].__dict__, "period": "once"})
    result = figures(rows)
    # A recurring duty of 2023 still open is carried over too, not only one-off items.
    assert [r.obligation_id for r in result.rows] == [1]
    assert [r.obligation_id for r in result.carried_over] == [2, 3]
    assert result.total.total == 1
    assert result.earlier_total.open_overdue == 2
    assert result.earlier_by_item["3"].total == 1


def test_agencies_are_listed_most_behind_first_without_a_shared_rank():
    rows = [
        row(1, State.DONE_LATE, agency="late"),
        row(2, State.DONE_ON_TIME, agency="prompt"),
        row(3, State.OPEN_OVERDUE, agency="progress", reported=Reported.IN_PROGRESS),
        row(4, State.OPEN_OVERDUE, agency="silent"),
        row(5, State.OPEN_WITHIN_DEADLINE, agency="not-yet-due"),
        row(6, State.OPEN_OVERDUE, agency="silent", item="2.2"),
    ]
    agencies = figures(rows).agencies
    assert [a.agency for a in agencies] == ["silent", "progress", "late", "prompt"]
    assert not hasattr(agencies[0], "rank")


def with_(r: ObligationStatus, **changes) -> ObligationStatus:
    return ObligationStatus(**{**r.__dict__, **changes})


def test_a_completion_without_deadline_is_counted_apart_from_on_time_ones():
    undated = with_(row(1, State.DONE_ON_TIME, due=None), deadline=None, period="once")
    requested = with_(row(2, State.DONE_ON_TIME), deadline=None)  # a requested body: a due day, no deadline
    counts = Counts.of([undated, requested, row(3, State.DONE_ON_TIME), row(4, State.OPEN_OVERDUE)])
    assert (counts.done_on_time, counts.done_undated, counts.done) == (1, 2, 3)
    assert counts.expected == 2 and counts.reported == 1
    assert counts.on_time_rate == 0.5


def test_a_completion_counts_only_in_the_period_it_happened_in():
    done_2023 = with_(row(1, State.DONE_ON_TIME, due=None), deadline=None, period="once", reported_on=date(2023, 10, 3))
    done_2024 = with_(row(2, State.DONE_ON_TIME, due=None), deadline=None, period="once", reported_on=date(2024, 3, 1))
    still_open = row(3, State.NO_DEADLINE, due=None)
    late_in_2024 = with_(row(4, State.DONE_LATE, due=date(2023, 12, 31), item="3"), reported_on=date(2024, 2, 1))
    late_in_2023 = with_(row(5, State.DONE_LATE, due=date(2023, 10, 14), item="4"), reported_on=date(2023, 10, 20))
    result = figures([done_2023, done_2024, still_open, late_in_2024, late_in_2023])
    assert [r.obligation_id for r in result.rows] == [2, 3]
    # An earlier obligation completed within the period is reported in the earlier-periods section, once.
    assert [r.obligation_id for r in result.carried_over] == [4]
    assert result.earlier_total.done == 1
    assert [r.obligation_id for r in figures([done_2023], ReportPeriod.year(2023)).rows] == [1]


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(InvalidPeriod, match="trước ngày bắt đầu"):
        ReportPeriod(date(2024, 6, 30), date(2024, 1, 1))


@pytest.mark.parametrize(
    "day, text",
    [
        (date(2024, 1, 5), "05/01/2024"),
        (date(2023, 9, 15), "15/9/2023"),
        (date(2024, 2, 29), "29/02/2024"),
        (date(2024, 11, 4), "04/11/2024"),
        (date(2024, 3, 31), "31/3/2024"),
    ],
)
def test_dates_are_padded_as_decree_30_pads_them(day, text):
    assert short_date(day) == text


@pytest.mark.parametrize("rate, text", [(0.0, "0%"), (1.0, "100%"), (1 / 3, "33,3%"), (0.042, "4,2%")])
def test_percentages_use_a_decimal_comma(rate, text):
    assert percent(rate) == text


@pytest.mark.parametrize(
    "code, parent, number",
    [("1.1", "1", "1.1."), ("1.2.a", "1.2", "a)"), ("3", "II", "3."), ("IV.2", "IV", "2."), ("1", "II", "1.")],
)
def test_items_keep_the_number_the_plan_prints(code, parent, number):
    assert printed_number(code, parent) == number


def test_period_labels_and_file_names():
    assert ReportPeriod.year(2024).label == "năm 2024"
    assert ReportPeriod(date(2024, 1, 1), date(2024, 6, 30)).label == "từ ngày 01/01/2024 đến ngày 30/6/2024"
    assert slug("86/KH-UBND") == "86-kh-ubnd"
    assert slug("12/KH-ĐPTTH") == "12-kh-dptth"


def test_the_same_difficulty_from_several_agencies_is_written_once_naming_them():
    from reports.context import remark_lines
    from reports.figures import Remark

    day = date(2024, 11, 1)
    remarks = [
        Remark("1.2.a", "so-tu-phap", "Sở Tư pháp", "co-quan-chuyen-mon", day, "Kinh phí còn hạn chế."),
        Remark("IV.2", "so-tu-phap", "Sở Tư pháp", "co-quan-chuyen-mon", day, "kinh phí còn  hạn chế"),
        Remark("2.2", "xa-a", "Ủy ban nhân dân xã A", "ubnd-cap-xa", day, "Kinh phí còn hạn chế"),
        Remark("2.2", "xa-b", "Ủy ban nhân dân xã B", "ubnd-cap-xa", day, "Thiếu tài liệu"),
    ]
    assert remark_lines(remarks) == [
        "“Kinh phí còn hạn chế” (Sở Tư pháp, mục 1.2.a, IV.2; Ủy ban nhân dân xã A, mục 2.2).",
        "“Thiếu tài liệu” (Ủy ban nhân dân xã B, mục 2.2).",
    ]
