"""`dondoc agencies import`: a directory from the list an office already keeps, every row or none."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from cli import cli, main
from plan_definition.errors import PlanError
from plan_definition.importing.directory_list import (
    COLUMNS,
    DirectoryListRejected,
    read_directory_list,
    write_rows,
)
from plan_definition.loading import load_directory

FIXTURES = Path(__file__).parent.parent / "fixtures"
LIST = FIXTURES / "danh-ba-vinh-long-2025.csv"
HEADER = [c.label for c in COLUMNS]


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], obj={})


def run_dondoc(capsys, *args) -> tuple[int, str]:
    """As the console script runs: bad input exits 2 with 'Lỗi: …' on stderr."""
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    return exit_.value.code, capsys.readouterr().err


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def row(**values) -> list[str]:
    base = {
        "name": "Sở Nội vụ",
        "kind": "co-quan-chuyen-mon",
        "head_title": "Giám đốc Sở Nội vụ",
        "head_email": "lanhdao@snv.example",
        "contact_email": "daumoi@snv.example",
    }
    base.update(values)
    return [base.get(c.key, "") for c in COLUMNS]


def test_a_csv_list_becomes_a_directory_file_that_the_loader_accepts(tmp_path):
    target = tmp_path / "danh-ba.yaml"
    result = run("agencies", "import", LIST, "-o", target)
    assert result.exit_code == 0, result.output
    directory = load_directory(target)
    assert directory.province == "Vĩnh Long"
    assert len(directory.agencies) == 14
    assert result.stdout.splitlines()[0] == f"Đã ghi {target}: 14 cơ quan, 5 nhóm (tỉnh Vĩnh Long)."


def test_codes_are_made_from_names_and_kinds_and_parents_may_be_written_in_words():
    data = read_directory_list(LIST)
    agencies = {a["code"]: a for a in data["agencies"]}
    assert agencies["so-nong-nghiep-va-moi-truong"]["name"] == "Sở Nông nghiệp và Môi trường"
    assert agencies["so-noi-vu"]["kind"] == "co-quan-chuyen-mon"  # written "Cơ quan chuyên môn thuộc UBND tỉnh"
    assert agencies["so-noi-vu"]["parent"] == "ubnd-tinh"  # written "Ủy ban nhân dân tỉnh Vĩnh Long"
    assert agencies["uy-ban-nhan-dan-xa-cang-long"]["kind"] == "ubnd-cap-xa"  # written "UBND cấp xã"


def test_groups_come_from_the_kinds_present_and_know_the_post_2025_commune_wording():
    data = read_directory_list(LIST)
    groups = {g["code"]: g for g in data["groups"]}
    assert set(groups) == {
        "cac-co-quan-don-vi",
        "so-ban-nganh-tinh",
        "co-quan-chuyen-mon-tinh",
        "ubnd-cap-xa",
        "hoi-dong-phoi-hop-pho-bien-phap-luat",
    }
    assert "UBND các xã, phường" in groups["ubnd-cap-xa"]["aliases"]
    assert groups["hoi-dong-phoi-hop-pho-bien-phap-luat"]["members"] == ["so-tu-phap", "so-khoa-hoc-va-cong-nghe"]


def test_an_xlsx_list_in_the_template_layout_imports_like_a_csv(tmp_path):
    workbook = tmp_path / "danh-ba.xlsx"
    with LIST.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    write_rows(workbook, [dict(zip([c.key for c in COLUMNS], r)) for r in rows])
    assert read_directory_list(workbook) == {**read_directory_list(LIST), "source": "Nhập từ danh sách danh-ba.xlsx"}


def test_the_template_names_every_column_and_explains_each_on_a_guide_sheet(tmp_path):
    template = tmp_path / "mau.xlsx"
    result = run("agencies", "import", "--template", template)
    assert result.exit_code == 0
    workbook = openpyxl.load_workbook(template)
    assert [c.value for c in workbook["Danh bạ"][1]] == HEADER
    guide = {r[0]: r[2] for r in workbook["Hướng dẫn"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert set(HEADER) <= set(guide)
    assert "ubnd-cap-xa" in guide["Loại"]


def test_every_bad_row_is_named_with_file_row_column_and_value_and_nothing_is_written(tmp_path, capsys):
    source = write_csv(
        tmp_path / "sai.csv",
        [
            row(),
            row(name="Sở Tư pháp", kind="so", head_email="lanhdao-stp"),
            row(name="Sở Tài chính", parent="Sở Xây dựng", contact_email=""),
            row(),
        ],
    )
    target = tmp_path / "danh-ba.yaml"
    code, stderr = run_dondoc(capsys, "agencies", "import", source, "-o", target, "--province", "Vĩnh Long")
    assert code == 2
    assert not target.exists()
    stderr = " ".join(stderr.split())
    assert f"Lỗi: {source}: không tạo danh bạ vì có 5 lỗi:" in stderr
    for line in (
        "dòng 3, cột 'Loại': giá trị 'so': loại phải là một trong: ubnd-cap-tinh",
        "dòng 3, cột 'Thư điện tử người đứng đầu': giá trị 'lanhdao-stp': địa chỉ thư điện tử không hợp lệ",
        "dòng 4, cột 'Thư điện tử cán bộ đầu mối': giá trị '': không được để trống",
        "dòng 4, cột 'Cơ quan cấp trên': giá trị 'Sở Xây dựng': phải là mã hoặc tên của một cơ quan khác",
        "dòng 5, cột 'Tên cơ quan': giá trị 'Sở Nội vụ': mã 'so-noi-vu' trùng với dòng 2",
    ):
        assert line in stderr


def test_a_list_without_a_required_column_is_refused_at_its_header(tmp_path):
    source = tmp_path / "thieu.csv"
    source.write_text("Tên cơ quan,Loại\nSở Nội vụ,co-quan-chuyen-mon\n", encoding="utf-8")
    with pytest.raises(PlanError, match="dòng 1: thiếu cột 'Chức vụ người đứng đầu'"):
        read_directory_list(source, "Vĩnh Long")


def test_a_list_without_a_province_asks_for_one(tmp_path):
    source = write_csv(tmp_path / "khong-tinh.csv", [row()])
    with pytest.raises(DirectoryListRejected, match="không xác định được tỉnh"):
        read_directory_list(source)


def test_agencies_reads_the_directory_alone_without_a_plan(tmp_path, monkeypatch):
    target = tmp_path / "danh-ba.yaml"
    run("agencies", "import", LIST, "-o", target)
    monkeypatch.setenv("DONDOC_PLAN", str(tmp_path / "khong-co-ke-hoach.yaml"))
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "var"))
    result = run("agencies", "--directory", target, "--json")
    assert result.exit_code == 0, result.output
    assert [a["code"] for a in yaml.safe_load(result.stdout)][:3] == ["ubnd-tinh", "van-phong-ubnd-tinh", "so-noi-vu"]


def test_agencies_uses_dondoc_directory_alone_when_the_plan_names_agencies_it_lacks(tmp_path, monkeypatch):
    target = tmp_path / "danh-ba.yaml"
    run("agencies", "import", LIST, "-o", target)
    monkeypatch.setenv("DONDOC_DIRECTORY", str(target))  # the shipped Trà Vinh plan does not fit this directory
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "var"))
    result = run("agencies", "--group", "ubnd-cap-xa", "--json")
    assert result.exit_code == 0, result.output
    assert len(yaml.safe_load(result.stdout)) == 3


def test_headings_offices_write_differently_are_understood_and_unknown_ones_refused(tmp_path):
    source = tmp_path / "danh-sach.csv"
    source.write_text(
        "Tên đơn vị,Loại,Chức vụ người đứng đầu,Email người đứng đầu,Email cán bộ đầu mối\n"
        "Sở Nội vụ,co-quan-chuyen-mon,Giám đốc Sở Nội vụ,lanhdao@snv.example,daumoi@snv.example\n",
        encoding="utf-8",
    )
    assert read_directory_list(source, "Vĩnh Long")["agencies"][0]["head"]["email"] == "lanhdao@snv.example"
    source.write_text(source.read_text(encoding="utf-8").replace("Loại", "Số điện thoại"), encoding="utf-8")
    with pytest.raises(PlanError, match="thiếu cột 'Loại'; cột không được hỗ trợ 'Số điện thoại'"):
        read_directory_list(source, "Vĩnh Long")


def test_a_list_saved_as_windows_1258_or_utf_16_is_refused_naming_the_line_and_how_to_save_it_again(tmp_path, capsys):
    target = tmp_path / "danh-ba.yaml"
    legacy = tmp_path / "danh-ba-1258.csv"
    name = "Sơ\u0309 Tư pháp"  # "Sở Tư pháp" as Windows-1258 writes it: ơ, then the hook as a combining mark
    legacy.write_bytes(
        ",".join(HEADER).encode() + b"\n" + ",".join(row(name=name, head_title="Giam doc")).encode("cp1258") + b"\n"
    )
    code, err = run_dondoc(capsys, "agencies", "import", legacy, "-o", target)
    assert code == 2
    assert f"{legacy}: dòng 2: tệp CSV không có mã UTF-8" in err and "CSV UTF-8 (Comma delimited)" in err
    wide = tmp_path / "danh-ba-16.csv"
    wide.write_bytes(",".join(HEADER).encode("utf-16"))
    code, err = run_dondoc(capsys, "agencies", "import", wide, "-o", target)
    assert code == 2 and f"{wide}: tệp CSV có mã UTF-16, không phải UTF-8" in err
    assert not target.exists()


def test_a_template_kinds_column_offers_the_kinds_as_a_list(tmp_path):
    template = tmp_path / "mau.xlsx"
    assert run("agencies", "import", "--template", template).exit_code == 0
    [validation] = openpyxl.load_workbook(template)["Danh bạ"].data_validations.dataValidation
    assert str(validation.sqref) == "C2:C5000" and "ubnd-cap-xa" in validation.formula1
