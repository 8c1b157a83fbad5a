"""The yearly report's rules on hand-made rows: period and cut-off, figures per kind, long lists, words, links."""

from __future__ import annotations

from datetime import date

import pytest

from flows.artifacts import item_table
from plan_definition.text import lower_first
from plan_definition.timeframes import MonthDay
from reports.config import DEFAULT_REPORT_CONFIG, PeriodRule, load_report_config
from reports.figures import figures_from
from reports.narrative import NAMED_AT_MOST, collapse
from reports.period import ReportPeriod
from service_layer.settings import Settings
from tracking.evidence import SubmissionEvidence
from tracking.rules.states import Reported, State
from tracking.status import ObligationStatus

PLAN_DATE = date(2023, 9, 15)


def row(n: int, *, item="1.3.b", kind="ubnd-cap-huyen", state=State.DONE_ON_TIME, due=date(2024, 11, 14)):
    return ObligationStatus(
        obligation_id=n,
        item=item,
        item_position=0,
        agency=f"agency-{n}",
        agency_name=f"Agency {n}",
        agency_kind=kind,
        agency_position=n,
        period=str(due.year),
        due=due,
        deadline=due,
        state=state,
        reported=Reported.DONE if state.is_done else None,
        reported_on=date(2024, 10, 1) if state.is_done else None,
        document=None,
        note=None,
        requested=False,
        precondition=None,
    )


def submission(r: ObligationStatus, day: date, figures: dict) -> SubmissionEvidence:
    return SubmissionEvidence(
        r.obligation_id,
        r.item,
        r.agency,
        r.agency_name,
        r.agency_kind,
        r.period,
        Reported.DONE,
        day,
        None,
        None,
        None,
        None,
        figures,
    )


def test_figures_are_summed_per_item_and_kind_from_each_obligation_latest_report_in_the_period():
    rows = [row(1), row(2), row(3, kind="ubnd-cap-xa"), row(4, due=date(2023, 11, 14))]
    subs = [
        submission(rows[0], date(2024, 3, 1), {"lop_tap_huan": 2}),
        submission(rows[0], date(2024, 9, 1), {"lop_tap_huan": 5}),  # replaces the March report
        submission(rows[1], date(2024, 9, 2), {"lop_tap_huan": 3}),
        submission(rows[2], date(2024, 9, 3), {"lop_tap_huan": 1}),
        submission(rows[3], date(2023, 11, 1), {"lop_tap_huan": 9}),  # 2023's: counted by 2023's report
    ]
    figures = figures_from(
        rows,
        {r.obligation_id: PLAN_DATE for r in rows},
        subs,
        ReportPeriod.year(2024),
        plan_number="86/KH-UBND",
        as_of=date(2024, 12, 31),
    )
    summed = figures.figure_sums["1.3.b"]["lop_tap_huan"]
    assert (summed.reports, summed.total) == (3, 9)
    assert summed.kinds == {"ubnd-cap-huyen": [2, 8], "ubnd-cap-xa": [1, 1]}


def test_a_long_list_is_counted_by_kind_and_names_only_the_worst_cases():
    entries = [("ubnd-cap-xa", f"Xã {n}") for n in range(NAMED_AT_MOST + 2)]
    text = collapse(entries, {"ubnd-cap-xa": 104}, worst=3, worst_label="chậm nhất")
    assert (
        text
        == "12 cơ quan, đơn vị (12/104 Ủy ban nhân dân cấp xã; danh sách tại Phụ lục), chậm nhất: Xã 0, Xã 1 và Xã 2"
    )
    assert collapse(entries[:NAMED_AT_MOST]) == ", ".join(f"Xã {n}" for n in range(NAMED_AT_MOST - 1)) + " và Xã 9"


@pytest.mark.parametrize(
    "rule, start, end, cutoff",
    [
        (PeriodRule(), date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
        (PeriodRule(yearly="decree-09"), date(2023, 12, 15), date(2024, 12, 14), date(2024, 12, 14)),
        (PeriodRule(cutoff="plan"), date(2024, 1, 1), date(2024, 12, 31), date(2024, 11, 14)),
        (PeriodRule(cutoff=MonthDay(month=11, day=30)), date(2024, 1, 1), date(2024, 12, 31), date(2024, 11, 30)),
    ],
)
def test_the_yearly_period_and_its_cut_off_are_configurable(rule, start, end, cutoff):
    period = rule.applied(ReportPeriod.year(2024), MonthDay(month=11, day=14))
    assert (period.start, period.end, period.cutoff, period.label) == (start, end, cutoff, "năm 2024")
    # The figures are never taken after the day the report is drafted.
    assert period.cutoff_for(date(2024, 11, 20)) == min(cutoff, date(2024, 11, 20))


def test_the_report_number_is_configurable_and_zero_padded():
    config = load_report_config(DEFAULT_REPORT_CONFIG)
    assert config.number_line == "Số:          /BC-SNV"
    assert config.model_copy(update={"number": 5}).number_line == "Số: 05/BC-SNV"
    assert config.model_copy(update={"number": 123}).number_line == "Số: 123/BC-SNV"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Triển khai thi hành Luật", "triển khai thi hành Luật"),
        ("Sở Nội vụ tổng hợp", "Sở Nội vụ tổng hợp"),
        ("Ủy ban nhân dân Phường 3", "Ủy ban nhân dân Phường 3"),
        ("Phường 3", "Phường 3"),
        ("UBND cấp xã", "UBND cấp xã"),
        ("Năm 2024", "năm 2024"),
        ("Ban hành Quy chế", "ban hành Quy chế"),
    ],
)
def test_names_keep_the_capitals_decree_30_gives_them(text, expected):
    assert lower_first(text) == expected


def test_item_tables_link_each_agency_to_its_operator_page_when_the_web_server_is_configured():
    status = row(1)
    status = ObligationStatus(
        **{**status.__dict__, "agency": "ubnd-phuong-3", "agency_name": "Ủy ban nhân dân [Phường] 3"}
    )
    [plain] = item_table([status], {})
    assert plain["Cơ quan"] == "Ủy ban nhân dân \\[Phường\\] 3"
    [linked] = item_table([status], {}, "https://dondoc.example/")
    assert linked["Cơ quan"] == "[Ủy ban nhân dân \\[Phường\\] 3](https://dondoc.example/can-bo/co-quan/ubnd-phuong-3)"


def test_operator_pages_are_linked_only_when_they_are_on(tmp_path):
    env = {"DONDOC_HOME": str(tmp_path), "DONDOC_WEB_PUBLIC_URL": "https://dondoc.example"}
    assert Settings.from_env(env).operator_pages_url is None
    on = Settings.from_env({**env, "DONDOC_WEB_OPERATOR_PASSWORD": "mat-khau-du-dai"})
    assert on.operator_pages_url.startswith("https://dondoc.example")
