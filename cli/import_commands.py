"""`dondoc plan import`: turn a plan's official text into a plan file."""

from __future__ import annotations

from pathlib import Path

import click

from plan_definition.errors import PlanError
from plan_definition.importing import import_plan, read_header
from plan_definition.importing.directory_list import (
    directory_yaml,
    is_group_name,
    skeleton_directory,
    skeleton_rows,
    write_rows,
)
from plan_definition.importing.plan_yaml import plan_yaml
from plan_definition.importing.result import NOTE
from plan_definition.loading import load_directory

from .common import console, err_console, fail, get_app, print_json, vn_date

_HEADER_LABELS = (
    ("kind", "Loại văn bản"),
    ("number", "Số, ký hiệu"),
    ("issuer", "Cơ quan ban hành"),
    ("place", "Địa danh"),
    ("date", "Ngày ban hành"),
    ("title", "Trích yếu"),
)


@click.command("import")
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp kế hoạch YAML sẽ ghi (mặc định: in ra màn hình).",
)
@click.option(
    "--directory",
    "directory_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp danh bạ (mặc định: DONDOC_DIRECTORY hoặc danh bạ kèm theo).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Dừng với lỗi (mã 2) nếu có dòng không xếp được vào kế hoạch, mục chưa xác định được cơ quan chủ trì "
    "hoặc danh bạ là của tỉnh khác.",
)
@click.option(
    "--skeleton",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Ghi khung danh bạ gồm các tên chưa có trong danh bạ (.yaml, hoặc .xlsx/.csv theo mẫu 'dondoc agencies import').",
)
@click.option("--header", "header_only", is_flag=True, help="Chỉ đọc phần đầu văn bản: cơ quan, số, ngày, trích yếu.")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.pass_context
def import_command(ctx, document: Path, output, directory_file, strict, skeleton, header_only, as_json):
    """Nhập kế hoạch từ văn bản gốc (.txt, .md, .docx) thành tệp kế hoạch YAML."""
    try:
        if header_only:
            _show_header(document, as_json)
            return
        directory = load_directory(directory_file or get_app(ctx).settings.directory_path)
        result = import_plan(document, directory)
    except PlanError as exc:
        fail(str(exc))
    for problem in result.problems:
        label = "Ghi chú" if problem.kind == NOTE else "Cảnh báo"
        err_console.print(f"{label}: {result.describe(problem)}", markup=False, highlight=False, soft_wrap=True)
    unplaced = result.unplaced
    if strict and (reason := result.refusal()):
        fail(f"{document.name}: {reason} (--strict); chưa ghi tệp nào")
    if skeleton is not None:
        _write_skeleton(skeleton, result, directory.province, console if output else err_console)
    if as_json:
        print_json(
            {
                "plan": result.plan.model_dump(mode="json"),
                "problems": [
                    {"kind": p.kind, "line": p.line, "item": p.item, "message": p.message} for p in result.problems
                ],
            }
        )
        return
    text = plan_yaml(result)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    open_count = len([p for p in result.problems if p.kind != NOTE])
    console.print(
        f"Đã ghi {output}: {len(result.plan.items)} mục, {len(result.plan.headings)} đề mục"
        + (f"; {open_count} vấn đề cần xem lại ({len(unplaced)} dòng không xếp được)." if open_count else "."),
        markup=False,
    )
    if not open_count:
        console.print(f"Kiểm tra: dondoc plan validate {output}", markup=False)


def _write_skeleton(path: Path, result, directory_province: str, out) -> None:
    """The names the directory lacks, as a directory to fill in, or as rows of the list template."""
    names = result.unmatched_names
    if path.suffix.lower() in (".yaml", ".yml"):
        province = result.province or directory_province
        text = directory_yaml(
            skeleton_directory(names, province),
            f"Khung danh bạ: {len(names)} tên trong {result.source} chưa có trong danh bạ.\n"
            "Điền chức vụ, địa chỉ thư điện tử thật (thay các địa chỉ .example), sửa loại và cơ quan cấp trên,\n"
            "rồi chép vào danh bạ; trong kế hoạch, thay mã 'chua-khop-<mã>' bằng '<mã>'."
            + "".join(f"\nNhóm cần khai báo trong 'groups': {n}" for n in names if is_group_name(n)),
        )
        path.write_text(text, encoding="utf-8")
    else:
        write_rows(path, skeleton_rows(names))
    out.print(f"Đã ghi khung danh bạ {path}: {len(names)} tên chưa có trong danh bạ.", markup=False)


def _show_header(document: Path, as_json: bool) -> None:
    header = read_header(document)
    data = header.as_json()
    if as_json:
        print_json(data)
        return
    for key, label in _HEADER_LABELS:
        value = vn_date(header.date) if key == "date" and header.date else data[key]
        console.print(f"{label}: {value if value is not None else '(không ghi)'}", markup=False)
    for basis in header.legal_basis:
        console.print(f"Căn cứ: {basis}", markup=False)
