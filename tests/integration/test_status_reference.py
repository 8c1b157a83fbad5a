"""Status of the reference plan on chosen dates, against a table worked out by hand.

Deadlines follow the Civil Code art. 148 and the official 2023–2026 calendar:
item 4 is due Saturday 14/10/2023 and may be done on Monday 16/10; items 1.1
and 3 are due Sunday 31/12/2023 and, with New Year's Day, may be done on
Tuesday 2/1/2024; items 2.1 and 2.2 are due Sunday 31/3/2024, deadline 1/4.
"""

from __future__ import annotations

from datetime import date

import pytest

from tracking.database import transaction
from tracking.requests import mark_precondition
from tracking.status import status_as_of
from tracking.submissions import Report, record_submission

TODAY = date(2026, 11, 26)


def statuses(app, as_of, **filters):
    with transaction(app.engine) as session:
        return [s.as_json() for s in status_as_of(session, app.plan_number, as_of, **filters)]


def one(app, as_of, item, agency, period=None):
    rows = [r for r in statuses(app, as_of, items=[item], agencies=[agency]) if period in (None, r["period"])]
    assert len(rows) == 1, rows
    return rows[0]


def record(app, item, agency, state, day, period=None, document=None):
    with transaction(app.engine) as session:
        record_submission(
            session,
            app.plan_number,
            Report(item=item, agency=agency, state=state, reported_on=day, period=period, document=document),
            today=TODAY,
            recorded_by="test",
            source="cli",
        )


def met(app, name, day):
    with transaction(app.engine) as session:
        mark_precondition(
            session,
            app.plan_number,
            list(app.files.plan.preconditions_by_name),
            name,
            day,
            today=TODAY,
            recorded_by="test",
        )


