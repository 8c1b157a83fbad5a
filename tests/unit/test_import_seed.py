"""Importing Kế hoạch 86/KH-UBND from its text (and from the same text in Word) gives the shipped plan."""

from __future__ import annotations

import textwrap
from pathlib import Path

import docx
import pytest
import yaml

from plan_definition.importing import import_plan, read_header
from plan_definition.importing.plan_yaml import plan_yaml
from plan_definition.loading import (
    REFERENCE_PLAN,
    TRA_VINH_DIRECTORY,
    load_directory,
    load_plan,
    plan_problems,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEED = FIXTURES / "ke-hoach-86-kh-ubnd-2023.txt"
COMPARED = ("code", "leads", "coordinators", "form", "timeframe", "precondition", "requested")


def as_docx(text_file: Path, target: Path) -> Path:
    """The text saved as a Word document, one paragraph per line, as an operator's copy would be."""
    document = docx.Document()
    for line in text_file.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(str(target))
    return target


@pytest.fixture(scope="module")
def directory():
    return load_directory(TRA_VINH_DIRECTORY)


@pytest.fixture(scope="module")
def shipped():
    return load_plan(REFERENCE_PLAN)


@pytest.fixture(scope="module", params=["txt", "docx"])
def imported(request, directory, tmp_path_factory):
    source = SEED if request.param == "txt" else as_docx(SEED, tmp_path_factory.mktemp("docx") / "ke-hoach-86.docx")
    return import_plan(source, directory)


def fields_of(item) -> dict:
    return {name: getattr(item, name) for name in COMPARED}


def test_the_import_has_the_shipped_items_in_the_shipped_order(imported, shipped):
    assert [i.code for i in imported.plan.items] == [i.code for i in shipped.items]


@pytest.mark.parametrize("code", [i.code for i in load_plan(REFERENCE_PLAN).items])
def test_every_item_matches_the_shipped_plan_field_by_field(imported, shipped, code):
    assert fields_of(imported.plan.by_code[code]) == fields_of(shipped.by_code[code])


def test_headings_and_parents_match_the_shipped_plan(imported, shipped):
    assert imported.plan.headings == shipped.headings
    assert [i.parent for i in imported.plan.items] == [i.parent for i in shipped.items]


# The reporting rule's other fields (binds, compiled_by_monitor and their notes) are the clerk's reading of
# sections IV.1–IV.2, written by hand in the plan file; the importer does not guess them.
READ_FROM_TEXT = {"text", "yearly_due", "collector", "report_to"}


def test_preconditions_reporting_rule_and_monitor_match_the_shipped_plan(imported, shipped):
    plan = imported.plan
    assert plan.preconditions == shipped.preconditions
    assert plan.reporting.model_dump(include=READ_FROM_TEXT) == shipped.reporting.model_dump(include=READ_FROM_TEXT)
    assert plan.monitor == shipped.monitor


def test_the_header_and_legal_basis_match_the_shipped_plan(imported, shipped):
    plan = imported.plan
    header = (plan.number, plan.kind, plan.issuer, plan.place, plan.date, plan.title, plan.legal_basis)
    assert header == (
        shipped.number,
        shipped.kind,
        shipped.issuer,
        shipped.place,
        shipped.date,
        shipped.title,
        shipped.legal_basis,
    )


def test_every_item_reads_its_timeframe_as_the_shipped_plan_does(imported, shipped):
    for item in imported.plan.items:
        assert imported.plan.timeframe(item) == shipped.timeframe(shipped.by_code[item.code]), item.code


def test_the_seed_leaves_no_line_unplaced_and_no_name_unmatched(imported):
    assert [imported.describe(p) for p in imported.problems if p.kind != "note"] == []


def test_the_written_yaml_passes_validation_against_the_directory(imported, directory, tmp_path):
    written = tmp_path / "plan.yaml"
    written.write_text(plan_yaml(imported), encoding="utf-8")
    plan = load_plan(written)
    assert plan_problems(plan, directory, written) == []
    assert plan == imported.plan


def test_the_header_alone_comes_from_the_text_and_the_signature(tmp_path):
    assert read_header(SEED).as_json() == {
        "issuer": "Ủy ban nhân dân tỉnh Trà Vinh",
        "kind": "Kế hoạch",
        "number": "86/KH-UBND",
        "place": "Trà Vinh",
        "date": "2023-09-15",
        "title": "Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở",
    }
    assert read_header(as_docx(SEED, tmp_path / "seed.docx")) == read_header(SEED)


def test_the_yaml_keeps_each_item_as_the_shipped_file_writes_it(imported):
    data = yaml.safe_load(plan_yaml(imported))
    item = next(i for i in data["items"] if i["code"] == "IV.2")
    assert item["undated_product"] == "Kế hoạch triển khai thi hành Luật trong phạm vi quản lý của cơ quan, đơn vị"
    assert next(i for i in data["items"] if i["code"] == "IV.1")["meaning"] == {"kind": "once"}


def hard_wrapped(text: str, width: int, blank_lines: bool) -> str:
    """The text as a PDF or web copy gives it: lines cut at a margin, blank lines maybe lost."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip():
            lines += textwrap.wrap(line, width)
        elif blank_lines:
            lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [60, 78, 100])
@pytest.mark.parametrize("blank_lines", [True, False], ids=["blank lines kept", "blank lines lost"])
def test_the_seed_cut_at_a_margin_imports_the_same(directory, shipped, tmp_path, width, blank_lines):
    wrapped = tmp_path / "ke-hoach-86-wrapped.txt"
    wrapped.write_text(hard_wrapped(SEED.read_text(encoding="utf-8"), width, blank_lines), encoding="utf-8")
    result = import_plan(wrapped, directory)
    assert [fields_of(i) for i in result.plan.items] == [fields_of(i) for i in shipped.items]
    assert (result.plan.title, result.plan.legal_basis, result.plan.reporting.model_dump(include=READ_FROM_TEXT)) == (
        shipped.title,
        shipped.legal_basis,
        shipped.reporting.model_dump(include=READ_FROM_TEXT),
    )
    assert [p for p in result.problems if p.kind != "note"] == []
