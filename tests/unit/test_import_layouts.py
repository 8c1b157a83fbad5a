"""Plans in other shapes import whole: a decision carrying the plan, a department's plan, tables, PDF copies."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from plan_definition.importing import NoItems, import_plan
from plan_definition.importing.plan_yaml import plan_yaml
from plan_definition.loading import TRA_VINH_DIRECTORY, load_directory, load_plan, plan_problems

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="module")
def directory():
    return load_directory(TRA_VINH_DIRECTORY)


def same_agencies_in(directory, province: str):
    """The reference agencies under another province's name: these fixtures test shapes, not matching."""
    return directory.model_copy(update={"province": province})


def rows(result) -> list[tuple]:
    return [(i.code, i.parent, i.leads, i.coordinators, i.timeframe) for i in result.plan.items]


def line_of(fixture: str, start: str) -> int:
    lines = (FIXTURES / fixture).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.strip().startswith(start))


def test_a_decision_carrying_the_plan_imports_the_attached_plan_not_the_articles(directory):
    result = import_plan(FIXTURES / "quyet-dinh-kem-ke-hoach-dat-dai.txt", directory)
    assert rows(result) == [
        (
            "1",
            "II",
            ["so-tai-nguyen-va-moi-truong"],
            ["so-tu-phap", "so-thong-tin-va-truyen-thong", "ubnd-cap-huyen"],
            "Quý III năm 2024.",
        ),
        ("2", "II", ["so-ban-nganh-tinh", "ubnd-cap-huyen"], [], "Trước ngày 30 tháng 9 năm 2024."),
        ("3", "II", ["dai-phat-thanh-truyen-hinh", "bao-tra-vinh"], ["so-thong-tin-va-truyen-thong"], "Thường xuyên."),
        ("IV.1", "IV", ["so-tai-nguyen-va-moi-truong"], [], None),
        ("IV.2", "IV", ["cac-co-quan-don-vi"], [], "Định kỳ hằng năm trước ngày 15 tháng 12"),
    ]
    item = result.plan.by_code["1"]
    assert (item.form, item.product) == ("Hội nghị trực tiếp kết hợp trực tuyến.", "Hội nghị quán triệt Luật Đất đai.")
    assert result.problems == []


def test_section_iv_gives_the_monitor_and_the_yearly_reporting_day(directory):
    plan = import_plan(FIXTURES / "quyet-dinh-kem-ke-hoach-dat-dai.txt", directory).plan
    assert (plan.monitor, plan.reporting.collector, plan.reporting.report_to) == (
        "so-tai-nguyen-va-moi-truong",
        "so-tai-nguyen-va-moi-truong",
        "ubnd-tinh",
    )
    assert (plan.reporting.yearly_due.month, plan.reporting.yearly_due.day) == (12, 14)
    assert plan.escalation.leadership == ["so-tai-nguyen-va-moi-truong"]


def test_a_departments_plan_keeps_lettered_items_under_their_number(directory):
    result = import_plan(FIXTURES / "ke-hoach-so-noi-vu-tap-huan.txt", directory)
    assert rows(result) == [
        ("1", "II", ["so-noi-vu"], ["van-phong-ubnd-tinh", "so-tu-phap"], "Tháng 11/2023."),
        ("2.a", "2", ["ubnd-huyen-cang-long"], ["ubnd-huyen-cau-ke", "ubnd-huyen-tieu-can"], "Quý IV/2023."),
        (
            "2.b",
            "2",
            ["ubnd-huyen-tra-cu"],
            ["ubnd-huyen-cau-ngang", "ubnd-huyen-duyen-hai", "ubnd-tx-duyen-hai"],
            "Quý IV/2023.",
        ),
        ("III.1", "III", ["so-noi-vu"], [], None),
        ("III.2", "III", ["ubnd-cap-huyen"], [], "Định kỳ, hằng năm trước ngày 30 tháng 11"),
    ]
    assert result.plan.reporting.text == "Định kỳ, hằng năm trước ngày 30 tháng 11 gửi báo cáo kết quả về Sở Nội vụ"


