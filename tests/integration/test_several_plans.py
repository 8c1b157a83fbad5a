"""Two plans followed at once: one digest per recipient per day across them, a unique outbox, retiring one plan."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reports.period import ReportPeriod
from service_layer.actions import deliver, morning_check
from service_layer.bootstrap import App, Settings
from service_layer.reporting import draft_report
from tracking.database import transaction
from tracking.models import ItemRow, ObligationRow, OutboxRow
from tracking.status import status_as_of

from ..plan_folders import both_plans

pytestmark = pytest.mark.sqlite_only

NOTICE = re.compile(r"\.o\d+\.")  # a notice's key: "86-kh-ubnd.o123.reminder-10"
REFERENCE = "86/KH-UBND"
SAMPLE = "45/KH-UBND"


def copy_of_plans(tmp_path: Path) -> Path:
    return both_plans(tmp_path / "plans")


@pytest.fixture
def both(tmp_path) -> App:
    """The reference plan and the sample, from a copy of them (retiring writes into the plan file)."""
    from cli.tracking_commands import initialise

    settings = Settings.from_env({"DONDOC_HOME": str(tmp_path / "home"), "DONDOC_PLANS": str(copy_of_plans(tmp_path))})
    app = App(settings)
    initialise(app)
    yield app
    app.engine.dispose()


def emails(home: Path) -> list:
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted((home / "outbox").glob("*.eml"))]


def duplicated_notices(app: App) -> list:
    """(plan, obligation, stage) that appear more than once in the outbox."""
    with transaction(app.engine) as session:
        return session.execute(
            select(ItemRow.plan_number, OutboxRow.obligation_id, OutboxRow.stage, func.count())
            .join(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
            .join(ItemRow, ObligationRow.item_id == ItemRow.id)
            .group_by(ItemRow.plan_number, OutboxRow.obligation_id, OutboxRow.stage)
            .having(func.count() > 1)
        ).all()


def test_a_month_replayed_under_two_plans_sends_each_address_at_most_one_email_a_day_holding_both(
    tmp_path, monkeypatch, prefect_server
):
    from cli.tracking_commands import initialise
    from flows.runtime import current_app
    from flows.simulation.replay import simulate

    home = tmp_path / "home"
    monkeypatch.setenv("DONDOC_HOME", str(home))
    monkeypatch.setenv("DONDOC_PLANS", str(copy_of_plans(tmp_path)))
    for name in ("DONDOC_PLAN", "DONDOC_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    current_app.cache_clear()
    app = current_app()
    try:
        assert list(app.plans) == [SAMPLE, REFERENCE]
        initialise(app)
        totals = simulate(date(2026, 11, 2), date(2026, 11, 30), 3)
        sent = emails(home)
        assert totals["emails"] == len(sent) > 0
        # The notices travel in digests; each plan's draft report goes alone, with its files attached.
        reports = [m for m in sent if "Dự thảo báo cáo kết quả" in m["Subject"]]
        digests = [m for m in sent if m not in reports]
        # a long list of notices is left out of the header (it keeps only their count)
        assert all(NOTICE.search(n) for m in digests for n in (m["X-Dondoc-Notices"] or "").split())
        assert sorted(m["Subject"][:12] for m in reports) == [f"[{SAMPLE}]", f"[{REFERENCE}]"]
        per_day = Counter((m["To"].addresses[0].addr_spec, m["X-Dondoc-Day"]) for m in digests)
        assert max(per_day.values()) == 1, [k for k, n in per_day.items() if n > 1]
        both_plans = [m for m in digests if m["Subject"].startswith(f"[{SAMPLE}; {REFERENCE}]")]
        assert both_plans, "no email held the notices of both plans"
        text = both_plans[0].get_body(("plain",)).get_content()
        assert "I. KẾ HOẠCH SỐ 45/KH-UBND" in text and "II. KẾ HOẠCH SỐ 86/KH-UBND" in text
        plans_of = defaultdict(set)
        with transaction(app.engine) as session:
            rows = session.execute(
                select(OutboxRow.key, ItemRow.plan_number)
                .join(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
                .join(ItemRow, ObligationRow.item_id == ItemRow.id)
            ).all()
        for key, number in rows:
            plans_of[number].add(key)
        assert set(plans_of) == {SAMPLE, REFERENCE}
        assert duplicated_notices(app) == []
    finally:
        app.engine.dispose()
        current_app.cache_clear()


def test_the_outbox_keeps_one_notice_per_plan_obligation_and_stage_when_both_plans_are_checked_twice(both):
    day = date(2026, 11, 2)
    first = morning_check(both, day).added
    again = morning_check(both, day).added
    assert {r.context["plan_number"] for r in first} == {SAMPLE, REFERENCE}
    assert again == []
    assert duplicated_notices(both) == []
    with transaction(both.engine) as session:
        keys = list(session.scalars(select(OutboxRow.message_id)))
    assert len(keys) == len(set(keys))


def test_a_retired_plan_sends_nothing_more_and_keeps_its_report(both, capsys, monkeypatch):
    from cli import main

    before = date(2026, 11, 2)
    morning_check(both, before)
    with transaction(both.engine) as session:
        pending_86 = session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .join(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
            .join(ItemRow, ObligationRow.item_id == ItemRow.id)
            .where(ItemRow.plan_number == REFERENCE, OutboxRow.state == "pending")
        )
    assert pending_86 > 0

    monkeypatch.setenv("DONDOC_HOME", str(both.settings.home))
    monkeypatch.setenv("DONDOC_PLANS", str(both.settings.plans_path))
    monkeypatch.setenv("DONDOC_DATABASE_URL", both.settings.database_url)
    monkeypatch.delenv("DONDOC_PLAN", raising=False)
    with pytest.raises(SystemExit) as exited:
        main(["plan", "retire", REFERENCE, "--on", "2026-10-31"])
    assert exited.value.code in (0, None), capsys.readouterr().err
    assert "ends_on: 2026-10-31" in (both.settings.plans_path / "ke-hoach-86-kh-ubnd-2023.yaml").read_text("utf-8")

    app = App(
        Settings.from_env({"DONDOC_HOME": str(both.settings.home), "DONDOC_PLANS": str(both.settings.plans_path)})
    )
    app.settings.database_url = both.settings.database_url
    later = date(2026, 11, 16)
    assert {r.context["plan_number"] for r in morning_check(app, later).added} <= {SAMPLE}
    deliver(app, later)
    with transaction(app.engine) as session:
        states = Counter(
            session.scalars(
                select(OutboxRow.state)
                .join(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
                .join(ItemRow, ObligationRow.item_id == ItemRow.id)
                .where(ItemRow.plan_number == REFERENCE)
            )
        )
        history = status_as_of(session, REFERENCE, later)
    assert states["sent"] == 0 and states["pending"] == 0 and states["cancelled"] == pending_86
    for message in emails(app.settings.home):
        assert REFERENCE not in message["Subject"]
    assert history, "the retired plan's obligations are still there"
    draft = draft_report(app.plan(REFERENCE), ReportPeriod.year(2026), later, out_dir=tmp_report_dir(app))
    assert draft.figures.plan_number == REFERENCE and draft.figures.total.total > 0
    assert all("86-kh-ubnd-nam-2026" in p.name for p in draft.paths) and len(draft.paths) == 3
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["plan", "list", "--as-of", "2026-11-16", "--json"])
    listed = {p["number"]: (p["ends_on"], p["in_force"]) for p in json.loads(capsys.readouterr().out)}
    assert listed == {SAMPLE: (None, True), REFERENCE: ("2026-10-31", False)}


def tmp_report_dir(app: App) -> Path:
    return app.settings.home / "bao-cao"


def test_an_agencys_page_lists_what_it_owes_under_both_plans_and_records_a_report_under_its_own_plan(both, monkeypatch):
    from fastapi.testclient import TestClient
    from pydantic import SecretStr

    from web import create_app

    day = date(2026, 11, 2)
    monkeypatch.setenv("DONDOC_TODAY", day.isoformat())
    both.settings.web_operator_password = SecretStr("mat-khau")
    http = TestClient(create_app(both))
    path = "/" + both.report_link("vl-so-tu-phap", day).split("/", 3)[3]
    page = http.get(path)
    assert page.status_code == 200
    assert f"Kế hoạch số {SAMPLE}, mục 2" in page.text and f"Kế hoạch số {REFERENCE}, mục" in page.text
    with transaction(both.engine) as session:
        [obligation] = session.scalars(
            select(ObligationRow.id)
            .join(ItemRow, ObligationRow.item_id == ItemRow.id)
            .where(ItemRow.plan_number == SAMPLE, ItemRow.code == "2", ObligationRow.agency_code == "vl-so-tu-phap")
        ).all()
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    answer = http.post(
        path, data={"csrf": csrf, "obligation": str(obligation), "state": "hoan-thanh"}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    with transaction(both.engine) as session:
        [sample_2] = [s for s in status_as_of(session, SAMPLE, day, agencies=["vl-so-tu-phap"]) if s.item == "2"]
        assert sample_2.state.is_done and sample_2.source == "web"
        assert not any(s.state.is_done for s in status_as_of(session, REFERENCE, day, agencies=["vl-so-tu-phap"]))
    operator = http.get("/can-bo/co-quan/vl-so-tu-phap", auth=("can-bo", "mat-khau"))
    assert operator.status_code == 200
    assert f"<td>{SAMPLE}</td><td>2</td>" in operator.text and f"{SAMPLE}: 2," in operator.text
