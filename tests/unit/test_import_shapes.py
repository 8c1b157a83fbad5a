"""The shapes real plans take (2024–2026), each in a fixture written for it, and one test per way import failed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli.import_commands import import_command
from plan_definition.directory import Directory
from plan_definition.importing import import_plan
from plan_definition.importing.directory_list import read_directory_list
from plan_definition.importing.plan_yaml import plan_yaml
from plan_definition.importing.result import FOREIGN, UNPLACED
from plan_definition.loading import REFERENCE_DIRECTORY, load_directory, load_plan, plan_problems

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHAPES = FIXTURES / "hinh-dang"
LIST = FIXTURES / "danh-ba-vinh-long-2025.csv"


@pytest.fixture(scope="module")
def directory() -> Directory:
    return Directory.model_validate(read_directory_list(LIST))


@pytest.fixture
def directory_file(tmp_path) -> Path:
    target = tmp_path / "danh-ba-vinh-long.yaml"
    target.write_text(yaml.safe_dump(read_directory_list(LIST), allow_unicode=True), encoding="utf-8")
    return target


def rows(result) -> list[tuple]:
    return [(i.code, i.leads, i.coordinators, i.timeframe) for i in result.plan.items]


def meanings(result) -> dict[str, dict]:
    return {i.code: i.meaning.model_dump(mode="json", exclude_defaults=True) for i in result.plan.items}


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.strip().startswith(start))


def test_a_content_column_headed_noi_dung_thuc_hien_is_the_content_not_a_lead_column(directory):
    result = import_plan(SHAPES / "bang-bay-cot-noi-dung-thuc-hien.md", directory)
    assert result.unplaced == []
    assert result.plan.by_code["1"].title == "Ban hành danh mục dữ liệu dùng chung của tỉnh"


def test_a_seven_column_table_keeps_lead_coordinator_timeframe_and_product_apart(directory):
    result = import_plan(SHAPES / "bang-bay-cot-noi-dung-thuc-hien.md", directory)
    assert rows(result)[:7] == [
        ("1", ["so-khoa-hoc-va-cong-nghe"], ["so-ban-nganh-tinh"], "Xong trong Quý II/2026"),
        ("2", ["so-nong-nghiep-va-moi-truong"], ["ubnd-cap-xa"], "Quý III, IV/2026"),
        ("3", ["thue-tinh-vinh-long"], ["so-tai-chinh"], "Tháng 6 hằng năm"),
        ("4", ["cong-an-tinh"], ["van-phong-ubnd-tinh"], "Giai đoạn 2026 - 2030"),
        ("5", ["so-noi-vu"], ["ubnd-cap-xa"], "Thường xuyên, theo yêu cầu nhiệm vụ"),
        ("6", ["bo-chi-huy-quan-su-tinh"], ["so-noi-vu"], "Quý IV năm 2026 và các năm tiếp theo"),
        ("7", ["van-phong-ubnd-tinh"], ["so-khoa-hoc-va-cong-nghe"], "Sau khi có Quy chế của Trung ương"),
    ]
    assert result.plan.by_code["2"].product == "Cơ sở dữ liệu đất đai"


def test_timeframes_of_the_seven_column_table_are_read_into_their_meaning(directory):
    got = meanings(import_plan(SHAPES / "bang-bay-cot-noi-dung-thuc-hien.md", directory))
    assert [got[c] for c in "1234567"] == [
        {"kind": "once", "due": "2026-06-30"},
        {"kind": "once", "due": "2026-12-31"},
        {"kind": "yearly", "from_year": 2026, "yearly_due": {"month": 6, "day": 30}},
        {"kind": "yearly", "from_year": 2026, "to_year": 2030},
        {"kind": "yearly", "from_year": 2026, "adhoc": True, "continuous": True},
        {"kind": "yearly", "from_year": 2026, "yearly_due": {"month": 12, "day": 31}},
        {"kind": "once"},
    ]


def test_an_event_in_the_timeframe_column_becomes_a_declared_precondition(directory):
    plan = import_plan(SHAPES / "bang-bay-cot-noi-dung-thuc-hien.md", directory).plan
    assert plan.by_code["7"].precondition == "quy-che-trung-uong"
    assert [(p.name, p.text) for p in plan.preconditions] == [
        ("quy-che-trung-uong", "Sau khi có Quy chế của Trung ương")
    ]


def test_a_reporting_rule_in_brackets_is_read_not_replaced_by_the_default(directory):
    plan = import_plan(SHAPES / "bang-bay-cot-noi-dung-thuc-hien.md", directory).plan
    assert (plan.reporting.yearly_due.month, plan.reporting.yearly_due.day) == (12, 9)
    assert plan.reporting.collector == "so-khoa-hoc-va-cong-nghe"


def test_a_table_flattened_to_one_cell_per_line_gets_its_rows_back(directory):
    result = import_plan(SHAPES / "bang-phang-tung-o.txt", directory)
    assert rows(result)[:4] == [
        ("1", ["so-nong-nghiep-va-moi-truong"], ["so-tu-phap"], "Quý II/2026"),
        ("2", ["so-tu-phap"], ["so-nong-nghiep-va-moi-truong"], "Tháng 9/2026"),
        ("3", ["ubnd-cap-xa"], ["so-van-hoa-the-thao-va-du-lich"], "Thường xuyên"),
        ("4", ["so-tu-phap"], ["cac-co-quan-don-vi"], "Trước ngày 20 hằng tháng"),
    ]
    assert result.unplaced == []


def test_a_flattened_row_that_does_not_fill_its_columns_is_reported_not_guessed(directory, tmp_path):
    text = (SHAPES / "bang-phang-tung-o.txt").read_text(encoding="utf-8")
    broken = tmp_path / "bang-phang-thieu-o.txt"
    broken.write_text(text.replace("Sở Tư pháp\nSở Nông nghiệp và Môi trường\nTháng 9/2026\n", "Sở Tư pháp\n"), "utf-8")
    result = import_plan(broken, directory)
    assert [i.code for i in result.plan.items if not i.code.startswith("III")] == ["1", "3", "4"]
    assert line_of(broken, "Biên soạn tài liệu") in [p.line for p in result.unplaced]


def test_a_monthly_duty_is_read_and_imported_without_a_warning_about_its_periods(directory):
    result = import_plan(SHAPES / "bang-phang-tung-o.txt", directory)
    assert meanings(result)["4"] == {"kind": "monthly", "from_year": 2026, "period_day": 19}
    assert [p.message for p in result.problems if p.item == "4"] == []


def test_several_dash_tasks_under_one_number_each_keep_their_own_lead_and_timeframe(directory):
    result = import_plan(SHAPES / "nhieu-nhiem-vu-mot-so.txt", directory)
    assert rows(result)[:2] == [
        ("1.1", ["so-tu-phap"], [], "Quý II/2026."),
        ("1.2", ["so-noi-vu"], ["so-tu-phap"], "Quý III/2026."),
    ]
    assert result.plan.by_code["1.2"].title == "Xây dựng quy định phân cấp thẩm quyền cho cấp xã."
    assert any("mục 1 có 2 nhiệm vụ gạch đầu dòng" in p.message for p in result.problems)


def test_an_empty_umbrella_label_yields_to_the_sub_labels_under_it(directory):
    item = import_plan(SHAPES / "nhieu-nhiem-vu-mot-so.txt", directory).plan.by_code["2"]
    assert (item.leads, item.coordinators) == (["so-khoa-hoc-va-cong-nghe"], ["van-phong-ubnd-tinh", "cong-an-tinh"])
    assert item.timeframe == "Hoàn thành trước ngày 01/01/2030."


def test_two_labels_on_one_line_set_two_fields(directory):
    item = import_plan(SHAPES / "nhieu-nhiem-vu-mot-so.txt", directory).plan.by_code["3"]
    assert (item.lead_text, item.leads, item.coordinators) == ("Thuế tỉnh", ["thue-tinh-vinh-long"], ["so-tai-chinh"])


def test_labels_thoi_han_ban_hanh_and_don_vi_thuc_hien_are_read(directory):
    plan = import_plan(SHAPES / "nhieu-nhiem-vu-mot-so.txt", directory).plan
    assert plan.by_code["3"].timeframe == "Tháng 10/2026."  # "Thời hạn ban hành"
    assert plan.by_code["4"].leads == ["so-noi-vu"]  # "Đơn vị thực hiện"


def test_a_plan_of_several_shapes_leaves_no_line_unplaced(directory):
    assert import_plan(SHAPES / "nhieu-nhiem-vu-mot-so.txt", directory).unplaced == []


def test_responsibilities_written_as_sentences_give_lead_partner_and_deadline(directory):
    result = import_plan(SHAPES / "phuong-trach-nhiem-bang-cau.txt", directory)
    assert rows(result) == [
        ("1", ["uy-ban-nhan-dan-phuong-long-chau"], [], "Trong quý IV năm 2026"),
        ("2", ["cong-an-tinh"], ["uy-ban-nhan-dan-phuong-long-chau"], "Trong quý III năm 2026"),
        ("3", ["so-noi-vu"], [], "Từ 01/7/2026"),
        ("III.1", ["so-noi-vu"], [], None),
        ("III.2", ["cac-co-quan-don-vi"], [], "Định kỳ, hằng năm trước ngày 15 tháng 11"),
    ]
    assert meanings(result)["3"] == {"kind": "yearly", "from_year": 2026, "continuous": True}


def test_an_unnumbered_closing_paragraph_gives_one_item_per_sentence_that_names_who_acts(directory):
    result = import_plan(SHAPES / "ban-chi-dao-138-bo-nganh.txt", directory)
    assert [(i.code, i.leads, i.timeframe) for i in result.plan.items][-2:] == [
        ("III.1", ["chua-khop-bo-cong-an"], None),
        ("III.2", ["cac-co-quan-don-vi"], "Định kỳ 6 tháng và hằng năm, trước ngày 10 tháng 12"),
    ]
    assert result.unplaced == []


def test_an_issuer_with_a_symbol_like_ban_chi_dao_138_cp_is_read_whole(directory):
    header = import_plan(SHAPES / "ban-chi-dao-138-bo-nganh.txt", directory).header
    assert (header.issuer, header.number) == ("Ban Chỉ đạo 138/CP", "12/KH-BCĐ138")


def test_ministries_and_their_departments_are_kept_as_unmatched_names_not_dropped(directory):
    result = import_plan(SHAPES / "ban-chi-dao-138-bo-nganh.txt", directory)
    assert result.unmatched_names == [
        "Bộ Công an",
        "Bộ Tư pháp",
        "Bộ Quốc phòng",
        "Cục Cảnh sát quản lý hành chính về trật tự xã hội, Bộ Công an",
        "Bộ Văn hóa, Thể thao và Du lịch",
    ]
    assert result.plan.by_code["1"].leads == ["chua-khop-bo-cong-an"]


def test_a_condition_as_the_whole_timeframe_gates_an_undated_item(directory):
    plan = import_plan(SHAPES / "ban-chi-dao-138-bo-nganh.txt", directory).plan
    assert (plan.by_code["4"].precondition, plan.by_code["4"].meaning.due) == ("theo-ke-hoach-rieng", None)
    assert plan.by_code["3"].precondition == "nghi-dinh-thay-the-nghi-dinh"


def test_post_2025_names_match_the_directory_that_has_them(directory):
    result = import_plan(SHAPES / "bang-bay-cot-noi-dung-thuc-hien.md", directory)
    assert result.unmatched == []


def test_the_shipped_directory_reads_ubnd_cac_xa_phuong_as_its_communes():
    shipped = load_directory(REFERENCE_DIRECTORY)
    result = import_plan(SHAPES / "bang-phang-tung-o.txt", shipped.model_copy(update={"province": "Vĩnh Long"}))
    assert result.plan.by_code["3"].leads == ["ubnd-cap-xa"]


def test_another_provinces_document_is_matched_against_no_directory_and_says_so(directory):
    result = import_plan(SHAPES / "lai-chau-tinh-khac.txt", directory)
    assert result.plan.by_code["1"].leads == ["chua-khop-so-khoa-hoc-va-cong-nghe"]
    (warning,) = result.of_kind(FOREIGN)
    assert warning.message.startswith("văn bản của tỉnh Lai Châu nhưng danh bạ là của tỉnh Vĩnh Long")


def test_strict_refuses_a_directory_of_another_province_and_writes_nothing(directory_file, tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    result = CliRunner().invoke(
        import_command,
        [str(SHAPES / "lai-chau-tinh-khac.txt"), "-o", str(target), "--directory", str(directory_file), "--strict"],
        obj={},
    )
    assert result.exit_code == 2
    assert "danh bạ không phải của tỉnh Lai Châu (--strict); chưa ghi tệp nào" in " ".join(result.stderr.split())
    assert not target.exists()


def test_strict_fails_on_a_line_that_is_not_placed(directory_file, tmp_path):
    text = (SHAPES / "bang-phang-tung-o.txt").read_text(encoding="utf-8")
    broken = tmp_path / "bang-phang-thieu-o.txt"
    broken.write_text(text.replace("Sở Tư pháp\nSở Nông nghiệp và Môi trường\nTháng 9/2026\n", "Sở Tư pháp\n"), "utf-8")
    result = CliRunner().invoke(import_command, [str(broken), "--directory", str(directory_file), "--strict"], obj={})
    assert result.exit_code == 2
    assert "2 dòng không xếp được vào kế hoạch: dòng 27, 28 (--strict)" in result.stderr


def test_strict_fails_naming_each_item_whose_lead_is_unresolved_and_the_text_it_was_read_from(directory_file, tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    result = CliRunner().invoke(
        import_command,
        [str(SHAPES / "chu-tri-chua-xac-dinh.txt"), "-o", str(target), "--directory", str(directory_file), "--strict"],
        obj={},
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Lỗi: chu-tri-chua-xac-dinh.txt: "
        "mục 2: không xác định được cơ quan chủ trì từ 'Theo phân công của Chủ tịch Ủy ban nhân dân tỉnh'; "
        "mục 3: không tìm thấy cơ quan chủ trì trong 'Tổng kết công tác phổ biến, giáo dục pháp luật năm 2026' "
        "(--strict); chưa ghi tệp nào"
    )
    assert not target.exists()


def test_without_strict_an_unresolved_lead_is_warned_about_and_the_plan_is_written(directory_file, tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    result = CliRunner().invoke(
        import_command,
        [str(SHAPES / "chu-tri-chua-xac-dinh.txt"), "-o", str(target), "--directory", str(directory_file)],
        obj={},
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "Cảnh báo: chu-tri-chua-xac-dinh.txt: dòng 20: mục 2: không xác định được cơ quan chủ trì từ "
        "'Theo phân công của Chủ tịch Ủy ban nhân dân tỉnh'; tạm ghi mã 'chua-xac-dinh'"
    ) in result.stderr.splitlines()
    assert [i.leads for i in load_plan(target).items][:3] == [["so-tu-phap"], ["chua-xac-dinh"], ["chua-xac-dinh"]]


def test_the_skeleton_lists_the_names_the_directory_lacks_and_loads_as_a_directory(directory_file, tmp_path):
    skeleton = tmp_path / "agencies-missing.yaml"
    result = CliRunner().invoke(
        import_command,
        [
            str(SHAPES / "lai-chau-tinh-khac.txt"),
            "-o",
            str(tmp_path / "ke-hoach.yaml"),
            "--directory",
            str(directory_file),
            "--skeleton",
            str(skeleton),
        ],
        obj={},
    )
    assert result.exit_code == 0, result.output
    missing = load_directory(skeleton)
    assert missing.province == "Lai Châu"
    assert [(a.code, a.kind) for a in missing.agencies] == [
        ("so-khoa-hoc-va-cong-nghe", "co-quan-chuyen-mon"),
        ("so-nong-nghiep-va-moi-truong", "co-quan-chuyen-mon"),
    ]


def test_a_skeleton_in_the_list_layout_imports_with_agencies_import(directory_file, tmp_path):
    from plan_definition.importing.directory_list import read_directory_list as read_list

    skeleton = tmp_path / "agencies-missing.csv"
    CliRunner().invoke(
        import_command,
        [str(SHAPES / "ban-chi-dao-138-bo-nganh.txt"), "--directory", str(directory_file), "--skeleton", str(skeleton)],
        obj={},
    )
    data = read_list(skeleton, "Trung ương")
    assert [a["code"] for a in data["agencies"]][:2] == ["bo-cong-an", "bo-tu-phap"]


@pytest.mark.parametrize("fixture", ["bang-bay-cot-noi-dung-thuc-hien.md", "du-thao-chua-so-truong-nhan.txt"])
def test_an_imported_plan_whose_names_are_all_known_validates_against_the_imported_directory(
    fixture, directory, tmp_path
):
    written = tmp_path / (fixture + ".yaml")
    written.write_text(plan_yaml(import_plan(SHAPES / fixture, directory)), encoding="utf-8")
    assert plan_problems(load_plan(written), directory, written) == []


def test_no_fixture_of_these_shapes_raises(directory):
    for path in sorted(SHAPES.iterdir()):
        result = import_plan(path, directory)
        assert result.plan.items, path.name
        assert all(p.kind != UNPLACED or p.line for p in result.problems), path.name


def word_plan_with_an_appendix_table(path: Path) -> Path:
    """A Word plan whose tasks are an appendix table of six columns, a cell of two paragraphs, group rows."""
    import docx

    document = docx.Document()
    for text in (
        "ỦY BAN NHÂN DÂN TỈNH VĨNH LONG",
        "Số: 20/KH-UBND",
        "Vĩnh Long, ngày 06 tháng 01 năm 2026",
        "KẾ HOẠCH",
        "Thực hiện công tác dân vận chính quyền năm 2026",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nâng cao hiệu quả công tác dân vận của cơ quan nhà nước.",
        "II. NHIỆM VỤ",
        "Nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
        "2. Các sở, ban, ngành tỉnh định kỳ, hằng năm trước ngày 15 tháng 11 gửi báo cáo kết quả về Sở Nội vụ.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "PHỤ LỤC",
        "NHIỆM VỤ THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2026",
        "(Kèm theo Kế hoạch số 20/KH-UBND ngày 06/01/2026 của Ủy ban nhân dân tỉnh)",
    ):
        document.add_paragraph(text)
    cells = [
        ["STT", "Nội dung thực hiện", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Ghi chú"],
        ["I", "Công tác tuyên truyền", "", "", "", ""],
        ["1", "Tuyên truyền Quy chế dân vận", "Sở Nội vụ", "Các sở, ban, ngành tỉnh", "Quý I/2026", ""],
        ["2", "Đối thoại với Nhân dân\nvề thủ tục hành chính", "UBND các xã, phường", "Sở Nội vụ", "Hằng năm", ""],
        ["II", "Công tác kiểm tra", "", "", "", ""],
        ["1", "Kiểm tra việc thực hiện Quy chế dân vận", "Sở Nội vụ", "", "Quý III, IV/2026", "Kết hợp"],
    ]
    table = document.add_table(rows=len(cells), cols=6)
    for r, values in enumerate(cells):
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            first, *more = text.split("\n")
            cell.text = first
            for extra in more:
                cell.add_paragraph(extra)
    document.save(str(path))
    return path


def test_a_word_appendix_table_of_six_columns_imports_each_row_under_its_group(directory, tmp_path):
    result = import_plan(word_plan_with_an_appendix_table(tmp_path / "phu-luc.docx"), directory)
    got = [(i.code, i.parent, i.leads, i.timeframe) for i in result.plan.items]
    assert got[2:] == [
        ("I.1", "I", ["so-noi-vu"], "Quý I/2026"),
        ("I.2", "I", ["ubnd-cap-xa"], "Hằng năm"),
        ("II.1", "II", ["so-noi-vu"], "Quý III, IV/2026"),
    ]
    assert [(h.code, h.parent) for h in result.plan.headings][1:] == [("PL", None), ("I", "PL"), ("II", "PL")]
    assert result.plan.by_code["I.2"].title == "Đối thoại với Nhân dân về thủ tục hành chính"
    assert result.unplaced == []


def test_a_draft_without_number_or_date_imports_with_placeholders_and_spans_of_years(directory):
    result = import_plan(SHAPES / "du-thao-chua-so-truong-nhan.txt", directory)
    assert [(i.code, i.leads) for i in result.plan.items][:4] == [
        ("1", ["so-van-hoa-the-thao-va-du-lich"]),
        ("2", ["ubnd-cap-xa"]),
        ("3", ["so-van-hoa-the-thao-va-du-lich"]),
        ("4", ["so-van-hoa-the-thao-va-du-lich"]),
    ]
    got = meanings(result)
    assert (got["2"], got["3"]) == ({"kind": "yearly", "from_year": 2026, "to_year": 2027},) * 2
    assert result.plan.number == "(chưa rõ số, ký hiệu văn bản)"
    assert result.unplaced == []


REPEATED = """ỦY BAN NHÂN DÂN
TỈNH VĨNH LONG
Số: 5/KH-UBND
Vĩnh Long, ngày 03 tháng 3 năm 2026
KẾ HOẠCH
Kiểm tra công tác thuế năm 2026

