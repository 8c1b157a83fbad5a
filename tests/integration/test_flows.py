"""The flows under one shared Prefect test server: what they write, publish and refuse."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from plan_definition.loading import REFERENCE_PLAN
from service_layer.clock import today
from tracking.database import transaction
from tracking.models import OutboxRow, SubmissionRow
from tracking.status import status_as_of

from .conftest import latest_artifact

pytestmark = pytest.mark.sqlite_only


def submissions(app) -> int:
    with transaction(app.engine) as session:
        return session.scalar(select(func.count()).select_from(SubmissionRow))


def test_check_item_enqueues_notices_and_publishes_a_table_that_matches_status(flows_app):
    from flows.check import check_item

    state = check_item("2.2", as_of=date(2024, 3, 18), return_state=True)
    assert state.is_completed()
    summary = state.result()
    assert summary == {"item": "2.2", "date": "2024-03-18", "obligations": 113, "done": 0, "new_notices": 113}
    table = latest_artifact("86-kh-ubnd-muc-2-2")
    rows = json.loads(table.data)
    with transaction(flows_app.engine) as session:
        expected = status_as_of(session, flows_app.plan_number, date(2024, 3, 18), items=["2.2"])
    assert [(r["Mã cơ quan"], r["Kỳ"], r["Mã trạng thái"]) for r in rows] == [
        (s.agency, s.period, s.state.value) for s in expected
    ]
    assert all(r["Bậc đôn đốc"].startswith("Nhắc việc (10 ngày làm việc trước hạn)") for r in rows)
    assert float(latest_artifact("86-kh-ubnd-muc-2-2-tien-do").data) == 0.0


def test_a_run_names_the_item_and_the_day(flows_app):
    from flows.check import check_item

    state = check_item("4", as_of=date(2023, 10, 2), return_state=True)
    from prefect.client.orchestration import get_client

    async def name():
        async with get_client() as client:
            return (await client.read_flow_run(state.state_details.flow_run_id)).name

    assert asyncio.run(name()) == "86/KH-UBND · muc-4 · 2023-10-02"


def test_a_holiday_check_does_nothing(flows_app):
    from flows.check import check_item

    assert check_item("2.2", as_of=date(2024, 9, 2)) == {"item": "2.2", "date": "2024-09-02", "skipped": True}
    with transaction(flows_app.engine) as session:
        assert session.scalar(select(func.count()).select_from(OutboxRow)) == 0


def test_a_late_run_does_only_todays_highest_stage(flows_app):
    from flows.check import check_item

    # Item 2.2 (113 district and commune committees): 20 working days after the deadline of 1/4/2024
    # (18/4, 29/4, 30/4, 1/5 are days off; Saturday 4/5 is worked).
    check_item("2.2", as_of=date(2024, 5, 3))
    check_item("2.2", as_of=date(2024, 5, 3))  # the same run again, as when missed runs all start at once
    with transaction(flows_app.engine) as session:
        # One notice per obligation, the top of the ladder: up each body's chain.
        assert Counter(session.scalars(select(OutboxRow.stage))) == {"chain-15": 113}


def test_record_submission_moves_the_state(flows_app):
    from flows.operator import record_submission

    result = record_submission(
        "2.1", "so-noi-vu — Sở Nội vụ", "Hoàn thành", reported_on="20/03/2024", document="21/TTr-SNV"
    )
    assert result["item"] == "2.1"
    with transaction(flows_app.engine) as session:
        [row] = status_as_of(session, flows_app.plan_number, date(2024, 4, 5), items=["2.1"])
    assert (row.state.value, row.document) == ("hoan-thanh-dung-han", "21/TTr-SNV")


@pytest.mark.parametrize(
    "arguments, message",
    [
        (("2.1", "so-y-te — Sở Y tế", "Hoàn thành"), "Không ghi nhận: Cơ quan 'so-y-te' không có nhiệm vụ ở mục 2.1"),
        (
            ("1.3.a", "so-noi-vu — Sở Nội vụ", "Hoàn thành"),
            "Không ghi nhận: Mục 1.3.a, cơ quan so-noi-vu: kỳ 'x' không có",
        ),
    ],
)
def test_a_refused_record_ends_failed_with_one_vietnamese_sentence_and_writes_nothing(flows_app, arguments, message):
    from flows.operator import record_submission

    period = "x" if arguments[0] == "1.3.a" else ""
    state = record_submission(*arguments, period=period, reported_on="20/03/2024", return_state=True)
    assert state.is_failed()
    assert state.message.startswith(message)
    assert "Traceback" not in state.message and "\n" not in state.message
    assert submissions(flows_app) == 0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"reported_on": "32/13/2024"}, "Không ghi nhận: Ngày văn bản báo cáo '32/13/2024' không đúng"),
        ({"figures": "so_bai=3"}, "Không ghi nhận: Mục 2.1 không có số liệu 'so_bai'"),
    ],
)
def test_a_bad_date_or_figure_in_the_record_form_ends_failed_without_a_traceback(flows_app, changes, message):
    from flows.operator import record_submission

    state = record_submission("2.1", "so-noi-vu — Sở Nội vụ", "Hoàn thành", return_state=True, **changes)
    assert state.is_failed() and state.message.startswith(message)
    assert "Traceback" not in state.message
    assert submissions(flows_app) == 0


def test_the_record_form_takes_figures_the_item_asks_for(flows_app):
    from flows.operator import record_submission

    record_submission("1.1", "so-noi-vu — Sở Nội vụ", "Hoàn thành", reported_on="15/12/2023", period="once",
                      figures="hoi_nghi=2; nguoi_tham_du=150")  # fmt: skip
    with transaction(flows_app.engine) as session:
        [row] = session.scalars(select(SubmissionRow)).all()
    assert (row.figures, row.source) == ({"hoi_nghi": 2, "nguoi_tham_du": 150}, "ui")


@pytest.mark.parametrize(
    "arguments",
    [
        ("9.9", "so-noi-vu — Sở Nội vụ", "Hoàn thành"),
        ("2.1", "so-noi-vuu — Sở Nội vụ", "Hoàn thành"),
        ("2.1", "so-noi-vu — Sở Nội vụ", "xong"),
    ],
)
def test_record_submission_refuses_values_outside_its_dropdowns(flows_app, arguments):
    from prefect.exceptions import ParameterTypeError

    from flows.operator import record_submission

    with pytest.raises(ParameterTypeError):
        record_submission(*arguments)
    assert submissions(flows_app) == 0


def test_record_submission_offers_dropdowns_for_item_agency_names_and_state_labels(flows_app):
    from flows.operator import record_submission

    properties = record_submission.parameters.model_dump()["properties"]
    assert properties["item"]["enum"][:3] == ["1.1", "1.2.a", "1.2.b"]
    assert "ubnd-xa-long-duc — Ủy ban nhân dân xã Long Đức" in properties["agency"]["enum"]
    assert any("Tư pháp" in choice for choice in properties["agency"]["enum"])
    assert properties["state"]["enum"] == ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành"]
    assert properties["item"]["description"].startswith("Mục của kế hoạch")


def test_the_record_deployment_schema_titles_every_field_in_vietnamese_and_needs_no_type_toggle(flows_app):
    from prefect.client.orchestration import get_client

    from flows.deployments import deployment_specs
    from flows.serving import _flows, to_runner

    [spec] = [s for s in deployment_specs(flows_app) if s.flow_function == "record_submission"]
    runner = to_runner(spec, _flows())

    async def stored_schema() -> dict:
        deployment_id = await runner.aapply()
        async with get_client() as client:
            return (await client.read_deployment(deployment_id)).parameter_openapi_schema

    properties = asyncio.run(stored_schema())["properties"]
    titles = {name: p["title"] for name, p in properties.items()}
    assert titles == {
        "item": "Mục", "agency": "Cơ quan, đơn vị", "state": "Tình trạng thực hiện", "period": "Kỳ báo cáo",
        "reported_on": "Ngày văn bản báo cáo", "document": "Số, ký hiệu văn bản", "figures": "Số liệu kết quả",
        "note": "Tóm tắt kết quả", "difficulties": "Khó khăn, vướng mắc", "proposals": "Đề xuất, kiến nghị",
        "plan": "Kế hoạch",
    }  # fmt: skip
    assert all(p.get("description") for p in properties.values())
    optional = [p for name, p in properties.items() if "default" in p and name != "plan"]
    assert optional and all(p["type"] == "string" and p["default"] == "" and "anyOf" not in p for p in optional)
    assert properties["plan"]["default"] == "86/KH-UBND" and "anyOf" not in properties["plan"]  # the only plan


def test_dispatch_writes_each_digest_once_and_publishes_the_overview(flows_app):
    from flows.check import check_item
    from flows.dispatch import dispatch

    check_item("2.1", as_of=date(2024, 3, 18))
    assert dispatch(as_of=date(2024, 3, 18)) == {"sent": 1, "failed": 0}
    assert dispatch(as_of=date(2024, 3, 18)) == {"sent": 0, "failed": 0}
    files = list((flows_app.settings.home / "outbox").glob("*.eml"))
    assert len(files) == 1 and files[0].name.startswith("2024-03-18--daumoi-so-noi-vu")
    overview = latest_artifact("86-kh-ubnd-tong-quan")
    assert "| 2.1 |" in overview.data and "| IV.3 |" in overview.data


def test_compile_report_writes_the_files_publishes_them_and_mails_the_draft_once(flows_app):
    from flows.report import compile_report

    first = compile_report(year=2024, as_of=date(2024, 11, 15))
    assert [p.rsplit(".", 1)[1] for p in first["files"]] == ["docx", "xlsx", "md"]
    assert first["mail_queued"] is True
    assert compile_report(year=2024, as_of=date(2024, 11, 15))["mail_queued"] is False
    assert "BÁO CÁO" in latest_artifact("86-kh-ubnd-bao-cao-2024").data.upper()
    with transaction(flows_app.engine) as session:
        [report] = session.scalars(select(OutboxRow).where(OutboxRow.kind == "report")).all()
    assert report.to_addrs == ["lanhdao@so-noi-vu.travinh.example"]


def test_a_failed_check_tells_the_operator_by_email(flows_app, monkeypatch):
    from flows import check as check_module

    def broken(*args, **kwargs):
        raise RuntimeError("cơ sở dữ liệu không trả lời")

    monkeypatch.setattr(check_module, "morning_check", broken)
    state = check_module.check_item("2.1", as_of=date(2024, 3, 18), return_state=True)
    assert state.is_failed()
    with transaction(flows_app.engine) as session:
        [alert] = session.scalars(select(OutboxRow).where(OutboxRow.kind == "alert")).all()
    # The alert goes out today, to the focal contact of today's Sở Nội vụ (the new province's since 1/7/2025).
    today_contact = flows_app.files.directory.body_on("so-noi-vu", today()).contact.email
    assert alert.state == "sent" and alert.to_addrs == [today_contact]
    assert "cơ sở dữ liệu không trả lời" in alert.context["message"]


def replay(tmp_path, monkeypatch, name: str, seed: int):
    from cli.tracking_commands import initialise
    from flows.runtime import current_app
    from flows.simulation.replay import simulate, summarise

    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / name))
    monkeypatch.setenv("DONDOC_PLAN", str(REFERENCE_PLAN))
    current_app.cache_clear()
    app = current_app()
    initialise(app)
    totals = simulate(date(2023, 9, 15), date(2023, 12, 29), seed)
    summary = summarise(app, date(2023, 12, 29))
    outbox_files = len(list((tmp_path / name / "outbox").glob("*.eml")))
    app.engine.dispose()
    current_app.cache_clear()
    return totals, summary, outbox_files


def test_a_replay_is_reproducible_by_seed_and_its_counts_agree_with_the_outbox(tmp_path, monkeypatch, prefect_server):
    monkeypatch.delenv("DONDOC_DATABASE_URL", raising=False)
    first = replay(tmp_path, monkeypatch, "a", 7)
    again = replay(tmp_path, monkeypatch, "b", 7)
    other = replay(tmp_path, monkeypatch, "c", 8)
    totals, summary, files = first
    assert (again[0], again[1].notices, again[1].final_states) == (totals, summary.notices, summary.final_states)
    assert other[1].notices != summary.notices
    assert totals["notices"] == sum(sum(c.values()) for c in summary.notices.values()) - 1  # the 2023 report mail
    assert totals["emails"] == sum(summary.emails.values()) == files
    assert summary.notices["2023-10"]["reminder"] > 0 and summary.notices["2023-11"]["report"] == 1


def test_dispatch_sends_nothing_on_a_holiday(flows_app):
    from flows.check import check_item
    from flows.dispatch import dispatch

    check_item("2.1", as_of=date(2024, 3, 18))
    assert dispatch(as_of=date(2024, 4, 18)) == {"date": "2024-04-18", "skipped": True}  # Giỗ Tổ Hùng Vương
    assert list((flows_app.settings.home / "outbox").glob("*.eml")) == []