@pytest.mark.parametrize(
    "as_of, item, agency, period, due, deadline, state",
    [
        # Item 4: due Saturday 14/10/2023, deadline Monday 16/10.
        (date(2023, 10, 13), "4", "so-noi-vu", "once", "2023-10-14", "2023-10-16", "chua-hoan-thanh-trong-han"),
        (date(2023, 10, 16), "4", "so-noi-vu", "once", "2023-10-14", "2023-10-16", "chua-hoan-thanh-trong-han"),
        (date(2023, 10, 17), "4", "so-noi-vu", "once", "2023-10-14", "2023-10-16", "chua-hoan-thanh-qua-han"),
        # Item 2.1: Quý I năm 2024, Sunday 31/3 → Monday 1/4.
        (date(2024, 4, 1), "2.1", "so-noi-vu", "once", "2024-03-31", "2024-04-01", "chua-hoan-thanh-trong-han"),
        (date(2024, 4, 2), "2.1", "so-noi-vu", "once", "2024-03-31", "2024-04-01", "chua-hoan-thanh-qua-han"),
        (date(2024, 4, 2), "2.2", "ubnd-xa-long-duc", "once", "2024-03-31", "2024-04-01", "chua-hoan-thanh-qua-han"),
        # Gated items wait for their precondition whatever the date.
        (date(2024, 4, 2), "1.1", "so-noi-vu", "once", "2023-12-31", "2024-01-02", "cho-dieu-kien"),
        (date(2024, 4, 2), "3", "ubnd-huyen-cang-long", "once", "2023-12-31", "2024-01-02", "cho-dieu-kien"),
        # Yearly items: due with the annual report, before 15 November.
        (date(2024, 4, 2), "1.3.a", "so-noi-vu", "2023", "2023-11-14", "2023-11-14", "chua-hoan-thanh-qua-han"),
        (date(2024, 4, 2), "1.3.a", "so-noi-vu", "2024", "2024-11-14", "2024-11-14", "chua-hoan-thanh-trong-han"),
        (date(2024, 11, 14), "IV.2", "so-tu-phap", "2024", "2024-11-14", "2024-11-14", "chua-hoan-thanh-trong-han"),
        (date(2024, 11, 15), "IV.2", "so-tu-phap", "2024", "2024-11-14", "2024-11-14", "chua-hoan-thanh-qua-han"),
        # The districts ended on 30/6/2025 without successor: their 2025 duty ended with them.
        (date(2025, 11, 17), "IV.2", "ubnd-tp-tra-vinh", "2025", "2025-11-14", "2025-11-14", "cham-dut"),
        (
            date(2025, 6, 30),
            "IV.2",
            "ubnd-tp-tra-vinh",
            "2025",
            "2025-11-14",
            "2025-11-14",
            "chua-hoan-thanh-trong-han",
        ),
        # From 1/7/2025 the new province's departments owe the yearly duties.
        (date(2026, 11, 16), "IV.2", "vl-so-y-te", "2026", "2026-11-14", "2026-11-16", "chua-hoan-thanh-trong-han"),
        # A requested body (Đề nghị …) is asked by 14/11 but never bound: no deadline, never late.
        (date(2024, 4, 2), "1.3.c", "mttq-tinh", "2024", "2024-11-14", None, "khong-thoi-han"),
        (date(2025, 6, 30), "1.3.c", "mttq-tinh", "2023", "2023-11-14", None, "khong-thoi-han"),
        (date(2025, 6, 2), "1.3.d", "lien-doan-lao-dong-tinh", "2025", "2025-11-14", None, "khong-thoi-han"),
        # Continuing duties (Thường xuyên): due 14/11 only from the bodies IV.2 binds (sở, ban, ngành tỉnh —
        # the directory counts Đài Phát thanh và Truyền hình among them — and UBND cấp huyện).
        (date(2024, 11, 15), "1.2.a", "so-tu-phap", "2024", "2024-11-14", "2024-11-14", "chua-hoan-thanh-qua-han"),
        (
            date(2023, 11, 15),
            "1.2.a",
            "ubnd-huyen-cang-long",
            "2023",
            "2023-11-14",
            "2023-11-14",
            "chua-hoan-thanh-qua-han",
        ),
        (
            date(2024, 12, 2),
            "1.2.b",
            "dai-phat-thanh-truyen-hinh",
            "2024",
            "2024-11-14",
            "2024-11-14",
            "chua-hoan-thanh-qua-han",
        ),
        (date(2024, 11, 15), "1.2.a", "trung-tam-tin-hoc-cong-bao", "2024", "2024-11-14", None, "khong-thoi-han"),
        (date(2024, 12, 2), "1.2.b", "bao-tra-vinh", "2024", "2024-11-14", None, "khong-thoi-han"),
        # Item 5, Sở Nội vụ compiling the agencies' results: from the first working day after their deadline
        # (Thu 14/11/2024 → Fri 15/11; Tue 14/11/2023 → Wed 15/11; Sat 14/11/2026 → Mon 16/11 → Tue 17/11),
        # with no deadline, as IV.1 gives none.
        (date(2023, 12, 1), "5", "so-noi-vu", "2023", "2023-11-15", None, "khong-thoi-han"),
        (date(2024, 12, 31), "5", "so-noi-vu", "2024", "2024-11-15", None, "khong-thoi-han"),
        (date(2026, 12, 1), "5", "vl-so-noi-vu", "2026", "2026-11-17", None, "khong-thoi-han"),
        # No timeframe given: tracked, never overdue.
        (date(2025, 6, 30), "IV.2", "so-y-te", "once", None, None, "khong-thoi-han"),
        (date(2025, 12, 31), "IV.2", "so-y-te", "once", None, None, "cham-dut"),
        (date(2025, 12, 31), "IV.2", "vl-so-y-te", "once", None, None, "khong-thoi-han"),
        (date(2025, 12, 31), "IV.3", "vl-lien-doan-lao-dong-tinh", "once", None, None, "khong-thoi-han"),
        (date(2025, 12, 31), "IV.1", "vl-so-noi-vu", "once", None, None, "khong-thoi-han"),
    ],
)
def test_status_on_a_date_matches_the_hand_worked_table(loaded, as_of, item, agency, period, due, deadline, state):
    row = one(loaded, as_of, item, agency, period)
    assert (row["due"], row["deadline"], row["state"]) == (due, deadline, state)


def test_a_requested_body_that_reports_after_the_day_it_was_asked_for_is_done_not_late(loaded):
    record(loaded, "1.3.c", "mttq-tinh", "hoan-thanh", date(2024, 1, 10), period="2023", document="12/BC-MTTQ")
    row = one(loaded, date(2024, 2, 1), "1.3.c", "mttq-tinh", "2023")
    assert (row["deadline"], row["state"], row["reported_on"]) == (None, "hoan-thanh-dung-han", "2024-01-10")


def test_yearly_periods_appear_only_from_their_year(loaded):
    periods_2023 = {r["period"] for r in statuses(loaded, date(2023, 12, 1), items=["1.2.a"])}
    periods_2025 = {r["period"] for r in statuses(loaded, date(2025, 1, 2), items=["1.2.a"])}
    assert periods_2023 == {"2023"}
    assert periods_2025 == {"2023", "2024", "2025"}


def test_nothing_is_owed_before_the_plan_was_issued(loaded):
    assert statuses(loaded, date(2023, 9, 14)) == []


