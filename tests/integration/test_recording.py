"""Records, requests and imports move states; refusals leave the database unchanged."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from tracking.database import transaction
from tracking.errors import FutureDate, NotOwed, TrackingError, UnknownAgency, UnknownItem, UnknownPeriod
from tracking.models import AdhocRequestRow, ObligationRow, PreconditionEventRow, SubmissionRow
from tracking.requests import mark_precondition, request_adhoc
from tracking.status import status_as_of
from tracking.submission_files import COLUMNS, ImportRejected, import_reports, write_template
from tracking.submissions import Report, record_submission

TODAY = date(2024, 11, 20)


def counts(app) -> tuple[int, ...]:
    with transaction(app.engine) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (SubmissionRow, ObligationRow, AdhocRequestRow, PreconditionEventRow)
        )


def record(app, **fields):
    fields.setdefault("reported_on", date(2024, 11, 1))
    with transaction(app.engine) as session:
        return record_submission(session, app.plan_number, Report(**fields), today=TODAY, recorded_by="t", source="cli")


@pytest.mark.parametrize(
    "fields, error, message",
    [
        (
            dict(item="9.9", agency="so-noi-vu", state="hoan-thanh"),
            UnknownItem,
            "mục '9.9' không có trong Kế hoạch 86/KH-UBND",
        ),
        (
            dict(item="2.1", agency="so-noi-vuu", state="hoan-thanh"),
            UnknownAgency,
            "cơ quan 'so-noi-vuu' không có trong danh bạ; gần nhất: 'so-noi-vu'",
        ),
        (
            dict(item="2.1", agency="so-y-te", state="hoan-thanh"),
            NotOwed,
            "cơ quan 'so-y-te' không có nhiệm vụ ở mục 2.1; cơ quan chủ trì: so-noi-vu",
        ),
        (
            dict(item="1.3.a", agency="so-noi-vu", state="hoan-thanh", period="2031"),
            UnknownPeriod,
            "mục 1.3.a, cơ quan so-noi-vu: kỳ '2031' không có; các kỳ hiện có: 2023, 2024",
        ),
        (
            dict(item="2.1", agency="so-noi-vu", state="hoan-thanh", reported_on=date(2024, 11, 21)),
            FutureDate,
            "ngày báo cáo 2024-11-21 ở tương lai (hôm nay là 2024-11-20)",
        ),
        (dict(item="2.1", agency="so-noi-vu", state="xong"), TrackingError, "trạng thái 'xong' không hợp lệ"),
        (
            dict(item="1.2.a", agency="so-tu-phap", state="hoan-thanh", period="2024", reported_on=date(2023, 12, 20)),
            TrackingError,
            "ngày báo cáo 2023-12-20 trước khi kỳ '2024' của mục 1.2.a bắt đầu (01/01/2024)",
        ),
        (
            dict(item="4", agency="so-noi-vu", state="hoan-thanh", reported_on=date(2020, 1, 1)),
            TrackingError,
            "ngày báo cáo 2020-01-01 trước khi kỳ 'once' của mục 4 bắt đầu (01/01/2023)",
        ),
    ],
)
def test_a_refused_record_says_why_and_writes_nothing(loaded, fields, error, message):
    before = counts(loaded)
    with pytest.raises(error) as refused:
        record(loaded, **fields)
    assert str(refused.value).startswith(message)
    assert counts(loaded) == before


def test_the_period_defaults_to_the_year_of_the_report(loaded):
    row = record(loaded, item="1.3.a", agency="so-noi-vu", state="hoan-thanh", reported_on=date(2023, 11, 10))
    with transaction(loaded.engine) as session:
        assert session.get(ObligationRow, row.obligation_id).period == "2023"


def test_an_adhoc_request_adds_a_period_for_every_lead_with_its_own_deadline(loaded):
    with transaction(loaded.engine) as session:
        request = request_adhoc(
            session,
            loaded.plan_number,
            "IV.2",
            date(2025, 1, 29),
            today=date(2025, 1, 6),
            calendar=loaded.calendar,
            recorded_by="t",
            note="Báo cáo phục vụ sơ kết",
        )
        assert request.period == "adhoc-1"
    with transaction(loaded.engine) as session:
        rows = [
            s
            for s in status_as_of(session, loaded.plan_number, date(2025, 1, 6), items=["IV.2"])
            if s.period == "adhoc-1"
        ]
        earlier = [
            s
            for s in status_as_of(session, loaded.plan_number, date(2025, 1, 5), items=["IV.2"])
            if s.period == "adhoc-1"
        ]
    assert len(rows) == 29 and not earlier
    # Due on the first day of Tết 2025: the deadline moves to Monday 3/2.
    assert {(r.due, r.deadline) for r in rows} == {(date(2025, 1, 29), date(2025, 2, 3))}


def test_an_item_without_adhoc_requests_refuses_one(loaded):
    before = counts(loaded)
    with pytest.raises(
        TrackingError, match="mục 2.1 không có yêu cầu đột xuất theo kế hoạch.*các mục nhận yêu cầu: 5, IV.2"
    ):
        with transaction(loaded.engine) as session:
            request_adhoc(
                session,
                loaded.plan_number,
                "2.1",
                date(2025, 1, 29),
                today=date(2025, 1, 6),
                calendar=loaded.calendar,
                recorded_by="t",
            )
    assert counts(loaded) == before


def test_an_unknown_precondition_is_refused_with_the_known_names(loaded):
    with pytest.raises(
        TrackingError,
        match="điều kiện 'huong-dan-bnv' không có.*các điều kiện: huong-dan-bo-noi-vu, huong-dan-trung-uong",
    ):
        with transaction(loaded.engine) as session:
            mark_precondition(
                session,
                loaded.plan_number,
                list(loaded.files.plan.preconditions_by_name),
                "huong-dan-bnv",
                date(2023, 11, 1),
                today=TODAY,
                recorded_by="t",
            )


def write_rows(path, rows):
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    else:
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)


HEADER = [c.label for c in COLUMNS]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_import_records_every_row_and_a_second_import_adds_nothing(loaded, tmp_path, suffix):
    path = tmp_path / f"bao-cao{suffix}"
    write_rows(
        path,
        [
            HEADER,
            ["2.2", "ubnd-xa-long-duc", "", "Hoàn thành", "2024-03-28", "12/NQ-HĐND", "Đã ban hành nghị quyết", "", ""],
            [
                "2.2",
                "ubnd-huyen-cau-ke",
                "once",
                "hoan-thanh",
                "02/04/2024",
                "20/NQ-HĐND",
                "",
                "Thiếu kinh phí",
                "Bổ sung kinh phí",
            ],
            ["IV.2", "so-tu-phap", "2024", "dang-thuc-hien", "2024-11-10", "", "", "", ""],
        ],
    )
    with transaction(loaded.engine) as session:
        first = import_reports(session, loaded.plan_number, path, today=TODAY, recorded_by="t")
    with transaction(loaded.engine) as session:
        second = import_reports(session, loaded.plan_number, path, today=TODAY, recorded_by="t")
        states = {
            (s.item, s.agency): s.state.value for s in status_as_of(session, loaded.plan_number, TODAY, items=["2.2"])
        }
    assert (first.added, first.already_recorded) == (3, 0)
    assert (second.added, second.already_recorded) == (0, 3)
    assert states[("2.2", "ubnd-xa-long-duc")] == "hoan-thanh-dung-han"
    assert states[("2.2", "ubnd-huyen-cau-ke")] == "hoan-thanh-qua-han"


def test_an_import_with_bad_rows_imports_nothing_and_names_every_bad_row(loaded, tmp_path):
    path = tmp_path / "bao-cao.csv"
    write_rows(
        path,
        [
            HEADER,
            ["2.2", "ubnd-xa-long-duc", "", "hoan-thanh", "2024-03-28", "", "", "", ""],
            ["2.2", "ubnd-xa-long-ducc", "", "hoan-thanh", "2024-03-28", "", "", "", ""],
            ["2.1", "so-y-te", "", "hoan-thanh", "2024-03-28", "", "", "", ""],
            ["2.2", "ubnd-xa-my-cam", "", "xong", "2024-03-28", "", "", "", ""],
            ["2.2", "ubnd-xa-my-cam", "", "hoan-thanh", "28.3.2024", "", "", "", ""],
            ["2.2", "", "", "hoan-thanh", "2024-03-28", "", "", "", ""],
        ],
    )
    before = counts(loaded)
    with pytest.raises(ImportRejected) as rejected:
        with transaction(loaded.engine) as session:
            import_reports(session, loaded.plan_number, path, today=TODAY, recorded_by="t")
    assert [p.split(":")[0] for p in rejected.value.problems] == ["dòng 3", "dòng 4", "dòng 5", "dòng 6", "dòng 7"]
    assert "gần nhất: 'ubnd-xa-long-duc'" in rejected.value.problems[0]
    assert counts(loaded) == before


def test_the_template_has_the_documented_columns(tmp_path):
    xlsx, csv_path = tmp_path / "mau.xlsx", tmp_path / "mau.csv"
    write_template(xlsx)
    write_template(csv_path)
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == HEADER
