"""The report files on a real database: Word layout of Decree 30, figures equal to `status_as_of`, the annex."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from plan_definition.calendar import WorkingCalendar
from plan_definition.loading import REFERENCE_DIRECTORY, REFERENCE_PLAN, load_plan_files
from reports.build import write_report
from reports.config import DEFAULT_REPORT_CONFIG, load_report_config
from reports.figures import compute_figures
from reports.period import ReportPeriod
from reports.xlsx_annex import HEADER_ROW, OBLIGATION_SHEET, item_sheet_name
from tracking.database import make_engine, migrate, transaction
from tracking.plan_store import store_plan
from tracking.requests import mark_precondition
from tracking.rules.states import State
from tracking.status import status_as_of
from tracking.submissions import Report, record_submission

PLAN = "86/KH-UBND"
FILES = load_plan_files(REFERENCE_PLAN, REFERENCE_DIRECTORY)
AS_OF_2023 = date(2023, 12, 20)
TODAY = date(2024, 12, 31)
SIGNER = "Nguyễn Văn An"


@pytest.fixture
def engine(tmp_path):
    """A fresh SQLite database with the reference plan and, as of 20/12/2023, every state of the six."""
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    migrate(engine)
    with transaction(engine) as session:
        store_plan(session, FILES, WorkingCalendar(), 2024)
        known = list(FILES.plan.preconditions_by_name)
        # 1.1 may start: due 31/12/2023, so still within its deadline on 20/12/2023.
        mark_precondition(session, PLAN, known, "huong-dan-bo-noi-vu", date(2023, 11, 1), today=TODAY, recorded_by="t")
        for report in (
            # 4 was due Saturday 14/10/2023, on time until Monday 16/10: done late on 20/10.
            Report("4", "so-noi-vu", "hoan-thanh", date(2023, 10, 20), document="12/BC-SNV"),
            Report("1.3.a", "so-noi-vu", "hoan-thanh", date(2023, 11, 10), "2023", document="88/BC-SNV"),
            Report(
                "1.3.b",
                "ubnd-tp-tra-vinh",
                "dang-thuc-hien",
                date(2023, 11, 10),
                "2023",
                document="301/BC-UBND",
                difficulties="Kinh phí tập huấn còn hạn chế",
                proposals="Đề nghị tỉnh bố trí kinh phí tập huấn",
            ),
            Report("IV.2", "so-tu-phap", "hoan-thanh", date(2023, 10, 3), "once", document="Kế hoạch số 201/KH-STP"),
            Report("1.2.b", "bao-tra-vinh", "hoan-thanh", date(2024, 11, 5), "2024", document="20/BC-BTV"),
            Report("2.1", "so-noi-vu", "hoan-thanh", date(2024, 3, 20), document="Tờ trình số 45/TTr-SNV"),
        ):
            record_submission(session, PLAN, report, today=TODAY, recorded_by="t", source="cli")
    yield engine
    engine.dispose()


@pytest.fixture
def config():
    base = load_report_config(DEFAULT_REPORT_CONFIG)
    return base.model_copy(update={"signature": base.signature.model_copy(update={"name": SIGNER})})


def render(engine, config, out: Path, year: int, as_of: date):
    with transaction(engine) as session:
        figures = compute_figures(session, PLAN, ReportPeriod.year(year), as_of)
    paths = write_report(FILES, figures, config, out)
    return figures, {p.suffix: p for p in paths}


UNDATED_DONE = "done-undated"


def column_key(row):
    """The report's column for a status row: a completion without a deadline is counted apart from on-time ones."""
    return UNDATED_DONE if row.state is State.DONE_ON_TIME and row.deadline is None else row.state


