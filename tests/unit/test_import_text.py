"""The small rules under the importer: folding, casing, numbers, dates, labels, broken lines."""

from __future__ import annotations

from datetime import date

import pytest

from plan_definition.importing.blocks import join_blocks
from plan_definition.importing.deadlines import precondition_name, product_in, timeframe_in
from plan_definition.importing.document import Line
from plan_definition.importing.issuer_names import compose_issuer
from plan_definition.importing.labels import read_label, starts_field
from plan_definition.importing.layout import read_kind
from plan_definition.importing.references import canonical_number, read_date, read_reference
from plan_definition.importing.vietnamese import clean, fold


@pytest.mark.parametrize(
    "written, same_as",
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("CỘNG HOÀ", "Cộng hòa"),
        ("Sở LĐTB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Ban Thường trực UBMTTQ VN tỉnh", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Đài PT&TH", "Đài Phát thanh và Truyền hình"),
    ],
)
def test_spellings_of_one_name_fold_to_one_key(written, same_as):
    assert fold(written) == fold(same_as)


def test_cleaning_keeps_words_that_contain_an_old_tone_spelling():
    assert (
        clean("Uỷ ban hoàn thành, hoà giải *sau khi có hướng dẫn*")
        == "Ủy ban hoàn thành, hòa giải sau khi có hướng dẫn"
    )


