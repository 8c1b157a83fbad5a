"""Timeframes written inside a sentence, preconditions' names, and products a task yields."""

from __future__ import annotations

import re

from .vietnamese import fold

_EVERY_YEAR = r"(?:hằng|hàng)\s+năm"
_DAY_MONTH = r"ngày\s*\d{1,2}(?!\d)\s*(?:tháng\s*\d{1,2}(?!\d)|/\s*\d{1,2}(?!\d))"
_IN_SENTENCE = [
    re.compile(
        rf"(?:định kỳ,?\s*)?(?:0?6 tháng\s*(?:và|,)\s*)?{_EVERY_YEAR},?\s*\(?\s*"
        rf"(?:chậm nhất\s+)?(?:là\s+)?trước\s+{_DAY_MONTH}(?!\s*(?:năm\s*|/\s*)\d)"
        r"\)?(?:,?\s*(?:hoặc|và)\s*(?:đột xuất|khi có yêu cầu))?",
        re.IGNORECASE,
    ),
    re.compile(rf"trước\s+{_DAY_MONTH}\s*(?:của\s+)?{_EVERY_YEAR}", re.IGNORECASE),
    re.compile(rf"(?:chậm nhất\s+)?trước\s+{_DAY_MONTH}\s*(?:năm\s*|/\s*)\d{{4}}", re.IGNORECASE),
    # A responsibility written as a sentence: "…, hoàn thành trong quý IV năm 2026", "thực hiện từ 01/7/2026".
    re.compile(
        r"(?<=hoàn thành )(?:trong\s+)?(?:quý\s+[IVX1-4]+|tháng\s*\d{1,2})\s*(?:năm\s*|/\s*)\d{4}", re.IGNORECASE
    ),
    re.compile(r"(?<=thực hiện )từ\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}", re.IGNORECASE),
    re.compile(r"(?<=\s)(?:trong\s+)?giai đoạn\s+\d{4}\s*[-–]\s*\d{4}", re.IGNORECASE),
]
_FILLER = re.compile(r"\b(?:cu the|chinh thuc|van ban|cua)\b\s*")


def timeframe_in(text: str) -> str | None:
    """A deadline that a task's sentence carries ("Định kỳ, hàng năm trước ngày 15 tháng 11 hoặc đột xuất")."""
    for pattern in _IN_SENTENCE:
        if match := pattern.search(text):
            phrase = match.group().strip(" ,")
            return phrase[:1].upper() + phrase[1:]
    return None


def sentence_with(text: str, phrase: str) -> str:
    """The sentence (or clause after ';') of `text` that holds `phrase`, capitalised, without its final stop."""
    for sentence in re.split(r"\s*;\s*|(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", text):
        if phrase.lower() in sentence.lower():
            sentence = sentence.strip().rstrip(".;").strip()
            return sentence[:1].upper() + sentence[1:]
    return phrase


def precondition_name(condition: str) -> str:
    """ "sau khi có hướng dẫn cụ thể của Bộ Nội vụ" → "huong-dan-bo-noi-vu"."""
    words = fold(condition).split()
    for opening in (["sau", "khi", "co"], ["khi", "co"], ["sau", "khi"], ["cho"]):
        if words[: len(opening)] == opening:
            words = words[len(opening) :]
            break
    kept = _FILLER.sub("", " ".join(words)).split() or words
    return "-".join(re.sub(r"[^a-z0-9]", "", w) for w in kept[:6] if re.sub(r"[^a-z0-9]", "", w)) or "dieu-kien"


def product_in(text: str) -> str | None:
    """What a task builds without a deadline: "xây dựng Kế hoạch … của cơ quan, đơn vị" (section IV.2)."""
    match = re.search(
        r"\bxây dựng\s+((?:Kế hoạch|Chương trình|Quy chế|Đề án)\b.*?)(?=\s+(?:phù hợp|để|bảo đảm|nhằm)\b|[.;]|$)", text
    )
    return match.group(1).strip(" ,") if match else None
