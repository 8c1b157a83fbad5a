"""`dondoc agencies import`: a directory file from the list of agencies an office already keeps."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from plan_definition.errors import InvalidFiles
from plan_definition.importing.directory_list import directory_yaml, read_directory_list, write_rows
from plan_definition.loading import load_directory

from .common import console


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp danh bạ YAML sẽ ghi (mặc định: in ra màn hình).",
)
@click.option("--province", help="Tên tỉnh (mặc định: lấy từ dòng Ủy ban nhân dân tỉnh trong danh sách).")
@click.option(
    "--template", "template", type=click.Path(path_type=Path), help="Ghi một tệp mẫu trống (.xlsx hoặc .csv) rồi thoát."
)
def agencies_import(file, output, province, template):
    """Tạo tệp danh bạ từ danh sách cơ quan (.xlsx hoặc .csv): nhận tất cả các dòng hoặc không dòng nào."""
    if template:
        write_rows(template, [])
        console.print(f"Đã ghi tệp mẫu: {template}", markup=False)
        return
    if file is None:
        raise click.UsageError("cần tên tệp danh sách cần nhập, hoặc --template TỆP để ghi tệp mẫu")
    directory = read_directory_list(file, province)
    text = directory_yaml(
        directory,
        f"Danh bạ tạo bằng 'dondoc agencies import {file.name}'.\n"
        "Kiểm tra lại tên, loại, cơ quan cấp trên và địa chỉ thư điện tử trước khi dùng (DONDOC_DIRECTORY).",
    )
    # The loader checks what the schema alone does not (parents, groups) before anything is written.
    with tempfile.TemporaryDirectory() as scratch:
        checked = Path(scratch) / (output.name if output else "danh-ba.yaml")
        checked.write_text(text, encoding="utf-8")
        try:
            load_directory(checked)
        except InvalidFiles as exc:
            raise InvalidFiles([p.replace(str(checked), str(file)) for p in exc.problems]) from exc
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    console.print(
        f"Đã ghi {output}: {len(directory['agencies'])} cơ quan, {len(directory['groups'])} nhóm "
        f"(tỉnh {directory['province']}).",
        markup=False,
    )
    console.print(f"Xem lại: dondoc agencies --directory {output}", markup=False)
