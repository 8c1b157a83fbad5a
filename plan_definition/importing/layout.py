"""Find the parts of an official document: header, preamble, body, decision articles, end matter, attachments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .labels import starts_field
from .vietnamese import fold, is_upper

KINDS = {
    "ke hoach": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "chuong trinh": "Chương trình",
    "de an": "Đề án",
    "chi thi": "Chỉ thị",
    "huong dan": "Hướng dẫn",
    "thong bao": "Thông báo",
    "nghi quyet": "Nghị quyết",
    "bao cao": "Báo cáo",
    "cong van": "Công văn",
    "quy che": "Quy chế",
    "ke hoach hanh dong": "Kế hoạch hành động",
}
_APPENDIX = re.compile(r"^phu luc\b")
_NEVER_TITLE = re.compile(r"^(can cu|theo de nghi|xet de nghi|kinh gui)\b")
_INTRODUCTION = re.compile(r"^(thuc hien|nham|de trien khai|de thuc hien|de kip thoi)\b")
_END = re.compile(r"^(noi nhan|tm |kt |tl |ttl |q |thay mat|ky thay)")
_MOTTO = re.compile(r"^(cong hoa xa hoi chu nghia|doc lap tu do hanh phuc)")
_ATTACHED = re.compile(r"^\(?\s*(ban hanh )?kem theo\b")

HEADER, PREAMBLE, BODY, DECISION, END, ATTACHMENT = "header", "preamble", "body", "decision", "end", "attachment"


def appendix_mark(blocks: list[Block]) -> str | None:
    """ "PL", "PLI", "PL2" for an attachment that is an appendix ("PHỤ LỤC II"), else None."""
    for block in blocks:
        if match := re.match(r"^phu luc\s*(?:so\s*)?([ivx]+|\d+)?\b", fold(block.text)):
            return "PL" + (match.group(1) or "").upper()
    return None


def read_kind(text: str) -> tuple[str, str] | None:
    """("Kế hoạch", rest) for a kind line: "KẾ HOẠCH", "Kế hoạch", or "KẾ HOẠCH Triển khai …" flattened."""
    text = text.strip().strip("*#").strip()
    if text.endswith(":"):
        return None  # "QUYẾT ĐỊNH:" enacts the articles, it does not name the document
    key = fold(text)
    if key in KINDS:
        return KINDS[key], ""
    spaced = {k.replace(" ", ""): v for k, v in KINDS.items()}
    if is_upper(text) and key.replace(" ", "") in spaced:
        return spaced[key.replace(" ", "")], ""  # "K Ế  H O Ạ C H", letters spread across the line
    words = text.split()
    for size in (3, 2):
        head = " ".join(words[:size])
        if len(words) > size and is_upper(head) and fold(head) in KINDS and not is_upper(" ".join(words[size:])):
            return KINDS[fold(head)], " ".join(words[size:]).lstrip("|: ").strip()
    return None


@dataclass
class Layout:
    """The document's blocks sorted into parts; `roles` says why a block is not imported as plan content."""

    blocks: list[Block]
    roles: dict[int, str] = field(default_factory=dict)  # index in blocks -> part

    def part(self, name: str) -> list[Block]:
        return [b for i, b in enumerate(self.blocks) if self.roles[i] == name]

    def attachments(self) -> list[list[Block]]:
        """Each attached document's heading blocks (kind line, title, "Kèm theo …"), in order."""
        groups: list[list[Block]] = []
        previous = None
        for i, block in enumerate(self.blocks):
            if self.roles[i] == ATTACHMENT:
                if previous != i - 1:
                    groups.append([])
                groups[-1].append(block)
                previous = i
        return groups

    def body_segments(self) -> list[tuple[list[Block], list[Block]]]:
        """(heading of the attachment it follows, body blocks): the plan's body, then each appendix's apart."""
        segments: list[tuple[list[Block], list[Block]]] = []
        pending: list[Block] = []  # attachment heading blocks seen since the last body block
        for i, block in enumerate(self.blocks):
            if self.roles[i] == ATTACHMENT:
                pending.append(block)
            elif self.roles[i] == BODY:
                if not segments or pending:
                    segments.append((pending, []))
                    pending = []
                segments[-1][1].append(block)
        return segments

    @property
    def header_end(self) -> int:
        """The first line number after the document's own header."""
        for i, block in enumerate(self.blocks):
            if self.roles[i] != HEADER:
                return block.line
        return self.blocks[-1].numbers[-1] + 1 if self.blocks else 1


def lay_out(blocks: list[Block]) -> Layout:
    layout = Layout(blocks)
    state, seen_kind, title_blocks = HEADER, False, 0
    for i, block in enumerate(blocks):
        key = fold(block.text)
        if state in (BODY, DECISION, PREAMBLE) and _END.match(key):
            state = END
        elif state == END and (read_kind(block.text) or _MOTTO.search(key) or _APPENDIX.match(key)):
            state, seen_kind, title_blocks = ATTACHMENT, bool(read_kind(block.text) or _APPENDIX.match(key)), 0
        elif state == END and block.mark and block.mark.kind == "section":
            state = BODY
        elif state in (HEADER, ATTACHMENT):
            if read_kind(block.text) or _APPENDIX.match(key):
                seen_kind, title_blocks = True, 0
            elif _starts_body(block, key, seen_kind, title_blocks):
                state = PREAMBLE
            elif seen_kind and not _ATTACHED.match(key):
                title_blocks += 1
        if state == PREAMBLE and block.mark and block.mark.kind in ("section", "number", "letter", "article"):
            state = DECISION if block.mark.kind == "article" else BODY
        elif state == PREAMBLE and starts_field(block.text):
            state = BODY  # an unnumbered task with its fields: not preamble, whatever it is
        elif state == PREAMBLE and block.is_row and not _MOTTO.match(key):
            state = BODY
        layout.roles[i] = state
    return layout


def _starts_body(block: Block, key: str, seen_kind: bool, title_blocks: int) -> bool:
    """Whether the header ends here; the block right after the kind line is always the title."""
    if block.mark and block.mark.kind in ("section", "number", "article"):
        return True
    if _NEVER_TITLE.match(key):
        return True
    if seen_kind and title_blocks == 0:
        return False
    if _INTRODUCTION.match(key):
        return True
    if block.is_row:
        return seen_kind and title_blocks > 0 and not _MOTTO.match(key)
    sentence = block.text.rstrip().endswith((".", ":")) and len(block.text) > 80 and not is_upper(block.text)
    return seen_kind and title_blocks > 0 and sentence
