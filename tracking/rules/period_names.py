"""What a period's name says: "once", a year "2026", a month "2026-06", a quarter "2026-Q3", a half-year
"2026-H1", an ad-hoc request "adhoc-1"; its span and its place in a list."""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

ONCE = "once"
ADHOC = "adhoc-"

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_RECURRING = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})|-Q(?P<quarter>[1-4])|-H(?P<half>[12]))?")


@dataclass(frozen=True)
class PeriodName:
    """A period name taken apart: its kind, its year and its number within the year (or the request's)."""

    kind: Literal["once", "year", "month", "quarter", "half", "adhoc", "other"]
    year: int | None = None
    number: int | None = None

    @property
    def is_recurring(self) -> bool:
        """A period of a recurring duty (a year, month, quarter or half-year), as opposed to once or ad hoc."""
        return self.kind in ("year", "month", "quarter", "half")

    @property
    def span(self) -> tuple[date, date] | None:
        """The first and last day of a recurring period; None for a one-off or ad-hoc one."""
        if not self.is_recurring:
            return None
        first, last = {
            "year": (1, 12),
            "month": (self.number, self.number),
            "quarter": (3 * (self.number or 0) - 2, 3 * (self.number or 0)),
            "half": (6 * (self.number or 0) - 5, 6 * (self.number or 0)),
        }[self.kind]
        return date(self.year, first, 1), date(self.year, last, _calendar.monthrange(self.year, last)[1])


def parse_period(name: str) -> PeriodName:
    """Take a period name apart; a name dondoc never makes is kind "other"."""
    if name == ONCE:
        return PeriodName("once")
    if name.startswith(ADHOC) and name[len(ADHOC) :].isdigit():
        return PeriodName("adhoc", number=int(name[len(ADHOC) :]))
    match = _RECURRING.fullmatch(name)
    if match is None:
        return PeriodName("other")
    year = int(match["year"])
    if match["month"] is not None:
        month = int(match["month"])
        return PeriodName("month", year, month) if 1 <= month <= 12 else PeriodName("other")
    if match["quarter"] is not None:
        return PeriodName("quarter", year, int(match["quarter"]))
    if match["half"] is not None:
        return PeriodName("half", year, int(match["half"]))
    return PeriodName("year", year)


def year_period(year: int) -> str:
    return str(year)


def month_period(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def quarter_period(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def half_period(year: int, half: int) -> str:
    return f"{year}-H{half}"


def adhoc_period(seq: int) -> str:
    return f"{ADHOC}{seq}"


def names_in_year(year: int) -> list[str]:
    """Every recurring period name that falls in `year`."""
    return (
        [year_period(year)]
        + [month_period(year, m) for m in range(1, 13)]
        + [quarter_period(year, q) for q in range(1, 5)]
        + [half_period(year, h) for h in (1, 2)]
    )


def period_year(name: str) -> int | None:
    """The year of a recurring period, None for a one-off or ad-hoc one."""
    parsed = parse_period(name)
    return parsed.year if parsed.is_recurring else None


def is_recurring(name: str) -> bool:
    return parse_period(name).is_recurring


def period_sort_key(name: str) -> tuple[int, int, int]:
    """'once' first, then recurring periods in the order they end (a shorter one first: a month, its quarter,
    its half-year, its year), then ad-hoc requests."""
    parsed = parse_period(name)
    if parsed.kind == "once":
        return (0, 0, 0)
    if parsed.is_recurring:
        end = parsed.span[1]
        return (1, end.toordinal(), ("month", "quarter", "half", "year").index(parsed.kind))
    if parsed.kind == "adhoc":
        return (2, parsed.number, 0)
    return (3, 0, 0)


def roman(quarter: int) -> str:
    return _ROMAN[quarter]
