"""Read a plan's timeframe text ("Quý IV năm 2023", "Thường xuyên", …) into its meaning."""

from __future__ import annotations

import calendar as _calendar
import re
import unicodedata
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .errors import PlanError


class UnreadableTimeframe(PlanError):
    """The timeframe text matches none of the forms plans use."""

    def __init__(self, item: str, text: str, detail: str = ""):
        self.item, self.text = item, text
        hint = f" ({detail})" if detail else ""
        super().__init__(
            f"mục {item}: không đọc được thời gian thực hiện '{text}'{hint}; "
            "các dạng được hỗ trợ: 'Quý IV năm 2023', 'Tháng 12/2023', "
            "'Trước ngày 15 tháng 10 năm 2023', 'Năm 2024', '6 tháng đầu năm 2024', "
            "'Năm 2023 và các năm tiếp theo', 'Hằng năm', 'trước ngày 30/11 hằng năm', "
            "'Thường xuyên', 'Định kỳ và khi có yêu cầu'"
        )


class MonthDay(BaseModel):
    """A day of the year, such as 14 November for "trước ngày 15 tháng 11 hằng năm"."""

    model_config = ConfigDict(frozen=True)
    month: int
    day: int

    @model_validator(mode="after")
    def _is_a_real_day(self) -> MonthDay:
        date(2024, self.month, self.day)  # 2024 is a leap year: 29/2 is allowed
        return self

    def in_year(self, year: int) -> date:
        if (self.month, self.day) == (2, 29) and not _calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}"