def status_counts(engine, year: int, as_of: date) -> tuple[Counter, list]:
    """What `dondoc status --as-of` shows for the obligations of the year: due in it, or undated and not
    completed before it began."""
    start = date(year, 1, 1)
    with transaction(engine) as session:
        rows = [
            r
            for r in status_as_of(session, PLAN, as_of)
            if (r.due is not None and r.due.year == year)
            or (r.due is None and not (r.state.is_done and r.reported_on < start))
        ]
    return Counter((r.item, column_key(r)) for r in rows), rows


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def figures_table(doc) -> dict[str, dict[str, str]]:
    """The report's table per item of the period, as {row label: {column header: cell text}}."""
    table = next(
        t for t in doc.tables if t.rows[0].cells[0].text == "Mục" and "HT đúng hạn" in [c.text for c in t.rows[0].cells]
    )
    headers = [c.text for c in table.rows[0].cells]
    return {row.cells[0].text: dict(zip(headers, (c.text for c in row.cells))) for row in table.rows[1:]}


COLUMN_OF_STATE = {
    State.DONE_ON_TIME: "HT đúng hạn",
    State.DONE_LATE: "HT quá hạn",
    UNDATED_DONE: "HT không thời hạn",
    State.OPEN_WITHIN_DEADLINE: "Chưa HT, trong hạn",
    State.OPEN_OVERDUE: "Chưa HT, quá hạn",
    State.WAITING_FOR_CONDITION: "Chờ điều kiện",
    State.NO_DEADLINE: "Chưa HT, không thời hạn",
}


@pytest.mark.parametrize("year, as_of", [(2023, AS_OF_2023), (2024, date(2024, 11, 20)), (2024, date(2024, 12, 31))])
def test_the_figures_table_equals_the_status_of_the_same_day(engine, config, tmp_path, year, as_of):
    _, paths = render(engine, config, tmp_path, year, as_of)
    table = figures_table(Document(str(paths[".docx"])))
    expected, rows = status_counts(engine, year, as_of)
    items = {item for item, _ in expected}
    assert set(table) == items | {"Tổng cộng"}
    for item in items:
        for state, column in COLUMN_OF_STATE.items():
            assert int(table[item][column]) == expected[(item, state)], (item, column)
        assert int(table[item]["Tổng số"]) == sum(n for (i, _), n in expected.items() if i == item)
    totals = Counter(column_key(r) for r in rows)
    for state, column in COLUMN_OF_STATE.items():
        assert int(table["Tổng cộng"][column]) == totals[state], column
    assert int(table["Tổng cộng"]["Tổng số"]) == len(rows)
    assert (
        int(table["Tổng cộng"]["Phải HT"])
        == totals[State.DONE_ON_TIME] + totals[State.DONE_LATE] + totals[State.OPEN_OVERDUE]
    )


def test_a_year_with_every_state_renders_each_of_them(engine, config, tmp_path):
    figures, paths = render(engine, config, tmp_path, 2023, AS_OF_2023)
    assert {r.state for r in figures.rows} == set(State) - {State.ENDED}  # no agency had ended in 2023
    text = all_text(Document(str(paths[".docx"])))
    assert "Sở Nội vụ đã hoàn thành quá hạn (hạn ngày 16/10/2023; văn bản số 12/BC-SNV ngày 20/10/2023)." in text
    assert "Sở Nội vụ đã hoàn thành đúng hạn (văn bản số 88/BC-SNV ngày 10/11/2023)." in text
    assert "Sở Nội vụ chưa hoàn thành, còn trong hạn (hạn ngày 02/01/2024)." in text
    assert "chờ điều kiện thực hiện (sau khi có hướng dẫn Trung ương)" in text
    assert (
        "Ủy ban nhân dân thành phố Trà Vinh (đã báo cáo đang thực hiện ngày 10/11/2023, văn bản số 301/BC-UBND)" in text
    )
    assert "Sở Tư pháp (Kế hoạch số 201/KH-STP ngày 03/10/2023)" in text
    assert "Sở Nội vụ chưa báo cáo kết quả (Kế hoạch không quy định thời hạn)." in text
    # Difficulties and proposals are quoted in the agencies' own words.
    assert "“Kinh phí tập huấn còn hạn chế” (Ủy ban nhân dân thành phố Trà Vinh, mục 1.3.b)." in text
    assert "“Đề nghị tỉnh bố trí kinh phí tập huấn” (Ủy ban nhân dân thành phố Trà Vinh, mục 1.3.b)." in text


