"""The official calendar: the file's days off and make-up days win over the `holidays` package.

Every expected date below was worked out by hand from the Government's
announcements named in plan_definition/data/calendar.yaml, not from the program.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from cli import cli
from plan_definition.calendar import CalendarConfig, WorkingCalendar, holidays_version, load_calendar_config
from plan_definition.errors import PlanError
from plan_definition.loading import REFERENCE_CALENDAR
from tests.together import run_together

CONFIG = load_calendar_config(REFERENCE_CALENDAR)
calendar = WorkingCalendar(CONFIG)
package = WorkingCalendar()  # the `holidays` package alone

# 2026, weekdays off, by hand: Tết Dương lịch 1/1 with the swapped Friday 2/1 (12729/VPCP-KGVX);
# Tết 16–20/2 (9441/TB-BNV); Giỗ Tổ 10/3 âm lịch is Sunday 26/4, made up Monday 27/4; 30/4 and 1/5;
# Quốc khánh 1–2/9 with the swapped Monday 31/8 (9441/TB-BNV); Ngày Văn hóa Việt Nam 24/11.
DAYS_OFF_2026 = [
    date(2026, 1, 1),
    date(2026, 1, 2),
    date(2026, 2, 16),
    date(2026, 2, 17),
    date(2026, 2, 18),
    date(2026, 2, 19),
    date(2026, 2, 20),
    date(2026, 4, 27),
    date(2026, 4, 30),
    date(2026, 5, 1),
    date(2026, 8, 31),
    date(2026, 9, 1),
    date(2026, 9, 2),
    date(2026, 11, 24),
]
MAKEUP_2026 = [date(2026, 1, 10), date(2026, 8, 22)]


@pytest.mark.parametrize(
    "day, working, why",
    [(d, False, "a day off announced for 2026") for d in DAYS_OFF_2026]
    + [(d, True, "a make-up Saturday of 2026") for d in MAKEUP_2026]
    + [
        (date(2026, 1, 3), False, "Saturday 3/1 of the New Year break"),
        (date(2026, 1, 5), True, "Monday after the New Year break"),
        (date(2026, 1, 9), True, "the Friday before the make-up Saturday"),
        (date(2026, 1, 11), False, "the Sunday after the make-up Saturday"),
        (date(2026, 2, 14), False, "Saturday 27 tháng Chạp, first day of the Tết break"),
        (date(2026, 2, 23), True, "Monday after the Tết break (mùng 7)"),
        (date(2026, 4, 26), False, "Giỗ Tổ itself, a Sunday"),
        (date(2026, 4, 28), True, "Tuesday after Giỗ Tổ"),
        (date(2026, 4, 29), True, "no swap around 30/4–1/5/2026"),
        (date(2026, 8, 29), False, "Saturday 29/8, first day of the National Day break"),
        (date(2026, 9, 3), True, "Thursday after National Day"),
        (date(2026, 11, 23), True, "Monday 23/11: the swap was only proposed"),
        (date(2026, 11, 28), False, "Saturday 28/11: no make-up day was decided"),
        (date(2026, 11, 16), True, "the working day after the yearly report date"),
    ],
)
def test_each_known_day_of_2026_is_a_working_day_or_not_as_announced(day, working, why):
    assert calendar.is_working_day(day) is working, why


def test_the_2026_listing_holds_exactly_the_announced_days_each_citing_its_document():
    listing = calendar.listing(2026)
    assert [d.date for d in listing.days_off] == DAYS_OFF_2026
    assert [d.date for d in listing.working_days] == MAKEUP_2026
    assert listing.not_days_off == []
    assert all(d.official for d in listing.days_off + listing.working_days)
    by_day = {d.date: d for d in listing.days_off + listing.working_days}
    assert by_day[date(2026, 1, 2)].source == "Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
    assert by_day[date(2026, 1, 10)].source == "Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
    assert by_day[date(2026, 8, 22)].source == "Thông báo số 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"
    assert by_day[date(2026, 11, 24)].reason == "Ngày Văn hóa Việt Nam"


@pytest.mark.parametrize(
    "year, days_off, makeup",
    [
        # 8056/VPCP-KGVX: Tết 20–26/1 (21/1 and 22/1 on the weekend, made up 25/1, 26/1); 1/1 a Sunday
        # (2/1 made up); Giỗ Tổ Sat 29/4 and 30/4 Sun made up 2/5, 3/5; Quốc khánh 1/9 and Sat 2/9 made up 4/9.
        (2023, ["01-02", "01-20", "01-23", "01-24", "01-25", "01-26", "05-01", "05-02", "05-03", "09-01", "09-04"], []),
        # 8662/VPCP-KGVX: Tết 8–14/2; Giỗ Tổ 18/4; 2450/VPCP-KGVX: 29/4 off, Saturday 4/5 worked; Quốc khánh 2–3/9.
        (
            2024,
            [
                "01-01",
                "02-08",
                "02-09",
                "02-12",
                "02-13",
                "02-14",
                "04-18",
                "04-29",
                "04-30",
                "05-01",
                "09-02",
                "09-03",
            ],
            ["05-04"],
        ),
        # 8726/VPCP-KGVX: Tết 27–31/1; Giỗ Tổ 7/4; 2/5 off, Saturday 26/4 worked; Quốc khánh 1–2/9.
        (
            2025,
            [
                "01-01",
                "01-27",
                "01-28",
                "01-29",
                "01-30",
                "01-31",
                "04-07",
                "04-30",
                "05-01",
                "05-02",
                "09-01",
                "09-02",
            ],
            ["04-26"],
        ),
    ],
)
def test_the_years_before_2026_hold_the_announced_days_each_cited(year, days_off, makeup):
    listing = calendar.listing(year)
    assert [d.date.strftime("%m-%d") for d in listing.days_off] == days_off
    assert [d.date.strftime("%m-%d") for d in listing.working_days] == makeup
    assert all(d.official and " số " in d.source and " ngày " in d.source for d in listing.days_off)


def test_2027_marks_the_days_no_notice_has_set_yet_as_the_packages_estimate():
    listing = calendar.listing(2027)
    official = [d.date.strftime("%m-%d") for d in listing.days_off if d.official]
    estimated = [d.date.strftime("%m-%d") for d in listing.days_off if not d.official]
    # Fixed by the Labour Code (1/1 Fri, Giỗ Tổ Fri 16/4, 30/4 Fri, 1/5 a Saturday made up Monday 3/5, 2/9 Thu)
    # and 24/11 (Wed); Tết and the second National Day day are for the Prime Minister to set.
    assert official == ["01-01", "04-16", "04-30", "05-03", "09-02", "11-24"]
    assert estimated and all(d[:2] in ("02", "09") for d in estimated)
    assert all("gói holidays" in d.source for d in listing.days_off if not d.official)


def test_the_pinned_holidays_package_differs_from_the_file_only_where_the_file_corrects_it():
    """With holidays 0.109 the only corrections for 2023–2026 are the New Year swap of 2026.

    A new version of the package that changes Vietnam fails here: read its
    changes and the Government's notices before widening the pin in pyproject.toml.
    """
    assert holidays_version() == "0.109"
    differences = []
    day = date(2023, 1, 1)
    while day.year <= 2026:
        if calendar.is_working_day(day) != package.is_working_day(day):
            differences.append((day, calendar.is_working_day(day)))
        day += timedelta(days=1)
    assert differences == [(date(2026, 1, 2), False), (date(2026, 1, 10), True)]


@pytest.mark.parametrize(
    "due, deadline, why",
    [
        (date(2023, 10, 14), date(2023, 10, 16), "Saturday moves to Monday"),
        (date(2024, 3, 31), date(2024, 4, 1), "Sunday moves to Monday"),
        (date(2023, 12, 31), date(2024, 1, 2), "Sunday, then New Year's Day"),
        (date(2025, 1, 29), date(2025, 2, 3), "Tết 2025 runs to Sunday 2 February"),
        (date(2024, 4, 29), date(2024, 5, 2), "the swapped day off, then 30/4 and 1/5"),
        (date(2024, 5, 4), date(2024, 5, 4), "Saturday 4/5/2024 is a make-up working day"),
        (date(2025, 4, 26), date(2025, 4, 26), "Saturday 26/4/2025 is a make-up working day"),
        (date(2023, 9, 2), date(2023, 9, 5), "National Day 2023 and its observed Monday"),
        (date(2024, 11, 14), date(2024, 11, 14), "a Thursday stays"),
        (date(2026, 11, 14), date(2026, 11, 16), "the yearly report date on a Saturday"),
        (date(2026, 1, 1), date(2026, 1, 5), "New Year 2026: Thursday, the swapped Friday, the weekend"),
        (date(2026, 1, 10), date(2026, 1, 10), "Saturday 10/1/2026 is a make-up working day"),
        (date(2026, 8, 29), date(2026, 9, 3), "the National Day break of 2026 runs Saturday to Wednesday"),
        (date(2026, 11, 24), date(2026, 11, 25), "Ngày Văn hóa Việt Nam"),
    ],
)
def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(due, deadline, why):
    assert calendar.deadline_for(due) == deadline, why


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (date(2024, 11, 14), -10, date(2024, 10, 31)),
        (date(2024, 11, 14), -2, date(2024, 11, 12)),
        (date(2024, 11, 14), 1, date(2024, 11, 15)),
        (date(2024, 11, 14), 5, date(2024, 11, 21)),
        (date(2024, 2, 7), 1, date(2024, 2, 15)),
        (date(2024, 5, 3), 1, date(2024, 5, 4)),
        # 31/12/2025 (Wed) +1 → 5/1/2026 (1/1, 2/1 off, then the weekend); +5 → Saturday 10/1 counts.
        (date(2025, 12, 31), 1, date(2026, 1, 5)),
        (date(2025, 12, 31), 5, date(2026, 1, 9)),
        (date(2025, 12, 31), 6, date(2026, 1, 10)),
        # 16/11/2026 (Mon) +5: 17, 18, 19, 20, 23 → Monday 23/11; +6 skips Tuesday 24/11 → Wednesday 25/11.
        (date(2026, 11, 16), 5, date(2026, 11, 23)),
        (date(2026, 11, 16), 6, date(2026, 11, 25)),
    ],
)
def test_working_days_are_counted_without_weekends_and_holidays(start, n, expected):
    assert calendar.add_working_days(start, n) == expected
    assert calendar.working_days_between(start, expected) == n


@pytest.mark.parametrize("saturday", [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)])
def test_a_makeup_saturday_is_a_working_day_even_when_asked_first(saturday):
    assert WorkingCalendar(CONFIG).is_working_day(saturday)


def _config(year_fields: dict, documents=None) -> CalendarConfig:
    return CalendarConfig.model_validate(
        {
            "documents": documents or [{"kind": "Công văn", "number": "1/VPCP", "date": "2024-01-02", "issuer": "X"}],
            "years": {2024: year_fields},
        }
    )


def test_the_file_can_add_a_day_off_and_a_makeup_saturday():
    configured = WorkingCalendar(
        _config(
            {
                "days_off": [{"date": "2024-11-15", "reason": "Nghỉ hoán đổi", "source": "1/VPCP"}],
                "working_days": [{"date": "2024-11-23", "reason": "Làm bù", "source": "1/VPCP"}],
            }
        )
    )
    assert not configured.is_working_day(date(2024, 11, 15))
    assert configured.is_working_day(date(2024, 11, 23))
    assert configured.deadline_for(date(2024, 11, 15)) == date(2024, 11, 18)
    assert configured.holiday_name(date(2024, 11, 15)) == "Nghỉ hoán đổi"
    assert package.is_working_day(date(2024, 11, 15))


def test_the_file_can_remove_a_day_the_package_wrongly_treats_as_a_holiday():
    reason = "Ví dụ: ngày nghỉ mới chỉ là đề xuất"
    configured = WorkingCalendar(
        CalendarConfig.model_validate(
            {
                "documents": [{"kind": "Công văn", "number": "2/BNV", "date": "2026-11-01", "issuer": "Bộ Nội vụ"}],
                "years": {2026: {"not_days_off": [{"date": "2026-11-24", "reason": reason, "source": "2/BNV"}]}},
            }
        )
    )
    assert not package.is_working_day(date(2026, 11, 24))
    assert configured.is_working_day(date(2026, 11, 24))
    assert configured.holiday_name(date(2026, 11, 24)) is None
    listing = configured.listing(2026)
    assert date(2026, 11, 24) not in [d.date for d in listing.days_off]
    assert [(d.date, d.reason, d.source) for d in listing.not_days_off] == [
        (date(2026, 11, 24), reason, "Công văn số 2/BNV ngày 01/11/2026 của Bộ Nội vụ")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "years: {2024: {days_off: [{date: 2024-11-16, reason: a, source: 1/VPCP}]}}",
            "trường 'years.2024.days_off[0]': ngày 2024-11-16 là Thứ Bảy, cần là ngày từ thứ Hai đến thứ Sáu",
        ),
        (
            "years: {2024: {working_days: [{date: 2024-11-19, reason: a, source: 1/VPCP}]}}",
            "trường 'years.2024.working_days[0]': ngày 2024-11-19 là Thứ Ba, cần là thứ Bảy hoặc Chủ nhật",
        ),
        (
            "years: {2024: {days_off: [{date: 2024-11-15, reason: a, source: 9/KHAC}]}}",
            "trường 'years.2024.days_off[0].source': văn bản '9/KHAC' không có trong 'documents'",
        ),
        (
            "years: {2024: {days_off: [{date: 2025-01-02, reason: a, source: 1/VPCP}]}}",
            "trường 'years.2024.days_off[0]': ngày 2025-01-02 không thuộc năm 2024",
        ),
        (
            "years: {2024: {days_off: [{date: 2024-11-15, reason: a, source: 1/VPCP}],"
            " not_days_off: [{date: 2024-11-15, reason: b, source: 1/VPCP}]}}",
            "trường 'years.2024.not_days_off[0]': ngày 2024-11-15 đã được ghi ở years.2024.days_off[0]",
        ),
        (
            "years: {2024: {days_off: [{date: 2024-13-01, reason: a, source: 1/VPCP}]}}",
            "trường 'years.2024.days_off[0].date': phải là ngày có thật, dạng YYYY-MM-DD (giá trị '2024-13-01')",
        ),
        (
            "years: {2024: {extra: []}}",
            "trường 'years.2024.extra': trường không được hỗ trợ",
        ),
    ],
)
def test_a_wrong_calendar_file_is_refused_naming_the_file_the_field_and_the_value(tmp_path, text, expected):
    path = tmp_path / "lich.yaml"
    path.write_text("documents: [{kind: Công văn, number: 1/VPCP, date: 2024-01-02, issuer: X}]\n" + text, "utf-8")
    with pytest.raises(PlanError) as error:
        load_calendar_config(path)
    assert str(error.value).startswith(f"{path}: ")
    assert expected in str(error.value)


def test_dondoc_calendar_json_lists_the_2026_days_off_and_makeup_days_with_reasons(monkeypatch, tmp_path):
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path))
    monkeypatch.delenv("DONDOC_CALENDAR", raising=False)
    result = CliRunner().invoke(cli, ["calendar", "--year", "2026", "--json"], obj={})
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["date"] for d in data["days_off"]] == [d.isoformat() for d in DAYS_OFF_2026]
    assert [(d["date"], d["weekday"]) for d in data["working_days"]] == [
        ("2026-01-10", "Thứ Bảy"),
        ("2026-08-22", "Thứ Bảy"),
    ]
    assert data["working_days"][0]["reason"] == "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026"


def test_dondoc_calendar_prints_each_reason_and_source_in_a_table(monkeypatch, tmp_path, wide_console):
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path))
    wide_console(240)
    monkeypatch.delenv("DONDOC_CALENDAR", raising=False)
    result = CliRunner().invoke(cli, ["calendar", "--year", "2026"], obj={})
    assert result.exit_code == 0, result.output
    assert "14 ngày nghỉ" in result.stdout and "2 ngày làm bù" in result.stdout
    assert "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)" in result.stdout
    assert "Thông báo số 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ" in result.stdout


def test_threads_asking_about_a_new_year_at_once_all_get_the_right_answer():

    calendar = WorkingCalendar()

    def ask():
        return calendar.is_working_day(date(2031, 1, 1)), calendar.holiday_name(date(2031, 4, 30))

    answers, errors = run_together(ask, [()] * 8)
    assert errors == [] and len(set(answers)) == 1 and answers[0][0] is False and answers[0][1]


def test_working_days_between_is_remembered_and_agrees_with_counting_day_by_day():
    # A morning check asks it once per obligation, nearly always for the same (deadline, today): 60,000 times.
    fresh = WorkingCalendar(CONFIG)
    start, end = date(2023, 12, 29), date(2026, 12, 1)
    by_hand = sum(fresh.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
    assert [fresh.working_days_between(start, end) for _ in range(1000)] == [by_hand] * 1000
    assert fresh.working_days_between(end, start) == -by_hand
    assert fresh.working_days_between.cache_info().hits >= 999
