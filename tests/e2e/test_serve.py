"""`dondoc serve` against a real `prefect server start`: deployments, a triggered run, its artifact."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.integration.smtp_server import free_port
from tests.plan_folders import both_plans

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as answer:
            return answer.status == 200
    except urllib.error.HTTPError as refused:
        return refused.code == 401  # up, and asking for the API auth string
    except OSError:
        return False


@pytest.fixture
def served(tmp_path, request):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DONDOC_"))}
    env["DONDOC_PLANS"] = str(both_plans(tmp_path / "plans"))  # the reference plan beside the sample
    env.update(getattr(request, "param", {}))
    env.update(
        DONDOC_HOME=str(tmp_path / "home"),
        DONDOC_WEB_PORT=str(free_port()),
        PREFECT_RUNNER_POLL_FREQUENCY="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
    )
    log = open(tmp_path / "serve.log", "wb")
    process = subprocess.Popen(
        [BIN / "dondoc", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: healthy(port) or process.poll() is not None, 120, "the Prefect server")
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        yield port, env, process, tmp_path
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(60)
        log.close()


async def deployments(client):
    return await client.read_deployments()


async def latest(client, key: str):
    from prefect.client.schemas.filters import ArtifactCollectionFilter, ArtifactCollectionFilterKey

    found = await client.read_latest_artifacts(
        artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=[key]))
    )
    return found[0] if found else None


def api(port: int, work):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def run():
        async with get_client() as client:
            return await work(client)

    with temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{port}/api"}):
        return asyncio.run(run())


def test_serve_lists_every_item_of_both_plans_triggers_muc_2_1_and_its_table_matches_status(served):
    port, env, process, tmp_path = served
    from plan_definition.catalogue import plan_key
    from plan_definition.loading import REFERENCE_PLAN, SAMPLE_PLAN, load_plan

    plans = [load_plan(p) for p in (SAMPLE_PLAN, REFERENCE_PLAN)]
    names = {f"{plan_key(p)} · muc-{i.code}" for p in plans for i in p.items}
    found = wait_for(
        lambda: len(api(port, deployments)) >= len(names) + 1 + 4 * len(plans) and api(port, deployments),
        120,
        "deployments",
    )
    by_name = {d.name: d for d in found}
    assert names <= set(by_name) and len(plans) == 2
    check = by_name["86-kh-ubnd-2023 · muc-2.1"]
    crons = [(s.schedule.cron, s.schedule.timezone) for s in check.schedules if hasattr(s.schedule, "cron")]
    assert crons == [("0 7 * * 1-5", "Asia/Ho_Chi_Minh")]
    assert "Tham mưu Ủy ban nhân dân tỉnh" in check.description
    assert check.parameters == {"plan": "86/KH-UBND", "item": "2.1"} and "86-kh-ubnd-2023" in check.tags

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
        assert page.status == 200 and "text/html" in page.headers["Content-Type"]
    with urllib.request.urlopen(f"http://127.0.0.1:{env['DONDOC_WEB_PORT']}/healthz", timeout=10) as page:
        assert page.read() == b"ok"  # dondoc's own web server, beside Prefect's
    dashboard = api(port, lambda client: latest(client, "86-kh-ubnd-bang-theo-doi"))
    assert dashboard is not None and "| 2.1 |" in dashboard.data  # exists from the first start

    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{port}/api"}):
        run = run_deployment(
            "kiem-tra-muc/86-kh-ubnd-2023 · muc-2.1", parameters={"as_of": "2024-03-18"}, timeout=180, poll_interval=1
        )
    assert run.state.is_completed(), run.state
    assert run.name == "86/KH-UBND · muc-2.1 · 2024-03-18"

    from prefect.client.schemas.filters import ArtifactCollectionFilter, ArtifactCollectionFilterKey

    async def table(client):
        [artifact] = await client.read_latest_artifacts(
            artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=["86-kh-ubnd-muc-2-1"]))
        )
        return json.loads(artifact.data)

    rows = api(port, table)
    status = json.loads(
        subprocess.run(
            [BIN / "dondoc", "status", "--plan", "86/KH-UBND", "--item", "2.1", "--as-of", "2024-03-18", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert [(r["Mã cơ quan"], r["Kỳ"], r["Hạn"], r["Mã trạng thái"]) for r in rows] == [
        (s["agency"], s["period"], s["deadline"], s["state"]) for s in status
    ]

    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(60) == 0
    assert not healthy(port)

    from flows.serving import start_server, stop_server

    server = start_server(tmp_path / "home", port)
    try:
        assert not any(d.paused for d in api(port, deployments))
    finally:
        stop_server(server)


@pytest.mark.parametrize("served", [{"PREFECT_SERVER_API_AUTH_STRING": "can-bo:mat-khau-prefect"}], indirect=True)
def test_serve_with_an_api_auth_string_refuses_anonymous_calls_and_its_runner_still_serves(served):
    port, env, process, tmp_path = served
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/deployments/filter", data=b"{}", timeout=10)
    assert refused.value.code == 401

    from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings

    with temporary_settings(
        {PREFECT_API_URL: f"http://127.0.0.1:{port}/api", PREFECT_API_AUTH_STRING: "can-bo:mat-khau-prefect"}
    ):
        from prefect.client.orchestration import get_client

        async def count():
            async with get_client() as client:
                return len(await client.read_deployments())

        assert wait_for(lambda: asyncio.run(count()) >= 5, 120, "deployments served with the auth string")
