"""Turn the outline into the plan's headings and items: codes, titles, fields, leads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .agency_names import AgencyNames
from .closing_duties import DUTY, number_closing_duties
from .labels import CONTENT, COORDINATOR, FORM, LEAD, PRODUCT, TIMEFRAME
from .outline_nodes import Node
from .responsibility import Responsibility, from_fields, from_heading
from .vietnamese import fold

TASK_FIELDS = {LEAD, COORDINATOR, FORM, TIMEFRAME, PRODUCT}
# Sections that explain the plan rather than assign work.
_NARRATIVE = re.compile(
    r"^(muc dich|yeu cau|muc tieu|quan diem|kinh phi|can cu|doi tuong|pham vi|nguyen tac|tinh hinh|thuc trang|"
    r"ket qua|danh gia|su can thiet|co so)"
)
ITEM, HEADING, TEXT = "item", "heading", "text"
_POINTS_ELSEWHERE = re.compile(r"\b(phu luc|kem theo|chi tiet tai)\b")


@dataclass
class Draft:
    """An item before it becomes a plan Item: where it came from and what was read."""

    node: Node
    code: str
    parent: str | None
    title: str
    responsibility: Responsibility
    inherited: bool = False  # leads taken from the heading above
    timeframe: str | None = None
    form: str | None = None
    product: str | None = None


@dataclass
class Outline:
    headings: list[dict] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    orphans: list[Node] = field(default_factory=list)  # parts of an item section that are no item
    strays: list[tuple[Node, list]] = field(default_factory=list)  # (item node, blocks no field took)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (printed code, code given) for repeated numbers
    loose: list = field(default_factory=list)  # text of a task section that yielded no item at all


class OutlineReader:
    def __init__(self, names: AgencyNames):
        self.names = names
        self.roles: dict[int, str] = {}
        self.heads: dict[int, Responsibility | None] = {}
        self.codes: set[str] = set()

    def read(self, root: Node) -> Outline:
        number_closing_duties(root, self.names)
        for node in root.children:
            self._classify(node)
        bare = _bare_section(root, self.roles)
        outline = Outline()
        for node in root.children:
            self._emit(node, outline, bare, parent_code=None, inherited=None)
        return outline

    def _classify(self, node: Node) -> str:
        """Bottom-up: an item has task fields or names its leads; a heading holds items; the rest is text."""
        kids = [self._classify(child) for child in node.children]
        duty = node.kind == DUTY  # a sentence of Tổ chức thực hiện: its subject is who acts, known or not
        self.heads[id(node)] = from_heading(node.heading, self.names, unknown=duty) if node.kind != "section" else None
        if any(f.kind in TASK_FIELDS for f in node.fields):
            role = ITEM
        elif ITEM in kids or HEADING in kids:
            role = HEADING
        elif self.heads[id(node)] is not None:
            role = ITEM
        else:
            role = TEXT
        self.roles[id(node)] = role
        return role

    def _emit(self, node: Node, outline: Outline, bare: Node | None, parent_code, inherited) -> None:
        role = self.roles[id(node)]
        code = self._unique(_code(node, bare), parent_code, outline) if role in (ITEM, HEADING) else _code(node, bare)
        if role == HEADING:
            outline.headings.append({"code": code, "title": _clean_title(node.heading) or code, "parent": parent_code})
            # Text before the first part introduces the heading; text after parts have begun belongs to none.
            late = [b for b in node.body if node.children and b.line > node.children[0].line]
            if node.unknown or late:
                outline.strays.append((node, node.unknown + late))
            head = self.heads[id(node)]
            for child in node.children:
                self._emit(child, outline, bare, code, head or inherited)
        elif role == ITEM:
            outline.drafts.append(self._draft(node, code, parent_code, inherited))
            if node.trailing or node.unknown:
                outline.strays.append((node, node.trailing + node.unknown))
            for child in node.children:
                if self.roles[id(child)] != TEXT:
                    self._emit(child, outline, bare, code, inherited)
        elif _in_item_section(node):
            if node.kind != "section":
                outline.orphans.append(node)
                return
            outline.loose += [b for b in node.body + node.unknown if not _POINTS_ELSEWHERE.search(fold(b.text))]
            for child in node.children:
                self._emit(child, outline, bare, code, inherited)

    def _unique(self, code: str, parent_code: str | None, outline: Outline) -> str:
        """A code printed twice (a table numbered I, II inside section II) takes its parent's code in front."""
        unique, n = code, 2
        if unique in self.codes and parent_code:
            unique = f"{parent_code}.{code}"
        while unique in self.codes:
            unique, n = f"{code}-{n}", n + 1
        if unique != code:
            outline.renamed.append((code, unique))
        self.codes.add(unique)
        return unique

    def _draft(self, node: Node, code: str, parent_code, inherited) -> Draft:
        lead, coordinator = node.field(LEAD), node.field(COORDINATOR)
        head = self.heads[id(node)]
        title = _item_title(node, head, self.roles)
        if lead or coordinator:
            responsibility = from_fields(lead and lead.value, coordinator and coordinator.value, self.names)
        else:
            responsibility = Responsibility()
        borrowed = False
        if not responsibility.leads and not lead:
            if head is not None:
                responsibility.leads, responsibility.requested = head.leads, head.requested
                responsibility.lead_text = head.lead_text
                if not coordinator and head.coordinators:
                    responsibility.coordinators = head.coordinators
            elif inherited is not None:
                responsibility.leads, responsibility.lead_text, borrowed = inherited.leads, inherited.lead_text, True
                responsibility.requested = inherited.requested
        value = lambda kind: (f.value.strip() or None) if (f := node.field(kind)) else None  # noqa: E731
        return Draft(
            node,
            code,
            parent_code,
            title,
            responsibility,
            borrowed,
            timeframe=value(TIMEFRAME),
            form=value(FORM),
            product=value(PRODUCT),
        )


