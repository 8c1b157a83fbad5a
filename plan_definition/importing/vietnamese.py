"""Vietnamese text as plans write it: folding for comparison, official casing, slugs."""

from __future__ import annotations

import re
import unicodedata

from plan_definition.text import slug, strip_marks

# Old and new tone placement ("Uỷ" / "Ủy", "hoà" / "hòa") are the same word.
_TONE_PLACEMENT = {
    "uỷ": "ủy",
    "Uỷ": "Ủy",
    "UỶ": "ỦY",
    "hoà": "hòa",
    "Hoà": "Hòa",
    "HOÀ": "HÒA",
    "hoá": "hóa",
    "Hoá": "Hóa",
    "HOÁ": "HÓA",
    "khoẻ": "khỏe",
    "thuỷ": "thủy",
    "Thuỷ": "Thủy",
    "tuỳ": "tùy",
    "luỹ": "lũy",
}
_TONE_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _TONE_PLACEMENT)) + r")(?!\w)")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)

# Abbreviations that plans use for agency names, spelled out as folded words.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "vn": "viet nam",
    "ldtb&xh": "lao dong thuong binh va xa hoi",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "tb&xh": "thuong binh va xa hoi",
    "tt&tt": "thong tin va truyen thong",
    "tttt": "thong tin va truyen thong",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "kh&dt": "ke hoach va dau tu",
    "khdt": "ke hoach va dau tu",
    "tn&mt": "tai nguyen va moi truong",
    "tnmt": "tai nguyen va moi truong",
    "nn&ptnt": "nong nghiep va phat trien nong thon",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "ptnt": "phat trien nong thon",
    "vhtt&dl": "van hoa the thao va du lich",
    "vhttdl": "van hoa the thao va du lich",
    "kh&cn": "khoa hoc va cong nghe",
    "khcn": "khoa hoc va cong nghe",
    "gtvt": "giao thong van tai",
    "ldld": "lien doan lao dong",
    "pbgdpl": "pho bien giao duc phap luat",
    "pt&th": "phat thanh va truyen hinh",
    "ptth": "phat thanh va truyen hinh",
    "tp": "thanh pho",
    "tx": "thi xa",
    "vp": "van phong",
    "vpubnd": "van phong uy ban nhan dan",
    "bql": "ban quan ly",
    "kkt": "khu kinh te",
    "thcb": "tin hoc cong bao",
    "bhxh": "bao hiem xa hoi",
    "bchqs": "bo chi huy quan su",
}

WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*")


def clean(text: str) -> str:
    """NFC, one tone placement, no invisible characters, no Markdown emphasis, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).replace("\u00a0", " ")
    text = _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group()], text)
    text = re.sub(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def fold_word(word: str) -> str:
    return strip_marks(clean(word)).lower()


def fold_words(text: str) -> list[str]:
    """The words of a text, folded and with abbreviations spelled out."""
    words: list[str] = []
    for match in WORD.finditer(clean(text)):
        key = fold_word(match.group())
        words.extend(ABBREVIATIONS.get(key, key).split())
    return words


def fold(text: str) -> str:
    """A comparison key: no case, no diacritics, no punctuation, abbreviations spelled out."""
    return " ".join(fold_words(text))


def slugify(text: str, max_words: int = 8) -> str:
    return slug(clean(text), max_words)


def is_upper(text: str) -> bool:
    """True when the letters of `text` are (almost) all capitals, as in a printed header."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
