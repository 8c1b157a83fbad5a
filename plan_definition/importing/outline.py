"""Build the outline of a plan's body: numbering hierarchy, fields, table items, closing words."""

from __future__ import annotations

import re

from .blocks import Block
from .bullet_tasks import split_bullet_tasks
from .labels import COORDINATOR, LEAD, UNKNOWN, read_label, read_labels
from .layout import appendix_mark
from .outline_nodes import FieldValue, Node
from .tables import read_table
from .vietnamese import fold

_CLOSING = re.compile(
    r"^(trong qua trinh|qua trinh (to chuc )?thuc hien|tren day la|yeu cau (cac|thu truong|giam doc|chu tich)"
    r"|uy ban nhan dan (tinh|huyen) yeu cau|de nghi cac .* nghiem tuc)"
)


def build_outline(segments: list[tuple[list[Block], list[Block]]]) -> tuple[Node, list[Block]]:
    """The body as a tree under a root node, and the closing paragraphs ("Trong quá trình thực hiện …").

    Each segment (the plan, then each appendix) starts again from the root; an appendix
    ("PHỤ LỤC") becomes a section of its own, coded "PL".
    """
    root = Node("root", "", "", [])
    closing: list[Block] = []
    for heading, blocks in segments:
        base = root
        if mark := appendix_mark(heading):
            title = next((b.text for b in heading[1:] if not b.text.startswith("(")), heading[0].text)
            base = root.add(Node("section", mark, title, list(heading[0].numbers)))
        _read_segment(base, blocks, closing)
    split_bullet_tasks(root)
    return root, closing


def _read_segment(base: Node, blocks: list[Block], closing: list[Block]) -> None:
    stack = [base]
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.is_row:
            rows = [block]
            while i + 1 < len(blocks) and blocks[i + 1].is_row:
                i += 1
                rows.append(blocks[i])
            _place_table(stack[-1], rows)
        elif block.mark and block.mark.kind == "letter" and _labelled(block.mark.rest):
            while len(stack) > 1 and stack[-1].kind == "letter":
                stack.pop()
            _place_text(stack[-1], block, block.mark.rest)  # "b) Cơ quan chủ trì: …" is a field, not a part
        elif block.mark and block.mark.kind in ("section", "number", "letter"):
            _open(stack, block)
        elif _CLOSING.match(fold(block.text)):
            closing.append(block)
        else:
            _place_text(stack[-1], block)
        i += 1


def _labelled(text: str) -> bool:
    label = read_label(text)
    return label is not None and label.kind != UNKNOWN


def _open(stack: list[Node], block: Block) -> None:
    mark = block.mark
    depth = {"section": 0, "number": mark.value.count(".") + 1, "letter": 99}[mark.kind]
    while len(stack) > 1 and _depth(stack[-1]) >= depth:
        stack.pop()
    node = stack[-1].add(Node(mark.kind, mark.value, mark.rest.strip(), list(block.numbers)))
    stack.append(node)


def _depth(node: Node) -> int:
    return {"section": 0, "number": node.mark.count(".") + 1, "letter": 99}.get(node.kind, -1)


def _place_table(container: Node, rows: list[Block]) -> None:
    nodes = read_table(rows)
    if nodes is None:
        container.unknown.extend(rows)  # a table without the columns of an items table: reported, not guessed
        return
    for node in nodes:
        container.add(node)


def _place_text(node: Node, block: Block, text: str | None = None) -> None:
    """A paragraph or bullet inside a part: a field, more of the last field, or text of the part."""
    labels = read_labels(text or block.text)
    label = labels[0] if labels else None
    if label and label.kind == UNKNOWN:
        node.unknown.append(block)
    elif label:
        node.fields += [FieldValue(lb.kind, lb.name, lb.value, list(block.numbers)) for lb in labels]
    elif node.fields and _carries_on(node.fields[-1], block):
        last = node.fields[-1]
        last.value = f"{last.value}; {block.body}".lstrip("; ") if block.mark else f"{last.value} {block.text}"
        last.numbers.extend(block.numbers)
    elif node.fields:
        node.trailing.append(block)
    else:
        node.body.append(block)


def _carries_on(last: FieldValue, block: Block) -> bool:
    """'+ …' under a field, or any line under a field left empty ("Cơ quan chủ trì:" then the names)."""
    if not last.value:
        return True
    return last.kind in (LEAD, COORDINATOR) and block.mark is not None and block.mark.kind == "sub"
