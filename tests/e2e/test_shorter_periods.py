"""A plan with a monthly and a quarterly duty, from the command line: it validates, `init` and `check` make
its obligations with the official calendar's deadlines, `status` shows them by their Vietnamese names, a
report names its month, and a quarter's report names each month.

Deadlines by hand (plan_definition/data/calendar.yaml, 2026): "Trước ngày 20 hằng tháng" is due the 19th;
19/2/2026 falls in Tết (16–20/2), so February's deadline is Monday 23/2; 19/1 is a Monday. "Hằng quý" is due
on the quarter's last day: 31/3/2026 is a Tuesday.
"""

from __future__ import annotations

import json

from cli.common import console

from .conftest import run

PLAN = """\
number: 7/KH-UBND
issuer: Ủy ban nhân dân tỉnh Vĩnh Long
place: Vĩnh Long
date: 2026-01-05
title: Theo dõi thi hành pháp luật năm 2026
monitor: vl-so-noi-vu
start_year: 2026
reporting:
  text: Định kỳ hằng năm trước ngày 15 tháng 11 gửi kết quả về Sở Nội vụ
  yearly_due: {month: 11, day: 14}
  collector: vl-so-noi-vu
  report_to: vl-ubnd-tinh
escalation:
  leadership: [vl-so-noi-vu]
  provincial_chain: vl-van-phong-ubnd-tinh
items:
  - code: "1"
    title: Báo cáo tình hình thi hành pháp luật trong tháng
    lead_text: Sở Tư pháp
    leads: [vl-so-tu-phap]
    timeframe: Trước ngày 20 hằng tháng
  - code: "2"
    title: Báo cáo kết quả kiểm tra văn bản trong quý
    lead_text: Sở Tài chính
    leads: [vl-so-tai-chinh]
    timeframe: Hằng quý
"""


def test_a_plan_with_a_monthly_and_a_quarterly_duty_is_tracked_period_by_period(home, capsys, tmp_path, monkeypatch):
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, out, err = run(capsys, "plan", "validate", str(plan))
    assert code == 0, err

    monkeypatch.setenv("DONDOC_PLAN", str(plan))
    monkeypatch.setenv("DONDOC_TODAY", "2026-02-10")
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert "nghĩa vụ: thêm 16" in out  # 12 months and 4 quarters of 2026, one lead each

    code, out, err = run(capsys, "check", "--all", "--as-of", "2026-02-10")
    assert code == 0, err

    code, out, err = run(capsys, "status", "--as-of", "2026-02-10", "--json")
    assert code == 0, err
    owed = [(r["item"], r["agency"], r["period"], r["due"], r["deadline"], r["state"]) for r in json.loads(out)]
    assert owed == [
        ("1", "vl-so-tu-phap", "2026-01", "2026-01-19", "2026-01-19", "chua-hoan-thanh-qua-han"),
        ("1", "vl-so-tu-phap", "2026-02", "2026-02-19", "2026-02-23", "chua-hoan-thanh-trong-han"),
        ("2", "vl-so-tai-chinh", "2026-Q1", "2026-03-31", "2026-03-31", "chua-hoan-thanh-trong-han"),
    ]  # later months and quarters are not owed yet

    code, out, err = run(capsys, "outbox", "--json")
    assert code == 0, err
    notices = sorted((n["item"], n["period"], n["stage"]) for n in json.loads(out))
    # Only the highest stage reached is sent. 10/2 is the 16th working day after 19/1: January has reached
    # the chain (+15). It is the 4th working day before 23/2 (11, 12, 13 and 23/2; Tết counted out), so
    # February has passed its reminder at -5 (9/2); without Tết it would still be at -10.
    assert notices == [("1", "2026-01", "chain-15"), ("1", "2026-02", "reminder-5")]

    monkeypatch.setattr(console, "width", 200)  # one table row a line
    code, out, err = run(capsys, "status", "--as-of", "2026-02-10")
    assert code == 0, err
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        ("1", "Tháng 1/2026 (2026-01)", "19/01/2026", "19/01/2026"),
        ("1", "Tháng 2/2026 (2026-02)", "19/02/2026", "23/02/2026"),
        ("2", "Quý I/2026 (2026-Q1)", "31/03/2026", "31/03/2026"),
    ]

    # A monthly report names its month: one dated 9/2 may be January's, late, or February's, early.
    record = ["record", "1", "vl-so-tu-phap", "--state", "hoan-thanh", "--date", "2026-02-09", "--document", "5/BC-STP"]
    code, out, err = run(capsys, *record)
    assert code == 2
    assert err.strip() == "Lỗi: mục 1, cơ quan vl-so-tu-phap: cần chọn kỳ (--period); các kỳ hiện có: 2026-01, 2026-02"
    code, out, err = run(capsys, *record, "--period", "2026-02")
    assert code == 0, err
    assert "kỳ 2026-02" in out

    reports = tmp_path / "bao-cao"
    code, out, err = run(
        capsys, "report", "--from", "2026-01-01", "--to", "2026-03-31", "--as-of", "2026-02-10",
        "--format", "md", "--out", str(reports),
    )  # fmt: skip
    assert code == 0, err
    (markdown,) = reports.glob("*.md")
    text = markdown.read_text(encoding="utf-8")
    # The first quarter's report holds January, February and the quarter, each month by its name; March is
    # not owed yet on 10/2, so it is not counted.
    assert "kỳ báo cáo có 3 nhiệm vụ của 2 cơ quan, đơn vị thuộc 2 mục" in text
    assert "- Tháng 1/2026: Sở Tư pháp chưa hoàn thành, đã quá hạn (hạn ngày 19/01/2026), chưa gửi báo cáo." in text
    assert "- Tháng 2/2026: Sở Tư pháp đã hoàn thành đúng hạn (văn bản số 5/BC-STP ngày 09/02/2026)." in text
    assert "- Sở Tài chính chưa hoàn thành, còn trong hạn (hạn ngày 31/3/2026)." in text

    # The new year's months and quarters are made on the first look into that year.
    code, out, err = run(capsys, "status", "--as-of", "2027-01-04", "--item", "2", "--json")
    assert code == 0, err
    assert [r["period"] for r in json.loads(out)] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"]
