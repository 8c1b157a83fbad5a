"""Issue 16, item 5: the scale-out script on loopback, small, on the PostgreSQL of the test run.

A real Prefect server and dondoc's database on PostgreSQL, the deployments on a process work pool, two workers,
every item's check and two dispatch runs at once while submissions are recorded; the script's audit of the
outbox and of what the SMTP sink received must find no duplicate and no loss.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("DONDOC_TEST_POSTGRES_URL")


@pytest.fixture
def postgres_url() -> str:
    if not POSTGRES_URL:
        if os.environ.get("DONDOC_REQUIRE_POSTGRES") == "1":
            pytest.fail("DONDOC_REQUIRE_POSTGRES=1 but DONDOC_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL: set DONDOC_TEST_POSTGRES_URL (.ci/run does)")
    return POSTGRES_URL


def test_checks_and_two_dispatches_at_once_on_two_workers_send_each_email_once(postgres_url, tmp_path):
    figures_file = tmp_path / "scale-out.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    env |= {"DONDOC_TEST_POSTGRES_URL": postgres_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    script = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.scale_out", "--employers", "200", "--records", "8",
         "--record-interval", "2", "--json", str(figures_file)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        output, _ = script.communicate(timeout=400)
    except subprocess.TimeoutExpired:
        script.terminate()  # SIGTERM: the script stops every process it started, then exits
        output, _ = script.communicate(timeout=60)
        pytest.fail(f"the scale-out script took more than 400 s:\n{output[-6000:]}")
    assert script.returncode == 0, output[-8000:]
    figures = json.loads(figures_file.read_text(encoding="utf-8"))

    assert figures["violations"] == []
    assert figures["check_runs"] == 15 and figures["dispatch_runs"] == 3
    assert figures["runs_completed"] == 18 and figures["runs_failed"] == 0
    assert sum(figures["runs_per_worker"].values()) == 18 and len(figures["runs_per_worker"]) == 2
    # Every notice decided reached its recipients, once: nothing pending, nothing twice, nothing missing.
    assert figures["notices"] > 200
    assert figures["deliveries_by_state"].get("pending", 0) == figures["deliveries_left_pending"] == 0
    assert figures["emails_received"] == figures["emails_sent"] > 200
    assert sum(n or 0 for n in figures["emails_sent_by_dispatch_run"]) == figures["emails_sent"]
    for key in (
        "duplicate_outbox_rows", "duplicate_deliveries", "duplicate_message_ids_received",
        "duplicate_recipient_notice_received", "sent_not_received", "received_not_recorded_as_sent",
        "notices_unsettled", "submissions_lost",
    ):  # fmt: skip
        assert figures[key] == 0, key
    assert figures["submissions_recorded_meanwhile"] == 8 and figures["submission_errors"] == []
