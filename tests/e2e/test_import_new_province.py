"""Another province starts from its own lists: an Excel directory and a plan text drive `dondoc init`."""

from __future__ import annotations

import csv
from pathlib import Path

from plan_definition.importing.directory_list import COLUMNS, write_rows

from .conftest import run

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_a_directory_imported_from_an_excel_list_validates_and_drives_init(home, capsys, tmp_path, monkeypatch):
    with (FIXTURES / "danh-ba-vinh-long-2025.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [dict(zip([c.key for c in COLUMNS], r)) for r in list(csv.reader(handle))[1:]]
    workbook = tmp_path / "danh-ba.xlsx"
    write_rows(workbook, rows)
    directory, plan = tmp_path / "danh-ba.yaml", tmp_path / "ke-hoach.yaml"

    assert run(capsys, "agencies", "import", str(workbook), "-o", str(directory))[0] == 0
    document = FIXTURES / "hinh-dang" / "bang-bay-cot-noi-dung-thuc-hien.md"
    code, _out, err = run(
        capsys, "plan", "import", str(document), "--directory", str(directory), "-o", str(plan), "--strict"
    )
    assert code == 0, err
    assert run(capsys, "plan", "validate", str(plan), "--directory", str(directory))[0] == 0

    monkeypatch.setenv("DONDOC_PLAN", str(plan))
    monkeypatch.setenv("DONDOC_DIRECTORY", str(directory))
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert "cơ quan: thêm 14" in out and "mục: thêm 9" in out
