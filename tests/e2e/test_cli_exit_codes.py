"""`dondoc dispatch` exits 1 and names what is left when mail did not go, against a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass

import pytest

from tests.integration.smtp_server import LoopbackSMTP, Recorder

from .conftest import run

DAY = "2024-03-18"  # ten working days before items 2.1 and 2.2: a reminder to every district and commune


@dataclass
class DiesAfter(Recorder):
    """Accepts `n` messages, then the server goes away while the next one is being sent."""

    n: int = 3
    server: LoopbackSMTP | None = None

    async def handle_DATA(self, server, session, envelope):
        if len(self.received) >= self.n:
            threading.Thread(target=self.server.stop).start()
            await asyncio.sleep(60)  # cancelled by the stop: the client never gets an answer
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp_home(home, monkeypatch):
    def start(recorder: Recorder) -> LoopbackSMTP:
        server = LoopbackSMTP(recorder).start()
        for name, value in {
            "DONDOC_MAIL_MODE": "smtp",
            "DONDOC_SMTP_PORT": str(server.port),
            "DONDOC_MAIL_RATE_PER_MINUTE": "0",
            "DONDOC_MAIL_RETRIES": "2",
            "DONDOC_MAIL_BACKOFF_SECONDS": "0.01",
        }.items():
            monkeypatch.setenv(name, value)
        servers.append(server)
        return server

    servers: list[LoopbackSMTP] = []
    yield start
    for server in servers:
        server.stop()


def test_dispatch_exits_1_when_the_server_stops_part_way_and_a_later_run_exits_0(smtp_home, capsys):
    recorder = DiesAfter(n=3)
    recorder.server = smtp_home(recorder)
    run(capsys, "init")
    run(capsys, "check", "--as-of", DAY)
    code, out, err = run(capsys, "dispatch", "--as-of", DAY)
    assert code == 1, (out, err)
    assert out.startswith("Đã gửi: 3 thư;") and "Dừng giữa chừng" in err and "lượt gửi chờ lần chạy sau" in err
    recorder.n = 10**6
    recorder.server.start()
    code, out, err = run(capsys, "dispatch", "--as-of", DAY)
    assert code == 0 and err == "", err
    assert len(recorder.received) == len({r.rcpt_tos[0] for r in recorder.received}) > 3


def test_dispatch_exits_1_naming_the_notice_of_a_refused_address(smtp_home, capsys):
    refused = "daumoi@ubnd-huyen-cau-ke.travinh.example"
    smtp_home(Recorder(refuse={refused}))
    run(capsys, "init")
    run(capsys, "check", "--as-of", DAY)
    code, out, err = run(capsys, "dispatch", "--as-of", DAY)
    assert code == 1 and "bị từ chối: 1 thư" in out
    assert f"Bị từ chối, không gửi lại: {refused} (mục 2.2, ubnd-huyen-cau-ke, reminder-10): 550" in err


def test_dispatch_prints_the_count_of_deferred_mail_and_exits_0(smtp_home, capsys):
    smtp_home(Recorder(defer={"daumoi@ubnd-huyen-cang-long.travinh.example"}))
    run(capsys, "init")
    run(capsys, "check", "--as-of", DAY)
    code, out, err = run(capsys, "dispatch", "--as-of", DAY)
    assert code == 0 and "máy chủ hẹn gửi lại sau (lỗi 4xx): 1 thư" in out and err == ""


def test_dispatch_exits_1_naming_a_mail_that_cannot_be_built(smtp_home, capsys, tmp_path):
    smtp_home(Recorder())
    run(capsys, "init")
    code, out, _ = run(capsys, "report", "--year", "2024", "--as-of", DAY, "--out", str(tmp_path / "r"), "--send")
    assert code == 0
    next((tmp_path / "r").glob("*.docx")).unlink()
    code, _, err = run(capsys, "dispatch")
    assert code == 1 and "Cần khắc phục trước lần chạy sau:" in err and "không lập được thư" in err and "report " in err
    code, _, err = run(capsys, "dispatch")
    assert code == 1 and "không lập được thư" in err


def test_dispatch_exits_1_naming_a_notice_whose_address_cannot_be_sent_to_and_delivers_the_rest(
    smtp_home, capsys, monkeypatch, tmp_path
):
    recorder = Recorder()
    smtp_home(recorder)
    monkeypatch.setenv(
        "DONDOC_REPORT_RECIPIENTS", "lãnh-đạo@so-noi-vu.travinh.example,giamdoc@so-noi-vu.travinh.example"
    )
    run(capsys, "init")
    code, _, _ = run(capsys, "report", "--year", "2023", "--as-of", "2023-10-02", "--out", str(tmp_path), "--send")
    assert code == 0
    code, out, err = run(capsys, "dispatch")
    assert code == 1, err
    assert "lãnh-đạo@so-noi-vu.travinh.example (report " in err and "Traceback" not in err, err
    assert [r.rcpt_tos for r in recorder.received] == [["giamdoc@so-noi-vu.travinh.example"]]


def test_a_check_for_a_day_still_to_come_is_refused_and_decides_nothing(home, capsys, monkeypatch):
    monkeypatch.setenv("DONDOC_TODAY", "2025-10-31")
    run(capsys, "init")
    code, _, err = run(capsys, "check", "--all", "--as-of", "2025-11-17")
    assert code == 2
    assert "không kiểm tra trước cho ngày 17/11/2025: hôm nay mới là ngày 31/10/2025" in " ".join(err.split())
    code, out, _ = run(capsys, "outbox", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, err = run(capsys, "check", "--all", "--as-of", "2025-10-31")
    assert code == 0, err
