"""Build bao-cao-nam.docx, the Word template of the report, in the layout of Decree 30/2020/NĐ-CP.

Run `python -m reports.templates.build_template` after changing this file and
commit the .docx it writes. Operators restyle the committed file in Word: every kind
of paragraph has its own named style ("Báo cáo - …"), and the Jinja tags ({{ … }},
{%p … %}, {%tr … %}) are the only thing that must survive their edits.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

TEMPLATE = Path(__file__).with_name("bao-cao-nam.docx")
FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15

# Section headings of the report body (the plan's items follow the plan's own numbering).
SECTION_I = "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH TRONG KỲ BÁO CÁO"
SECTION_II = "II. NHIỆM VỤ ĐẾN HẠN TRONG CÁC KỲ TRƯỚC"
SECTION_III = "III. ĐÁNH GIÁ CHUNG"
SECTION_IV = "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT CỦA CÁC CƠ QUAN, ĐƠN VỊ"
SECTION_V = "V. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"
SECTION_VI = "VI. ĐỀ XUẤT, KIẾN NGHỊ"

ITEM_COLUMNS = [
    ("Mục", "label", 17),
    ("Tổng số", "total", 12),
    ("HT đúng hạn", "done_on_time", 13.5),
    ("HT quá hạn", "done_late", 13.5),
    ("HT không thời hạn", "done_undated", 13.5),
    ("Chưa HT, trong hạn", "open_within_deadline", 13.5),
    ("Chưa HT, quá hạn", "open_overdue", 13.5),
    ("Chờ điều kiện", "waiting", 13.5),
    ("Chưa HT, không thời hạn", "no_deadline", 13.5),
    ("Phải HT", "expected", 12),
    ("Tỷ lệ HT", "reporting_rate", 13.5),
    ("Tỷ lệ đúng hạn", "on_time_rate", 13.5),
]
KIND_COLUMNS = [
    ("Loại cơ quan, đơn vị", "label", 40),
    ("Tổng số", "total", 15),
    ("Phải HT", "expected", 15),
    ("Đã HT", "reported", 15),
    ("HT đúng hạn", "done_on_time", 16),
    ("HT không thời hạn", "done_undated", 16),
    ("Chưa HT, quá hạn", "open_overdue", 17),
    ("Tỷ lệ HT", "reporting_rate", 16),
    ("Tỷ lệ đúng hạn", "on_time_rate", 15),
]
EARLIER_COLUMNS = [
    ("Mục", "label", 25),
    ("Tổng số", "total", 20),
    ("HT trong kỳ báo cáo", "done", 24),
    ("Chưa HT, quá hạn", "open_overdue", 24),
    ("Chưa HT, trong hạn", "open_within_deadline", 24),
    ("Chờ điều kiện", "waiting", 24),
    ("Chưa HT, không thời hạn", "no_deadline", 24),
]


def set_fonts(element_rpr, size: float | None = None) -> None:
    """Times New Roman for every script, Vietnamese as the proofing language."""
    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    lang = element_rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        element_rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def document_defaults(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr())
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_before = Pt(6)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = 1.1
    fmt.widow_control = True
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            rpr = style.element.rPr
            if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
                set_fonts(rpr)


def paragraph_style(
    doc,
    name: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    before: float = 6,
    after: float = 0,
    keep_with_next: bool = False,
    single: bool = False,
):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(1.27) if indent else Cm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_with_next
    if single:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    return style


def make_styles(doc) -> None:
    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    paragraph_style(doc, "Báo cáo - Đầu trang", size=13, align=center, indent=False, before=0, single=True)
    paragraph_style(doc, "Báo cáo - Đường kẻ", size=2, align=center, indent=False, before=6, single=True)
    paragraph_style(doc, "Báo cáo - Tên loại", bold=True, align=center, indent=False, before=24, single=True)
    paragraph_style(doc, "Báo cáo - Trích yếu", bold=True, align=center, indent=False, before=0, single=True)
    paragraph_style(doc, "Báo cáo - Kính gửi", align=center, indent=False, before=12, after=12)
    paragraph_style(doc, "Báo cáo - Mục lớn", bold=True, before=12, keep_with_next=True)
    paragraph_style(doc, "Báo cáo - Phần", bold=True, italic=True, keep_with_next=True)
    paragraph_style(doc, "Báo cáo - Mục nhỏ", bold=True, keep_with_next=True)
    paragraph_style(doc, "Báo cáo - Nhiệm vụ", italic=True, keep_with_next=True)
    paragraph_style(doc, "Báo cáo - Gạch đầu dòng")
    paragraph_style(
        doc,
        "Báo cáo - Tên bảng",
        size=13,
        bold=True,
        align=center,
        indent=False,
        before=12,
        after=6,
        keep_with_next=True,
    )
    paragraph_style(doc, "Báo cáo - Bảng", size=11, align=center, indent=False, before=2, after=2, single=True)
    paragraph_style(doc, "Báo cáo - Bảng, cột tên", size=11, align=left, indent=False, before=2, after=2, single=True)
    paragraph_style(
        doc, "Báo cáo - Đầu bảng", size=10, bold=True, align=center, indent=False, before=2, after=2, single=True
    )
    paragraph_style(doc, "Báo cáo - Ghi chú", size=12, italic=True, before=3)
    paragraph_style(
        doc, "Báo cáo - Nơi nhận", size=12, bold=True, italic=True, align=left, indent=False, before=12, single=True
    )
    paragraph_style(doc, "Báo cáo - Danh sách nơi nhận", size=11, align=left, indent=False, before=0, single=True)
    paragraph_style(doc, "Báo cáo - Chữ ký", bold=True, align=center, indent=False, before=0, single=True)
    paragraph_style(doc, "Báo cáo - Lệnh mẫu", size=8, align=left, indent=False, before=0, single=True)


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    # Word stores margins in twips: round up so that 20, 30 and 15 mm stay inside the decree's ranges.
    section.top_margin, section.bottom_margin = _twips_at_least(20), _twips_at_least(20)
    section.left_margin, section.right_margin = _twips_at_least(30), _twips_at_least(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = doc.styles["Báo cáo - Đầu trang"]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(header)


def _twips_at_least(mm: float) -> Twips:
    return Twips(math.ceil(mm / 25.4 * 1440))


def page_field(paragraph) -> None:
    """A PAGE field: the page number, top centre, hidden on page 1 by the different first-page header."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def rule(cell, width_mm: float, cell_mm: float) -> None:
    """A short solid rule centred in a header cell, drawn as the top border of an empty paragraph."""
    p = cell.add_paragraph(style="Báo cáo - Đường kẻ")
    side = Mm((cell_mm - width_mm) / 2)
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    p._p.get_or_add_pPr().append(borders)


