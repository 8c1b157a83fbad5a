"""The header of a plan comes out right whatever a copy did to its layout."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from plan_definition.importing import read_header

FIXTURES = Path(__file__).parent.parent / "fixtures"


def header(issuer, kind, number, place, day, title) -> dict:
    return {"issuer": issuer, "kind": kind, "number": number, "place": place, "date": day, "title": title}


DAN_CHU = "Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở"
CASES = [
    pytest.param(
        "ke-hoach-86-kh-ubnd-2023.txt",
        header("Ủy ban nhân dân tỉnh Trà Vinh", "Kế hoạch", "86/KH-UBND", "Trà Vinh", "2023-09-15", DAN_CHU),
        id="seed without an issuer block: issuer from 'TM. ỦY BAN NHÂN DÂN' and the place",
    ),
    pytest.param(
        "headers/phang-bang-gach-dung.txt",
        header(
            "Ủy ban nhân dân tỉnh Sóc Trăng",
            "Kế hoạch",
            "142/KH-UBND",
            "Sóc Trăng",
            "2023-06-07",
            f"{DAN_CHU} trên địa bàn tỉnh Sóc Trăng",
        ),
        id="cells flattened with '|'",
    ),
    pytest.param(
        "headers/mot-dong.txt",
        header(
            "Ủy ban nhân dân tỉnh Bến Tre",
            "Kế hoạch",
            "3721/KH-UBND",
            "Bến Tre",
            "2023-06-26",
            f"{DAN_CHU} trên địa bàn tỉnh Bến Tre",
        ),
        id="whole header on one line, kind and title on one line",
    ),
    pytest.param(
        "headers/ngay-xuong-dong.txt",
        header(
            "Ủy ban nhân dân huyện Tiểu Cần",
            "Kế hoạch",
            "201/KH-UBND",
            "Tiểu Cần",
            "2023-10-25",
            f"{DAN_CHU} trên địa bàn huyện Tiểu Cần",
        ),
        id="date and title broken across lines",
    ),
    pytest.param(
        "headers/thu-vien-tab.txt",
        header(
            "Ủy ban nhân dân tỉnh Cà Mau",
            "Kế hoạch",
            "152/KH-UBND",
            "Cà Mau",
            "2023-07-14",
            "TRIỂN KHAI THI HÀNH LUẬT THỰC HIỆN DÂN CHỦ Ở CƠ SỞ TRÊN ĐỊA BÀN TỈNH CÀ MAU",
        ),
        id="web copy: cells split by tabs, rules, title in capitals",
    ),
    pytest.param(
        "headers/uy-cu-chu-thuong.txt",
        header(
            "Ủy ban nhân dân tỉnh Trà Vinh",
            "Kế hoạch",
            "58/KH-UBND",
            "Trà Vinh",
            "2024-04-05",
            "Thực hiện Chỉ thị số 30-CT/TW về đổi mới công tác dân vận",
        ),
        id="old tone marks (UỶ, HOÀ), symbol in lower case with spaces, title starting 'Thực hiện'",
    ),
    pytest.param(
        "headers/thieu-dong-loai-van-ban.txt",
        header(
            "Ủy ban nhân dân tỉnh Trà Vinh",
            "Quyết định",
            "12/QĐ-UBND",
            "Trà Vinh",
            "2024-01-03",
            "Về việc ban hành Kế hoạch cải cách hành chính năm 2024",
        ),
        id="kind line lost: kind from the symbol, title from what follows the date",
    ),
    pytest.param(
        "headers/du-thao-chua-so.txt",
        header("Ủy ban nhân dân tỉnh Trà Vinh", "Kế hoạch", None, "Trà Vinh", None, DAN_CHU),
        id="unsigned draft: no number, no day, 'DỰ THẢO' is not the issuer",
    ),
    pytest.param(
        "headers/chi-co-phan-kem-theo.txt",
        header(
            "Ủy ban nhân dân tỉnh Trà Vinh",
            "Kế hoạch",
            "1520/QĐ-UBND",
            None,
            "2024-08-04",
            "Triển khai thi hành Luật Đất đai năm 2024 trên địa bàn tỉnh Trà Vinh",
        ),
        id="only the attached plan: number, date and issuer from 'Ban hành kèm theo'",
    ),
    pytest.param(
        "quyet-dinh-kem-ke-hoach-dat-dai.txt",
        header(
            "Ủy ban nhân dân tỉnh Trà Vinh",
            "Quyết định",
            "1520/QĐ-UBND",
            "Trà Vinh",
            "2024-08-04",
            "Ban hành Kế hoạch triển khai thi hành Luật Đất đai năm 2024 trên địa bàn tỉnh Trà Vinh",
        ),
        id="decision carrying the plan: the decision's own header",
    ),
    pytest.param(
        "ke-hoach-so-noi-vu-tap-huan.txt",
        header(
            "Sở Nội vụ tỉnh Trà Vinh",
            "Kế hoạch",
            "123/KH-SNV",
            "Trà Vinh",
            "2023-09-15",
            "Tổ chức tập huấn chuyên sâu Luật Thực hiện dân chủ ở cơ sở năm 2023",
        ),
        id="a department's plan under 'UBND TỈNH TRÀ VINH', date broken across lines",
    ),
    pytest.param(
        "ke-hoach-pho-bien-phap-luat-bang.md",
        header(
            "Ủy ban nhân dân tỉnh Trà Vinh",
            "Kế hoạch",
            "211/KH-UBND",
            "Trà Vinh",
            "2023-12-28",
            "Phổ biến, giáo dục pháp luật năm 2024",
        ),
        id="Markdown with the header in a table",
    ),
    pytest.param(
        "ke-hoach-vinh-long-ban-pdf.txt",
        header(
            "Ủy ban nhân dân tỉnh Vĩnh Long",
            "Kế hoạch",
            "75/KH-UBND",
            "Vĩnh Long",
            "2023-04-20",
            f"{DAN_CHU} trên địa bàn tỉnh Vĩnh Long",
        ),
        id="PDF copy: columns apart by spaces, title wrapped",
    ),
    pytest.param(
        "ke-hoach-ban-sao-web.txt",
        header(
            "Ủy ban nhân dân tỉnh Hậu Giang",
            "Kế hoạch",
            "112/KH-UBND",
            "Vị Thanh",
            "2023-05-19",
            "TRIỂN KHAI THI HÀNH LUẬT THỰC HIỆN DÂN CHỦ Ở CƠ SỞ TRÊN ĐỊA BÀN TỈNH HẬU GIANG",
        ),
        id="web copy: one cell per line closed by '|', first words broken off ('ỦY', 'Số:', 'Vị')",
    ),
    pytest.param(
        "ke-hoach-bang-ban-sao-web.txt",
        header(
            "Ủy ban nhân dân tỉnh Trà Vinh",
            "Kế hoạch",
            "77/KH-UBND",
            "Trà Vinh",
            "2024-04-03",
            "THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN NĂM 2024",
        ),
        id="web copy whose items table is flattened the same way",
    ),
    pytest.param(
        "ke-hoach-cat-cut-cang-long.txt",
        header(
            "Ủy ban nhân dân huyện Càng Long",
            "Kế hoạch",
            "45/KH-UBND",
            "Càng Long",
            "2023-10-02",
            f"{DAN_CHU} trên địa bàn huyện Càng Long",
        ),
        id="document cut off in its first section",
    ),
]


@pytest.mark.parametrize("fixture, expected", CASES)
def test_the_header_fields_come_out_right(fixture, expected):
    assert read_header(FIXTURES / fixture).as_json() == expected


def test_a_word_header_table_reads_like_the_printed_one(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH TRÀ VINH"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 86/KH-UBND"
    table.cell(1, 1).text = "Trà Vinh, ngày 15 tháng 9 năm 2023"
    for text in (
        "KẾ HOẠCH",
        DAN_CHU,
        "",
        "Thực hiện Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022, "
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
    ):
        document.add_paragraph(text)
    document.save(str(tmp_path / "header.docx"))
    found = read_header(tmp_path / "header.docx")
    assert found.as_json() == header(
        "Ủy ban nhân dân tỉnh Trà Vinh", "Kế hoạch", "86/KH-UBND", "Trà Vinh", "2023-09-15", DAN_CHU
    )
    assert found.legal_basis == ("Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022",)


@pytest.mark.parametrize(
    "fixture, expected",
    [
        (
            "headers/phang-bang-gach-dung.txt",
            ("Quyết định số 346/QĐ-TTg ngày 06 tháng 4 năm 2023 của Thủ tướng Chính phủ",),
        ),
        (
            "ke-hoach-ban-sao-web.txt",
            (
                "Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022",
                "Quyết định số 346/QĐ-TTg ngày 06 tháng 4 năm 2023 của Thủ tướng Chính phủ ban hành Kế hoạch triển khai "
                "thi hành Luật Thực hiện dân chủ ở cơ sở",
            ),
        ),
        (
            "quyet-dinh-kem-ke-hoach-dat-dai.txt",
            (
                "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
                "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
                "ngày 22 tháng 11 năm 2019",
                "Luật Đất đai ngày 18 tháng 01 năm 2024",
                "Quyết định số 222/QĐ-TTg ngày 05 tháng 3 năm 2024 của Thủ tướng Chính phủ ban hành Kế hoạch triển khai "
                "thi hành Luật Đất đai",
            ),
        ),
    ],
    ids=[
        "symbol written QĐ-TTG comes out QĐ-TTg, the enacting clause is dropped",
        "a section 'CĂN CỨ XÂY DỰNG KẾ HOẠCH' listing the documents, lines broken mid-citation",
        "one citation per document, an amending law's title kept whole",
    ],
)
def test_the_legal_basis_lists_each_cited_document_once(fixture, expected):
    assert read_header(FIXTURES / fixture).legal_basis == expected


def test_the_issuer_inferred_from_the_signature_is_reported_as_such():
    notes = read_header(FIXTURES / "ke-hoach-86-kh-ubnd-2023.txt").notes
    assert notes == ("cơ quan ban hành suy ra từ chữ ký 'TM. …' và địa danh: Ủy ban nhân dân tỉnh Trà Vinh",)
