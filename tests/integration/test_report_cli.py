"""`dondoc report` as an operator runs it: the same numbers as `dondoc status`, paths printed, clear refusals."""

from __future__ import annotations

import email
import email.policy
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from docx import Document

from cli import main
from plan_definition.loading import REFERENCE_PLAN
from reports.config import DEFAULT_REPORT_CONFIG

STATE_COLUMNS = {
    "hoan-thanh-dung-han": "HT đúng hạn",
    "hoan-thanh-qua-han": "HT quá hạn",
    "chua-hoan-thanh-trong-han": "Chưa HT, trong hạn",
    "chua-hoan-thanh-qua-han": "Chưa HT, quá hạn",
    "cho-dieu-kien": "Chờ điều kiện",
    "khong-thoi-han": "Chưa HT, không thời hạn",
    "done-undated": "HT không thời hạn",
}


def column_state(row: dict) -> str:
    """The report's column for a `status --json` row: a completion without a deadline is counted apart."""
    return "done-undated" if row["state"] == "hoan-thanh-dung-han" and row["deadline"] is None else row["state"]


def of_year(rows: list[dict], year: int) -> list[dict]:
    """The year's obligations: due in it, or undated and not completed before it began."""
    start = f"{year}-01-01"
    return [
        r
        for r in rows
        if (r["due"] is not None and r["due"].startswith(f"{year}-"))
        or (r["due"] is None and not (r["state"].startswith("hoan-thanh") and r["reported_on"] < start))
    ]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A DONDOC_HOME with its own SQLite database, the reference plan loaded and a few reports recorded."""
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DONDOC_DATABASE_URL", f"sqlite:///{tmp_path}/t.db")
    monkeypatch.setenv("DONDOC_TODAY", "2024-11-25")
    for name in ("DONDOC_DIRECTORY", "DONDOC_CALENDAR", "DONDOC_REPORT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DONDOC_PLAN", str(REFERENCE_PLAN))  # the reference plan alone
    return tmp_path / "home"


def run(capsys, *args) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def record(capsys, *args) -> None:
    code, _, err = run(capsys, "record", *args)
    assert code == 0, err


@pytest.fixture
def recorded(home, capsys):
    assert run(capsys, "init")[0] == 0
    record(capsys, "2.1", "so-noi-vu", "--state", "hoan-thanh", "--date", "2024-03-20", "--document", "45/TTr-SNV")
    record(
        capsys,
        "1.2.b",
        "bao-tra-vinh",
        "--state",
        "hoan-thanh",
        "--date",
        "2024-11-05",
        "--period",
        "2024",
        "--document",
        "20/BC-BTV",
    )
    record(
        capsys,
        "1.3.b",
        "ubnd-huyen-cau-ke",
        "--state",
        "hoan-thanh",
        "--date",
        "2024-11-19",
        "--period",
        "2024",
        "--document",
        "77/BC-UBND",
        "--difficulties",
        "Thiếu tài liệu tập huấn",
    )
    record(capsys, "IV.2", "so-y-te", "--state", "dang-thuc-hien", "--date", "2024-11-10", "--period", "2024")
    return home


def table_of(docx: Path) -> dict[str, dict[str, str]]:
    table = next(
        t
        for t in Document(str(docx)).tables
        if t.rows[0].cells[0].text == "Mục" and "HT đúng hạn" in [c.text for c in t.rows[0].cells]
    )
    headers = [c.text for c in table.rows[0].cells]
    return {row.cells[0].text: dict(zip(headers, (c.text for c in row.cells))) for row in table.rows[1:]}


def test_the_report_counts_what_dondoc_status_shows_for_the_same_day(recorded, capsys, tmp_path):
    code, out, _ = run(capsys, "status", "--as-of", "2024-11-20", "--json")
    assert code == 0
    of_2024 = of_year(json.loads(out), 2024)
    code, out, err = run(capsys, "report", "--year", "2024", "--as-of", "2024-11-20", "--out", str(tmp_path / "out"))
    assert code == 0, err
    docx = Path(out.splitlines()[0])
    table = table_of(docx)
    by_item = Counter((r["item"], column_state(r)) for r in of_2024)
    for (item, state), n in by_item.items():
        assert int(table[item][STATE_COLUMNS[state]]) == n, (item, state)
    totals = Counter(column_state(r) for r in of_2024)
    assert {column: int(table["Tổng cộng"][column]) for column in STATE_COLUMNS.values()} == {
        column: totals[state] for state, column in STATE_COLUMNS.items()
    }


def test_the_report_prints_the_paths_it_wrote_under_dondoc_home(recorded, capsys):
    code, out, err = run(capsys, "report", "--year", "2024", "--as-of", "2024-11-20")
    assert code == 0, err
    folder = recorded.resolve() / "reports" / "2024"
    assert out.splitlines() == [
        str(folder / "bao-cao-86-kh-ubnd-nam-2024.docx"),
        str(folder / "phu-luc-86-kh-ubnd-nam-2024.xlsx"),
        str(folder / "bao-cao-86-kh-ubnd-nam-2024.md"),
    ]
    assert all(Path(line).stat().st_size > 0 for line in out.splitlines())


def test_a_period_and_a_single_format(recorded, capsys, tmp_path):
    code, out, err = run(
        capsys,
        "report",
        "--from",
        "2024-01-01",
        "--to",
        "2024-06-30",
        "--as-of",
        "2024-07-01",
        "--format",
        "md",
        "--out",
        str(tmp_path),
    )
    assert code == 0, err
    assert out.splitlines() == [str(tmp_path / "bao-cao-86-kh-ubnd-2024-01-01-den-2024-06-30.md")]
    text = Path(out.strip()).read_text("utf-8")
    assert text.startswith(
        "# Kết quả triển khai thi hành Luật Thực hiện dân chủ ở cơ sở từ ngày 01/01/2024 đến ngày 30/6/2024"
    )
    assert "| 2.1 |" in text and "| 1.2.b |" not in text  # 1.2.b is due in November


def test_the_signer_and_body_come_from_the_configuration_file(recorded, capsys, tmp_path, monkeypatch):
    config = yaml.safe_load(DEFAULT_REPORT_CONFIG.read_text("utf-8"))
    config["signature"]["name"] = "Trần Thị Bình"
    config["copies"] = ["Bộ Nội vụ (b/c)"]
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("DONDOC_REPORT_CONFIG", str(path))
    code, out, err = run(
        capsys, "report", "--year", "2024", "--as-of", "2024-11-20", "--format", "docx", "--out", str(tmp_path)
    )
    assert code == 0, err
    closing = Document(out.strip()).tables[-1]
    assert "Trần Thị Bình" in [p.text for p in closing.cell(0, 1).paragraphs]
    assert [p.text for p in closing.cell(0, 0).paragraphs if p.text] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Bộ Nội vụ (b/c);",
        "- Lưu: VT, XDCQ&CTTN.",
    ]


def test_a_broken_template_is_refused_naming_it_and_the_placeholder(recorded, capsys, tmp_path, monkeypatch):
    template = tmp_path / "mau-cua-so.docx"
    doc = Document()
    doc.add_paragraph("{{ summary_line }}")
    doc.add_paragraph("{{ so_van_ban }}")
    doc.save(template)
    config = yaml.safe_load(DEFAULT_REPORT_CONFIG.read_text("utf-8"))
    config["template"] = template.name  # relative to the configuration file
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("DONDOC_REPORT_CONFIG", str(path))
    code, out, err = run(capsys, "report", "--year", "2024", "--as-of", "2024-11-20", "--out", str(tmp_path / "out"))
    assert code == 2 and out == ""
    assert err.startswith(f"Lỗi: mẫu báo cáo {template}: trường 'so_van_ban' không có trong dữ liệu báo cáo")
    assert not (tmp_path / "out").exists()


def test_a_broken_configuration_is_refused_naming_the_file(recorded, capsys, tmp_path, monkeypatch):
    path = tmp_path / "report.yaml"
    path.write_text("body: SỞ NỘI VỤ\nbody_name: Sở Nội vụ\n", encoding="utf-8")
    monkeypatch.setenv("DONDOC_REPORT_CONFIG", str(path))
    code, _, err = run(capsys, "report", "--year", "2024")
    assert code == 2
    assert err.startswith(f"Lỗi: {path}: cấu hình báo cáo không hợp lệ: trường 'parent_body': thiếu trường bắt buộc")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("--year", "2024", "--from", "2024-01-01", "--to", "2024-06-30"),
            "Lỗi: dùng --year hoặc --from/--to, không dùng cả hai",
        ),
        (("--from", "2024-01-01"), "Lỗi: --from và --to phải đi cùng nhau"),
        (
            ("--from", "2024-06-30", "--to", "2024-01-01"),
            "Lỗi: giá trị của --to không hợp lệ: ngày kết thúc 2024-01-01 trước ngày bắt đầu 2024-06-30",
        ),
        (
            ("--format", "docx,pdf"),
            "Lỗi: giá trị của --format không hợp lệ: định dạng 'pdf' không được hỗ trợ; chọn trong: docx, xlsx, md",
        ),
    ],
)
def test_bad_options_exit_2_with_the_reason(recorded, capsys, args, message):
    code, out, err = run(capsys, "report", *args)
    assert code == 2 and out == ""
    assert err.splitlines()[0] == message


def test_report_send_queues_the_draft_once_for_the_leadership(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    for name in ("DONDOC_DATABASE_URL", "DONDOC_REPORT_RECIPIENTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DONDOC_PLAN", str(REFERENCE_PLAN))

    def run(*args):
        with pytest.raises(SystemExit) as exited:
            main(list(args))
        return exited.value.code, *capsys.readouterr()

    assert run("init")[0] == 0
    code, out, err = run("report", "--year", "2024", "--as-of", "2024-11-15", "--send")
    assert code == 0 and "Đã đưa thư gửi dự thảo vào hộp thư đi" in err
    code, out, err = run("report", "--year", "2024", "--as-of", "2024-11-15", "--send")
    assert code == 0 and "đã có trong hộp thư đi từ trước" in err
    code, out, _ = run("dispatch")
    assert out.startswith("Đã gửi: 1 thư")
    # Sent today, to the Sở Nội vụ of today (the new province's since 1/7/2025).
    [eml] = (tmp_path / "home" / "outbox").glob("*lanhdao-vl-so-noi-vu*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert sorted(part.get_filename() for part in message.iter_attachments()) == [
        "bao-cao-86-kh-ubnd-nam-2024.docx",
        "phu-luc-86-kh-ubnd-nam-2024.xlsx",
    ]
