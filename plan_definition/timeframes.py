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
            "'Thường xuyên', 'Định kỳ và khi có yêu cầu', 'Giai đoạn 2026 - 2030', 'Từ 01/7/2025', "
            "'Tháng 6 hằng năm', 'trước ngày 20 hằng tháng', 'Hằng quý', '6 tháng và hằng năm', "
            "'Sau khi có hướng dẫn …', 'Theo kế hoạch riêng'"
        )


SUB_YEARLY = ("monthly", "quarterly", "half_yearly")


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
    period at all). `adhoc` adds periods on request. A recurrence over a stated
    span ("Giai đoạn 2026 - 2030") ends with `to_year`.

    "monthly", "quarterly" and "half_yearly" are duties with periods shorter than
    a year ("trước ngày 20 hằng tháng", "Hằng quý", "6 tháng và hằng năm"), due on
    `period_day` of the period's last month (its last day when None); a
    half-yearly duty also owes the yearly result, on `yearly_due` or with the
    annual report.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["once", "yearly", "adhoc", "monthly", "quarterly", "half_yearly"]
    due: date | None = None
    from_year: int | None = None
    to_year: int | None = None
    yearly_due: MonthDay | None = None
    period_day: int | None = None
    adhoc: bool = False
    continuous: bool = False

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Timeframe:
        if self.kind == "once" and (self.from_year or self.yearly_due or self.to_year or self.period_day):
            raise ValueError("a one-off timeframe has no from_year, to_year, yearly_due or period_day")
        if self.kind == "yearly" and (self.due or not self.from_year or self.period_day):
            raise ValueError("a yearly timeframe needs from_year and has no due date or period_day")
        if self.kind in SUB_YEARLY and (self.due or not self.from_year):
            raise ValueError(f"a {self.kind} timeframe needs from_year and has no due date")
        if self.kind in ("monthly", "quarterly") and self.yearly_due:
            raise ValueError(f"a {self.kind} timeframe has no yearly_due")
        if self.to_year is not None and self.from_year is not None and self.to_year < self.from_year:
            raise ValueError("to_year comes before from_year")
        if self.period_day is not None and not 1 <= self.period_day <= 31:
            raise ValueError("period_day is a day of the month, 1 to 31")
        if self.kind == "adhoc" and (self.due or self.from_year or not self.adhoc):
            raise ValueError("an ad-hoc-only timeframe has no due date and no recurrence")
        return self


UNDATED = Timeframe(kind="once")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:năm\s+|/\s*)(\d{4})"
_DAY_MONTH = r"(\d{1,2})\s*(?:tháng\s+|/\s*)(\d{1,2})"
_EVERY_YEAR = r"(?:định kỳ,?\s+)?hằng năm"


def normalise(text: str) -> str:
    """Lower-case, NFC, one space between words, no Markdown emphasis, 'hàng năm/tháng/quý' as 'hằng …'."""
    text = unicodedata.normalize("NFC", text).replace("*", "").replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"\bhàng (năm|tháng|quý)\b", r"hằng \1", text)


# An event the work waits for, written after the date or as the whole timeframe: "Sau khi Nghị định … được
# ban hành", "Sau khi có Quy chế của Trung ương", "Theo kế hoạch riêng" (the work starts with that plan).
_EVENT = r"(?:ngay\s+)?sau khi\s[^()]+|theo (?:kế hoạch|chương trình|đề án) riêng[^()]*|chờ\s[^()]+"


