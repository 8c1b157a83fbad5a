"""Who the plan gives a deadline: bodies IV.2 binds, requested bodies, the monitor's compiling item.

The expected dates were worked out by hand from the plan text (sections IV.1–IV.2) and the
official calendar: 14/11/2024 is a Thursday, 14/11/2026 a Saturday (deadline Monday 16/11).
"""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from cli import cli
from plan_definition.calendar import WorkingCalendar, load_calendar_config
from plan_definition.loading import REFERENCE_CALENDAR, REFERENCE_PLAN, load_plan
from plan_definition.timeframes import MonthDay
from tracking.rules.periods import DeadlineRules, Period, owed_period

CALENDAR = WorkingCalendar(load_calendar_config(REFERENCE_CALENDAR))
PLAN = load_plan(REFERENCE_PLAN)
NOV_14 = MonthDay(month=11, day=14)
RULES = DeadlineRules(
    monitor="so-noi-vu",
    binds=frozenset({"so-ban-nganh-tinh", "ubnd-cap-huyen"}),
    continuing=frozenset({"1.2.a", "1.2.b", "5"}),
    compiled=frozenset({"5"}),
)


def yearly(year: int) -> Period:
    due = NOV_14.in_year(year)
    return Period(str(year), due, CALENDAR.deadline_for(due), date(year, 1, 1))


@pytest.mark.parametrize(
    "item, agency, groups, requested, period, due, deadline",
    [
        # A continuing duty: bound bodies owe it by 14/11, others are tracked without a deadline.
        ("1.2.a", "so-tu-phap", ["so-ban-nganh-tinh"], False, yearly(2024), date(2024, 11, 14), date(2024, 11, 14)),
        ("1.2.a", "ubnd-huyen-cau-ke", ["ubnd-cap-huyen"], False, yearly(2026), date(2026, 11, 14), date(2026, 11, 16)),
        ("1.2.a", "trung-tam-tin-hoc-cong-bao", [], False, yearly(2024), date(2024, 11, 14), None),
        ("1.2.b", "bao-tra-vinh", [], False, yearly(2024), date(2024, 11, 14), None),
        # Not a continuing duty (Năm 2023 và các năm tiếp theo): the item's own timeframe binds its lead.
        ("1.3.b", "ubnd-huyen-cau-ke", ["ubnd-cap-huyen"], False, yearly(2024), date(2024, 11, 14), date(2024, 11, 14)),
        # A requested body: asked by the day, never bound, whatever the period.
        ("1.3.c", "mttq-tinh", [], True, yearly(2024), date(2024, 11, 14), None),
        ("IV.3", "mttq-tinh", [], True, Period("adhoc-1", date(2024, 6, 30), date(2024, 7, 1), date(2024, 6, 1)),
         date(2024, 6, 30), None),
        # The monitor's compiling item: the first working day after the agencies' deadline, no deadline.
        ("5", "so-noi-vu", ["so-ban-nganh-tinh"], False, yearly(2024), date(2024, 11, 15), None),
        ("5", "so-noi-vu", ["so-ban-nganh-tinh"], False, yearly(2026), date(2026, 11, 17), None),
        # An ad-hoc request to the monitor keeps the day the request gave.
        ("5", "so-noi-vu", ["so-ban-nganh-tinh"], False,
         Period("adhoc-1", date(2024, 6, 30), date(2024, 7, 1), date(2024, 6, 1)), date(2024, 6, 30), date(2024, 7, 1)),
    ],
)  # fmt: skip
def test_each_body_owes_the_period_with_the_deadline_the_plan_gives_it(
    item, agency, groups, requested, period, due, deadline
):
    owed = owed_period(
        period,
        item=item,
        requested=requested,
        agency=agency,
        groups=groups,
        rules=RULES,
        reporting_due=NOV_14,
        calendar=CALENDAR,
    )
    assert (owed.due, owed.deadline) == (due, deadline)


def test_a_compiling_item_with_a_day_of_its_own_is_due_then():
    rules = DeadlineRules(monitor="so-noi-vu", compiled=frozenset({"5"}), compiled_due=MonthDay(month=12, day=14))
    owed = owed_period(
        yearly(2024), item="5", requested=False, agency="so-noi-vu", groups=[], rules=rules,
        reporting_due=NOV_14, calendar=CALENDAR,
    )  # fmt: skip
    assert (owed.due, owed.deadline) == (date(2024, 12, 14), date(2024, 12, 16))


def test_the_rules_survive_the_database_round_trip():
    rules = DeadlineRules(monitor="m", binds=frozenset({"a"}), compiled=frozenset({"5"}), compiled_due=NOV_14)
    assert DeadlineRules.from_json("m", rules.as_json()) == rules
    assert DeadlineRules.from_json("m", None) == DeadlineRules(monitor="m")


def test_the_reference_plan_names_its_continuing_duties_and_who_iv2_binds():
    assert [i.code for i in PLAN.items if PLAN.is_continuing(i)] == ["1.2.a", "1.2.b", "5"]
    assert PLAN.reporting.binds == ["so-ban-nganh-tinh", "ubnd-cap-huyen"]
    assert PLAN.reporting.compiled_by_monitor == ["5"] and PLAN.reporting.compiled_due is None
    assert PLAN.escalation.monitor_self == "reminders"
    assert "IV.2" in PLAN.reporting.binds_note and "IV.1" in PLAN.reporting.compiled_note


def test_plan_show_prints_each_rule_for_a_clerk(monkeypatch, tmp_path, wide_console):
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path))
    wide_console(200)
    monkeypatch.delenv("DONDOC_PLAN", raising=False)
    result = CliRunner().invoke(cli, ["plan", "show", "--plan", "86/KH-UBND"], obj={})
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Quy tắc về thời hạn và đôn đốc" in out
    assert "so-ban-nganh-tinh, ubnd-cap-huyen (các mục 1.2.a, 1.2.b, 5)" in result.stdout
    assert "Cơ quan được đề nghị (các mục 1.3.c, 1.3.d, IV.3)" in result.stdout
    assert "chỉ nhắc hạn cán bộ đầu mối" in result.stdout


def test_plan_validate_says_who_is_given_each_deadline(monkeypatch, tmp_path, wide_console):
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path))
    wide_console(400)
    for name in ("DONDOC_PLAN", "DONDOC_DIRECTORY"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(cli, ["plan", "validate"], obj={})
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") > 5}
    assert "cơ quan được đề nghị: không ấn định thời hạn, không tính quá hạn" in rows["1.3.c"]
    assert "chỉ có hạn với so-ban-nganh-tinh, ubnd-cap-huyen" in rows["1.2.b"]
    assert "Sở Nội vụ tổng hợp sau hạn của các cơ quan" in rows["5"]
    assert "chỉ có hạn" not in rows["1.3.b"]
