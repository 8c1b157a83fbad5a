"""`dondoc plan import`: the header as JSON, the plan as YAML, every problem on stderr, --strict refuses."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from cli import cli
from cli.import_commands import import_command
from plan_definition.loading import REFERENCE_DIRECTORY, load_plan, load_plan_files

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = FIXTURES / "ke-hoach-86-kh-ubnd-2023.txt"
PDF_COPY = FIXTURES / "ke-hoach-vinh-long-ban-pdf.txt"


def vinh_long_directory(tmp_path: Path) -> Path:
    """The reference agencies under Vĩnh Long's name: the PDF copy is a Vĩnh Long plan."""
    tra_vinh = REFERENCE_DIRECTORY.with_name("directory-tra-vinh.yaml")  # self-contained: no include
    data = yaml.safe_load(tra_vinh.read_text(encoding="utf-8"))
    target = tmp_path / "danh-ba-vinh-long.yaml"
    target.write_text(yaml.safe_dump({**data, "province": "Vĩnh Long"}, allow_unicode=True), encoding="utf-8")
    return target


def run(*args: str):
    return CliRunner().invoke(import_command, [str(a) for a in args], obj={})


def test_header_json_prints_only_the_header_even_for_a_cut_off_document():
    result = run(FIXTURES / "ke-hoach-cat-cut-cang-long.txt", "--header", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "issuer": "Ủy ban nhân dân huyện Càng Long",
        "kind": "Kế hoạch",
        "number": "45/KH-UBND",
        "place": "Càng Long",
        "date": "2023-10-02",
        "title": "Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở trên địa bàn huyện Càng Long",
    }


def test_header_json_gives_null_for_what_the_text_lacks():
    result = run(FIXTURES / "headers" / "du-thao-chua-so.txt", "--header", "--json")
    data = json.loads(result.stdout)
    assert (data["number"], data["date"]) == (None, None)


def test_the_seed_imports_to_a_file_that_validates(tmp_path):
    target = tmp_path / "ke-hoach.yaml"
    result = run(SEED, "-o", target, "--directory", REFERENCE_DIRECTORY, "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Đã ghi {target}: 15 mục, 6 đề mục."
    assert len(load_plan_files(target, REFERENCE_DIRECTORY).plan.items) == 15


def test_without_an_output_file_the_yaml_goes_to_stdout():
    result = run(SEED, "--directory", REFERENCE_DIRECTORY)
    assert yaml.safe_load(result.stdout)["number"] == "86/KH-UBND"
    assert result.stderr.startswith("Ghi chú: ke-hoach-86-kh-ubnd-2023.txt: cơ quan ban hành suy ra từ chữ ký")


def test_lines_that_could_not_be_placed_are_printed_with_their_line_numbers(tmp_path):
    target = tmp_path / "vinh-long.yaml"
    result = run(PDF_COPY, "-o", target, "--directory", vinh_long_directory(tmp_path))
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert (
        "Cảnh báo: ke-hoach-vinh-long-ban-pdf.txt: dòng 30: mục 1: nhãn 'Kinh phí' không được hỗ trợ (các nhãn "
        "đọc được: Cơ quan chủ trì, Cơ quan phối hợp, Hình thức, Thời gian thực hiện, Sản phẩm): "
        "'- Kinh phí: Ngân sách tỉnh.'"
    ) in warnings
    assert (
        "Cảnh báo: ke-hoach-vinh-long-ban-pdf.txt: dòng 39: không xếp được vào mục nào: phần này không ghi cơ quan "
        "chủ trì (cần dòng 'Cơ quan chủ trì: …' hoặc tên cơ quan ở đầu): "
        "'3. Tổ chức các hoạt động hưởng ứng Ngày Pháp luật Việt Nam năm 2023'"
    ) in warnings
    assert (
        result.stdout.splitlines()[0]
        == f"Đã ghi {target}: 4 mục, 2 đề mục; 4 vấn đề cần xem lại (2 dòng không xếp được)."
    )
    assert load_plan(target).by_code["2"].leads[0] == "chua-khop-bao-vinh-long"


def test_strict_refuses_a_document_with_unplaced_lines_naming_them_and_writes_nothing(tmp_path):
    target = tmp_path / "vinh-long.yaml"
    result = run(PDF_COPY, "-o", target, "--directory", vinh_long_directory(tmp_path), "--strict")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Lỗi: ke-hoach-vinh-long-ban-pdf.txt: 2 dòng không xếp được vào kế hoạch: dòng 30, 39 (--strict); "
        "chưa ghi tệp nào"
    )
    assert not target.exists()


def test_a_cut_off_document_is_an_error_that_points_to_header():
    result = run(FIXTURES / "ke-hoach-cat-cut-cang-long.txt", "--directory", REFERENCE_DIRECTORY)
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi: ke-hoach-cat-cut-cang-long.txt: không tìm thấy mục nào")
    assert "dùng --header" in result.stderr


def test_an_unsupported_file_is_refused_by_name(tmp_path):
    document = tmp_path / "ke-hoach.pdf"
    document.write_bytes(b"%PDF-1.4")
    result = run(document, "--header")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Lỗi: {document}: không đọc được văn bản: đuôi tệp '.pdf' không được hỗ trợ; dùng .txt, .md hoặc .docx"
    )


def test_the_command_is_reachable_as_dondoc_plan_import():
    result = CliRunner().invoke(cli, ["plan", "import", "--help"])
    assert result.exit_code == 0
    assert "Nhập kế hoạch từ văn bản gốc" in result.stdout
