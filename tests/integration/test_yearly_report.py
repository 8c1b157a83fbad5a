"""The 2024 report over reports recorded in 2023 and 2024: the Word report and every sheet of the annex agree,
item by item, with `status_as_of` on the cut-off day; earlier obligations still open have their own section."""

from __future__ import annotations

from collections import Counter
from datetime import date

import openpyxl
import pytest
from docx import Document

from plan_definition.calendar import WorkingCalendar
from plan_definition.loading import REFERENCE_DIRECTORY, REFERENCE_PLAN, load_plan_files
from plan_definition.text import cited_date
from reports.build import write_report
from reports.config import DEFAULT_REPORT_CONFIG, PeriodRule, load_report_config
from reports.figures import compute_figures
from reports.period import ReportPeriod
from reports.xlsx_annex import (
    EARLIER_SHEET,
    FIGURES_SHEET,
    HEADER_ROW,
    OBLIGATION_SHEET,
    REMARKS_SHEET,
    TOTALS_SHEET,
    item_sheet_name,
)
from tracking.database import make_engine, migrate, transaction
from tracking.plan_store import store_plan
from tracking.requests import mark_precondition
from tracking.rules.states import State
from tracking.status import status_as_of
from tracking.submissions import Report, record_submission

PLAN = "86/KH-UBND"
FILES = load_plan_files(REFERENCE_PLAN, REFERENCE_DIRECTORY)
TODAY = date(2024, 12, 31)
START_2024 = date(2024, 1, 1)
DISTRICTS = [a.code for a in FILES.directory.agencies if a.kind == "ubnd-cap-huyen"]
COMMUNES = [a.code for a in FILES.directory.agencies if a.kind == "ubnd-cap-xa"]
FORMULA = '=HYPERLINK("http://x.example","bấm")'


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("yearly")
    engine = make_engine(f"sqlite:///{path}/t.db")
    migrate(engine)
    reports = [
        # Item 3 (due end of 2023): one district done in 2023, one done late in 2024, the others still open.
        Report(
            "3", DISTRICTS[0], "hoan-thanh", date(2023, 12, 20), document="10/QC-UBND", figures={"da_ban_hanh": True}
        ),
        Report("3", DISTRICTS[1], "hoan-thanh", date(2024, 2, 5), document="11/QC-UBND", figures={"da_ban_hanh": True}),
        # 1.3.b, a yearly duty: 2023 done by one district, left open by the others (carried over into 2024).
        Report("1.3.b", DISTRICTS[0], "hoan-thanh", date(2023, 11, 10), "2023", figures={"lop_tap_huan": 9}),
        # IV.2 (no deadline): Sở Tư pháp done in 2023 (not counted again in 2024), a district done in 2024.
        Report("IV.2", "so-tu-phap", "hoan-thanh", date(2023, 10, 3), "once", document="Kế hoạch số 201/KH-STP"),
        Report("IV.2", DISTRICTS[2], "hoan-thanh", date(2024, 4, 2), "once", document="Kế hoạch số 7/KH-UBND"),
    ]
    # 1.3.b in 2024: three districts report classes and participants; a later report replaces an earlier one.
    for n, code in enumerate(DISTRICTS[:3]):
        reports.append(
            Report(
                "1.3.b",
                code,
                "hoan-thanh",
                date(2024, 10, 1 + n),
                "2024",
                document=f"{30 + n}/BC-UBND",
                figures={"lop_tap_huan": 2 + n, "nguoi_tham_du": 100 * (n + 1)},
                difficulties="Kinh phí tập huấn còn hạn chế" if n < 2 else FORMULA,
            )
        )
    reports.append(
        Report(
            "1.3.b",
            DISTRICTS[0],
            "hoan-thanh",
            date(2024, 10, 20),
            "2024",
            figures={"lop_tap_huan": 5, "nguoi_tham_du": 150},
        )
    )
    # 1.2.a in 2024: articles reported by a department and by districts.
    reports.append(Report("1.2.a", "so-tu-phap", "hoan-thanh", date(2024, 11, 1), "2024", figures={"tin_bai": 40}))
    for code in DISTRICTS[3:7]:
        reports.append(
            Report(
                "1.2.a",
                code,
                "hoan-thanh",
                date(2024, 11, 4),
                "2024",
                figures={"tin_bai": 3},
                difficulties="Kinh phí tập huấn còn hạn chế.",
            )
        )
    # 2.2 (due 31/3/2024): five communes done, the hundred others left overdue: a long list.
    for code in COMMUNES[:5]:
        reports.append(Report("2.2", code, "hoan-thanh", date(2024, 3, 15), document="5/QC-UBND"))
    with transaction(engine) as session:
        store_plan(session, FILES, WorkingCalendar(), 2024)
        known = list(FILES.plan.preconditions_by_name)
        for name in known:
            mark_precondition(session, PLAN, known, name, date(2023, 11, 1), today=TODAY, recorded_by="t")
        for report in reports:
            record_submission(session, PLAN, report, today=TODAY, recorded_by="t", source="cli")
    yield engine
    engine.dispose()