def _code(node: Node, bare: Node | None) -> str:
    """The item's number as printed; outside the main section it is prefixed with its section (IV.1)."""
    if node.kind == "section":
        return node.mark
    section = node.section()
    prefix = "" if section is None or section is bare else section.mark + "."
    if node.kind in ("task", DUTY) and node.parent is not None:
        return f"{_code(node.parent, bare)}.{node.mark}"  # the n-th dash task under a number
    if node.kind == "letter" and node.parent is not None and node.parent.kind not in ("section", "root"):
        return f"{_code(node.parent, bare)}.{node.mark}"
    return prefix + node.mark


def _bare_section(root: Node, roles: dict[int, str]) -> Node | None:
    """The section whose items keep their printed numbers: the first with items that is not 'Tổ chức thực hiện'."""
    for section in root.children:
        if section.kind == "section" and roles.get(id(section)) in (ITEM, HEADING):
            if not fold(section.heading).startswith("to chuc thuc hien"):
                return section
    return None


def _in_item_section(node: Node) -> bool:
    """Whether the part should hold tasks: anywhere but purpose, requirements, budget and the like."""
    section = node.section()
    return section is None or not _NARRATIVE.match(fold(section.heading))


def _item_title(node: Node, head: Responsibility | None, roles: dict[int, str]) -> str:
    """The task as written: the heading, or the text under a heading that only names the agencies."""
    details = [b.text for b in node.body] + [f.value for f in node.fields if f.kind == CONTENT]
    for child in node.children:
        if roles.get(id(child)) == TEXT:
            details += [f"{child.mark}) {child.heading}" if child.kind == "letter" else child.heading]
            details += [b.text for b in child.body]
    heading = _clean_title(node.heading, keep_full_stop=True)
    if head is not None and head.whole and details:
        return "\n".join(details)
    return "\n".join([heading, *details]) if heading else "\n".join(details)


def _clean_title(text: str, keep_full_stop: bool = False) -> str:
    text = text.strip().rstrip(":").strip()
    return text if keep_full_stop else text.rstrip(".").strip()
