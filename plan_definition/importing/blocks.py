"""Join lines into paragraphs (blocks) and read their numbering marks (I., 1.2., a), -, +)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import quantiles

from .document import Line
from .vietnamese import is_upper

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_SECTION = re.compile(r"^(?:PHẦN\s+|Phần\s+)?(?P<mark>[IVX]{1,4})\s*[.)/:–-]\s*(?P<rest>\S.*)$")
_NUMBER = re.compile(
    r"^(?P<mark>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s*(?P<rest>[^\s\d.].*)$|^(?P<one>\d{1,2})\s*[.)/]\s*(?P<rest1>[^\s\d].*)$"
)
_LETTER = re.compile(r"^(?P<mark>[a-zđ])\s*[)/]\s*(?P<rest>\S.*)$|^(?P<mark2>[a-zđ])\.\s+(?P<rest2>[A-ZĐÀ-Ỹ].*)$")
# Dashes, bullets, and the private-use glyphs that Word's Symbol and Wingdings bullets become in text.
_BULLET = re.compile(r"^(?P<mark>[-–—−‐‒•·+*▪►➢❖\uf0a7\uf0b7\uf02d\uf0d8\uf076\uf0fc])\s*(?P<rest>\S.*)$")
_ARTICLE = re.compile(r"^Điều\s+(?P<mark>\d{1,3})\s*[.:]\s*(?P<rest>.*)$", re.IGNORECASE)
_BARE_MARK = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])\s*[.)/]$")
# A line that stops on one of these words has not finished its sentence: "… ban hành Kế hoạch triển khai thi hành" / "Luật …".
_OPEN_ENDED = re.compile(
    r"(?:,|\b(?:và|của|các|về|cho|với|theo|tại|số|ngày|tháng|trên|trong|để|là|được|hoặc|những|từ|đến|thuộc|gồm|"
    r"thi hành|ban hành|phối hợp|khoản|điểm|Điều|Mục))$"
)
# Paragraphs that always start afresh, whatever the line before them.
_OPENER = re.compile(r"^(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Trong quá trình|Nơi nhận|Kính gửi)\b")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$")
_TERMINAL = re.compile(r"(?:[.;:!?]|\./\.?|\.\s*/)\s*[\"”»)]?$")


@dataclass(frozen=True)
class Mark:
    """A numbering mark at the start of a paragraph: kind 'section', 'number', 'letter', 'bullet', 'sub', 'article'."""

    kind: str
    value: str
    rest: str


def read_mark(text: str) -> Mark | None:
    if (m := _SECTION.match(text)) and m.group("mark") in ROMAN:
        return Mark("section", m.group("mark"), m.group("rest"))
    if m := _NUMBER.match(text):
        value = m.group("mark") or m.group("one")
        return Mark("number", value, m.group("rest") or m.group("rest1"))
    if m := _LETTER.match(text):
        return Mark("letter", m.group("mark") or m.group("mark2"), m.group("rest") or m.group("rest2"))
    if m := _ARTICLE.match(text):
        return Mark("article", m.group("mark"), m.group("rest"))
    if m := _BULLET.match(text):
        return Mark("sub" if m.group("mark") == "+" else "bullet", m.group("mark"), m.group("rest"))
    return None


@dataclass
class Block:
    """A paragraph as the author meant it: its lines joined, or one table row."""

    text: str
    numbers: list[int]
    cells: tuple[str, ...] = ()
    mark: Mark | None = field(default=None)

    @property
    def line(self) -> int:
        return self.numbers[0]

    @property
    def is_row(self) -> bool:
        return len(self.cells) >= 2

    @property
    def body(self) -> str:
        """The text after the numbering mark."""
        return self.mark.rest if self.mark else self.text


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def join_blocks(lines: list[Line], starts_field=lambda text: False) -> list[Block]:
    """Group lines into blocks, mending paragraphs that a copy broke across lines.

    A line continues the previous paragraph when it carries no numbering mark or
    field label and either starts in lower case or with a digit (a word or a date
    cut in two), or the text is hard-wrapped and the previous line ran to the margin.
    """
    wrap = _wrap_width(lines)
    blocks: list[Block] = []
    blank_before, last_len = True, 0
    for line in lines:
        text = line.text.strip()
        if not line.is_row and _PAGE_NUMBER.match(text):
            text = ""  # a page number left by a PDF copy
        if not text and not line.is_row:
            blank_before = True
            continue
        previous = blocks[-1] if blocks else None
        if previous and _continues(previous, line, text, blank_before, last_len, wrap, starts_field):
            previous.text = f"{previous.text} {text}"
            previous.numbers.append(line.number)
            previous.mark = read_mark(previous.text)
        else:
            blocks.append(Block(text, [line.number], line.cells, None if line.is_row else read_mark(text)))
        blank_before, last_len = False, len(text)
    return blocks


def _continues(previous: Block, line: Line, text: str, blank_before: bool, last_len: int, wrap, starts_field) -> bool:
    if previous.is_row or line.is_row:
        return False
    if _BARE_MARK.match(previous.text):
        return True  # "II." on a line of its own, its title on the next
    if read_mark(text) or starts_field(text) or _OPENER.match(text):
        return False
    to_margin = bool(wrap) and not blank_before and last_len >= 0.7 * wrap
    if previous.text.endswith(";"):  # a clause ends; more of the same field may follow
        return text[0].islower() or (to_margin and not is_upper(text))
    if ends_sentence(previous.text):
        return previous.text.endswith(":") and starts_field(previous.body) and not blank_before
    if text[0].islower() or text[0].isdigit() or _OPEN_ENDED.search(previous.text):
        return True
    if _unfinished_item(previous) and not is_upper(text):
        return True  # a bullet cut by a page break: "… phối hợp với Sở" / "Tư pháp."
    return to_margin


def _unfinished_item(block: Block) -> bool:
    """A bullet or field that stops without its closing punctuation, mid-sentence."""
    bulleted = block.mark is not None and block.mark.kind in ("bullet", "sub")
    return bulleted and not ends_sentence(block.text) and len(block.text) > 40


def _wrap_width(lines: list[Line]) -> int | None:
    """The margin of a hard-wrapped text, or None when paragraphs are one line each."""
    lengths = [len(line.text) for line in lines if line.text and not line.is_row]
    if len(lengths) < 20:
        return None
    width = quantiles(lengths, n=10)[-1]
    share = sum(n >= 0.8 * width for n in lengths) / len(lengths)
    return int(width) if width <= 130 and share >= 0.3 else None