def test_an_empty_year_renders_every_format(engine, config, tmp_path):
    figures, paths = render(engine, config, tmp_path, 2022, AS_OF_2023)
    assert figures.rows == []
    assert set(paths) == {".docx", ".xlsx", ".md"}
    doc = Document(str(paths[".docx"]))
    assert figures_table(doc)["Tổng cộng"]["Tổng số"] == "0"
    text = all_text(doc)
    assert "trong kỳ báo cáo không có nhiệm vụ nào" in text
    assert "Các cơ quan, đơn vị không phản ánh khó khăn, vướng mắc trong kỳ báo cáo." in text
    sheet = openpyxl.load_workbook(paths[".xlsx"])[OBLIGATION_SHEET]
    assert sheet.max_row == HEADER_ROW
    assert "Kết quả triển khai thi hành Luật Thực hiện dân chủ ở cơ sở năm 2022" in paths[".md"].read_text("utf-8")


def test_the_header_has_the_texts_of_decree_30(engine, config, tmp_path):
    _, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    doc = Document(str(paths[".docx"]))
    header = doc.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert left == ["UBND TỈNH TRÀ VINH", "SỞ NỘI VỤ"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(0, 0).paragraphs[1].runs[0].bold and not header.cell(0, 0).paragraphs[0].runs[0].bold
    assert all(p.runs[0].bold for p in header.cell(0, 1).paragraphs if p.text)
    number = header.cell(1, 0).paragraphs[0].text
    assert number.startswith("Số:") and number.endswith("/BC-SNV") and number.replace(" ", "") == "Số:/BC-SNV"
    dated = header.cell(1, 1).paragraphs[0]
    assert dated.text.replace(" ", "") == "TràVinh,ngàythángnăm2024" and dated.runs[0].italic
    body = [p.text for p in doc.paragraphs]
    title = body.index("BÁO CÁO")
    assert body[title + 1] == "Kết quả triển khai thi hành Luật Thực hiện dân chủ ở cơ sở năm 2024"
    assert body[title + 2] == "Kính gửi: Ủy ban nhân dân tỉnh Trà Vinh."
    assert body[title + 4] == "Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 31/12/2024; số liệu tính đến ngày 20/11/2024."
    for heading in (
        "I. KẾT QUẢ",
        "II. NHIỆM VỤ ĐẾN HẠN TRONG CÁC KỲ TRƯỚC",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. KHÓ KHĂN",
        "V. NHIỆM VỤ TRỌNG TÂM",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert any(text.startswith(heading) for text in body), heading


def test_the_rules_under_the_header_lines_are_drawn(engine, config, tmp_path):
    _, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    header = Document(str(paths[".docx"])).tables[0]
    for cell in (header.cell(0, 0), header.cell(0, 1)):
        rule = cell.paragraphs[-1]
        assert rule.text == ""
        assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:top")).get(qn("w:val")) == "single"


def test_the_page_is_a4_with_margins_within_the_decree_ranges(engine, config, tmp_path):
    _, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    section = Document(str(paths[".docx"])).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)


def test_page_numbers_are_top_centre_from_page_two(engine, config, tmp_path):
    _, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    section = Document(str(paths[".docx"])).sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert "PAGE" in "".join(t.text for t in header._p.iter(qn("w:instrText")))
    assert header.alignment == 1  # centre
    assert all(p.text == "" for p in section.first_page_header.paragraphs)


def test_the_text_is_times_new_roman_and_the_body_13_to_14_points(engine, config, tmp_path):
    _, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    doc = Document(str(paths[".docx"]))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(k)) for k in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and Mm(0) < normal.font.size and 13 <= normal.font.size.pt <= 14
    assert normal.paragraph_format.alignment == 3  # justified
    assert 1.0 <= normal.paragraph_format.first_line_indent.cm <= 1.27
    named = {f.get(qn("w:ascii")) for f in doc.element.iter(qn("w:rFonts"))} | {
        f.get(qn("w:ascii")) for f in doc.styles.element.iter(qn("w:rFonts"))
    }
    assert named <= {"Times New Roman", None}
    body_sizes = {
        (p.style.font.size or normal.font.size).pt
        for p in doc.paragraphs
        if p.text and p.style.name in ("Normal", "Báo cáo - Gạch đầu dòng")
    }
    assert body_sizes and all(13 <= size <= 14 for size in body_sizes)


