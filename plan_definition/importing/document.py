"""Read a plan document (.txt, .md, .docx) into numbered lines, table rows kept as cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import PlanError
from .docx_numbering import Numbering
from .vietnamese import clean

SUFFIXES = (".txt", ".md", ".docx")


class UnreadableDocument(PlanError):
    """The document cannot be opened, decoded or is of an unsupported kind."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        super().__init__(f"{path}: không đọc được văn bản: {reason}")


@dataclass(frozen=True)
class Line:
    """One line of a text file, or one paragraph or table row of a Word document."""

    number: int
    text: str
    cells: tuple[str, ...] = ()
    raw: str = ""  # as read, spacing kept: printed columns show as runs of spaces

    @property
    def is_row(self) -> bool:
        return len(self.cells) >= 2


@dataclass(frozen=True)
class Document:
    path: Path
    lines: list[Line]
    unit: str  # what a line number counts: "dòng" in text, "đoạn" in Word

    def where(self, number: int) -> str:
        return f"{self.path.name}: {self.unit} {number}"


def read_document(path: Path) -> Document:
    """Open `path` by its suffix and return its lines, cleaned and numbered from 1."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableDocument(
            path, f"đuôi tệp '{suffix or '(không có)'}' không được hỗ trợ; dùng .txt, .md hoặc .docx"
        )
    if not path.is_file():
        raise UnreadableDocument(path, "tệp không tồn tại")
    if suffix == ".docx":
        return Document(path, _docx_lines(path), "đoạn")
    text = _decode(path)
    raw = text.splitlines()
    if suffix == ".md":
        raw = [_unmarkdown(line) for line in raw]
    return Document(path, [_text_line(n, line) for n, line in enumerate(raw, start=1)], "dòng")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(path, "tệp văn bản không phải UTF-8; hãy lưu lại với mã hóa UTF-8 (Unicode)") from exc
    if text.count("\\r\\n") > 3:
        text = re.sub(r"[ \t]*\\r\\n[ \t]*", "\n", text)  # a scraped copy that kept its line breaks as "\r\n" text
    return text


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _unmarkdown(line: str) -> str:
    """Markdown marks that are not the plan's own: headings, quotes, '*' bullets."""
    line = re.sub(r"^\s{0,3}(#{1,6}|>)\s*", "", line)
    return re.sub(r"^(\s*)\*\s+", r"\1- ", line)


def _text_line(number: int, raw: str) -> Line:
    """A text line; '|' or tabs between cells (a flattened table) become cells; a table's rule line is blank."""
    if _TABLE_RULE.match(raw):
        return Line(number, "", raw="")
    if "|" in raw:
        parts = [clean(p) for p in raw.strip().strip("|").split("|")]
    elif "\t" in raw.strip():
        parts = [clean(p) for p in raw.strip().split("\t")]
    else:
        return Line(number, clean(raw), raw=raw)
    cells = tuple(parts)
    if not any(cells) or len(cells) < 2:
        return Line(number, " ".join(c for c in cells if c), raw=raw)
    return Line(number, " | ".join(c for c in cells if c), cells, raw)


def _docx_lines(path: Path) -> list[Line]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise UnreadableDocument(path, f"không mở được tệp Word ({exc.__class__.__name__}: {exc})") from exc
    numbering = Numbering(document)
    lines: list[Line] = []
    number = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            number += 1
            paragraph = Paragraph(element, document)
            label = numbering.label(paragraph)
            text = f"{label} {paragraph.text}" if label else paragraph.text
            lines.extend(_text_line(number, part) for part in text.split("\n"))
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells = _row_cells(row)
                number += 1
                if len(cells) >= 2 and any(cells):
                    lines.append(Line(number, " | ".join(c for c in cells if c), cells))
                else:  # a one-column table is a frame around paragraphs
                    lines.extend(Line(number, part) for part in "\n".join(c for c in cells if c).split("\n"))
    return lines


def _row_cells(row) -> tuple[str, ...]:
    """The row's cells on the table grid; a cell merged across columns gives its text once, then empty cells."""
    cells, seen = [], []
    for cell in row.cells:
        repeated = any(cell._tc is tc for tc in seen)
        seen.append(cell._tc)
        cells.append("" if repeated else "\n".join(clean(p.text) for p in cell.paragraphs).strip())
    return tuple(cells)
