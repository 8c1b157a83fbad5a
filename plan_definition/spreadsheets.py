"""Lists an office keeps as spreadsheets (.xlsx or .csv): reading their rows, and an empty one to fill in.

The agencies' list (a directory) and the agencies' reports (submissions) are both read here, so that a
file saved in the wrong encoding or a damaged workbook is refused the same way, naming the file and the
line, with what to do about it.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

Refusal = Callable[[str], Exception]  # the error a caller raises for an unreadable file, given its message
SUFFIXES = (".xlsx", ".csv")
RESAVE = "hãy mở tệp và lưu lại dưới dạng 'CSV UTF-8 (Comma delimited)' rồi nhập lại"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    help: str


def read_rows(path: Path, refuse: Refusal, *, longest_cell: int | None = None) -> list[tuple[int, list]]:
    """The rows of the file's first sheet, numbered from 1 as the user sees them, cells as the file holds them.

    `longest_cell` is the longest text a caller accepts, said when a .csv cell is past csv's own limit.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, refuse, longest_cell)
    if suffix == ".xlsx":
        return _read_xlsx(path, refuse)
    raise refuse(f"{path}: chỉ nhận tệp .xlsx hoặc .csv, không nhận '{suffix or '(không có đuôi)'}'")


def _decode_csv(path: Path, raw: bytes, refuse: Refusal) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or raw[:64].count(0) * 3 > len(raw[:64]):
        raise refuse(f"{path}: tệp CSV có mã UTF-16, không phải UTF-8; {RESAVE}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise refuse(
            f"{path}: dòng {line}: tệp CSV không có mã UTF-8 (byte 0x{raw[exc.start]:02X} ở vị trí {exc.start + 1}; "
            f"có thể là Windows-1258 hoặc TCVN3); {RESAVE}"
        ) from None


def _read_csv(path: Path, refuse: Refusal, longest_cell: int | None) -> list[tuple[int, list]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(f"{path}: không đọc được tệp: {exc.strerror or exc}") from None
    reader = csv.reader(io.StringIO(_decode_csv(path, raw, refuse), newline=""))
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            rows.append((number, row))
    except csv.Error as exc:
        line = reader.line_num
        if "field larger than field limit" in str(exc):
            accepted = f"; ô dài nhất được nhận là {longest_cell:,} ký tự" if longest_cell else ""
            raise refuse(
                f"{path}: dòng {line}: có ô dài hơn {csv.field_size_limit():,} ký tự{accepted}".replace(",", ".")
            ) from None
        raise refuse(f"{path}: dòng {line}: tệp CSV không hợp lệ: {exc}") from None
    return rows


def _read_xlsx(path: Path, refuse: Refusal) -> list[tuple[int, list]]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)]
        finally:
            workbook.close()
    except OSError as exc:
        raise refuse(f"{path}: không đọc được tệp: {exc.strerror or exc}") from None
    except (zipfile.BadZipFile, InvalidFileException):
        raise refuse(f"{path}: không phải bảng tính Excel (.xlsx); hãy mở tệp và lưu lại dạng .xlsx") from None
    except Exception as exc:  # a damaged workbook fails in many ways inside openpyxl
        raise refuse(
            f"{path}: bảng tính Excel bị hỏng, không đọc được ({exc.__class__.__name__}); "
            "hãy mở tệp và lưu lại dạng .xlsx"
        ) from None


@dataclass(frozen=True)
class Choices:
    """A column whose cells are picked from a list, in the workbook written."""

    column: str  # its key
    values: Sequence[str]


def write_sheet(
    path: Path,
    columns: Sequence[Column],
    rows: Sequence[dict],
    *,
    title: str,
    refuse: Refusal,
    widths: Sequence[int] = (),
    choices: Choices | None = None,
    notes: Sequence[tuple[str, str]] = (),
) -> None:
    """A list in the columns' layout, with `rows` filled in: .csv, or .xlsx with a sheet explaining each column
    (and `notes`, lines of (heading, text) after the columns)."""
    suffix = path.suffix.lower()
    table = [[c.label for c in columns]] + [[row.get(c.key, "") or "" for c in columns] for row in rows]
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(table)
        return
    if suffix != ".xlsx":
        raise refuse(f"{path}: tệp mẫu chỉ có dạng .xlsx hoặc .csv, không nhận '{suffix or '(không có đuôi)'}'")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in table:
        sheet.append(line)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for n, _column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(n + 1)].width = widths[n] if n < len(widths) else 28
    if choices is not None:
        letter = get_column_letter([c.key for c in columns].index(choices.column) + 1)
        validation = DataValidation(type="list", formula1='"' + ",".join(choices.values) + '"', allow_blank=False)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append([column.label, "có" if column.required else "không", column.help])
    if notes:
        guide.append([])
    for heading, text in notes:
        guide.append([heading, "", text])
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["C"].width = 110
    workbook.save(path)
