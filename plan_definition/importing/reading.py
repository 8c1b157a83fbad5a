"""Read a document once: its lines, paragraphs, parts and header."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .blocks import Block, join_blocks
from .document import Document, read_document
from .flat_tables import rebuild_flat_tables
from .header import Header, header_units, read_header
from .issuer_names import official_case
from .labels import starts_field
from .layout import ATTACHMENT, BODY, END, PREAMBLE, Layout, lay_out
from .legal_basis import legal_basis
from .pipe_tables import rebuild_pipe_tables
from .references import read_reference

_LEVEL = r"(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)"
_LEVEL_NAMED = re.compile(rf"\b{_LEVEL}\b", re.IGNORECASE)
_ABBREVIATED = {"Ủy ban nhân dân": "(?:Ủy ban nhân dân|UBND)", "Hội đồng nhân dân": "(?:Hội đồng nhân dân|HĐND)"}


@dataclass
class Parsed:
    document: Document
    blocks: list[Block]
    layout: Layout
    header: Header


def parse(path: Path) -> Parsed:
    document = read_document(path)
    document = replace(document, lines=rebuild_flat_tables(rebuild_pipe_tables(document.lines)))
    blocks = join_blocks(document.lines, starts_field)
    layout = lay_out(blocks)
    return Parsed(document, blocks, layout, document_header(document, layout))


def document_header(document: Document, layout: Layout) -> Header:
    """The header of the document itself; what it lacks is taken from an attachment line or the signature."""
    end = layout.header_end
    units = header_units([line for line in document.lines if line.number < end][:60])
    attached = [b.text for group in layout.attachments() for b in group]
    reference = next((r for text in attached if (r := read_reference(text))), None)
    header = read_header(units, reference)
    header = replace(header, legal_basis=tuple(legal_basis(layout.part(PREAMBLE), layout.part(BODY))))
    if header.issuer is None:
        issuer = _issuer_from_signature(layout, header.place)
        if issuer:
            header = replace(
                header,
                issuer=issuer,
                notes=header.notes + (f"cơ quan ban hành suy ra từ chữ ký 'TM. …' và địa danh: {issuer}",),
            )
    elif not _LEVEL_NAMED.search(header.issuer) and (issuer := _with_level(header.issuer, layout, header.place)):
        header = replace(
            header,
            issuer=issuer,
            notes=header.notes
            + (f"cơ quan ban hành ghi thiếu cấp hành chính; bổ sung theo lời văn và địa danh: {issuer}",),
        )
    return header


def _issuer_from_signature(layout: Layout, place: str | None) -> str | None:
    """ "TM. ỦY BAN NHÂN DÂN" signs for the body; its level and place complete the name."""
    cells = [c.strip() for b in layout.part(END) + layout.part(ATTACHMENT) for c in b.text.split(" | ")]
    signing = next((m.group(1) for c in cells if (m := re.match(r"^(?:TM|T/M)\s*\.?\s*(.+)$", c))), None)
    if signing is None:
        return None
    body = official_case(signing)
    return body if _LEVEL_NAMED.search(body) else _with_level(body, layout, place)


def _with_level(body: str, layout: Layout, place: str | None) -> str | None:
    """ "Ủy ban nhân dân" + the level the text gives itself ("Ủy ban nhân dân tỉnh ban hành …") + the place."""
    if not place:
        return None
    texts = [b.text for b in layout.blocks]
    named = _ABBREVIATED.get(body, re.escape(body))
    for pattern in (rf"\b{named}\s+{_LEVEL}\s+(?:ban hành|xây dựng)\b", rf"\b{named}\s+{_LEVEL}\b"):
        level = next((m.group(1).lower() for t in texts if (m := re.search(pattern, t, re.IGNORECASE))), None)
        if level:
            return f"{body} {level} {place}"
    return None