@pytest.mark.parametrize(
    "lines, issuer",
    [
        (["ỦY BAN NHÂN DÂN", "TỈNH TRÀ VINH"], "Ủy ban nhân dân tỉnh Trà Vinh"),
        (["UBND TỈNH TRÀ VINH", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Trà Vinh"),
        (
            ["ỦY BAN NHÂN DÂN TỈNH TRÀ VINH", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"],
            "Sở Lao động - Thương binh và Xã hội tỉnh Trà Vinh",
        ),
        (["ỦY BAN NHÂN", "DÂN HUYỆN CÀNG LONG"], "Ủy ban nhân dân huyện Càng Long"),
        (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"], "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        (["UBND TP. CẦN THƠ", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"], "Sở Văn hóa, Thể thao và Du lịch thành phố Cần Thơ"),
        (["BỘ NỘI VỤ"], "Bộ Nội vụ"),
        (["Ủy ban nhân dân", "tỉnh Bà Rịa - Vũng Tàu"], "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
    ],
)
def test_the_issuer_printed_in_capitals_is_written_out_properly(lines, issuer):
    assert compose_issuer(lines) == issuer


@pytest.mark.parametrize(
    "number, symbol, canonical",
    [
        ("86 ", "KH-UBND", "86/KH-UBND"),
        ("346", "QĐ-TTG", "346/QĐ-TTg"),
        ("58", "kh - ubnd", "58/KH-UBND"),
        ("7", "KH–UBND", "7/KH-UBND"),
        ("12/2023", "QĐ-UBND.", "12/2023/QĐ-UBND"),
    ],
)
def test_document_numbers_are_written_canonically(number, symbol, canonical):
    assert canonical_number(number, symbol) == canonical


@pytest.mark.parametrize(
    "text, day",
    [
        ("ngày 15 tháng 9 năm 2023", date(2023, 9, 15)),
        ("ngày 05/01/2024", date(2024, 1, 5)),
        ("ngày 15 tháng\n9 năm 2023", date(2023, 9, 15)),
        ("ngày 31 tháng 2 năm 2023", None),
        ("ngày    tháng 9 năm 2023", None),
    ],
)
def test_dates_are_read_as_printed_or_not_at_all(text, day):
    assert read_date(text) == day


def test_an_attachment_line_names_the_decision_that_carries_the_plan():
    reference = read_reference("(Kèm theo Quyết định số 1520/QĐ-UBND ngày 04 tháng 8 năm 2024 của UBND tỉnh Trà Vinh)")
    assert (reference.kind, reference.number, reference.date, reference.issuer) == (
        "Quyết định",
        "1520/QĐ-UBND",
        date(2024, 8, 4),
        "Ủy ban nhân dân tỉnh Trà Vinh",
    )


@pytest.mark.parametrize(
    "line, kind",
    [
        ("- Cơ quan chủ trì: Sở Nội vụ.", "lead"),
        ("- Đơn vị chủ trì: Sở Nội vụ.", "lead"),
        ("- Cơ quan thực hiện: Các sở, ban, ngành", "lead"),
        ("- Cơ quan phối hợp: Các cơ quan, đơn vị.", "coordinator"),
        ("+ Đơn vị phối hợp: Sở Tư pháp", "coordinator"),
        ("- Hình thức: Trực tiếp hoặc trực tuyến.", "form"),
        ("- Thời gian thực hiện: Quý IV năm 2023.", "timeframe"),
        ("- Thời hạn hoàn thành: Quý I năm 2024.", "timeframe"),
        ("Thời gian hoàn thành: Quý IV năm 2023", "timeframe"),
        ("- Sản phẩm: Hội nghị.", "product"),
        ("- Kinh phí: Ngân sách tỉnh.", "unknown"),
    ],
)
def test_field_labels_and_their_variants_are_recognised(line, kind):
    assert read_label(line).kind == kind


def test_a_sentence_with_a_colon_is_not_a_field():
    assert read_label("Ủy ban nhân dân cấp huyện: Chịu trách nhiệm tham mưu") is None
    assert not starts_field("- Bảo đảm sự chỉ đạo thống nhất: của Ủy ban nhân dân tỉnh")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("KẾ HOẠCH", ("Kế hoạch", "")),
        ("**QUYẾT ĐỊNH**", ("Quyết định", "")),
        ("KẾ HOẠCH Triển khai thi hành Luật", ("Kế hoạch", "Triển khai thi hành Luật")),
        ("QUYẾT ĐỊNH:", None),
        ("K Ế  H O Ạ C H", ("Kế hoạch", "")),
        ("Kế hoạch này được triển khai", None),
    ],
)
def test_the_kind_line_is_told_from_the_enacting_word_and_from_prose(text, kind):
    assert read_kind(text) == kind


def test_lines_broken_inside_a_sentence_or_a_date_are_joined_and_page_numbers_dropped():
    lines = [
        Line(n, t)
        for n, t in enumerate(
            [
                "Trà Vinh, ngày 15 tháng",
                "9 năm 2023",
                "",
                "- Cơ quan chủ trì: Sở Nội vụ chủ trì, phối hợp với Sở",
                "",
                "2",
                "Tư pháp.",
                "- Thời gian thực hiện: Quý IV năm 2023.",
                "1. Sở Nội vụ",
                "Theo dõi, kiểm tra",
            ],
            start=1,
        )
    ]
    blocks = join_blocks(lines, starts_field)
    assert [(b.numbers, b.text) for b in blocks] == [
        ([1, 2], "Trà Vinh, ngày 15 tháng 9 năm 2023"),
        ([4, 7], "- Cơ quan chủ trì: Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp."),
        ([8], "- Thời gian thực hiện: Quý IV năm 2023."),
        ([9], "1. Sở Nội vụ"),
        ([10], "Theo dõi, kiểm tra"),
    ]


@pytest.mark.parametrize(
    "condition, name",
    [
        ("sau khi có hướng dẫn cụ thể của Bộ Nội vụ", "huong-dan-bo-noi-vu"),
        ("sau khi có hướng dẫn Trung ương", "huong-dan-trung-uong"),
        ("khi có văn bản hướng dẫn của Chính phủ", "huong-dan-chinh-phu"),
    ],
)
def test_a_precondition_is_named_after_what_it_waits_for(condition, name):
    assert precondition_name(condition) == name


@pytest.mark.parametrize(
    "sentence, phrase",
    [
        (
            "Định kỳ, hàng năm trước ngày 15 tháng 11 hoặc đột xuất, gửi kết quả thực hiện về Sở Nội vụ.",
            "Định kỳ, hàng năm trước ngày 15 tháng 11 hoặc đột xuất",
        ),
        ("báo cáo trước ngày 30/11 hằng năm về Sở Nội vụ", "Trước ngày 30/11 hằng năm"),
        ("hoàn thành trước ngày 15 tháng 10 năm 2023.", "Trước ngày 15 tháng 10 năm 2023"),
        ("hằng năm trước ngày 15 tháng 11 năm 2023 báo cáo", "Trước ngày 15 tháng 11 năm 2023"),
        ("Theo dõi, kiểm tra, báo cáo Ủy ban nhân dân tỉnh theo quy định.", None),
    ],
)
def test_a_deadline_inside_a_sentence_is_found_with_its_recurrence(sentence, phrase):
    assert timeframe_in(sentence) == phrase


def test_a_plan_to_be_built_is_the_undated_product():
    text = (
        "các cơ quan, đơn vị xây dựng Kế hoạch triển khai thi hành Luật trong phạm vi quản lý của cơ quan, đơn vị "
        "phù hợp với tình hình thực tiễn."
    )
    assert product_in(text) == "Kế hoạch triển khai thi hành Luật trong phạm vi quản lý của cơ quan, đơn vị"
