"""The CLI over several plans: init refuses a broken plan alone, --plan chooses, no --plan lists the numbers."""

from __future__ import annotations

import json

import yaml

from tests.plan_folders import both_plans

from .conftest import run


def test_init_loads_the_good_plans_and_refuses_a_broken_one_alone_with_exit_2(home, tmp_path, monkeypatch, capsys):
    folder = both_plans(tmp_path / "plans")
    broken = yaml.safe_load((folder / "ke-hoach-45-kh-ubnd-2026.yaml").read_text(encoding="utf-8"))
    broken.update(number="47/KH-UBND", start_year="năm nay")
    (folder / "ke-hoach-47.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    monkeypatch.delenv("DONDOC_PLAN")
    monkeypatch.setenv("DONDOC_PLANS", str(folder))

    code, out, err = run(capsys, "init")
    assert code == 2
    assert "Kế hoạch 45/KH-UBND" in out and "Kế hoạch 86/KH-UBND" in out
    assert err.startswith("Lỗi: 1 tệp kế hoạch bị từ chối")
    assert f"{folder / 'ke-hoach-47.yaml'}: trường 'start_year': phải là số nguyên" in " ".join(err.split())

    code, out, _ = run(capsys, "plan", "list", "--json")
    assert code == 0 and [p["number"] for p in json.loads(out)] == ["45/KH-UBND", "86/KH-UBND"]

    code, _, err = run(capsys, "record", "1", "vl-ubnd-xa-phu-tuc", "--state", "hoan-thanh")
    assert code == 2
    assert "đang theo dõi 2 kế hoạch, cần chọn một bằng --plan SỐ: 45/KH-UBND, 86/KH-UBND" in " ".join(err.split())

    code, out, err = run(
        capsys, "record", "--plan", "45/KH-UBND", "1", "vl-ubnd-xa-phu-tuc", "--state", "hoan-thanh",
        "--date", "2026-11-03",
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run(capsys, "status", "--agency", "vl-ubnd-xa-phu-tuc", "--as-of", "2026-11-04", "--json")
    rows = json.loads(out)
    assert {r["plan"] for r in rows} == {"45/KH-UBND"} and len(rows) == 2
    assert [r["state"] for r in rows if r["item"] == "1"] == ["hoan-thanh-dung-han"]
