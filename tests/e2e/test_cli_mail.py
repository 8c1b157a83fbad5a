"""`dondoc check`, `dispatch` and `outbox` as an operator runs them."""

from __future__ import annotations

import json

import pytest

from .conftest import run


def test_check_dispatch_and_outbox_on_the_default_outbox_folder(home, capsys):
    run(capsys, "init")
    code, out, _ = run(capsys, "check", "--as-of", "2023-10-02")
    assert code == 0 and "1 thông báo mới" in out and "reminder-10" in out
    code, out, _ = run(capsys, "check", "--as-of", "2023-10-02")
    assert code == 0 and "không có thông báo mới" in out
    code, out, _ = run(capsys, "dispatch", "--as-of", "2023-10-02")
    assert code == 0 and out.startswith("Đã gửi: 1 thư; bị từ chối: 0 thư")
    assert len(list((home / "outbox").glob("*.eml"))) == 1
    code, out, _ = run(capsys, "outbox", "--json")
    [entry] = json.loads(out)
    assert set(entry) == {"item", "agency", "period", "stage", "to", "cc", "state", "attempts", "message_id", "sent_at"}
    assert (entry["item"], entry["agency"], entry["stage"], entry["state"]) == ("4", "so-noi-vu", "reminder-10", "sent")
    assert entry["message_id"] == "<86-kh-ubnd.o" + entry["message_id"].split(".o", 1)[1]
    code, out, _ = run(capsys, "outbox", "--state", "pending", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["check", "--item", "9.9"], {}, "Lỗi: mục '9.9' không có trong Kế hoạch 86/KH-UBND"),
        (["check", "--item", "2.1", "--all"], {}, "Lỗi: chỉ dùng một trong hai: --item MÃ hoặc --all"),
        (["dispatch"], {"DONDOC_MAIL_MODE": "gmail"}, "Lỗi: biến môi trường DONDOC_MAIL_MODE='gmail' không hợp lệ"),
        (
            ["dispatch"],
            {"DONDOC_SMTP_USER": "dondoc"},
            "Lỗi: đã đặt DONDOC_SMTP_USER nhưng chưa đặt DONDOC_SMTP_PASSWORD",
        ),
        (
            ["dispatch"],
            {"DONDOC_SMTP_PORT": "hai lăm"},
            "Lỗi: biến môi trường DONDOC_SMTP_PORT='hai lăm' không hợp lệ: phải là một số",
        ),
        (
            ["dispatch"],
            {"DONDOC_REPORT_RECIPIENTS": "giamdoc@so-noi-vu.travinh.example, pho-giam-doc"},
            "Lỗi: biến môi trường DONDOC_REPORT_RECIPIENTS='giamdoc@so-noi-vu.travinh.example, pho-giam-doc' "
            "không hợp lệ: 'pho-giam-doc' không phải địa chỉ thư điện tử hợp lệ (cần dạng ten@ten-mien)",
        ),
        (
            ["status"],
            {"DONDOC_OPERATOR_EMAIL": "van hanh@so-noi-vu.example"},
            "Lỗi: biến môi trường DONDOC_OPERATOR_EMAIL='van hanh@so-noi-vu.example' không hợp lệ",
        ),
    ],
)
def test_bad_mail_input_is_refused_with_exit_2(home, capsys, monkeypatch, args, env, message):
    run(capsys, "init")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, _, err = run(capsys, *args)
    assert code == 2 and err.startswith(message), err


def test_dispatch_on_a_sunday_sends_nothing_and_says_why(home, capsys):
    run(capsys, "init")
    run(capsys, "check", "--as-of", "2023-10-02")
    code, out, _ = run(capsys, "dispatch", "--as-of", "2023-10-08")
    assert (code, out.strip()) == (0, "Ngày 08/10/2023 là ngày nghỉ (Chủ nhật): không gửi thư.")
    assert not (home / "outbox").exists() or not list((home / "outbox").glob("*.eml"))
    code, out, _ = run(capsys, "outbox", "--state", "pending", "--json")
    assert [e["stage"] for e in json.loads(out)] == ["reminder-10"]


