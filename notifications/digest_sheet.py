"""A digest's every notice as an .xlsx sheet, attached when the email itself would be too large.

Every cell holding text is written as text: a name or title beginning with = + - @
stays a string and never becomes a formula in Excel or LibreOffice.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from plan_definition.text import numeric_date

from .contexts import Section
from .rendering import section_label

HEADERS = (
    "STT",
    "Loại thông báo",
    "Mục",
    "Nội dung nhiệm vụ",
    "Cơ quan thực hiện",
    "Kỳ",
    "Hạn",
    "Tình trạng",
    "Số ngày làm việc so với hạn",
)
WIDTHS = (6, 26, 8, 60, 40, 22, 12, 28, 14)


def digest_workbook(sections: tuple[Section, ...], title: str) -> bytes:
    """One row per notice, in the digest's order."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    for n, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + n)].width = width
    sheet.append([_text(sheet, title, bold=True)])
    sheet.append([_text(sheet, h, bold=True) for h in HEADERS])
    number = 0
    for section in sections:
        label = section_label(section)
        for line in section.lines:
            number += 1
            sheet.append(
                [
                    number,
                    _text(sheet, label),
                    _text(sheet, line.item_code),
                    _text(sheet, line.item_title),
                    _text(sheet, line.agency_name),
                    _text(sheet, line.period_label),
                    _text(sheet, numeric_date(line.deadline)),
                    _text(sheet, line.state_label),
                    line.working_days,
                ]
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(sheet, value: str, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl takes a string beginning with "=" for a formula; this one is text
    if bold:
        cell.font = Font(bold=True)
    return cell
