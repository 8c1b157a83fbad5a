"""Numbers, dates and lists written the way a Vietnamese official report writes them."""

from __future__ import annotations

from datetime import date


def short_date(day: date) -> str:
    """A date as cited in running text, padded as Decree 30 pads dates: 05/01/2024, 15/9/2023, 31/3/2024.

    Days below 10 and the months January and February take a leading zero; other months do not.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def percent(rate: float | None) -> str:
    """A rate with a decimal comma, '85,7%'; '—' when there is nothing to divide by."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}".replace(".", ",")
    return text.removesuffix(",0") + "%"


def sentence(text: str) -> str:
    """`text` ending with exactly one full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def lower_first(text: str) -> str:
    """'Triển khai thi hành …' → 'triển khai thi hành …', for a title used inside a sentence."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """'cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh' → 'Cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh'."""
    return text[:1].upper() + text[1:]


def join_names(names: list[str]) -> str:
    """'A', 'A và B', 'A, B và C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]
