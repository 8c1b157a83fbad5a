"""Dates and document references as plans print them: "ngày 15 tháng 9 năm 2023", "số 346/QĐ-TTg"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .issuer_names import official_case

_MIXED_CASE_PARTS = {"TTG": "TTg", "CTR": "CTr"}
_DATE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})\s*(?:tháng\s*(?P<m>\d{1,2})\s*,?\s*năm\s*(?P<y>\d{4})"
    r"|[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))",
    re.IGNORECASE,
)
_SYMBOL = r"[^\W\d_][\w&.]*(?:\s*[-–—‐]\s*[\w&.]+)*"
_REFERENCE = re.compile(
    rf"kèm theo\s+(?P<kind>Quyết định|Kế hoạch|Nghị quyết|Công văn|Chỉ thị|Chương trình)\s+số\s*:?\s*"
    rf"(?P<n>\d{{1,5}}(?:\s*/\s*\d{{4}})?)\s*/\s*(?P<sym>{_SYMBOL})"
    r"(?P<rest>[^)]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    """ "(Kèm theo Quyết định số 123/QĐ-UBND ngày … của …)": the document that carries this one."""

    kind: str
    number: str
    date: date | None
    issuer: str | None


def canonical_number(number: str, symbol: str) -> str:
    """ "86 ", "kh-ubnd" → "86/KH-UBND"; "QĐ-TTG" → "QĐ-TTg"."""
    parts = [p.strip().upper() for p in re.split(r"[-–—‐]", re.sub(r"\s+", "", symbol).strip("."))]
    return re.sub(r"\s+", "", number) + "/" + "-".join(_MIXED_CASE_PARTS.get(p, p) for p in parts)


def read_date(text: str, *, at_start: bool = False) -> date | None:
    """The first "ngày 15 tháng 9 năm 2023" or "ngày 15/9/2023" in `text` (only at its start if asked)."""
    match = _DATE.match(text.lstrip()) if at_start else _DATE.search(text)
    if not match:
        return None
    day, month, year = match.group("d"), match.group("m") or match.group("m2"), match.group("y") or match.group("y2")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def read_reference(text: str) -> Reference | None:
    match = _REFERENCE.search(text)
    if not match:
        return None
    rest = match.group("rest")
    issuer = re.search(r"\bcủa\s+(.+?)\s*[.;]?\s*$", rest)
    return Reference(
        kind=match.group("kind")[:1].upper() + match.group("kind")[1:].lower(),
        number=canonical_number(match.group("n"), match.group("sym")),
        date=read_date(rest),
        issuer=official_case(re.sub(r"\bUBND\b", "Ủy ban nhân dân", issuer.group(1))) if issuer else None,
    )


def canonical_numbers_in(text: str) -> str:
    """Every "số 346/QĐ-TTG" in running text written canonically ("346/QĐ-TTg")."""
    return re.sub(
        r"\b(?P<n>\d{1,5}(?:/\d{4})?)/(?P<sym>[A-ZĐa-zđ][\wĐđ&]*(?:-[\wĐđ&]+)+)",
        lambda m: canonical_number(m.group("n"), m.group("sym")),
        text,
    )
