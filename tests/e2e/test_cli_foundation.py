"""The `dondoc` command as an operator uses it: exit codes and exact messages."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from plan_definition.loading import REFERENCE_PLAN

from .conftest import run


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


def test_plan_validate_passes_on_the_shipped_files(home, capsys):
    code, out, _ = run(capsys, "plan", "validate")
    assert code == 0
    assert "Kế hoạch số 86/KH-UBND" in out and "15 mục theo dõi" in out and out.rstrip().endswith("Hợp lệ.")


def test_plan_validate_lists_every_error_and_exits_2(home, capsys, tmp_path):
    data = yaml.safe_load(REFERENCE_PLAN.read_text(encoding="utf-8"))
    data["items"][5]["leads"] = ["mttq-tinhh"]
    data["items"][7]["timeframe"] = "Sớm nhất có thể"
    data["items"][7].pop("meaning")
    broken = tmp_path / "plan.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "plan", "validate", str(broken))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "Lỗi: 2 lỗi trong tệp kế hoạch và danh bạ:"
    assert (
        lines[1] == f"  {broken}: mục 1.3.c: trường 'leads[0]': mã 'mttq-tinhh' không có trong danh bạ; "
        "gần nhất: 'mttq-tinh', 'vl-mttq-tinh'"
    )
    assert lines[2].startswith(
        f"  {broken}: mục 2.1: trường 'timeframe': không đọc được thời gian thực hiện 'Sớm nhất có thể'"
    )


def test_init_twice_gives_the_same_database(home, capsys):
    assert run(capsys, "init")[0] == 0
    first = dump(home / "dondoc.db")
    code, out, _ = run(capsys, "init")
    assert code == 0 and "Không có thay đổi" in out
    assert dump(home / "dondoc.db") == first


def test_a_changed_plan_updates_items_and_keeps_every_submission(home, capsys, tmp_path, monkeypatch):
    run(capsys, "init")
    assert run(capsys, "record", "2.1", "so-noi-vu", "--state", "hoan-thanh", "--date", "2024-03-20")[0] == 0
    data = yaml.safe_load(REFERENCE_PLAN.read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["code"] == "2.1")
    item["title"] = item["title"] + " (sửa đổi)"
    data["items"] = [i for i in data["items"] if i["code"] != "4"]
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("DONDOC_PLAN", str(changed))
    code, out, _ = run(capsys, "init")
    assert code == 0 and "mục: cập nhật" in out and "ngừng theo dõi 1" in out
    code, out, _ = run(capsys, "status", "--as-of", "2024-04-02", "--json")
    rows = json.loads(out)
    assert {r["item"] for r in rows} >= {"2.1"} and "4" not in {r["item"] for r in rows}
    assert next(r for r in rows if r["item"] == "2.1")["state"] == "hoan-thanh-dung-han"


def test_status_json_has_the_documented_keys(home, capsys):
    run(capsys, "init")
    code, out, _ = run(capsys, "status", "--as-of", "2023-10-17", "--item", "4", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "item": "4",
            "agency": "so-noi-vu",
            "agency_name": "Sở Nội vụ",
            "period": "once",
            "due": "2023-10-14",
            "deadline": "2023-10-16",
            "state": "chua-hoan-thanh-qua-han",
            "reported_on": None,
            "document": None,
            "inherited_from": [],
            "source": None,
        }
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["record", "9.9", "so-noi-vu", "--state", "hoan-thanh"], "Lỗi: mục '9.9' không có trong Kế hoạch 86/KH-UBND"),
        (
            ["record", "2.1", "so-y-te", "--state", "hoan-thanh"],
            "Lỗi: cơ quan 'so-y-te' không có nhiệm vụ ở mục 2.1; cơ quan chủ trì: so-noi-vu",
        ),
        (
            ["record", "2.1", "so-noi-vu", "--state", "hoan-thanh", "--date", "2999-01-01"],
            "Lỗi: ngày báo cáo 2999-01-01 ở tương lai",
        ),
        (
            ["record", "2.1", "so-noi-vu", "--state", "hoan-thanh", "--period", "2024"],
            "Lỗi: mục 2.1, cơ quan so-noi-vu: kỳ '2024' không có; các kỳ hiện có: once",
        ),
        (
            ["precondition", "huong-dan", "--met-on", "2023-11-01"],
            "Lỗi: điều kiện 'huong-dan' không có trong kế hoạch 86/KH-UBND",
        ),
        (["request", "2.1", "--due", "2999-01-01"], "Lỗi: mục 2.1 không có yêu cầu đột xuất theo kế hoạch"),
        (
            ["status", "--as-of", "hôm qua"],
            "Lỗi: giá trị của '--as-of' không hợp lệ: ngày 'hôm qua' không đúng dạng YYYY-MM-DD",
        ),
        (["status", "--as-of", "14/13/2024"], "Lỗi: giá trị của '--as-of' không hợp lệ: ngày '14/13/2024' không có"),
        (
            ["record", "2.1", "so-noi-vu", "--state", "hoan-thanh", "--date", "2024-02-30"],
            "Lỗi: giá trị của '--date' không hợp lệ: ngày '2024-02-30' không có: tháng 2 năm 2024 có 29 ngày",
        ),
        (
            ["status", "--as-of", "2024-02-30"],
            "Lỗi: giá trị của '--as-of' không hợp lệ: ngày '2024-02-30' không có: tháng 2 năm 2024 có 29 ngày",
        ),
        (
            ["status", "--as-of", "30.1.2024"],
            "Lỗi: giá trị của '--as-of' không hợp lệ: ngày '30.1.2024' không đúng dạng YYYY-MM-DD hoặc dd/mm/yyyy",
        ),
        (["record", "2.1"], "Lỗi: thiếu tham số AGENCY"),
        (["status", "--ngay", "2024-01-01"], "Lỗi: không có tùy chọn --ngay"),
    ],
)
def test_bad_input_is_refused_with_exit_2_and_nothing_written(home, capsys, args, message):
    run(capsys, "init")
    before = dump(home / "dondoc.db")
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.startswith(message), err
    assert dump(home / "dondoc.db") == before


def test_the_console_script_runs_on_a_fresh_home(tmp_path):
    env = {"DONDOC_HOME": str(tmp_path / "h"), "PATH": str(Path(sys.executable).parent)}  # both shipped plans
    script = Path(sys.executable).parent / "dondoc"
    init = subprocess.run([script, "init"], env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    agencies = subprocess.run(
        [script, "agencies", "--group", "ubnd-cap-huyen", "--json"], env=env, capture_output=True, text=True
    )
    rows = json.loads(agencies.stdout)
    assert len(rows) == 9
    assert set(rows[0]) == {
        "code",
        "name",
        "kind",
        "parent",
        "groups",
        "head",
        "contact",
        "began",
        "ended",
        "successors",
    }
    assert set(rows[0]["head"]) == {"name", "title", "email"}
