"""Read a document's header: issuer, kind, number and symbol, place and date, title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .document import Line
from .issuer_names import compose_issuer, starts_body, starts_locality
from .layout import read_kind
from .references import Reference, canonical_number, read_date, read_reference
from .vietnamese import clean, fold, is_upper

_RULE = re.compile(r"^[\s_\-–—=*.~•]*$")
_MOTTO = re.compile(r"^(cong hoa\b|(?:hoa )?xa hoi chu nghia|chu nghia viet nam|doc lap\b.*\bhanh phuc|viet nam$)")
_MARKS = {"du thao", "mat", "toi mat", "tuyet mat", "khan", "thuong khan", "hoa toc", "ban chinh thuc"}
_SYMBOL = r"[^\W\d_][\w&.]*(?:\s*[-–—‐]\s*[\w&.]+)*"
_NUMBER = re.compile(rf"^Số\s*[:.]?\s*(?P<n>\d{{1,5}}(?:\s*/\s*\d{{4}})?)?\s*/\s*(?P<sym>{_SYMBOL})", re.IGNORECASE)
_NUMBER_ANYWHERE = re.compile(rf"(?<!\w)Số\s*:\s*(?P<n>\d{{1,5}}(?:\s*/\s*\d{{4}})?)\s*/\s*(?P<sym>{_SYMBOL})")
_PLACE_DATE = re.compile(r"^(?P<place>[^\W\d_][^\d,:;()|]{1,45}?)\s*,?\s*ngày\b", re.IGNORECASE)
_PLACE_ANYWHERE = re.compile(r"(?P<place>(?:(?:TP|TX)\.\s*)?(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s*-?\s*){1,4}),\s*ngày\s*\d")
# Where a header flattened onto one line changes cell: before the motto, the number, after the motto.
_CELL_BREAK = re.compile(
    r"\s+(?=CỘNG HÒA XÃ HỘI|Cộng hòa xã hội|Độc lập\s*[-–]|Số\s*:)|(?<=Hạnh phúc)\s+|(?<=VIỆT NAM)\s+(?=[^\W\d_])"
)
_ATTACHED = re.compile(r"^\(?\s*(?:ban hành\s+)?kèm theo\b", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(chu tich|pho chu tich|giam doc|bo truong|thu tuong|truong ban|uy ban nhan dan|hoi dong)\b")
_PREAMBLE = re.compile(r"^(can cu|thuc hien|theo de nghi|kinh gui)\b")
_KIND_OF_SYMBOL = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "CTR": "Chương trình",
    "ĐA": "Đề án",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "NQ": "Nghị quyết",
    "BC": "Báo cáo",
    "QC": "Quy chế",
}


@dataclass(frozen=True)
class Header:
    """What the top of the document says about it; None where the text does not say."""

    issuer: str | None = None
    kind: str | None = None
    number: str | None = None
    place: str | None = None
    date: date | None = None
    title: str | None = None
    legal_basis: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)  # how a field was inferred, for the report

    def as_json(self) -> dict:
        return {
            "issuer": self.issuer,
            "kind": self.kind,
            "number": self.number,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
        }


@dataclass(frozen=True)
class Unit:
    """One cell or printed column of a header line."""

    text: str
    line: int
    blank_before: bool


def header_units(lines: list[Line]) -> list[Unit]:
    """Header lines split into their cells ('|', tabs, wide gaps, or where a flattened line changes cell).

    A web copy puts each cell's first word on a line of its own ("ỦY" / "BAN NHÂN DÂN", "Số:" /
    "258/KH-UBND", "Tiền" / "Giang, ngày …"): such a fragment is joined to the line after it.
    """
    pieces: list[tuple[str, int]] = []  # (text, line), "" for a blank line
    for line in lines:
        if line.is_row:
            parts = [p for cell in line.cells for p in cell.split("\n")]
        else:
            raw = re.sub(r"(Số\s*:)\s+(?=/)", r"\1 ", line.raw.strip())  # "Số:      /KH-UBND", a number left blank
            parts = re.split(r"\s{3,}|\t", raw) if line.raw else [line.text]
        parts = [c for p in parts for piece in _CELL_BREAK.split(clean(p)) if (c := piece.strip(" |"))]
        pieces += [(part, line.number) for part in parts] or [("", line.number)]
    units: list[Unit] = []
    blank, fragment = True, None
    for text, number in pieces:
        if not text:
            blank = True
            continue
        if fragment is not None:
            text, fragment = f"{fragment} {text}", None
        elif _is_fragment(text):
            fragment = text
            continue
        units.append(Unit(text, number, blank))
        blank = False
    if fragment is not None:
        units.append(Unit(fragment, pieces[-1][1], blank))
    return units


def _is_fragment(text: str) -> bool:
    """One word of a cell broken off its line: "ỦY", "CỘNG", "Tiền", "Số:"; not a rule nor "MẬT"."""
    return (
        " " not in text
        and not _RULE.match(text)
        and fold(text) not in _MARKS
        and not text[:1].isdigit()
        and (text.endswith(":") or text.rstrip(".")[-1:].isalpha())
        and len(text) <= 12
    )


def read_header(units: list[Unit], reference: Reference | None = None) -> Header:
    """The header fields found in `units`; `reference` ("Kèm theo Quyết định số …") fills what they lack."""
    texts = [u.text for u in units]
    kind_at = next((i for i, t in enumerate(texts) if read_kind(t)), None)
    number = _number(texts)
    place, day = _place_and_date(texts)
    issuer = compose_issuer([t for t in texts[:kind_at] if _issuer_like(t)])
    if kind_at is not None:
        kind, title = read_kind(texts[kind_at])[0], _title(units, kind_at)
    else:
        kind, title = None, _title_without_kind(units)
    reference = reference or next((r for t in texts if _ATTACHED.match(t) and (r := read_reference(t))), None)
    notes = []
    if reference:
        if number is None and reference.number:
            number = reference.number
            notes.append(f"số, ký hiệu lấy từ dòng 'Kèm theo': {number}")
        day = day or reference.date
        issuer = issuer or reference.issuer
    if kind is None and number:
        symbol = number.split("/")[-1].split("-")[0].upper()
        if symbol in _KIND_OF_SYMBOL:
            kind = _KIND_OF_SYMBOL[symbol]
            notes.append(f"loại văn bản suy ra từ ký hiệu '{number}': {kind}")
    return Header(issuer=issuer, kind=kind, number=number, place=place, date=day, title=title, notes=tuple(notes))


def _skipped(text: str) -> bool:
    """Rules, the national motto, the number, the place and date, urgency marks: never issuer nor title."""
    key = fold(text)
    return bool(
        _RULE.match(text)
        or _MOTTO.match(key)
        or re.match(r"^Số\s*[:.]", text)
        or key.strip("() ") in _MARKS
        or (_PLACE_DATE.match(text) and "ngày" in text.lower())
    )


def _issuer_like(text: str) -> bool:
    capitalised = is_upper(text) or starts_body(text) or starts_locality(text)
    # "/" marks a number or a date, except in a body's own name: "BAN CHỈ ĐẠO 138/CP".
    symbol_in_name = is_upper(text) and starts_body(text) and not re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", text)
    return capitalised and not _skipped(text) and ("/" not in text or symbol_in_name)


def _number(texts: list[str]) -> str | None:
    for text in texts:
        if (match := _NUMBER.match(text)) and match.group("n"):
            return canonical_number(match.group("n"), match.group("sym"))
    if match := _NUMBER_ANYWHERE.search(" ".join(texts)):
        return canonical_number(match.group("n"), match.group("sym"))
    return None


def _place_and_date(texts: list[str]) -> tuple[str | None, date | None]:
    """ "Trà Vinh, ngày 15 tháng 9 năm 2023", even when the date runs on into the next cell or line."""
    for i, text in enumerate(texts):
        text = _NUMBER.sub("", text).strip(" |") if _NUMBER.match(text) else text
        match = _PLACE_DATE.match(text)
        if not match or _MOTTO.match(fold(text)) or _ATTACHED.match(text):
            continue
        following = " ".join([text[match.end() - len("ngày") :]] + texts[i + 1 : i + 3])
        return match.group("place").strip(" .,"), read_date(following, at_start=True)
    flat = " ".join(texts)
    if match := _PLACE_ANYWHERE.search(flat):
        return match.group("place").strip(" -"), read_date(flat[match.end("place") :], at_start=False)
    return None, None


def _title(units: list[Unit], kind_at: int) -> str | None:
    """The lines under the kind line, up to a rule, a blank line, the authority or the legal basis."""
    parts = [rest] if (rest := read_kind(units[kind_at].text)[1]) else []
    for unit in units[kind_at + 1 :]:
        text, key = unit.text, fold(unit.text)
        if _skipped(text):
            if parts and _RULE.match(text):
                break
            continue
        if _ATTACHED.match(text) or (_PREAMBLE.match(key) and parts) or read_kind(text):
            break
        authority = is_upper(text) and (_AUTHORITY.match(key) or (parts and not is_upper(" ".join(parts))))
        if authority or (parts and unit.blank_before and not text[:1].islower()) or len(parts) >= 6:
            break
        parts.append(text)
    return _joined(parts)


def _title_without_kind(units: list[Unit]) -> str | None:
    """With the kind line lost, the title is what follows the number and date that is neither issuer nor preamble."""
    last = max((i for i, u in enumerate(units) if _NUMBER.match(u.text) or _PLACE_DATE.match(u.text)), default=None)
    if last is None:
        return None
    parts = []
    for unit in units[last + 1 :]:
        if _skipped(unit.text):
            continue
        if _PREAMBLE.match(fold(unit.text)) or _ATTACHED.match(unit.text) or (parts and unit.blank_before):
            break
        parts.append(unit.text)
    return _joined(parts)


def _joined(parts: list[str]) -> str | None:
    title = " ".join(parts).strip(" .:;")
    return title or None
