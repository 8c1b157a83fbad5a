"""Field labels of a plan item ("Cơ quan chủ trì:", "Thời hạn hoàn thành:" …) and table column headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vietnamese import fold

LEAD, COORDINATOR, FORM, TIMEFRAME, PRODUCT, CONTENT, UNKNOWN = (
    "lead",
    "coordinator",
    "form",
    "timeframe",
    "product",
    "content",
    "unknown",
)

_LABELS: dict[str, tuple[str, ...]] = {
    LEAD: (
        "co quan chu tri",
        "don vi chu tri",
        "co quan thuc hien",
        "don vi thuc hien",
        "co quan chu tri thuc hien",
        "don vi chu tri thuc hien",
        "chu tri",
        "chu tri thuc hien",
        "co quan don vi chu tri",
        "co quan don vi thuc hien",
        "trach nhiem thuc hien",
        "co quan chiu trach nhiem",
        "don vi chiu trach nhiem",
        "co quan chu tri tham muu",
        "co quan tham muu",
        "co quan trien khai",
        "don vi trien khai",
        "co quan to chuc thuc hien",
        "don vi chu tri tham muu",
        "don vi chu tri tham muu thuc hien",
        "co quan chu tri tham muu thuc hien",
        "don vi tham muu",
        "co quan don vi chu tri thuc hien",
        "co quan don vi chu tri tham muu",
    ),
    COORDINATOR: (
        "co quan phoi hop",
        "don vi phoi hop",
        "phoi hop",
        "phoi hop thuc hien",
        "co quan phoi hop thuc hien",
        "don vi phoi hop thuc hien",
        "co quan don vi phoi hop",
    ),
    FORM: ("hinh thuc", "hinh thuc thuc hien", "hinh thuc to chuc", "hinh thuc trien khai"),
    TIMEFRAME: (
        "thoi gian thuc hien",
        "thoi han hoan thanh",
        "thoi gian hoan thanh",
        "thoi han thuc hien",
        "thoi gian",
        "thoi han",
        "tien do",
        "tien do thuc hien",
        "tien do hoan thanh",
        "thoi gian trien khai",
        "thoi gian to chuc",
        "thoi diem hoan thanh",
        "thoi gian thuc hien va hoan thanh",
        "thoi han ban hanh",
        "thoi gian ban hanh",
        "thoi han trinh",
        "thoi gian trinh",
        "thoi han bao cao",
    ),
    PRODUCT: ("san pham", "san pham dau ra", "ket qua san pham", "san pham hoan thanh", "san pham du kien"),
    CONTENT: ("noi dung", "noi dung thuc hien", "noi dung cong viec"),
}
_KIND_OF = {key: kind for kind, keys in _LABELS.items() for key in keys}
_LABEL = re.compile(r"^(?:[-–—•·+*]\s*)?(?P<label>[^:;.()]{2,60}?)\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Label:
    kind: str  # LEAD, COORDINATOR, FORM, TIMEFRAME, PRODUCT, CONTENT or UNKNOWN
    name: str  # the label as printed
    value: str


def read_label(text: str, *, bulleted_unknown: bool = True) -> Label | None:
    """The field a paragraph sets, if it starts with a label and a colon.

    A short unknown label ("- Kinh phí: …") on a bulleted line is returned as
    UNKNOWN so that the importer can report it instead of guessing.
    """
    match = _LABEL.match(text)
    if not match:
        return None
    name, value = match.group("label").strip(), match.group("value").strip()
    kind = _KIND_OF.get(fold(name))
    if kind:
        return Label(kind, name, value)
    bulleted = text[:1] in "-–—•·+*"
    if bulleted_unknown and bulleted and len(name.split()) <= 5 and name[:1].isupper():
        return Label(UNKNOWN, name, value)
    return None


_NEXT_LABEL = re.compile(r"[;.]\s+(?=(?P<label>[A-ZĐÀ-Ỹ][^:;.()]{2,60}?)\s*:)")


def read_labels(text: str) -> list[Label]:
    """The fields a paragraph sets: "Đơn vị chủ trì: Thuế tỉnh; Đơn vị phối hợp: Sở Tài chính." gives two."""
    label = read_label(text)
    if label is None or label.kind == UNKNOWN:
        return [label] if label else []
    for match in _NEXT_LABEL.finditer(label.value):
        if _KIND_OF.get(fold(match.group("label").strip())):
            rest = read_labels(label.value[match.end() :])
            head = Label(label.kind, label.name, label.value[: match.start()].strip())
            return [head, *rest]
    return [label]


def starts_field(text: str) -> bool:
    label = read_label(text, bulleted_unknown=False)
    return label is not None


_COLUMNS = (
    ("tt", ("tt", "stt", "so tt", "so thu tu")),
    (COORDINATOR, ("phoi hop",)),
    (TIMEFRAME, ("thoi gian", "thoi han", "tien do")),
    (PRODUCT, ("san pham", "ket qua")),
    (FORM, ("hinh thuc",)),
    (LEAD, ("chu tri", "thuc hien", "chiu trach nhiem")),
    (CONTENT, ("noi dung", "nhiem vu", "cong viec", "hoat dong", "giai phap")),
    ("note", ("ghi chu",)),
)


_CONTENT_FIRST = re.compile(r"^(?:noi dung|nhiem vu|cong viec|hoat dong|giai phap|ten nhiem vu)\b")


def column_kind(heading: str) -> str | None:
    """What a table column holds, from its heading ("Cơ quan chủ trì" → LEAD, "Nội dung thực hiện" → CONTENT)."""
    key = fold(heading)
    if _CONTENT_FIRST.match(key):
        return CONTENT  # "Nội dung thực hiện" names the work, not who does it
    for kind, words in _COLUMNS:
        if kind == "tt":
            if key in words:
                return kind
        elif any(re.search(rf"\b{w}\b", key) for w in words):
            return kind
    return None