def config(**changes):
    return load_report_config(DEFAULT_REPORT_CONFIG).model_copy(update=changes)


@pytest.fixture(scope="module")
def report(engine, tmp_path_factory):
    cfg = config(number=5)
    period = cfg.period.applied(ReportPeriod.year(2024), FILES.plan.reporting.yearly_due)
    with transaction(engine) as session:
        figures = compute_figures(session, PLAN, period, TODAY)
    paths = {p.suffix: p for p in write_report(FILES, figures, cfg, tmp_path_factory.mktemp("out"))}
    return figures, Document(str(paths[".docx"])), openpyxl.load_workbook(paths[".xlsx"]), paths


def expected_counts(engine, cutoff: date = TODAY):
    """From `dondoc status --as-of CUT-OFF`: per item, the period's states and the earlier obligations'."""
    with transaction(engine) as session:
        rows = status_as_of(session, PLAN, cutoff)

    def column(r):
        return "HT không thời hạn" if r.state is State.DONE_ON_TIME and r.deadline is None else r.state

    current = [
        r
        for r in rows
        if (r.due is not None and r.due.year == 2024)
        or (r.due is None and not (r.state.is_done and r.reported_on < START_2024))
    ]
    earlier = [
        r
        for r in rows
        if r.due is not None
        and r.due < START_2024
        and ((r.state.is_done and r.reported_on >= START_2024) or (not r.state.is_done and r.state is not State.ENDED))
    ]
    return (
        Counter((r.item, column(r)) for r in current),
        Counter((r.item, column(r)) for r in earlier),
        current,
        earlier,
    )


def word_table(doc, column: str) -> dict[str, dict[str, str]]:
    table = next(t for t in doc.tables if column in [c.text for c in t.rows[0].cells])
    headers = [c.text for c in table.rows[0].cells]
    return {row.cells[0].text: dict(zip(headers, (c.text for c in row.cells))) for row in table.rows[1:]}


def sheet_table(ws, header_row: int) -> dict[str, dict[str, object]]:
    headers = [c.value for c in ws[header_row]]
    result = {}
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None and (len(row) < 2 or row[1] is None):
            break
        label = row[0] if row[0] not in (None, "") else row[1]
        result[str(label)] = dict(zip(headers, row))
    return result


def row_of(ws, text: str) -> int:
    return next(c.row for col in ws.iter_cols(min_col=1, max_col=1) for c in col if c.value == text)


STATE_COLUMNS = {
    State.DONE_ON_TIME: ("HT đúng hạn", "Hoàn thành đúng hạn"),
    State.DONE_LATE: ("HT quá hạn", "Hoàn thành quá hạn"),
    "HT không thời hạn": ("HT không thời hạn", "Hoàn thành (không quy định thời hạn)"),
    State.OPEN_WITHIN_DEADLINE: ("Chưa HT, trong hạn", "Chưa hoàn thành – trong hạn"),
    State.OPEN_OVERDUE: ("Chưa HT, quá hạn", "Chưa hoàn thành – quá hạn"),
    State.WAITING_FOR_CONDITION: ("Chờ điều kiện", "Chờ điều kiện"),
    State.NO_DEADLINE: ("Chưa HT, không thời hạn", "Chưa hoàn thành – không quy định thời hạn"),
}