II. NHIỆM VỤ
1. Rà soát văn bản về thuế
Cơ quan chủ trì: Sở Tư pháp.
Thời gian thực hiện: Quý II/2026.
Cơ quan chủ trì: Sở Nội vụ.
2. Kiểm tra việc kê khai thuế
Cơ quan chủ trì: Thuế tỉnh Hậu Giang; Vụ Pháp chế, Bộ Tài chính.
Thời gian thực hiện: Quý II/2026.
"""


def test_a_second_label_of_the_same_kind_in_one_item_is_reported_not_dropped(directory, tmp_path):
    path = tmp_path / "lap-nhan.txt"
    path.write_text(REPEATED, encoding="utf-8")
    result = import_plan(path, directory)
    assert result.plan.by_code["1"].leads == ["so-tu-phap"]
    (repeated,) = [p for p in result.unplaced if p.item == "1"]
    assert (repeated.line, repeated.message) == (
        line_of(path, "Cơ quan chủ trì: Sở Nội vụ"),
        "trường 'Cơ quan chủ trì' lặp lại trong mục, chỉ đọc lần ghi đầu tiên: 'Sở Nội vụ.'",
    )


def test_another_provinces_tax_office_and_a_ministrys_department_stay_unmatched(directory, tmp_path):
    path = tmp_path / "lap-nhan.txt"
    path.write_text(REPEATED, encoding="utf-8")
    assert import_plan(path, directory).plan.by_code["2"].leads == [
        "chua-khop-thue-tinh-hau-giang",
        "chua-khop-vu-phap-che-bo-tai-chinh",  # "Vụ Pháp chế, Bộ Tài chính": the ministry's department, one body
    ]


def test_a_plan_with_a_monthly_duty_validates(directory, tmp_path):
    written = tmp_path / "ke-hoach.yaml"
    written.write_text(plan_yaml(import_plan(SHAPES / "bang-phang-tung-o.txt", directory)), encoding="utf-8")
    assert plan_problems(load_plan(written), directory, written) == []
