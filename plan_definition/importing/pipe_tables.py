"""Tables that a web copy flattened into one cell per line, each cell closed by a line holding only '|'.

    TT            Nội dung            Cơ quan chủ trì
    |             |                   |
    1             Tổ chức hội nghị    Sở Nội vụ
    |             |                   |            (one column of text, read top to bottom)

The cells are gathered back into rows: the heading row's width where the columns are
recognised, and a new row wherever a cell holds only a number (TT: 1, 1.2, II, a).
"""

from __future__ import annotations

import re

from .blocks import ends_sentence, read_mark
from .document import Line
from .labels import column_kind
from .layout import read_kind

_MAX_CELL_LINES = 15
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5}|[A-Z]|[a-zđ])\.?$")


def rebuild_pipe_tables(lines: list[Line]) -> list[Line]:
    """The lines with every '|'-per-line table turned back into rows of cells."""
    bars = [i for i, line in enumerate(lines) if line.raw.strip() == "|"]
    if not bars:
        return lines
    out, done = [], 0
    for start, end in _runs(lines, bars):
        first = _first_cell_start(lines, start, done)
        out += lines[done:first]
        out += _rows(lines, first, bars, start, end)
        done = end + 1
    return out + lines[done:]


def _runs(lines: list[Line], bars: list[int]) -> list[tuple[int, int]]:
    """(first bar, last bar) of each table: bars a cell apart, with no heading or kind line between."""
    runs, start = [], bars[0]
    for previous, bar in zip(bars, bars[1:]):
        between = [line.text for line in lines[previous + 1 : bar]]
        if len(between) > _MAX_CELL_LINES or any(_outside_tables(text) for text in between):
            runs.append((start, previous))
            start = bar
    runs.append((start, bars[-1]))
    return runs


def _outside_tables(text: str) -> bool:
    mark = read_mark(text)
    return bool(mark and mark.kind == "section" or read_kind(text))


def _first_cell_start(lines: list[Line], bar: int, floor: int) -> int:
    """Where the first cell begins: after a blank line, a numbered heading or a finished sentence."""
    i = bar
    while i > floor and bar - i < 6:
        text = lines[i - 1].text
        if not text or (read_mark(text) and read_mark(text).kind in ("section", "number")) or ends_sentence(text):
            break
        i -= 1
    return i


def _rows(lines: list[Line], first: int, bars: list[int], start: int, end: int) -> list[Line]:
    edges = ([first - 1] if first < start else []) + [b for b in bars if start <= b <= end]
    cells = [
        (
            lines[a + 1].number if b > a + 1 else lines[b].number,
            "\n".join(line.text for line in lines[a + 1 : b] if line.text).strip(),
        )
        for a, b in zip(edges, edges[1:])
    ]
    width = 0
    while width < len(cells) and column_kind(cells[width][1].replace("\n", " ")):
        width += 1
    width = width if width >= 3 else 2
    rows: list[list[tuple[int, str]]] = []
    for number, text in cells:
        full = rows and len(rows[-1]) >= width
        starts_row = rows and len(rows[-1]) >= 2 and _ROW_NUMBER.match(text) and width > 2
        if not rows or full or starts_row:
            rows.append([])
        rows[-1].append((number, text))
    return [
        Line(row[0][0], " | ".join(t.replace("\n", " ") for _, t in row if t), tuple(t for _, t in row), "")
        for row in rows
    ]
