"""Section I's outline: every item of the plan under its headings, numbered as the plan numbers them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_definition.directory import Directory
from plan_definition.plan import Item, Plan
from plan_definition.text import join_names, sentence

from .figures import Figures
from .narrative import earlier_lines, item_lines

_ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass(frozen=True)
class Block:
    """One paragraph group of section I: a part of the plan, a heading, or an item with its result lines."""

    kind: str  # "part" (a roman section of the plan), "heading" or "item"
    code: str
    number: str
    title: str
    lines: list[str] = field(default_factory=list)

    # Flags rather than string comparisons in the Word template: Word turns typed quotes into curly ones.
    @property
    def is_part(self) -> bool:
        return self.kind == "part"

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"


def printed_number(code: str, parent: str | None) -> str:
    """The number as the plan prints it under its parent: '1.1.', 'a)' for 1.2.a, '1.' for IV.1."""
    last = code.split(".")[-1]
    if len(last) == 1 and last.isalpha() and last.islower():
        return f"{last})"
    if parent and _ROMAN.match(parent) and code.startswith(parent + "."):
        return code[len(parent) + 1 :] + "."
    return code + "."


def lead_names(item: Item, directory: Directory) -> str:
    """The lead agencies and groups by name: 'Văn phòng Ủy ban nhân dân tỉnh, Sở Tư pháp và các cơ quan, đơn vị'."""
    names = []
    for code in item.leads:
        group = directory.groups_by_code.get(code)
        name = group.name if group else directory.by_code[code].name
        names.append(name[:1].lower() + name[1:] if names and name.startswith("Các ") else name)
    return join_names(names)


def outline(plan: Plan, directory: Directory, figures: Figures) -> list[Block]:
    """Headings and items in plan order; a heading comes where its first item does, and empty ones are left out."""
    headings = {h.code: h for h in plan.headings}
    blocks: list[Block] = []
    shown: set[str] = set()
    for item in plan.items:
        chain = []
        code = item.parent
        while code is not None and code in headings and code not in shown:
            chain.append(headings[code])
            code = headings[code].parent
        for heading in reversed(chain):
            shown.add(heading.code)
            if _ROMAN.match(heading.code) and heading.parent is None:
                title = heading.title.capitalize() if heading.title.isupper() else heading.title
                blocks.append(
                    Block("part", heading.code, heading.code, f"Nhiệm vụ tại Mục {heading.code} ({title}) của Kế hoạch")
                )
            else:
                number = printed_number(heading.code, heading.parent)
                blocks.append(Block("heading", heading.code, number, sentence_title(heading.title)))
        blocks.append(
            Block(
                "item",
                item.code,
                printed_number(item.code, item.parent),
                sentence(item.title),
                item_lines(plan, item, lead_names(item, directory), figures),
            )
        )
    return blocks


def sentence_title(title: str) -> str:
    """A heading title without a closing colon or full stop."""
    return title.strip().rstrip(":.")


def earlier_outline(plan: Plan, figures: Figures) -> list[Block]:
    """The items with obligations of earlier periods still open on the cut-off day or completed in the period."""
    codes = {r.item for r in figures.carried_over}
    return [
        Block("item", item.code, f"Mục {item.code}.", sentence(item.title), earlier_lines(plan, item, figures))
        for item in plan.items
        if item.code in codes
    ]