def test_the_period_items_agree_in_the_word_report_every_annex_sheet_and_status(engine, report):
    figures, doc, book, _ = report
    current, _, current_rows, _ = expected_counts(engine)
    word = word_table(doc, "HT đúng hạn")
    totals = sheet_table(book[TOTALS_SHEET], HEADER_ROW)
    listed = Counter(r[1] for r in book[OBLIGATION_SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    items = {item for item, _ in current}
    assert set(word) == items | {"Tổng cộng"}
    for item in items:
        item_ws = book[item_sheet_name(item)]
        part = sheet_table(item_ws, row_of(item_ws, "Trong kỳ báo cáo, theo loại cơ quan, đơn vị") + 1)["Tổng cộng"]
        n = sum(v for (i, _), v in current.items() if i == item)
        assert int(word[item]["Tổng số"]) == totals[item]["Tổng số"] == part["Tổng số"] == listed[item] == n, item
        for state, (word_column, sheet_column) in STATE_COLUMNS.items():
            want = current[(item, state)]
            assert int(word[item][word_column]) == totals[item][sheet_column] == part[sheet_column] == want, (
                item,
                state,
            )
    assert int(word["Tổng cộng"]["Tổng số"]) == len(current_rows) == len(figures.rows)
    # The table by kind of agency: the Word report's and the annex's rows agree.
    by_kind = word_table(doc, "Loại cơ quan, đơn vị")
    ws = book[TOTALS_SHEET]
    annex_kinds = sheet_table(ws, row_of(ws, "Theo loại cơ quan, đơn vị") + 1)
    assert set(by_kind) == set(annex_kinds) and len(by_kind) > 2
    for label, cells in by_kind.items():
        assert int(cells["Tổng số"]) == annex_kinds[label]["Tổng số"], label
        assert int(cells["Chưa HT, quá hạn"]) == annex_kinds[label]["Chưa hoàn thành – quá hạn"], label
        assert int(cells["HT không thời hạn"]) == annex_kinds[label]["Hoàn thành (không quy định thời hạn)"], label


def test_earlier_obligations_still_open_have_their_own_section_that_the_annex_repeats(engine, report):
    figures, doc, book, _ = report
    _, earlier, _, earlier_rows = expected_counts(engine)
    assert {"3", "1.3.b"} <= {item for item, _ in earlier}
    word = word_table(doc, "HT trong kỳ báo cáo")
    ws = book[TOTALS_SHEET]
    annex = sheet_table(ws, row_of(ws, "Nhiệm vụ đến hạn trong các kỳ trước (không tính vào số liệu trên)") + 1)
    listed = Counter(r[1] for r in book[EARLIER_SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    for item in {item for item, _ in earlier}:
        n = sum(v for (i, _), v in earlier.items() if i == item)
        done = earlier[(item, State.DONE_ON_TIME)] + earlier[(item, State.DONE_LATE)]
        item_ws = book[item_sheet_name(item)]
        part = sheet_table(
            item_ws,
            row_of(
                item_ws,
                next(c.value for c in item_ws["A"] if str(c.value).startswith("Nhiệm vụ đến hạn trong các kỳ trước")),
            )
            + 1,
        )
        assert int(word[item]["Tổng số"]) == annex[item]["Tổng số"] == part["Tổng cộng"]["Tổng số"] == listed[item] == n
        assert int(word[item]["HT trong kỳ báo cáo"]) == done
        assert (
            int(word[item]["Chưa HT, quá hạn"])
            == annex[item]["Chưa hoàn thành – quá hạn"]
            == earlier[(item, State.OPEN_OVERDUE)]
        )
    assert len(earlier_rows) == len(figures.carried_over)
    # Item 3 fell due in 2023: its sheet shows the agencies still overdue, never "no obligation in the period" alone.
    sheet3 = [c.value for c in book[item_sheet_name("3")]["A"]]
    assert "Không có nhiệm vụ trong kỳ báo cáo." not in sheet3
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "II. NHIỆM VỤ ĐẾN HẠN TRONG CÁC KỲ TRƯỚC" in text
    # The district that completed item 3 late in 2024 is named as completed within the period.
    assert "hoàn thành trong kỳ báo cáo" in text


def test_a_completion_is_counted_once_and_undated_ones_apart_from_on_time(engine, report):
    figures, _, _, _ = report
    # IV.2's own plans ("once", no deadline): Sở Tư pháp's, done in 2023, was counted by that year's report.
    iv2 = {r.agency: r for r in figures.rows if r.item == "IV.2" and r.period == "once"}
    assert "so-tu-phap" not in iv2 and iv2
    assert iv2[DISTRICTS[2]].state is State.DONE_ON_TIME and iv2[DISTRICTS[2]].deadline is None
    counts = figures.by_item["IV.2"]
    assert counts.done_undated == 1 and counts.done_on_time == 0
    assert not [r for r in figures.carried_over if r.item == "IV.2" and r.period == "once"]
    # 3 done in December 2023 by the first district is in no part of the 2024 report.
    assert not [r for r in figures.rows + figures.carried_over if r.item == "3" and r.agency == DISTRICTS[0]]


def test_figures_are_summed_per_item_and_per_kind_in_the_report_and_the_annex(report):
    figures, doc, book, _ = report
    text = "\n".join(p.text for p in doc.paragraphs)
    # 1.3.b 2024: the first district's later report (5 classes, 150 people) replaces its earlier one (2, 100).
    assert "Số lớp tập huấn: 5 + 3 + 4".replace(" + ", "") not in text
    assert "Số lớp tập huấn: 12 lớp (3 cơ quan, đơn vị báo cáo)" in text
    assert "Số người tham dự: 650 người (3 cơ quan, đơn vị báo cáo)" in text
    # 1.2.a: 40 + 4 × 3 articles, per kind of agency.
    assert "Số tin, bài đã đăng tải: 52 tin, bài (5 cơ quan, đơn vị báo cáo); trong đó:" in text
    assert "Ủy ban nhân dân cấp huyện 12 tin, bài (4 báo cáo)" in text
    rows = list(book[FIGURES_SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert ("1.2.a", "Số tin, bài đã đăng tải", "tin, bài", "Ủy ban nhân dân cấp huyện", 4, 12) in rows
    assert ("1.2.a", "Số tin, bài đã đăng tải", "tin, bài", "Tổng cộng", 5, 52) in rows
    assert ("1.3.b", "Số lớp tập huấn", "lớp", "Tổng cộng", 3, 12) in rows
    # The obligations sheet's Ghi chú says what the agency reported.
    notes = {(r[1], r[2]): r[-1] for r in book[OBLIGATION_SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert notes[("1.2.a", "Sở Tư pháp")] == "Số tin, bài đã đăng tải: 40 tin, bài"


def test_difficulties_are_quoted_and_text_from_records_stays_text(report):
    _, doc, book, paths = report
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "“Kinh phí tập huấn còn hạn chế” (" in text
    assert (
        "Khó khăn được các cơ quan, đơn vị phản ánh nhiều nhất: “Kinh phí tập huấn còn hạn chế” (6 cơ quan, đơn vị)"
        in text
    )
    cells = [c for row in book[REMARKS_SHEET].iter_rows(min_row=HEADER_ROW + 1) for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


def test_a_long_list_is_counted_in_the_prose_and_named_in_the_annex(report):
    figures, doc, book, _ = report
    lines = [p.text for p in doc.paragraphs if p.text.startswith("- Chưa hoàn thành, quá hạn:")]
    overdue_22 = [r for r in figures.rows if r.item == "2.2" and r.state is State.OPEN_OVERDUE]
    assert len(overdue_22) > 10
    line = next(t for t in lines if f"{len(overdue_22)} cơ quan, đơn vị (" in t)
    assert "danh sách tại Phụ lục" in line and "chậm nhất:" in line
    assert line.count("Ủy ban nhân dân") < 10
    listed = [r for r in book[OBLIGATION_SHEET].iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[1] == "2.2"]
    assert sum(1 for r in listed if r[7] == State.OPEN_OVERDUE.label) == len(overdue_22)


def test_the_assessment_and_next_year_tasks_come_from_the_facts(report):
    _, doc, _, _ = report
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "5. Nhận xét, đánh giá" in text
    assert "Các nhiệm vụ còn chậm: mục 2.2 (" in text
    assert "Ủy ban nhân dân cấp xã:" in text
    assert "V. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI" in text
    assert "Đôn đốc " in text and "hoàn thành nhiệm vụ tại mục 2.2" in text
    assert "hoàn thành nhiệm vụ tại mục 3 " in text  # still open from 2023
    assert "Sở Nội vụ tập trung hoàn thành nhiệm vụ tại mục 2.1 " in text  # the monitor does not chase itself
    assert "Đề nghị Liên đoàn Lao động tỉnh Trà Vinh hoàn thành nhiệm vụ tại mục 1.3.d " in text  # a requested body
    assert "Đôn đốc Liên đoàn" not in text and "Đôn đốc Sở Nội vụ" not in text


def test_the_report_states_its_period_number_and_own_title(report):
    _, doc, book, _ = report
    assert doc.tables[0].cell(1, 0).paragraphs[0].text == "Số: 05/BC-SNV"
    text = [p.text for p in doc.paragraphs]
    assert "Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 31/12/2024; số liệu tính đến ngày 31/12/2024." in text
    assert doc.core_properties.title == "Báo cáo kết quả triển khai thi hành Luật Thực hiện dân chủ ở cơ sở năm 2024"
    assert doc.core_properties.author == "Sở Nội vụ"
    assert "kỳ báo cáo từ ngày 01/01/2024 đến ngày 31/12/2024" in book[OBLIGATION_SHEET]["A2"].value
    headers = [c.value for c in book[OBLIGATION_SHEET][HEADER_ROW]]
    assert "Cơ quan báo cáo" not in headers and "Tình trạng cơ quan, đơn vị tự báo cáo" in headers
    assert "Hạng" not in [c.value for c in book["Theo cơ quan, đơn vị"][HEADER_ROW]]


@pytest.mark.parametrize(
    "rule, start, end, cutoff",
    [
        (PeriodRule(yearly="decree-09"), date(2023, 12, 15), date(2024, 12, 14), date(2024, 12, 14)),
        (PeriodRule(cutoff="plan"), date(2024, 1, 1), date(2024, 12, 31), date(2024, 11, 14)),
    ],
)
def test_the_period_and_cut_off_follow_the_configuration(engine, tmp_path, rule, start, end, cutoff):
    cfg = config(period=rule)
    period = cfg.period.applied(ReportPeriod.year(2024), FILES.plan.reporting.yearly_due)
    assert (period.start, period.end, period.cutoff) == (start, end, cutoff)
    with transaction(engine) as session:
        figures = compute_figures(session, PLAN, period, TODAY)
    assert figures.as_of == cutoff
    paths = {p.suffix: p for p in write_report(FILES, figures, cfg, tmp_path, formats=("docx",))}
    text = [p.text for p in Document(str(paths[".docx"])).paragraphs]
    line = next(t for t in text if t.startswith("Kỳ báo cáo: "))
    assert line == (
        f"Kỳ báo cáo: từ ngày {cited_date(start)} đến ngày {cited_date(end)}; "
        f"số liệu tính đến ngày {cited_date(cutoff)}."
    )