def split_condition(text: str) -> tuple[str, str | None]:
    """Separate a precondition: "(sau khi có hướng dẫn …)", or a trailing or whole "Sau khi …" / "Theo kế hoạch riêng"."""
    clean = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("*", "")).strip()
    match = re.search(r"\(\s*((?:sau khi|khi có|chờ)[^()]*)\)", clean, flags=re.IGNORECASE)
    if not match:
        match = re.search(rf"(?:^|(?<=[,;.])\s*|\s+)({_EVENT})$", clean, flags=re.IGNORECASE)
    if not match:
        return clean, None
    rest = (clean[: match.start()] + clean[match.end() :]).strip().rstrip(",;").strip()
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
    body, condition = split_condition(text)
    if condition and not body.strip(" .,;"):
        return UNDATED  # "Sau khi có Quy chế của Trung ương": no date of its own, gated by the precondition
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

    def sub_yearly(kind: str, day: int | None = None) -> None:
        if found.get("sub_yearly") not in (None, kind):
            raise UnreadableTimeframe(item, text, "có hai kỳ báo cáo khác nhau")
        found["sub_yearly"] = kind
        if day is not None:
            found["period_day"] = day

    def span(first: int, last: int) -> None:
        if last < first:
            raise UnreadableTimeframe(item, text, f"năm kết thúc {last} trước năm bắt đầu {first}")
        yearly(first)
        found["to_year"] = last

    def quarter_each_year(m: re.Match) -> None:
        end = _last_day_of_month(2023, 3 * _ROMAN[m.group(1)])
        yearly(int(m.group(2)), MonthDay(month=end.month, day=end.day))

    def month_each_year(m: re.Match) -> None:
        month = int(m.group(1))
        if not 1 <= month <= 12:
            raise UnreadableTimeframe(item, text, f"không có tháng {month}")
        end = _last_day_of_month(2023, month)
        yearly(due=MonthDay(month=month, day=end.day))

    def before_day_each_month(m: re.Match) -> None:
        day = int(m.group(1))
        if not 2 <= day <= 31:
            raise UnreadableTimeframe(item, text, f"không có ngày {day} trong tháng")
        sub_yearly("monthly", day - 1)

    s = re.sub(r"[()]", " ", s).strip()  # "định kỳ hằng năm (trước ngày 10/12)": brackets around a deadline
    s = re.sub(r"\s+", " ", s)
    take(
        rf"quý\s+(iv|iii|ii|i|[1-4])\s*{_YEAR} và (?:các|những) năm tiếp theo",
        quarter_each_year,
    )
    take(r"(?:từ\s+)?năm (\d{4}) và (?:các|những) năm tiếp theo", lambda m: yearly(int(m.group(1))))
    take(
        r"(?:trong\s+)?(?:giai đoạn|các năm|năm)?\s*(?<!\d)(\d{4})\s*[-–]\s*(?:năm\s+)?(\d{4})(?!\d)",
        lambda m: span(int(m.group(1)), int(m.group(2))),
    )
    take(r"từ năm (\d{4}) đến (?:hết )?năm (\d{4})", lambda m: span(int(m.group(1)), int(m.group(2))))
    take(
        rf"từ (?:ngày\s+)?{_DAY_MONTH}\s*{_YEAR}(?:\s*trở đi)?",
        lambda m: (
            _checked_date(item, text, int(m.group(3)), int(m.group(2)), int(m.group(1))),
            found.__setitem__("continuous", True),
            yearly(int(m.group(3))),
        ),
    )
    take(r"(?:định kỳ,?\s+)?(?:trước|chậm nhất) (?:ngày\s+)?(\d{1,2}) (?:của\s+)?hằng tháng", before_day_each_month)
    take(r"(?:định kỳ,?\s+)?(?:vào\s+)?ngày (\d{1,2}) hằng tháng", lambda m: sub_yearly("monthly", int(m.group(1))))
    take(r"(?:định kỳ,?\s+)?hằng tháng", lambda m: sub_yearly("monthly"))
    take(r"(?:định kỳ,?\s+)?hằng quý", lambda m: sub_yearly("quarterly"))
    take(
        rf"{_EVERY_YEAR},?\s*trước (?:ngày\s+)?(?P<d>\d{{1,2}})\s*(?:tháng\s+|/\s*)(?P<m>\d{{1,2}})(?!\d)(?!\s*(?:năm\s+|/\s*)\d)",
        before_day_each_year,
    )
    take(
        rf"trước (?:ngày\s+)?(?P<d>\d{{1,2}})\s*(?:tháng\s+|/\s*)(?P<m>\d{{1,2}})\s*(?:của\s+)?{_EVERY_YEAR}",
        before_day_each_year,
    )
    # Only once "trước ngày 30 tháng 11 hằng năm" is read: a month alone each year ("Tháng 6 hằng năm").
    take(rf"(?<!\d )(?:trong\s+)?tháng\s+(\d{{1,2}})\s+(?:của\s+)?{_EVERY_YEAR}", month_each_year)
    # After "hằng năm, trước ngày 10 tháng 12" has given the yearly day: "Định kỳ 6 tháng và …".
    take(
        r"(?:định kỳ,?\s+)?(?:0?6) tháng(?!\s+(?:đầu|cuối))(?:\s+một lần)?(?:\s*(?:,|và)\s*(?:định kỳ\s+)?hằng năm)?",
        lambda m: sub_yearly("half_yearly"),
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
        rf"quý\s+(?:(?:iv|iii|ii|i|[1-4])\s*(?:,|và|-|–)\s*)*(iv|iii|ii|i|[1-4])\s*{_YEAR}",
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
    take(
        r"khi có yêu cầu|đột xuất|theo yêu cầu(?: nhiệm vụ| công tác| thực tế| của [^,;]+)?",
        lambda m: found.__setitem__("adhoc", True),
    )
    take(_EVERY_YEAR, lambda m: yearly())
    take(r"định kỳ", lambda m: yearly())

    leftover = re.sub(
        r"\b(?:và|hoặc|hoàn thành|thực hiện|trong|liên tục|xong|ban hành|triển khai)\b|[,;:.\-–]", " ", s
    ).strip()
    if leftover:
        raise UnreadableTimeframe(item, text, f"phần không hiểu: '{leftover}'")
    if not found:
        raise UnreadableTimeframe(item, text)
    if kind := found.get("sub_yearly"):
        if "due" in found or ("yearly_due" in found and kind != "half_yearly"):
            raise UnreadableTimeframe(item, text, "vừa có kỳ dưới một năm vừa có thời hạn khác")
        return Timeframe(
            kind=kind,
            from_year=found.get("from_year", start_year),
            to_year=found.get("to_year"),
            yearly_due=found.get("yearly_due"),
            period_day=found.get("period_day"),
            adhoc=found.get("adhoc", False),
            continuous=found.get("continuous", False),
        )
    if found.get("yearly"):
        if "due" in found:
            raise UnreadableTimeframe(item, text, "vừa có thời hạn một lần vừa lặp lại hằng năm")
        return Timeframe(
            kind="yearly",
            from_year=found.get("from_year", start_year),
            to_year=found.get("to_year"),
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
