"""Text an agency sent in is data wherever dondoc writes it: never a spreadsheet formula, never Markdown markup."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest
from markdown_it import MarkdownIt

from plan_definition.calendar import WorkingCalendar
from plan_definition.loading import REFERENCE_DIRECTORY, REFERENCE_PLAN, load_plan_files
from reports.build import write_report
from reports.config import DEFAULT_REPORT_CONFIG, load_report_config
from reports.figures import compute_figures
from reports.period import ReportPeriod
from tracking.database import make_engine, migrate, transaction
from tracking.plan_store import store_plan
from tracking.submissions import Report, record_submission

from .conftest import latest_artifact

PLAN = "86/KH-UBND"
FILES = load_plan_files(REFERENCE_PLAN, REFERENCE_DIRECTORY)
AS_OF = date(2024, 11, 20)
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "#N/A"]
MARKUP = "<img src=x onerror=alert(1)> [bấm vào đây](http://evil.example)"


@pytest.fixture
def paths(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    migrate(engine)
    with transaction(engine) as session:
        store_plan(session, FILES, WorkingCalendar(), 2024)
        for agency, formula in zip(("so-noi-vu", "so-tu-phap", "so-tai-chinh", "bao-tra-vinh", "so-y-te"), FORMULAS):
            report = Report(
                "1.2.b" if agency == "bao-tra-vinh" else "1.3.a" if agency == "so-noi-vu" else "1.2.a",
                agency, "dang-thuc-hien", date(2024, 11, 5), "2024",
                document=formula, note=formula, difficulties=f"{formula} {MARKUP}", proposals=MARKUP,
            )  # fmt: skip
            record_submission(session, PLAN, report, today=AS_OF, recorded_by="t", source="cli")
        figures = compute_figures(session, PLAN, ReportPeriod.year(2024), AS_OF)
    engine.dispose()
    return {p.suffix: p for p in write_report(FILES, figures, load_report_config(DEFAULT_REPORT_CONFIG), tmp_path)}


def test_the_annex_holds_no_formula_cell_and_keeps_each_text_as_written(paths):
    book = openpyxl.load_workbook(paths[".xlsx"])
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    assert set(FORMULAS) <= texts


def test_the_markdown_report_shows_record_text_without_rendering_it(paths):
    html = MarkdownIt("commonmark").enable("table").render(paths[".md"].read_text("utf-8"))
    assert "<img" not in html and "<a " not in html
    assert "&lt;img src=x onerror=alert(1)&gt; [bấm vào đây](http://evil.example)" in html


def test_a_text_longer_than_a_cell_is_cut_with_a_note_saying_so(tmp_path):
    from reports.xlsx_annex import CELL_LIMIT, text_cell

    book = openpyxl.Workbook()
    text_cell(book.active, 1, 1, "=" + "x" * 40_000)
    book.save(tmp_path / "a.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "a.xlsx").active["A1"]
    assert cell.data_type == "s" and len(cell.value) == CELL_LIMIT
    assert cell.value.endswith(" … [đã cắt bớt: văn bản gốc dài 40.001 ký tự]")


@pytest.mark.sqlite_only
def test_artifacts_read_back_from_the_prefect_api_hold_record_text_escaped(flows_app):
    import json

    from flows.check import check_item
    from flows.operator import record_submission
    from flows.report import compile_report

    day = date(2024, 11, 20)
    record_submission("1.2.b", "bao-tra-vinh — Báo Trà Vinh", "Đang thực hiện", reported_on="20/11/2024",
                      period="2024", document=MARKUP, note=MARKUP, difficulties=MARKUP)  # fmt: skip
    check_item("1.2.b", as_of=day)
    [row] = [
        r
        for r in json.loads(latest_artifact("86-kh-ubnd-muc-1-2-b").data)
        if (r["Mã cơ quan"], r["Kỳ"]) == ("bao-tra-vinh", "2024")
    ]
    assert row["Văn bản"] == "&lt;img src=x onerror=alert(1)&gt; \\[bấm vào đây\\](http\\://evil.example)"
    compile_report(year=2024, as_of=day)
    html = MarkdownIt("commonmark").enable("table").render(latest_artifact("86-kh-ubnd-bao-cao-2024").data)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    # The only links are dondoc's own: the report files on its web server; none comes from a record.
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    assert hrefs and all(h.startswith(flows_app.settings.web_public_url) for h in hrefs), hrefs
    assert "evil.example" not in "".join(hrefs)
