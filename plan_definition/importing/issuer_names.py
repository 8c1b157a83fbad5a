"""The issuing body printed in capitals at the top left ("UBND TỈNH TRÀ VINH / SỞ NỘI VỤ"), written out properly."""

from __future__ import annotations

import re

from .vietnamese import fold, is_upper

_BODY_HEADS = (
    "uy ban nhan dan",
    "hoi dong nhan dan",
    "so",
    "bo",
    "ban",
    "van phong",
    "thanh tra",
    "phong",
    "trung tam",
    "cuc",
    "chi cuc",
    "tong cuc",
    "dai",
    "bao",
    "truong",
    "lien doan",
    "cong an",
    "bo chi huy",
    "kho bac",
    "tinh uy",
    "huyen uy",
    "thanh uy",
    "thi uy",
    "dang uy",
    "uy ban mat tran",
    "chinh phu",
    "thu tuong",
    "hoi",
    "benh vien",
    "ngan hang",
    "bao hiem",
    "vien",
    "toa an",
    "cong ty",
    "tinh doan",
    "doan",
)
_LOCALITY = re.compile(
    r"(?<!\w)(TỈNH|HUYỆN|THÀNH PHỐ|THỊ XÃ|QUẬN|XÃ(?!\s+HỘI)|PHƯỜNG|THỊ TRẤN|TP\.?|TX\.?)\s+(?=\w)", re.IGNORECASE
)
_LOCALITY_WORDS = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã", "tx.": "thị xã"}
_EXPANSIONS = {"UBND": "ỦY BAN NHÂN DÂN", "HĐND": "HỘI ĐỒNG NHÂN DÂN", "UBMTTQ": "ỦY BAN MẶT TRẬN TỔ QUỐC"}
# Phrases written one way whatever the case they are printed in, longest first.
_FIXED = (
    ("ủy ban mặt trận tổ quốc việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("mặt trận tổ quốc việt nam", "Mặt trận Tổ quốc Việt Nam"),
    ("mặt trận tổ quốc", "Mặt trận Tổ quốc"),
    ("ủy ban nhân dân", "Ủy ban nhân dân"),
    ("hội đồng nhân dân", "Hội đồng nhân dân"),
    ("việt nam", "Việt Nam"),
    ("chính phủ", "Chính phủ"),
    ("công thương", "Công Thương"),
)
# A body named by one of these nouns capitalises the first word of its name: "Sở Nội vụ".
_NAMED_BY = (
    "sở",
    "bộ",
    "ban",
    "phòng",
    "cục",
    "chi cục",
    "tổng cục",
    "đài",
    "báo",
    "trường",
    "trung tâm",
    "liên đoàn",
    "văn phòng",
    "hội",
    "viện",
    "bệnh viện",
    "ngân hàng",
    "kho bạc",
    "bộ chỉ huy",
    "thanh tra",
)


def starts_locality(text: str) -> bool:
    """ "TỈNH TRÀ VINH", "tỉnh Trà Vinh": the second line of an issuer printed on two lines."""
    match = _LOCALITY.match(text.strip())
    return bool(match) and match.start() == 0


def starts_body(text: str) -> bool:
    key = fold(text)
    return any(key == head or key.startswith(head + " ") for head in _BODY_HEADS)


def compose_issuer(lines: list[str]) -> str | None:
    """The issuing body from the capitalised lines above the document number.

    Lines are joined into bodies (a new body starts at a body noun: SỞ, BAN, ỦY BAN …);
    the issuer is the last body, with the locality of the body above when it names none
    ("UBND TỈNH TRÀ VINH" over "SỞ NỘI VỤ" → "Sở Nội vụ tỉnh Trà Vinh").
    """
    bodies: list[str] = []
    for line in lines:
        line = " ".join(_EXPANSIONS.get(w.upper(), w) for w in line.split())
        if not bodies or starts_body(line):
            bodies.append(line)
        else:
            bodies[-1] = f"{bodies[-1]} {line}"
    if not bodies:
        return None
    issuer = official_case(bodies[-1])
    if not _LOCALITY.search(bodies[-1]):
        for above in reversed(bodies[:-1]):
            if match := _LOCALITY.search(above):
                return f"{issuer} {official_case(above[match.start() :])}"
    return issuer


def official_case(name: str) -> str:
    """ "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH TRÀ VINH" → "Sở Lao động - Thương binh và Xã hội tỉnh Trà Vinh"."""
    name = re.sub(r"\s+", " ", name).strip()
    if not is_upper(name):
        return name
    match = _LOCALITY.search(name)
    body, place = (name[: match.start()].strip(), name[match.start() :]) if match else (name, "")
    parts = [_keep_symbols(_case_body(body), body)] if body else []
    if place:
        word, rest = place.split(" ", 1)
        if word.upper() in ("THÀNH", "THỊ"):
            second, rest = rest.split(" ", 1)
            word = f"{word} {second}"
        parts += [_LOCALITY_WORDS.get(word.lower(), word.lower()), _title(rest)]
    return " ".join(parts)


def _case_body(body: str) -> str:
    text = body.lower()
    for phrase, written in _FIXED:
        text = re.sub(rf"(?<!\w){phrase}(?!\w)", written, text)
    text = text[:1].upper() + text[1:]
    for head in sorted(_NAMED_BY, key=len, reverse=True):
        if text.lower().startswith(head + " "):
            cut = len(head) + 1
            text = text[:cut] + text[cut].upper() + text[cut + 1 :]
            break
    return re.sub(r"(\s(?:và|-|–)\s|,\s)(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def _keep_symbols(cased: str, printed: str) -> str:
    """Words with digits are symbols and keep their capitals: "Ban Chỉ đạo 138/CP"."""
    words, originals = cased.split(" "), printed.split(" ")
    if len(words) != len(originals):
        return cased
    return " ".join(o if re.search(r"\d", o) else w for w, o in zip(words, originals))


def _title(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())