def borderless(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def widths(table, millimetres: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, millimetres):
            cell.width = Mm(width)
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), millimetres):
        column.set(qn("w:w"), str(int(width / 25.4 * 1440)))


def write(
    cell_or_doc,
    text: str,
    style: str,
    *,
    bold: bool | None = None,
    italic: bool | None = None,
    highlight: bool = False,
    first: bool = False,
):
    """Add a paragraph (or fill a cell's first, empty one) with `text` in `style`."""
    if first:
        p = cell_or_doc.paragraphs[0]
        p.style = style
    else:
        p = cell_or_doc.add_paragraph(style=style)
    run = p.add_run(text)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return p


def tag(doc, text: str) -> None:
    """A paragraph holding only a {%p … %} tag; docxtpl removes it when rendering."""
    doc.add_paragraph(text, style="Báo cáo - Lệnh mẫu")


def header_block(doc) -> None:
    left_mm, right_mm = 62, TEXT_WIDTH_MM - 62
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borderless(table)
    widths(table, [left_mm, right_mm])
    body, nation = table.cell(0, 0), table.cell(0, 1)
    write(body, "{{ parent_body }}", "Báo cáo - Đầu trang", first=True)
    write(body, "{{ body }}", "Báo cáo - Đầu trang", bold=True)
    rule(body, 18, left_mm)
    write(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Báo cáo - Đầu trang", bold=True, first=True)
    nation.paragraphs[0].runs[0].font.size = Pt(12)
    motto = write(nation, "Độc lập - Tự do - Hạnh phúc", "Báo cáo - Đầu trang", bold=True)
    motto.runs[0].font.size = Pt(13)
    rule(nation, 58, right_mm)
    number, place = table.cell(1, 0), table.cell(1, 1)
    write(number, "{{ number_line }}", "Báo cáo - Đầu trang", first=True).paragraph_format.space_before = Pt(6)
    dated = write(place, "{{ place_date_line }}", "Báo cáo - Đầu trang", italic=True, first=True)
    dated.paragraph_format.space_before = Pt(6)
    dated.runs[0].font.size = Pt(14)


def row_flag(row, name: str) -> None:
    """Set a row property such as w:cantSplit (keep the row on one page) or w:tblHeader (repeat it)."""
    row._tr.get_or_add_trPr().append(OxmlElement(f"w:{name}"))


def figures_table(doc, columns, rows_name: str, total: str | None, *, names_left: bool = False) -> None:
    """A bordered table: a repeated header row, one row per entry of `rows_name`, then an optional total row."""
    table = doc.add_table(rows=4 + (1 if total else 0), cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, [w for _, _, w in columns])
    for row in table.rows:
        row_flag(row, "cantSplit")
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    row_flag(table.rows[0], "tblHeader")
    for cell, (title, _, _) in zip(table.rows[0].cells, columns):
        write(cell, title, "Báo cáo - Đầu bảng", first=True)
    write(table.cell(1, 0), f"{{%tr for r in {rows_name} %}}", "Báo cáo - Bảng", first=True)
    for index, (cell, (_, field, _)) in enumerate(zip(table.rows[2].cells, columns)):
        style = "Báo cáo - Bảng, cột tên" if names_left and index == 0 else "Báo cáo - Bảng"
        write(cell, f"{{{{ r.{field} }}}}", style, first=True)
    write(table.cell(3, 0), "{%tr endfor %}", "Báo cáo - Bảng", first=True)
    if total:
        for index, (cell, (_, field, _)) in enumerate(zip(table.rows[4].cells, columns)):
            style = "Báo cáo - Bảng, cột tên" if names_left and index == 0 else "Báo cáo - Bảng"
            write(cell, f"{{{{ {total}.{field} }}}}", style, bold=True, first=True)


def section_one(doc) -> None:
    write(doc, SECTION_I, "Báo cáo - Mục lớn")
    tag(doc, "{%p for b in results %}")
    tag(doc, "{%p if b.is_part %}")
    write(doc, "{{ b.title }}", "Báo cáo - Phần")
    tag(doc, "{%p elif b.is_heading %}")
    write(doc, "{{ b.number }} {{ b.title }}", "Báo cáo - Mục nhỏ")
    tag(doc, "{%p else %}")
    item = write(doc, "{{ b.number }}", "Báo cáo - Nhiệm vụ", bold=True)
    item.add_run(" {{ b.title }}")
    tag(doc, "{%p for line in b.lines %}")
    write(doc, "- {{ line }}", "Báo cáo - Gạch đầu dòng")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def listed(doc, name: str, empty: str) -> None:
    tag(doc, f"{{%p if {name} %}}")
    tag(doc, f"{{%p for line in {name} %}}")
    write(doc, "- {{ line }}", "Báo cáo - Gạch đầu dòng")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    write(doc, empty, "Báo cáo - Gạch đầu dòng")
    tag(doc, "{%p endif %}")


def section_two(doc) -> None:
    """Obligations due before the period, still open on the cut-off day or completed in the period."""
    write(doc, SECTION_II, "Báo cáo - Mục lớn")
    write(doc, "{{ earlier_intro }}", "Normal")
    tag(doc, "{%p if earlier %}")
    write(
        doc,
        "Bảng 1. Nhiệm vụ đến hạn trong các kỳ trước chưa hoàn thành hoặc hoàn thành trong kỳ",
        "Báo cáo - Tên bảng",
    )
    figures_table(doc, EARLIER_COLUMNS, "earlier_rows", "earlier_total_row")
    tag(doc, "{%p for b in earlier %}")
    item = write(doc, "{{ b.number }}", "Báo cáo - Nhiệm vụ", bold=True)
    item.add_run(" {{ b.title }}")
    tag(doc, "{%p for line in b.lines %}")
    write(doc, "- {{ line }}", "Báo cáo - Gạch đầu dòng")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def bullets(doc, name: str) -> None:
    tag(doc, f"{{%p for line in {name} %}}")
    write(doc, "- {{ line }}", "Báo cáo - Gạch đầu dòng")
    tag(doc, "{%p endfor %}")


def section_three(doc) -> None:
    write(doc, SECTION_III, "Báo cáo - Mục lớn")
    write(doc, "1. Kết quả chung", "Báo cáo - Mục nhỏ")
    write(doc, "{{ overview }}", "Normal")
    write(doc, "Bảng 2. Kết quả thực hiện theo từng mục của Kế hoạch trong kỳ báo cáo", "Báo cáo - Tên bảng")
    figures_table(doc, ITEM_COLUMNS, "item_rows", "total_row")
    write(doc, "{{ table_note }}", "Báo cáo - Ghi chú")
    write(doc, "2. Kết quả theo loại cơ quan, đơn vị", "Báo cáo - Mục nhỏ")
    write(doc, "Bảng 3. Kết quả thực hiện theo loại cơ quan, đơn vị trong kỳ báo cáo", "Báo cáo - Tên bảng")
    figures_table(doc, KIND_COLUMNS, "kind_rows", "total_row", names_left=True)
    write(doc, "3. Số liệu kết quả thực hiện do các cơ quan, đơn vị báo cáo", "Báo cáo - Mục nhỏ")
    listed(doc, "figure_lines", "Các cơ quan, đơn vị chưa báo cáo số liệu kết quả thực hiện trong kỳ báo cáo.")
    write(doc, "4. Mức độ kịp thời của các cơ quan, đơn vị", "Báo cáo - Mục nhỏ")
    bullets(doc, "ranking_lines")
    write(doc, "5. Nhận xét, đánh giá", "Báo cáo - Mục nhỏ")
    bullets(doc, "assessment")


def section_four_to_six(doc) -> None:
    write(doc, SECTION_IV, "Báo cáo - Mục lớn")
    write(doc, "1. Khó khăn, vướng mắc", "Báo cáo - Mục nhỏ")
    listed(doc, "difficulties", "Các cơ quan, đơn vị không phản ánh khó khăn, vướng mắc trong kỳ báo cáo.")
    write(doc, "2. Đề xuất, kiến nghị của các cơ quan, đơn vị", "Báo cáo - Mục nhỏ")
    listed(doc, "proposals", "Các cơ quan, đơn vị không có đề xuất, kiến nghị trong kỳ báo cáo.")
    write(doc, SECTION_V, "Báo cáo - Mục lớn")
    bullets(doc, "next_tasks")
    write(doc, SECTION_VI, "Báo cáo - Mục lớn")
    write(doc, "{{ recommendations_placeholder }}", "Normal", italic=True, highlight=True)
    write(doc, "{{ closing }}", "Normal").paragraph_format.keep_with_next = True


def closing_block(doc) -> None:
    """Nơi nhận on the left, the signature on the right, in a borderless table."""
    left_mm, right_mm = 80, TEXT_WIDTH_MM - 80
    table = doc.add_table(rows=1, cols=2)
    borderless(table)
    # Pull the table left by the cell padding so that "Nơi nhận:" starts at the margin.
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "-108")
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(indent)
    widths(table, [left_mm, right_mm])
    row_flag(table.rows[0], "cantSplit")
    recipients, signer = table.cell(0, 0), table.cell(0, 1)
    write(recipients, "Nơi nhận:", "Báo cáo - Nơi nhận", first=True)
    write(recipients, "{%p for line in distribution %}", "Báo cáo - Lệnh mẫu")
    write(recipients, "{{ line }}", "Báo cáo - Danh sách nơi nhận")
    write(recipients, "{%p endfor %}", "Báo cáo - Lệnh mẫu")
    write(signer, "{%p if signer.authority %}", "Báo cáo - Lệnh mẫu", first=True)
    write(signer, "{{ signer.authority }}", "Báo cáo - Chữ ký").paragraph_format.space_before = Pt(12)
    write(signer, "{%p endif %}", "Báo cáo - Lệnh mẫu")
    write(signer, "{{ signer.title }}", "Báo cáo - Chữ ký")
    for _ in range(4):
        write(signer, "", "Báo cáo - Chữ ký")
    write(signer, "{{ signer.name }}", "Báo cáo - Chữ ký")


def build(path: Path = TEMPLATE) -> Path:
    doc = Document()
    document_defaults(doc)
    make_styles(doc)
    page_setup(doc)
    body = doc.paragraphs[0] if doc.paragraphs else None
    header_block(doc)
    if body is not None:
        body._p.getparent().remove(body._p)
    write(doc, "BÁO CÁO", "Báo cáo - Tên loại")
    write(doc, "{{ summary_line }}", "Báo cáo - Trích yếu")
    write(doc, "{{ recipient_line }}", "Báo cáo - Kính gửi")
    write(doc, "{{ intro }}", "Normal")
    write(doc, "{{ period_line }}", "Báo cáo - Ghi chú")
    section_one(doc)
    section_two(doc)
    section_three(doc)
    section_four_to_six(doc)
    closing_block(doc)
    core = doc.core_properties
    core.title, core.author, core.language = "Mẫu báo cáo kết quả thực hiện kế hoạch", "dondoc", "vi-VN"
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE))