def test_every_item_of_the_plan_is_in_the_report(engine, config, tmp_path):
    _, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    paragraphs = [p.text for p in Document(str(paths[".docx"])).paragraphs]
    for item in FILES.plan.items:
        assert any(item.title.rstrip(".") in text for text in paragraphs), item.code
    for heading in FILES.plan.headings:
        assert any(heading.title.lower().rstrip(".:") in text.lower() for text in paragraphs), heading.code


def test_distribution_and_signature_close_the_report(engine, config, tmp_path):
    _, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    closing = Document(str(paths[".docx"])).tables[-1]
    recipients = [p for p in closing.cell(0, 0).paragraphs if p.text]
    assert recipients[0].text == "Nơi nhận:" and recipients[0].style.font.size.pt == 12
    assert recipients[0].style.font.bold and recipients[0].style.font.italic
    assert recipients[1].text == "- Như trên;" and recipients[-1].text == "- Lưu: VT, XDCQ&CTTN."
    assert all(p.style.font.size.pt == 11 for p in recipients[1:])
    signer = [p for p in closing.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in signer] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", SIGNER]
    assert signer[-1].style.font.bold


def test_recommendations_are_left_to_the_operator(engine, config, tmp_path):
    _, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    paragraphs = Document(str(paths[".docx"])).paragraphs
    heading = next(i for i, p in enumerate(paragraphs) if p.text == "VI. ĐỀ XUẤT, KIẾN NGHỊ")
    placeholder = paragraphs[heading + 1]
    assert placeholder.text.startswith("[Phần dành cho Sở Nội vụ") and placeholder.runs[0].font.highlight_color


def test_the_annex_has_one_row_per_obligation_with_real_dates(engine, config, tmp_path):
    figures, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    _, rows = status_counts(engine, 2024, date(2024, 11, 20))
    book = openpyxl.load_workbook(paths[".xlsx"])
    sheet = book[OBLIGATION_SHEET]
    data = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert len(data) == len(rows) == len(figures.rows)
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers[1:4] == ["Mục", "Cơ quan, đơn vị", "Loại cơ quan, đơn vị"]
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
    due = headers.index("Hạn theo Kế hoạch")
    assert all(isinstance(r[due], datetime) for r in data if r[headers.index("Kỳ của nhiệm vụ")] != "Một lần")
    assert Counter(r[headers.index("Trạng thái tại ngày chốt số liệu")] for r in data) == Counter(
        r.state.label for r in rows
    )
    done = next(r for r in data if r[1] == "1.2.b" and r[2] == "Báo Trà Vinh")
    assert done[headers.index("Số, ký hiệu văn bản báo cáo")] == "20/BC-BTV"
    assert done[headers.index("Ngày báo cáo (ngày hoàn thành)")] == datetime(2024, 11, 5)
    for item in FILES.plan.items:
        assert item_sheet_name(item.code) in book.sheetnames


def test_the_markdown_summary_carries_the_same_totals(engine, config, tmp_path):
    figures, paths = render(engine, config, tmp_path, 2024, date(2024, 11, 20))
    text = paths[".md"].read_text("utf-8")
    assert text.startswith("# Kết quả triển khai thi hành Luật Thực hiện dân chủ ở cơ sở năm 2024\n")
    total = next(line for line in text.splitlines() if line.startswith("| **Tổng cộng**"))
    assert f"**{figures.total.total}**" in total and f"**{figures.total.open_overdue}**" in total