def test_check_on_a_holiday_decides_nothing(home, capsys):
    run(capsys, "init")
    code, out, _ = run(capsys, "check", "--as-of", "2023-09-04")
    assert code == 0 and out.startswith("Ngày 04/09/2023 là ngày nghỉ (") and "Quốc khánh" in out
    assert out.strip().endswith("): không kiểm tra.")
    code, out, _ = run(capsys, "outbox", "--json")
    assert json.loads(out) == []


def test_outbox_shows_a_notice_cancelled_because_the_agency_reported_meanwhile(home, capsys):
    run(capsys, "init")
    run(capsys, "check", "--as-of", "2023-10-02")
    run(capsys, "record", "4", "so-noi-vu", "--state", "hoan-thanh", "--date", "2023-10-02", "--document", "12/BC-SNV")
    run(capsys, "dispatch", "--as-of", "2023-10-02")
    code, out, _ = run(capsys, "outbox")
    assert code == 0 and "Đã hủy" in out
    code, out, _ = run(capsys, "outbox", "--state", "cancelled", "--json")
    assert code == 0 and [(e["item"], e["state"]) for e in json.loads(out)] == [("4", "cancelled")]


def test_check_lists_its_first_notices_and_counts_the_rest_per_item_and_stage(home, capsys, monkeypatch):
    # At 60,000 agencies a table of every new notice took minutes to print; it now stops at CHECK_LISTED rows.
    from cli import mail_commands

    monkeypatch.setattr(mail_commands, "CHECK_LISTED", 3)
    run(capsys, "init")
    code, out, _ = run(capsys, "check", "--as-of", "2024-04-08")
    total = int(out.split(" thông báo mới vào hộp thư đi")[0].rsplit(" ", 1)[1])
    assert code == 0 and total > 3
    listed = [line for line in out.splitlines() if line.startswith("│ ") and line.split("│")[1].strip()]
    assert len([line for line in listed if line.split("│")[1].strip()[0].isdigit()]) == 3
    rest = next(line for line in out.splitlines() if line.startswith("… và "))
    assert rest.startswith(f"… và {total - 3} thông báo khác (mục ")
    assert rest.endswith("xem đầy đủ: dondoc outbox --state pending")
    assert sum(int(part.rsplit(": ", 1)[1]) for part in rest.split("(", 1)[1].split(");")[0].split("; ")) == total - 3


def test_outbox_says_a_chasing_notice_waits_for_its_recipients_weekday(home, capsys, monkeypatch, wide_console):
    monkeypatch.setenv("DONDOC_CHASE_WEEKDAY", "4")  # every address is chased on Thursdays
    wide_console(400)
    run(capsys, "init")
    code, out, _ = run(capsys, "check", "--item", "2.2", "--as-of", "2024-04-08")  # 5 working days after 1/4/2024
    assert code == 0 and "escalation-5" in out
    code, _, _ = run(capsys, "dispatch", "--as-of", "2024-04-08")  # a Monday: the escalations are held
    assert code == 0
    code, out, _ = run(capsys, "outbox", "--state", "pending", "--as-of", "2024-04-08", "--json")
    held = [e for e in json.loads(out) if e["stage"] == "escalation-5"]
    assert held and all(set(e["waits_for_chasing_day"].values()) == {"2024-04-11"} for e in held)
    code, out, _ = run(capsys, "outbox", "--state", "pending", "--as-of", "2024-04-08")
    lines = [line for line in out.splitlines() if "escalation-5" in line]
    assert lines and all("chờ ngày đôn đốc (thứ Năm, 11/04/2024)" in line for line in lines), lines[:2]
    # On the Thursday itself nothing waits any more: it goes at that day's dispatch.
    code, out, _ = run(capsys, "outbox", "--state", "pending", "--as-of", "2024-04-11", "--json")
    assert not any("waits_for_chasing_day" in e for e in json.loads(out))