def test_a_plan_whose_items_are_a_table_numbers_each_group_apart(directory):
    result = import_plan(FIXTURES / "ke-hoach-pho-bien-phap-luat-bang.md", directory)
    assert rows(result)[:4] == [
        ("I.1", "I", ["so-tu-phap"], ["so-ban-nganh-tinh"], "Quý I năm 2024"),
        ("I.2", "I", ["trung-tam-tin-hoc-cong-bao"], ["so-tu-phap"], "Thường xuyên"),
        ("II.1", "II.II", ["hd-pbgdpl-tinh"], ["so-tu-phap", "ubnd-cap-huyen"], "Quý III năm 2024"),
        (
            "II.2",
            "II.II",
            ["so-tu-phap"],
            ["cac-co-quan-don-vi"],
            "Trước ngày 15 tháng 11 năm 2024 (sau khi có hướng dẫn của Bộ Tư pháp)",
        ),
    ]
    assert result.plan.by_code["II.2"].precondition == "huong-dan-bo-tu-phap"
    assert result.plan.by_code["I.1"].product == "Hội nghị"
    assert [p.message for p in result.problems] == ["số thứ tự 'II' lặp lại; mục được ghi mã 'II.II'"]


def test_a_word_table_with_a_merged_heading_imports_like_the_text(directory, tmp_path):
    document = docx.Document()
    for text in (
        "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH",
        "Số: 9/KH-UBND",
        "Trà Vinh, ngày 10 tháng 1 năm 2024",
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2024",
        "II. NHIỆM VỤ",
    ):
        document.add_paragraph(text)
    table = document.add_table(rows=4, cols=5)
    heading = table.cell(0, 2).merge(table.cell(0, 3))
    heading.text = "Cơ quan thực hiện"
    for col, text in ((0, "STT"), (1, "Nhiệm vụ"), (4, "Thời hạn hoàn thành")):
        table.cell(0, col).text = text
    for col, text in ((2, "Chủ trì"), (3, "Phối hợp")):
        table.cell(1, col).text = text
    for col, text in enumerate(
        ["1", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", "Các sở, ban, ngành tỉnh", "Quý II năm 2024"]
    ):
        table.cell(2, col).text = text
    for col, text in enumerate(["2", "Số hóa hồ sơ", "Sở Thông tin và Truyền thông", "UBND cấp huyện", "Năm 2024"]):
        table.cell(3, col).text = text
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("1. Sở Nội vụ")
    document.add_paragraph("Theo dõi, đôn đốc; định kỳ hằng năm trước ngày 15 tháng 12 báo cáo Ủy ban nhân dân tỉnh.")
    document.save(str(tmp_path / "bang.docx"))
    result = import_plan(tmp_path / "bang.docx", directory)
    assert rows(result) == [
        ("1", "II", ["van-phong-ubnd-tinh"], ["so-ban-nganh-tinh"], "Quý II năm 2024"),
        ("2", "II", ["so-thong-tin-va-truyen-thong"], ["ubnd-cap-huyen"], "Năm 2024"),
        ("III.1", "III", ["so-noi-vu"], [], "Định kỳ hằng năm trước ngày 15 tháng 12"),
    ]


def test_a_pdf_copy_mends_broken_lines_and_reports_what_it_cannot_place(directory):
    fixture = "ke-hoach-vinh-long-ban-pdf.txt"
    result = import_plan(FIXTURES / fixture, same_agencies_in(directory, "Vĩnh Long"))
    item = result.plan.by_code["1"]
    assert item.title == "Tổ chức hội nghị quán triệt Luật Thực hiện dân chủ ở cơ sở cho cán bộ chủ chốt của tỉnh"
    assert item.lead_text.endswith(
        "phối hợp với Đài Phát thanh và Truyền hình Vĩnh Long, các cơ quan, đơn vị có liên quan."
    )
    assert [(p.line, p.item) for p in result.unplaced] == [
        (line_of(fixture, "- Kinh phí"), "1"),
        (line_of(fixture, "3. Tổ chức các hoạt động"), None),
    ]
    assert "không xếp được vào mục nào" in result.unplaced[1].message


def test_an_unmatched_name_stays_in_its_item_under_a_code_that_validation_refuses(directory, tmp_path):
    result = import_plan(FIXTURES / "ke-hoach-vinh-long-ban-pdf.txt", same_agencies_in(directory, "Vĩnh Long"))
    assert result.plan.by_code["2"].leads == ["chua-khop-bao-vinh-long", "so-thong-tin-va-truyen-thong"]
    [problem] = [p for p in result.unmatched if p.item == "2"]
    assert problem.message.startswith(
        "cơ quan chủ trì 'Báo Vĩnh Long' không có trong danh bạ; tạm ghi mã "
        "'chua-khop-bao-vinh-long'; gần nhất: 'bao-tra-vinh' (Báo Trà Vinh)"
    )
    written = tmp_path / "plan.yaml"
    written.write_text(plan_yaml(result), encoding="utf-8")
    assert "# ! cơ quan chủ trì 'Báo Vĩnh Long'" in written.read_text(encoding="utf-8")
    refused = plan_problems(load_plan(written), directory, written)
    assert any("mục 2: trường 'leads[0]': mã 'chua-khop-bao-vinh-long' không có trong danh bạ" in p for p in refused)


def test_a_cut_off_document_has_no_items_to_import(directory):
    with pytest.raises(NoItems, match="không tìm thấy mục nào"):
        import_plan(FIXTURES / "ke-hoach-cat-cut-cang-long.txt", directory)


def test_every_imported_fixture_that_names_only_known_agencies_passes_validation(directory, tmp_path):
    for fixture in (
        "quyet-dinh-kem-ke-hoach-dat-dai.txt",
        "ke-hoach-so-noi-vu-tap-huan.txt",
        "ke-hoach-pho-bien-phap-luat-bang.md",
    ):
        written = tmp_path / (fixture + ".yaml")
        written.write_text(plan_yaml(import_plan(FIXTURES / fixture, directory)), encoding="utf-8")
        assert plan_problems(load_plan(written), directory, written) == [], fixture


def test_slashed_numbers_lettered_fields_and_an_appendix_table_all_import(directory):
    fixture = "ke-hoach-cai-cach-phu-luc.txt"
    result = import_plan(FIXTURES / fixture, directory)
    assert rows(result) == [
        ("1", "II", ["so-tu-phap"], ["so-ban-nganh-tinh"], "Quý II/2024."),
        ("2", "II", ["van-phong-ubnd-tinh"], ["so-ban-nganh-tinh"], "Thường xuyên"),
        ("3", "II", ["so-thong-tin-va-truyen-thong"], [], "Từ tháng 5 đến tháng 12 năm 2024"),
        ("III.1", "III", ["so-noi-vu"], [], None),
        ("III.2", "III", ["so-ban-nganh-tinh", "ubnd-cap-huyen"], [], "Trước ngày 10/12 hằng năm"),
        ("PL.1", "PL", ["so-noi-vu"], ["ubnd-cap-huyen"], "Quý IV/2024"),
        ("PL.2", "PL", ["so-noi-vu"], ["so-ban-nganh-tinh"], "Tháng 12/2024"),
    ]
    assert result.plan.by_code["1"].title == "Cải cách thể chế\nRà soát văn bản quy phạm pháp luật do tỉnh ban hành."
    [unreadable] = result.of_kind("unreadable")
    assert (unreadable.item, unreadable.line) == ("3", line_of(fixture, "3/ Hiện đại hóa"))
    assert result.plan.reporting.yearly_due.day == 9 and result.plan.reporting.yearly_due.month == 12


def test_word_automatic_numbering_is_read_as_if_typed(directory, tmp_path):
    document = docx.Document()
    for text in (
        "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH",
        "Số: 5/KH-UBND",
        "Trà Vinh, ngày 2 tháng 1 năm 2024",
        "KẾ HOẠCH",
        "Tuyên truyền pháp luật năm 2024",
        "Căn cứ Luật Phổ biến, giáo dục pháp luật ngày 20 tháng 6 năm 2012;",
    ):
        document.add_paragraph(text)
    for text, style in (
        ("Tổ chức hội nghị phổ biến pháp luật", "List Number"),
        ("Cơ quan chủ trì: Sở Tư pháp.", "List Bullet"),
        ("Thời gian thực hiện: Quý I năm 2024.", "List Bullet"),
        ("Tuyên truyền trên báo, đài", "List Number"),
        ("Cơ quan chủ trì: Báo Trà Vinh.", "List Bullet"),
        ("Thời gian thực hiện: Thường xuyên.", "List Bullet"),
    ):
        document.add_paragraph(text, style=style)
    document.save(str(tmp_path / "tu-dong.docx"))
    result = import_plan(tmp_path / "tu-dong.docx", directory)
    assert [(i.code, i.leads, i.timeframe) for i in result.plan.items] == [
        ("1", ["so-tu-phap"], "Quý I năm 2024."),
        ("2", ["bao-tra-vinh"], "Thường xuyên."),
    ]


def test_a_table_without_item_columns_is_reported_not_guessed(directory, tmp_path):
    text = (FIXTURES / "ke-hoach-so-noi-vu-tap-huan.txt").read_text(encoding="utf-8")
    text = text.replace(
        "2. Tập huấn cho công chức cấp xã\n",
        "2. Tập huấn cho công chức cấp xã\n\n| Huyện | Số lớp |\n|---|---|\n| Càng Long | 2 |\n",
    )
    document = tmp_path / "bang-la.txt"
    document.write_text(text, encoding="utf-8")
    result = import_plan(document, directory)
    assert [p.message for p in result.unplaced] == [
        "dòng của bảng không có cột 'Nội dung' cùng cột 'Cơ quan chủ trì' hoặc 'Thời gian': 'Huyện | Số lớp'",
        "dòng của bảng không có cột 'Nội dung' cùng cột 'Cơ quan chủ trì' hoặc 'Thời gian': 'Càng Long | 2'",
    ]


def test_a_web_copy_with_one_cell_per_line_gets_its_table_rows_back(directory):
    result = import_plan(FIXTURES / "ke-hoach-bang-ban-sao-web.txt", directory)
    assert rows(result) == [
        ("1", "I", ["so-noi-vu"], ["so-ban-nganh-tinh"], "Quý II năm 2024"),
        ("2", "I", ["bao-tra-vinh"], [], "Thường xuyên"),
        ("3", "II.II", ["so-noi-vu"], ["ubnd-cap-huyen"], "Quý IV năm 2024"),
        ("III.1", "III", ["so-noi-vu"], [], None),
        ("III.2", "III", ["so-ban-nganh-tinh", "ubnd-cap-huyen"], [], "Định kỳ hằng năm trước ngày 10 tháng 12"),
    ]
    assert result.plan.by_code["1"].title == "Tuyên truyền, quán triệt các văn bản về công tác dân vận chính quyền"


def test_a_web_copy_of_a_plan_imports_whole(directory):
    result = import_plan(FIXTURES / "ke-hoach-ban-sao-web.txt", same_agencies_in(directory, "Hậu Giang"))
    assert rows(result) == [
        ("1", "III", ["so-noi-vu"], ["so-ban-nganh-tinh", "ubnd-cap-huyen"], "Quý III năm 2023."),
        ("2", "III", ["so-ban-nganh-tinh", "ubnd-cap-huyen", "ubnd-cap-xa"], [], "Quý IV năm 2023."),
        ("IV.1", "IV", ["so-noi-vu"], [], None),
        ("IV.2", "IV", ["so-ban-nganh-tinh", "ubnd-cap-huyen"], [], "Định kỳ, hằng năm trước ngày 15 tháng 11"),
    ]
    assert [p.kind for p in result.problems] == []


def test_a_task_section_that_yields_no_item_is_reported_line_by_line(directory, tmp_path):
    document = tmp_path / "mat-cot.txt"
    document.write_text(
        "ỦY BAN NHÂN DÂN TỈNH TRÀ VINH\nSố: 1/KH-UBND\nTrà Vinh, ngày 2 tháng 1 năm 2024\nKẾ HOẠCH\nThử\n"
        "II. NỘI DUNG\nTổ chức tập huấn cho cán bộ cấp xã do Sở Nội vụ thực hiện trong Quý II năm 2024.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\nTheo dõi, báo cáo Ủy ban nhân dân tỉnh.\n",
        encoding="utf-8",
    )
    result = import_plan(document, directory)
    assert [(p.line, p.message) for p in result.unplaced] == [
        (
            7,
            "không xếp được vào mục nào: 'Tổ chức tập huấn cho cán bộ cấp xã do Sở Nội vụ thực hiện trong Quý II năm 2024.'",
        )
    ]