def test_every_commune_and_district_owes_item_2_2(loaded):
    rows = statuses(loaded, date(2024, 4, 2), items=["2.2"])
    assert len(rows) == 113
    assert len({r["agency"] for r in rows}) == 113


def test_a_completion_on_the_moved_deadline_is_on_time(loaded):
    record(loaded, "4", "so-noi-vu", "hoan-thanh", date(2023, 10, 16), document="15/BC-SNV")
    assert one(loaded, date(2023, 12, 1), "4", "so-noi-vu")["state"] == "hoan-thanh-dung-han"
    assert one(loaded, date(2023, 10, 15), "4", "so-noi-vu")["state"] == "chua-hoan-thanh-trong-han"


def test_a_completion_after_the_deadline_is_late(loaded):
    record(loaded, "2.1", "so-noi-vu", "hoan-thanh", date(2024, 4, 2))
    row = one(loaded, date(2024, 5, 1), "2.1", "so-noi-vu")
    assert (row["state"], row["reported_on"]) == ("hoan-thanh-qua-han", "2024-04-02")


def test_in_progress_is_not_done(loaded):
    record(loaded, "2.1", "so-noi-vu", "dang-thuc-hien", date(2024, 3, 20), document="10/TTr-SNV")
    row = one(loaded, date(2024, 4, 2), "2.1", "so-noi-vu")
    assert (row["state"], row["reported_on"], row["document"]) == (
        "chua-hoan-thanh-qua-han",
        "2024-03-20",
        "10/TTr-SNV",
    )


def test_a_gated_item_is_tracked_from_the_day_its_precondition_is_met(loaded):
    met(loaded, "huong-dan-bo-noi-vu", date(2024, 2, 1))
    assert one(loaded, date(2024, 1, 31), "1.1", "so-noi-vu")["state"] == "cho-dieu-kien"
    assert one(loaded, date(2024, 2, 1), "1.1", "so-noi-vu")["state"] == "chua-hoan-thanh-qua-han"
    assert one(loaded, date(2024, 2, 1), "3", "so-y-te")["state"] == "cho-dieu-kien"


def test_a_precondition_met_before_the_deadline_leaves_time(loaded):
    met(loaded, "huong-dan-trung-uong", date(2023, 11, 1))
    assert one(loaded, date(2023, 12, 29), "3", "so-y-te")["state"] == "chua-hoan-thanh-trong-han"
    assert one(loaded, date(2024, 1, 2), "3", "so-y-te")["state"] == "chua-hoan-thanh-trong-han"
    assert one(loaded, date(2024, 1, 3), "3", "so-y-te")["state"] == "chua-hoan-thanh-qua-han"


def test_a_gated_item_done_early_counts_as_done(loaded):
    record(loaded, "3", "so-y-te", "hoan-thanh", date(2023, 12, 20), document="45/QĐ-SYT")
    assert one(loaded, date(2024, 1, 15), "3", "so-y-te")["state"] == "hoan-thanh-dung-han"


def test_the_latest_report_wins_and_history_is_kept(loaded):
    record(loaded, "2.1", "so-noi-vu", "hoan-thanh", date(2024, 3, 1))
    record(loaded, "2.1", "so-noi-vu", "dang-thuc-hien", date(2024, 3, 5))
    assert one(loaded, date(2024, 3, 2), "2.1", "so-noi-vu")["state"] == "hoan-thanh-dung-han"
    assert one(loaded, date(2024, 3, 6), "2.1", "so-noi-vu")["state"] == "chua-hoan-thanh-trong-han"


def test_a_completion_confirmed_again_later_stays_on_time(loaded):
    record(loaded, "2.1", "so-noi-vu", "hoan-thanh", date(2024, 3, 20), document="21/TTr-SNV")
    record(loaded, "2.1", "so-noi-vu", "hoan-thanh", date(2024, 4, 10), document="30/BC-SNV")
    row = one(loaded, date(2024, 5, 1), "2.1", "so-noi-vu")
    assert (row["state"], row["reported_on"], row["document"]) == ("hoan-thanh-dung-han", "2024-03-20", "30/BC-SNV")


def test_a_completion_withdrawn_and_made_again_counts_from_the_new_one(loaded):
    record(loaded, "2.1", "so-noi-vu", "hoan-thanh", date(2024, 3, 20))
    record(loaded, "2.1", "so-noi-vu", "dang-thuc-hien", date(2024, 3, 25))
    record(loaded, "2.1", "so-noi-vu", "hoan-thanh", date(2024, 4, 10))
    assert one(loaded, date(2024, 5, 1), "2.1", "so-noi-vu")["state"] == "hoan-thanh-qua-han"
