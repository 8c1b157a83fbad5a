"""Vietnamese text, written once: folding for comparison, slugs for keys, sentences, lists of names, and dates
as Decree 30/2020/NĐ-CP writes them."""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Iterable
from datetime import date, datetime

from markupsafe import Markup


def strip_marks(text: str) -> str:
    """Remove diacritics: "Ủy ban" → "Uy ban", "Đài" → "Dai"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def fold_key(text: str) -> str:
    """Lower case, no diacritics, surrounding spaces removed: for matching headers and labels."""
    return strip_marks(str(text).strip()).lower()


def slug(text: str, max_words: int | None = None) -> str:
    """'86/KH-UBND' → '86-kh-ubnd', 'IV.2' → 'iv-2': lowercase letters, digits and dashes only."""
    words = re.findall(r"[a-z0-9]+", strip_marks(text).lower())
    return "-".join(words[:max_words] if max_words else words)


def one_line(text: str) -> str:
    """`text` on a single line: any run of whitespace (newlines included) becomes one space."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(text.split())


def sentence(text: str) -> str:
    """`text` ending with one full stop (or the colon, question or exclamation mark it has)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":", "…")) else text + "."


# Words that open the name of an agency, an organisation or a numbered unit: Decree 30/2020/NĐ-CP (Appendix II)
# writes them with a capital wherever they stand ("Sở Nội vụ", "Ủy ban nhân dân tỉnh", "Phường 3").
_PROPER_HEADS = (
    "Sở ",
    "Ủy ban ",
    "Uỷ ban ",
    "UBND",
    "Văn phòng ",
    "Ban Thường trực",
    "Ban Chỉ đạo",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Liên đoàn ",
    "Mặt trận ",
    "Công an ",
    "Tỉnh ủy",
    "Tỉnh đoàn",
    "Kho bạc ",
    "Chính phủ",
    "Quốc hội",
    "Thủ tướng",
)


def lower_first(text: str) -> str:
    """'Triển khai thi hành …' → 'triển khai thi hành …', for a title used inside a sentence.

    A proper name keeps its capital: 'Sở Nội vụ …' stays 'Sở Nội vụ …', as does an all-capital word ('UBND')
    and a unit named by its number ('Phường 3')."""
    first_word = text.split(" ", 1)[0]
    if text.startswith(_PROPER_HEADS) or (len(first_word) > 1 and first_word.isupper()):
        return text
    if len(text.split(" ", 2)) > 1 and text.split(" ", 2)[1][:1].isdigit() and first_word in ("Phường", "Quận"):
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """'cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh' → 'Cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh'."""
    return text[:1].upper() + text[1:]


def join_names(names: Iterable[str]) -> str:
    """'A', 'A và B', 'A, B và C' (each name once, in order)."""
    unique = list(dict.fromkeys(names))
    # Markup-aware: names already escaped by a template macro stay as they are, plain ones get escaped once.
    kind = Markup if any(isinstance(n, Markup) for n in unique) else str
    if len(unique) <= 1:
        return kind("").join(unique)
    return kind(", ").join(unique[:-1]) + kind(" và ") + unique[-1]


def _month(day: date) -> str:
    return f"{day.month:02d}" if day.month <= 2 else str(day.month)


def cited_date(day: date) -> str:
    """'15/9/2023', '05/01/2024': a date in running text; days below 10 and January and February padded."""
    return f"{day.day:02d}/{_month(day)}/{day.year}"


def long_date(day: date) -> str:
    """'ngày 05 tháng 01 năm 2024', 'ngày 14 tháng 11 năm 2024': a date in prose, padded as Decree 30 pads."""
    return f"ngày {day.day:02d} tháng {_month(day)} năm {day.year}"


def numeric_date(day: date) -> str:
    """'01/04/2024': a date in a table cell, a subject line or a terminal."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VIETNAMESE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")


def parse_date(value: str | date | datetime) -> date:
    """The day `value` names (YYYY-MM-DD, dd/mm/yyyy or dd-mm-yyyy); ValueError in Vietnamese when it is not a
    date or names a day that does not exist."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _VIETNAMESE.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(f"ngày '{text}' không đúng dạng YYYY-MM-DD hoặc dd/mm/yyyy (ví dụ 2024-11-14)")
    if not 1 <= month <= 12:
        raise ValueError(f"ngày '{text}' không có: không có tháng {month}")
    if year < 1:
        raise ValueError(f"ngày '{text}' không có: không có năm {year}")
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"ngày '{text}' không có: tháng {month} năm {year} có {last} ngày")
    return date(year, month, day)
