"""The legal basis of a plan: the documents its preamble cites (*Căn cứ …*, *Thực hiện …*)."""

from __future__ import annotations

import re

from .blocks import Block
from .references import canonical_numbers_in
from .vietnamese import fold

_OPENING = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai thực hiện)\s+(?:vào\s+)?", re.IGNORECASE)
_DOCUMENT = (
    r"(?:các\s+)?(?:Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư|Kế hoạch|"
    r"Công văn|Văn bản|Hướng dẫn|Chương trình|Đề án|Thông báo|Kết luận|Quy chế|Quy định)\b"
)
_BETWEEN = re.compile(rf"(\s*,?\s+và\s+(?={_DOCUMENT})|,\s+(?={_DOCUMENT}))")
_COMPLETE = re.compile(r"\b(?:năm\s+)?\d{4}\s*$|\bsố\s+[\w/.-]+\s*$|\d{4}\b.*\bcủa\b.+$")


def legal_basis(preamble: list[Block], body: list[Block] = ()) -> list[str]:
    """The documents cited by the preamble's *Căn cứ* and *Thực hiện* paragraphs and by a
    section "CĂN CỨ XÂY DỰNG KẾ HOẠCH" listing them, one entry each."""
    paragraphs = [_OPENING.sub("", b.text, count=1) for b in preamble if _OPENING.match(b.text)]
    paragraphs += _basis_section(body)
    cited: list[str] = []
    for text in paragraphs:
        text = _without_enacting_clause(text)
        for part in _citations(text):
            part = canonical_numbers_in(part.strip(" ,;.:"))
            if part and fold(part) not in {fold(c) for c in cited}:
                cited.append(part)
    return cited


def _basis_section(body: list[Block]) -> list[str]:
    """The numbered or bulleted entries under a section whose title starts with "Căn cứ"."""
    entries, inside = [], False
    for block in body:
        if block.mark and block.mark.kind == "section":
            inside = fold(block.mark.rest).startswith("can cu")
        elif inside and block.mark and block.mark.kind in ("number", "bullet", "letter"):
            entries.append(_OPENING.sub("", block.mark.rest, count=1))
    return entries


def _citations(text: str) -> list[str]:
    """Split at ';', and at 'và' or ',' before a document type once the citation before it is complete.

    "Luật A ngày 10/11/2022 và Quyết định số 346/QĐ-TTg" is two citations; "Luật sửa đổi, bổ sung
    một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày …" is one.
    """
    cited: list[str] = []
    for clause in re.split(r"\s*;\s*", text):
        pieces = _BETWEEN.split(clause)
        current = pieces[0]
        for separator, piece in zip(pieces[1::2], pieces[2::2]):
            if _COMPLETE.search(current):
                cited.append(current)
                current = piece
            else:
                current += separator + piece
        cited.append(current)
    return cited


def _without_enacting_clause(text: str) -> str:
    """Drop the closing "…, Ủy ban nhân dân tỉnh ban hành Kế hoạch … như sau:" from a *Thực hiện* paragraph."""
    if not re.search(r"như sau\s*:?\s*$", text):
        return text
    enacting = re.search(
        r"[,.]\s+(?:Ủy ban nhân dân|UBND|Sở|Ban|Bộ|Hội đồng|Chủ tịch|Văn phòng)[^;]*?\b(?:ban hành|xây dựng)\b[^;]*$",
        text,
    )
    if enacting:
        return text[: enacting.start()]
    head, comma, _clause = text.rpartition(", ")
    return head if comma else text
