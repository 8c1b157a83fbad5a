"""Import a plan from its official text (.txt, .md, .docx) into plan data, reporting what could not be placed.

`read_header(path)` reads only the header; `import_plan(path, directory)` reads the whole plan.
Imports nothing from dondoc outside `plan_definition`.

Nothing is dropped without a word:
- An agency name the directory lacks stays in its item under a placeholder code
  ("chua-khop-<slug of the name>"), reported with its line and nearest directory codes and
  written as a "# !" comment above the item. `dondoc plan validate` refuses the placeholder,
  so the plan cannot run until someone picks the right code or adds the agency.
- A line the importer could not place (a numbered part of a task section with no lead, an
  unknown field label, text after an item's fields, a table without item columns) is reported
  with its line number (paragraph number in Word) and listed at the top of the YAML file;
  `--strict` makes any such line an error.
- An item whose lead names no agency at all gets the lead "chua-xac-dinh", reported with the
  lead text it was read from (or the item's own text when it has none); `--strict` refuses it.
- What the text does not say (number, date, monitoring agency, reporting day …) gets a visible
  placeholder and a problem; inferences (issuer from the signature, kind from the symbol) are notes.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..directory import Directory
from .agency_index import AgencyIndex
from .agency_names import AgencyNames
from .bullet_tasks import TASK
from .document import UnreadableDocument
from .gaps import unplaced
from .header import Header
from .items import OutlineReader
from .layout import BODY
from .organisation import read_organisation
from .outline import build_outline
from .plan_builder import NoItems, PlanBuilder
from .reading import parse
from .result import FOREIGN, NOTE, ImportResult, Problem
from .vietnamese import fold

__all__ = ["Header", "ImportResult", "NoItems", "Problem", "UnreadableDocument", "import_plan", "read_header"]


def read_header(path: Path) -> Header:
    """The document's header (issuer, kind, number, place, date, title, legal basis); works on cut-off texts."""
    return parse(Path(path)).header


def import_plan(path: Path, directory: Directory) -> ImportResult:
    """Read the plan in `path`, match its agencies against `directory`, and list every problem met.

    A document of another province than the directory's is matched against no directory at all:
    Lai Châu's "Sở Khoa học và Công nghệ" is not Vĩnh Long's, so every name is reported unmatched
    (and can seed that province's directory skeleton) instead of landing on the wrong agency.
    """
    parsed = parse(Path(path))
    if parsed.header.date is not None:
        directory = directory.on(parsed.header.date)  # the agencies that existed when the plan was issued
    original = directory
    province = document_province(parsed.header.issuer, parsed.header.title)
    foreign = province is not None and fold(province) != fold(directory.province)
    if foreign:
        directory = Directory(province=province, agencies=[])
    names = AgencyNames(AgencyIndex(directory))
    root, closing = build_outline(parsed.layout.body_segments())
    outline = OutlineReader(names).read(root)
    texts = [b.text for b in closing] + [b.text for b in parsed.layout.part(BODY)]
    organisation = read_organisation(outline.drafts, texts, parsed.header.issuer, names)
    builder = PlanBuilder(parsed.document.path.name, names)
    plan = builder.build(parsed.header, outline, organisation)
    notes = [Problem(NOTE, None, note) for note in parsed.header.notes]
    notes += [
        Problem(NOTE, None, f"số thứ tự '{printed}' lặp lại; mục được ghi mã '{given}'")
        for printed, given in outline.renamed
    ]
    if foreign:
        notes.append(
            Problem(
                FOREIGN,
                None,
                f"văn bản của tỉnh {province} nhưng danh bạ là của tỉnh {original.province}: không khớp tên cơ quan "
                f"nào với danh bạ này; dùng danh bạ của tỉnh {province} (--directory) hoặc tạo khung danh bạ "
                "từ các tên chưa khớp (--skeleton)",
            )
        )
    notes += _task_notes(outline)
    problems = sorted(notes + unplaced(root, outline) + builder.problems, key=lambda p: p.line or 0)
    return ImportResult(
        plan,
        parsed.header,
        parsed.document.path.name,
        parsed.document.unit,
        problems,
        builder.comments,
        builder.unmatched,
        province,
    )


def document_province(issuer: str | None, title: str | None) -> str | None:
    """The province the document speaks for: "Ủy ban nhân dân tỉnh Lai Châu", else "… trên địa bàn tỉnh X"."""
    for text in (issuer, title):
        if text and (match := re.search(r"\btỉnh\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s?)+)", text)):
            return match.group(1).strip()
    return None


def _task_notes(outline) -> list[Problem]:
    """One note per number whose dash tasks became items of their own."""
    split: dict[str, list[str]] = {}
    for draft in outline.drafts:
        if draft.node.kind == TASK and draft.parent:
            split.setdefault(draft.parent, []).append(draft.code)
    return [
        Problem(
            NOTE,
            None,
            f"mục {parent} có {len(codes)} nhiệm vụ gạch đầu dòng, mỗi nhiệm vụ ghi cơ quan chủ trì hoặc thời gian "
            f"riêng; ghi thành các mục {', '.join(codes)}",
        )
        for parent, codes in split.items()
    ]
