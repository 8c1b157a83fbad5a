"""Tables that a PDF or web copy flattened to one cell per line, with no '|' at all.

    STT
    Nội dung
    Cơ quan chủ trì            the heading: one column name per line
    Thời gian hoàn thành
    1
    Tổ chức hội nghị …         a row: its number, then one line per cell
    Sở Tư pháp
    Quý II/2026

The heading gives the width; each row starts at a line holding only its number. A row
whose lines do not fill the columns exactly (a cell broken over two lines) is left as
plain lines, which the importer then reports as unplaced rather than guessing.
"""

from __future__ import annotations

import re

from .blocks import read_mark
from .document import Line
from .labels import CONTENT, LEAD, TIMEFRAME, column_kind

_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5})\.?$")
_MIN_COLUMNS = 3


def rebuild_flat_tables(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    i = 0
    while i < len(lines):
        width = _heading_width(lines, i)
        if width is None:
            out.append(lines[i])
            i += 1
            continue
        heading = _row(lines[i : i + width])
        out.append(heading)
        i += width
        after_plain = False
        while i < len(lines) and _ROW_NUMBER.match(lines[i].text.strip()):
            j = i + 1
            while j < len(lines) and lines[j].text.strip() and not _ends_cell_run(lines[j].text):
                j += 1
            cells = lines[i:j]
            if len(cells) == width or len(cells) == 2:
                out += [heading, _row(cells)] if after_plain else [_row(cells)]  # the heading again after a gap
                after_plain = False
            else:
                out += cells
                after_plain = True
            i = j
    return out


def _heading_width(lines: list[Line], i: int) -> int | None:
    """How many lines from `i` are column headings, when they start with a TT column and name the work."""
    kinds = []
    j = i
    while j < len(lines) and _heading_cell(lines[j]):
        kinds.append(column_kind(lines[j].text))
        j += 1
    if len(kinds) < _MIN_COLUMNS or kinds[0] != "tt" or CONTENT not in kinds:
        return None
    if not {LEAD, TIMEFRAME} & set(kinds) or j >= len(lines) or not _ROW_NUMBER.match(lines[j].text.strip()):
        return None
    return len(kinds)


def _heading_cell(line: Line) -> bool:
    text = line.text.strip()
    return bool(text) and not line.is_row and len(text) <= 40 and ":" not in text and column_kind(text) is not None


def _ends_cell_run(text: str) -> bool:
    """The next row's number, or a numbered heading after the table ("III. TỔ CHỨC THỰC HIỆN")."""
    if _ROW_NUMBER.match(text.strip()):
        return True
    mark = read_mark(text)
    return mark is not None and mark.kind in ("section", "number") and len(text) > 12


def _row(lines: list[Line]) -> Line:
    cells = tuple(line.text.strip() for line in lines)
    return Line(lines[0].number, " | ".join(cells), cells, "")
