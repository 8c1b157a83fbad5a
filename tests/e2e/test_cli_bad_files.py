"""A broken import file is one clear error naming the file and what is wrong: exit 2, nothing written."""

from __future__ import annotations

import csv
import io
import unicodedata

import openpyxl
import pytest

from .conftest import run
from .test_cli_foundation import dump

KEYS = ["item", "agency", "period", "state", "date", "document", "note"]
HEADER = ["Mục", "Mã cơ quan", "Kỳ", "Trạng thái", "Ngày báo cáo", "Số, ký hiệu văn bản", "Ghi chú"]


def row(**changes) -> list[str]:
    values = {"item": "2.1", "agency": "so-noi-vu", "period": "", "state": "hoan-thanh", "date": "2024-03-20"}
    values |= {"document": "45/TTr-SNV", "note": "Đã trình UBND tỉnh"} | changes
    return list(values.values())


def csv_text(*rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue()


def write_csv(path, *rows, encoding="utf-8", header=HEADER):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    text = buffer.getvalue()
    if encoding == "cp1258":  # Windows-1258 writes most tone marks as combining characters
        text = "".join(c if c in "ưƯơƠđĐâÂêÊôÔăĂ" else unicodedata.normalize("NFD", c) for c in text)
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, *rows):
    book = openpyxl.Workbook()
    for values in [HEADER, *rows]:
        book.active.append(values)
    book.save(path)
    return path


CASES = {
    "windows-1258": (
        lambda d: write_csv(
            d / "bao-cao.csv", row(note="Đã trình Ủy ban nhân dân tỉnh"), encoding="cp1258", header=KEYS
        ),
        "dòng 2: tệp CSV không có mã UTF-8 (byte 0x",
    ),
    "utf-16": (
        lambda d: write_csv(d / "bao-cao.csv", row(), encoding="utf-16"),
        "tệp CSV có mã UTF-16, không phải UTF-8",
    ),
    "utf-16 without a byte order mark": (
        lambda d: write_csv(d / "bao-cao.csv", row(), encoding="utf-16-le"),
        "tệp CSV có mã UTF-16, không phải UTF-8",
    ),
    "a field over 128 KiB": (
        lambda d: write_csv(d / "bao-cao.csv", row(note="x" * (128 * 1024 + 1))),
        "dòng 2: có ô dài hơn 131.072 ký tự; ô dài nhất được nhận là 5.000 ký tự",
    ),
    "a note over the limit": (
        lambda d: write_csv(d / "bao-cao.csv", row(note="y" * 100_000)),
        "dòng 2: cột 'Ghi chú': dài 100.000 ký tự, tối đa 5.000 ký tự",
    ),
    "a note over the limit in a workbook": (
        lambda d: write_xlsx(d / "bao-cao.xlsx", row(note="y" * 6_000)),
        "dòng 2: cột 'Ghi chú': dài 6.000 ký tự, tối đa 5.000 ký tự",
    ),
    "a fake workbook": (
        lambda d: (d / "bao-cao.xlsx").write_text(csv_text(row())) and d / "bao-cao.xlsx",
        "không phải bảng tính Excel (.xlsx)",
    ),
    "a day that does not exist": (
        lambda d: write_csv(d / "bao-cao.csv", row(date="2024-02-30")),
        "dòng 2: cột 'Ngày báo cáo': ngày '2024-02-30' không có: tháng 2 năm 2024 có 29 ngày",
    ),
    "a NUL byte": (
        lambda d: write_csv(d / "bao-cao.csv", row(document="45/TTr\x00-SNV")),
        "dòng 2: cột 'Số, ký hiệu văn bản': ký tự U+0000 (NUL) ở vị trí 7 không được dùng (chỉ một dòng)",
    ),
    "a line separator": (
        lambda d: write_xlsx(d / "bao-cao.xlsx", row(document="45/TTr-SNV\u2028ngày 20/3")),
        "dòng 2: cột 'Số, ký hiệu văn bản': ký tự U+2028 (LINE SEPARATOR) ở vị trí 11 không được dùng",
    ),
    "a next-line character": (
        lambda d: write_csv(d / "bao-cao.csv", row(document="45/TTr-SNV\x85ngày 20/3")),
        "dòng 2: cột 'Số, ký hiệu văn bản': ký tự U+0085 (NEL) ở vị trí 11 không được dùng",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_import_file_is_refused_with_exit_2_naming_the_file_and_nothing_is_written(home, capsys, tmp_path, case):
    make, message = CASES[case]
    path = make(tmp_path)
    run(capsys, "init")
    before = dump(home / "dondoc.db")
    code, _, err = run(capsys, "import-submissions", str(path))
    assert code == 2, err
    assert err.startswith(f"Lỗi: {path}: "), err
    assert message in " ".join(err.split()), err
    assert "Traceback" not in err
    assert dump(home / "dondoc.db") == before


def test_a_note_on_several_lines_within_the_limit_is_imported(home, capsys, tmp_path):
    path = write_csv(tmp_path / "bao-cao.csv", row(note="Dòng một.\nDòng hai.\tCó tab."))
    run(capsys, "init")
    code, out, err = run(capsys, "import-submissions", str(path))
    assert code == 0 and "Đã nhập 1 báo cáo" in out, err


def test_a_note_with_a_nul_byte_is_refused_on_the_command_line(home, capsys):
    run(capsys, "init")
    before = dump(home / "dondoc.db")
    code, _, err = run(capsys, "record", "2.1", "so-noi-vu", "--state", "hoan-thanh", "--date", "2024-03-20",
                       "--note", "Đã trình\x00")  # fmt: skip
    assert code == 2 and err.startswith("Lỗi: cột 'Ghi chú': ký tự U+0000 (NUL) ở vị trí 9"), err
    assert dump(home / "dondoc.db") == before
