"""Plans whose items are a table: TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian …"""

from __future__ import annotations

import re

from .blocks import ROMAN, Block
from .labels import CONTENT, LEAD, TIMEFRAME, column_kind
from .outline_nodes import FieldValue, Node

_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")


def columns_of(row: Block) -> dict[int, str] | None:
    """The column kinds of a heading row, or None when the row is not the heading of an items table."""
    kinds = {n: kind for n, cell in enumerate(row.cells) if (kind := column_kind(cell))}
    found = set(kinds.values())
    return kinds if CONTENT in found and (LEAD in found or TIMEFRAME in found) else None


def read_table(rows: list[Block]) -> list[Node] | None:
    """The table's rows as nodes (group rows holding item rows), or None when it is not an items table."""
    for at, row in enumerate(rows[:3]):
        columns = columns_of(row)
        if columns:
            break
    else:
        return None
    data = rows[at + 1 :]
    if data and (more := _sub_headings(data[0])):
        columns.update(more)
        data = data[1:]
    nodes = _nodes(columns, data)
    _disambiguate(nodes)
    return nodes


def _sub_headings(row: Block) -> dict[int, str] | None:
    """A second heading row under a merged 'Cơ quan thực hiện': 'Chủ trì | Phối hợp'."""
    kinds = {n: kind for n, cell in enumerate(row.cells) if cell and (kind := column_kind(cell))}
    filled = [c for c in row.cells if c]
    return kinds if kinds and len(kinds) == len(filled) else None


def _nodes(columns: dict[int, str], rows: list[Block]) -> list[Node]:
    number_at = next((n for n, k in columns.items() if k == "tt"), None)
    content_at = next(n for n, k in columns.items() if k == CONTENT)
    groups: list[Node] = []
    nodes: list[Node] = []
    previous: Node | None = None
    for row in rows:
        cells = list(row.cells) + [""] * (max(columns) + 1 - len(row.cells))
        if all(_COLUMN_NUMBERS.match(c.strip()) for c in cells if c.strip()):
            continue  # "(1) | (2) | (3)": the column numbers under the heading
        if number_at is None:  # no TT column: each row is numbered in order
            mark = str(sum(1 for n in nodes for r in [n, *n.children] if r.kind == "row") + 1)
        else:
            mark = cells[number_at].strip().rstrip(".")
        fields = [
            FieldValue(kind, "", cells[n].replace("\n", " ").strip(), list(row.numbers))
            for n, kind in sorted(columns.items())
            if kind not in ("tt", CONTENT, "note") and cells[n].strip()
        ]
        content = cells[content_at].replace("\n", " ").strip()
        if not mark and previous is not None:
            _continue_row(previous, content, fields)
            continue
        is_group = mark.upper() in ROMAN or re.fullmatch(r"[A-Z]", mark) or (not fields and content)
        node = Node("group" if is_group else "row", mark, content, list(row.numbers))
        node.fields = fields
        if is_group:
            groups.append(node)
            nodes.append(node)
        else:
            if groups:
                node.parent = groups[-1]
                groups[-1].children.append(node)
            else:
                nodes.append(node)
        previous = node
    return nodes


def _continue_row(previous: Node, content: str, fields: list[FieldValue]) -> None:
    """A row without a number carries on the row above (a cell split across pages)."""
    if content:
        previous.heading = f"{previous.heading} {content}".strip()
    for extra in fields:
        same = next((f for f in previous.fields if f.kind == extra.kind), None)
        if same:
            same.value = f"{same.value} {extra.value}"
        else:
            previous.fields.append(extra)
    previous.numbers.extend(extra.numbers[0] for extra in fields[:1])


def _disambiguate(nodes: list[Node]) -> None:
    """When numbering restarts under each group (I: 1, 2; II: 1, 2), prefix the group's number."""
    rows = [child for node in nodes for child in (node.children or [node]) if child.kind == "row"]
    marks = [r.mark for r in rows]
    if len(set(marks)) == len(marks):
        return
    for row in rows:
        if row.parent is not None:
            row.mark = f"{row.parent.mark}.{row.mark}"
