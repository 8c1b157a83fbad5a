"""The figures an item asks for, read from what an agency typed: counts, yes/no, short texts."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import PlanError
from .plan import Figure, Item

YES = {"co", "có", "yes", "true", "1", "x", "đã", "da"}
NO = {"khong", "không", "no", "false", "0", "chưa", "chua"}

FigureValue = int | bool | str


class FigureError(PlanError, ValueError):
    """A figure the item does not ask for, or a value that is not of its kind."""


def read_figures(item: Item, raw: Mapping[str, object]) -> dict[str, FigureValue]:
    """The figures of a report for `item`, checked; blank values are left out. Raises FigureError."""
    known = {f.key: f for f in item.figures}
    result: dict[str, FigureValue] = {}
    for key, value in raw.items():
        if key not in known:
            expected = ", ".join(known) or "không có số liệu nào"
            raise FigureError(f"mục {item.code} không có số liệu '{key}'; cần một trong: {expected}")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        result[key] = read_value(item.code, known[key], value)
    return result


def read_value(item_code: str, figure: Figure, value: object) -> FigureValue:
    text = str(value).strip()
    if figure.kind == "text":
        if "\n" in text or len(text) > 200:
            raise FigureError(f"mục {item_code}, số liệu '{figure.key}': cần một dòng ngắn (tối đa 200 ký tự)")
        return text
    if figure.kind == "yes_no":
        if isinstance(value, bool):
            return value
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        raise FigureError(f"mục {item_code}, số liệu '{figure.key}' = '{text}': cần 'có' hoặc 'không'")
    if isinstance(value, bool) or not text.isdigit():
        raise FigureError(
            f"mục {item_code}, số liệu '{figure.key}' = '{text}': cần một số nguyên không âm ({figure.unit or 'số'})"
        )
    return int(text)


def parse_pairs(pairs: list[str]) -> dict[str, str]:
    """`key=value` strings (from the command line) as a mapping; raises FigureError on one without '='."""
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise FigureError(f"số liệu '{pair}': cần dạng khóa=giá_trị, ví dụ hoi_nghi=2")
        result[key.strip()] = value.strip()
    return result