class Timeframe(BaseModel):
    """What a timeframe means: a one-off due date, a yearly recurrence, ad-hoc requests.

    `kind` is "once" (one period, due on `due`, or never overdue when `due` is
    None), "yearly" (one period per year from `from_year`, due on `yearly_due`
    or, when None, with the plan's annual report), or "adhoc" (no regular
    period at all). `adhoc` adds periods on request.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["once", "yearly", "adhoc"]
    due: date | None = None
    from_year: int | None = None
    yearly_due: MonthDay | None = None
    adhoc: bool = False
    continuous: bool = False

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Timeframe:
        if self.kind == "once" and (self.from_year or self.yearly_due):
            raise ValueError("a one-off timeframe has no from_year or yearly_due")
        if self.kind == "yearly" and (self.due or not self.from_year):
            raise ValueError("a yearly timeframe needs from_year and has no due date")
        if self.kind == "adhoc" and (self.due or self.from_year or not self.adhoc):
            raise ValueError("an ad-hoc-only timeframe has no due date and no recurrence")
        return self


UNDATED = Timeframe(kind="once")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:năm\s+|/\s*)(\d{4})"
_DAY_MONTH = r"(\d{1,2})\s*(?:tháng\s+|/\s*)(\d{1,2})"
_EVERY_YEAR = r"(?:định kỳ,?\s+)?hằng năm"


def normalise(text: str) -> str:
    """Lower-case, NFC, one space between words, no Markdown emphasis, 'hàng năm' as 'hằng năm'."""
    text = unicodedata.normalize("NFC", text).replace("*", "").replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"\bhàng năm\b", "hằng năm", text)


def split_condition(text: str) -> tuple[str, str | None]:
    """Separate a parenthesised precondition such as "(sau khi có hướng dẫn …)"."""
    clean = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("*", "")).strip()
    match = re.search(r"\(\s*((?:sau khi|khi có|chờ)[^()]*)\)", clean, flags=re.IGNORECASE)
    if not match:
        return clean, None
    rest = (clean[: match.start()] + clean[match.end() :]).strip()
    return rest, match.group(1).strip().rstrip(".")


def _last_day_of_month(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _checked_date(item: str, text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise UnreadableTimeframe(item, text, f"ngày không có thật: {day}/{month}/{year}") from exc


def parse_timeframe(text: str | None, *, start_year: int, item: str = "?") -> Timeframe:
    """Return the meaning of a timeframe text; None (no timeframe given) is never overdue.

    `start_year` is the year the plan starts, for recurring forms that name none
    ("Thường xuyên", "Hằng năm").
    """
    if text is None or not text.strip():
        return UNDATED
    body, _condition = split_condition(text)
    s = normalise(body).rstrip(".;")
    found: dict = {}

    def take(pattern: str, handle) -> None:
        nonlocal s
        while (m := re.search(pattern, s)) is not None:
            handle(m)
            s = (s[: m.start()] + " " + s[m.end() :]).strip()

    def once(due: date) -> None:
        if "due" in found and found["due"] != due:
            raise UnreadableTimeframe(item, text, "có hai thời hạn khác nhau")
        found["due"] = due

    def yearly(from_year: int | None = None, due: MonthDay | None = None) -> None:
        found["yearly"] = True
        if from_year is not None:
            found["from_year"] = from_year
        if due is not None:
            found["yearly_due"] = due

    def before_day_each_year(m: re.Match) -> None:
        day, month = int(m.group("d")), int(m.group("m"))
        last = _checked_date(item, text, 2024, month, day) - timedelta(days=1)
        yearly(due=MonthDay(month=last.month, day=last.day))

    take(r"(?:từ\s+)?năm (\d{4}) và (?:các|những) năm tiếp theo", lambda m: yearly(int(m.group(1))))
    take(
        rf"{_EVERY_YEAR},?\s*trước (?:ngày\s+)?(?P<d>\d{{1,2}})\s*(?:tháng\s+|/\s*)(?P<m>\d{{1,2}})(?!\d)(?!\s*(?:năm\s+|/\s*)\d)",
        before_day_each_year,
    )
    take(
        rf"trước (?:ngày\s+)?(?P<d>\d{{1,2}})\s*(?:tháng\s+|/\s*)(?P<m>\d{{1,2}})\s*(?:của\s+)?{_EVERY_YEAR}",
        before_day_each_year,
    )
    take(
        rf"(?:trước|chậm nhất (?:là )?trước) (?:ngày\s+)?{_DAY_MONTH}\s*{_YEAR}",
        lambda m: once(
            _checked_date(item, text, int(m.group(3)), int(m.group(2)), int(m.group(1))) - timedelta(days=1)
        ),
    )
    take(
        rf"(?:chậm nhất|hạn chót|đến) (?:là )?(?:ngày\s+)?{_DAY_MONTH}\s*{_YEAR}",
        lambda m: once(_checked_date(item, text, int(m.group(3)), int(m.group(2)), int(m.group(1)))),
    )
    take(
        rf"quý\s+(iv|iii|ii|i|[1-4])\s*{_YEAR}",
        lambda m: once(_last_day_of_month(int(m.group(2)), 3 * _ROMAN[m.group(1)])),
    )
    take(
        r"6 tháng (đầu|cuối) năm (\d{4})",
        lambda m: once(_last_day_of_month(int(m.group(2)), 6 if m.group(1) == "đầu" else 12)),
    )
    take(
        rf"tháng\s+(\d{{1,2}})\s*{_YEAR}",
        lambda m: once(_month_end(item, text, int(m.group(2)), int(m.group(1)))),
    )
    take(r"(?:trong |cuối )?năm (\d{4})", lambda m: once(date(int(m.group(1)), 12, 31)))
    take(r"thường xuyên", lambda m: (found.__setitem__("continuous", True), yearly()))
    take(r"khi có yêu cầu|đột xuất", lambda m: found.__setitem__("adhoc", True))
    take(_EVERY_YEAR, lambda m: yearly())
    take(r"định kỳ", lambda m: yearly())

    leftover = re.sub(r"\b(?:và|hoặc|hoàn thành|thực hiện|trong|liên tục)\b|[,;:.\-–]", " ", s).strip()
    if leftover:
        raise UnreadableTimeframe(item, text, f"phần không hiểu: '{leftover}'")
    if not found:
        raise UnreadableTimeframe(item, text)
    if found.get("yearly"):
        if "due" in found:
            raise UnreadableTimeframe(item, text, "vừa có thời hạn một lần vừa lặp lại hằng năm")
        return Timeframe(
            kind="yearly",
            from_year=found.get("from_year", start_year),
            yearly_due=found.get("yearly_due"),
            adhoc=found.get("adhoc", False),
            continuous=found.get("continuous", False),
        )
    if "due" not in found:
        return Timeframe(kind="adhoc", adhoc=True)
    return Timeframe(kind="once", due=found["due"], adhoc=found.get("adhoc", False))


def _month_end(item: str, text: str, year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise UnreadableTimeframe(item, text, f"không có tháng {month}")
    return _last_day_of_month(year, month)
