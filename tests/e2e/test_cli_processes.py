"""Several `dondoc` processes on one SQLite database: concurrent checks, and a dispatch killed mid-delivery."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.integration.smtp_server import LoopbackSMTP, Recorder
from tests.plan_folders import both_plans

from .conftest import run

DONDOC = Path(sys.executable).parent / "dondoc"


def environment(home: Path, **extra: str) -> dict[str, str]:
    """This test's environment: its home and the plan the home fixture chose, no other DONDOC_* setting."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    return keep | {"DONDOC_HOME": str(home), "DONDOC_PLAN": os.environ["DONDOC_PLAN"]} | extra


def test_three_checks_at_once_all_finish_normally_and_enqueue_each_notice_once(home, capsys):
    run(capsys, "init")
    processes = [
        subprocess.Popen(
            [DONDOC, "check", "--as-of", "2024-03-18"],
            env=environment(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(), *p.communicate()) for p in processes]
    assert [code for code, _, _ in results] == [0, 0, 0], [err for _, _, err in results]
    engine = create_engine(f"sqlite:///{home / 'dondoc.db'}")
    with engine.connect() as connection:
        total, keys, pairs = connection.execute(
            text("SELECT COUNT(*), COUNT(DISTINCT key), COUNT(DISTINCT obligation_id || '/' || stage) FROM outbox")
        ).one()
    engine.dispose()
    assert total == keys == pairs > 100
    added = [out for _, out, _ in results if "thông báo mới vào hộp thư đi" in out]
    assert sum(int(out.split(": ", 1)[1].split()[0]) for out in added) == total


def test_a_check_of_a_plan_added_after_init_says_to_run_init_instead_of_failing_with_a_traceback(
    home, tmp_path, capsys
):
    run(capsys, "init")  # the reference plan alone (DONDOC_PLAN)
    both = {k: v for k, v in environment(home).items() if k != "DONDOC_PLAN"}
    both["DONDOC_PLANS"] = str(both_plans(tmp_path / "plans"))  # now a folder of two plans
    done = subprocess.run([DONDOC, "check", "--as-of", "2026-11-02"], env=both, capture_output=True, text=True)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "chưa được nạp vào cơ sở dữ liệu" in done.stderr and "dondoc init" in done.stderr


@dataclass
class HangsOnFirst(Recorder):
    """Takes the first message's data and never answers; answers every later message at once."""

    hanging: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):
        if not self.hanging.is_set():
            self.hanging.set()
            await asyncio.sleep(3600)  # cancelled when the server stops
        return await super().handle_DATA(server, session, envelope)


def test_a_dispatch_killed_mid_delivery_shows_as_sending_and_the_next_run_delivers_it_at_once(
    home, capsys, monkeypatch
):
    recorder = HangsOnFirst()
    smtp = LoopbackSMTP(recorder).start()
    try:
        mail = {"DONDOC_MAIL_MODE": "smtp", "DONDOC_SMTP_PORT": str(smtp.port), "DONDOC_MAIL_RATE_PER_MINUTE": "0"}
        for name, value in mail.items():
            monkeypatch.setenv(name, value)
        run(capsys, "init")
        run(capsys, "check", "--as-of", "2023-10-02")  # one reminder: item 4, to Sở Nội vụ's focal contact
        dispatch = subprocess.Popen(
            [DONDOC, "dispatch", "--as-of", "2023-10-02"],
            env=environment(home, **mail),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert recorder.hanging.wait(120), "the dispatch never reached the server"
        code, out, _ = run(capsys, "outbox", "--json")
        [entry] = json.loads(out)
        assert (entry["state"], entry["claimed_by"].split(":")[1]) == ("sending", str(dispatch.pid))
        code, out, _ = run(capsys, "outbox")
        assert "đang gửi: 1" in out and str(dispatch.pid) in out  # the table wraps "đang gửi (máy …, tiến trình …)"

        os.kill(dispatch.pid, signal.SIGKILL)
        dispatch.wait()
        code, out, _ = run(capsys, "outbox")
        assert "tiến trình đã dừng" in " ".join(out.replace("│", " ").split())
        code, out, err = run(capsys, "dispatch", "--as-of", "2023-10-02")
        assert code == 0, err
        assert "Đã gửi: 1 thư" in out and "Đã nhận lại 1 lượt gửi" in out
        assert [r.rcpt_tos for r in recorder.received] == [["daumoi@so-noi-vu.travinh.example"]]
        code, out, _ = run(capsys, "outbox", "--json")
        assert [e["state"] for e in json.loads(out)] == ["sent"]
    finally:
        smtp.stop()


def test_a_claim_held_by_a_live_dispatch_is_not_taken_over(home, capsys, monkeypatch):
    recorder = HangsOnFirst()
    smtp = LoopbackSMTP(recorder).start()
    try:
        mail = {"DONDOC_MAIL_MODE": "smtp", "DONDOC_SMTP_PORT": str(smtp.port), "DONDOC_MAIL_RATE_PER_MINUTE": "0"}
        for name, value in mail.items():
            monkeypatch.setenv(name, value)
        run(capsys, "init")
        run(capsys, "check", "--as-of", "2023-10-02")
        dispatch = subprocess.Popen(
            [DONDOC, "dispatch", "--as-of", "2023-10-02"],
            env=environment(home, **mail),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert recorder.hanging.wait(120), "the dispatch never reached the server"
            code, out, _ = run(capsys, "dispatch", "--as-of", "2023-10-02")
            assert code == 0 and "Đã gửi: 0 thư" in out and "Đã nhận lại" not in out
            assert recorder.received == []
        finally:
            dispatch.kill()
            dispatch.wait()
    finally:
        smtp.stop()


def test_a_command_ended_by_sigterm_stops_the_temporary_prefect_server_it_started(home, capsys):
    """`simulate` runs a flow, so Prefect starts a temporary server beside it; SIGTERM must not orphan it."""
    import re
    import socket
    import time

    log = home.parent / "simulate.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [DONDOC, "simulate", "--from", "2024-01-01", "--to", "2024-12-31", "--home", str(home.parent / "sim")],
            env=environment(home, PREFECT_HOME=str(home.parent / "prefect")),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while not (found := re.search(rb"Starting temporary server on http://127.0.0.1:(\d+)", log.read_bytes())):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.5)
        port = int(found.group(1))
        time.sleep(3)  # the replay is under way, its flow running
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 128 + signal.SIGTERM
    time.sleep(1)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, f"the temporary server on port {port} outlived dondoc"
    assert b"Stopping temporary server" in log.read_bytes()
