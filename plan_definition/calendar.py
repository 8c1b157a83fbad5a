"""Working days in Vietnam's public sector: weekends, public holidays, and the Government's yearly calendar.

The `holidays` package knows the Labour Code's holidays and some of the Prime
Minister's swaps, but it can be early, late or wrong. The calendar file
(`data/calendar.yaml`) lists, year by year, the days off and the make-up working
days that the Government announced, each citing the document that set it, and
the days the package lists that were not days off. Where the file speaks it
wins; where it is silent (a year not yet announced) the package is the estimate.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import holidays
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .errors import PlanError
from .fields import SingleLine

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class Document(BaseModel):
    """A decision, official letter, notice or law that sets days off ("Công văn số 12729/VPCP-KGVX …")."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: SingleLine  # "Công văn", "Thông báo", "Nghị quyết", "Bộ luật"
    number: SingleLine  # "12729/VPCP-KGVX"
    date: dt.date | None = None  # None only when the date could not be confirmed (the file says why)
    issuer: SingleLine
    about: str | None = None

    @property
    def citation(self) -> str:
        when = f" ngày {self.date:%d/%m/%Y}" if self.date else ""
        return f"{self.kind} số {self.number}{when} của {self.issuer}"


class Entry(BaseModel):
    """One day of the calendar, why, and the number of the document that says so."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: dt.date
    reason: SingleLine
    source: SingleLine


class YearCalendar(BaseModel):
    """What the Government announced for one year."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    days_off: list[Entry] = []  # weekdays off: holidays, nghỉ bù, swapped days
    working_days: list[Entry] = []  # Saturdays or Sundays worked in exchange (làm bù)
    not_days_off: list[Entry] = []  # weekdays the `holidays` package lists as off that were not


class CalendarConfig(BaseModel):
    """The calendar file: the documents it cites and, per year, what they set."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    documents: list[Document] = []
    years: dict[int, YearCalendar] = {}

    @model_validator(mode="after")
    def _documents_are_unique(self) -> CalendarConfig:
        numbers = [d.number for d in self.documents]
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise ValueError(f"documents: số văn bản bị trùng: {', '.join(twice)}")
        return self

    def document(self, number: str) -> Document | None:
        return next((d for d in self.documents if d.number == number), None)


@dataclass(frozen=True)
class Day:
    """A day of the listing, with why it is off (or worked) and who said so."""

    date: date
    reason: str
    source: str  # the citation, or where the package's estimate comes from
    official: bool  # False: only the `holidays` package says so (no announcement in the file)

    def as_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "weekday": WEEKDAYS[self.date.weekday()],
            "reason": self.reason,
            "source": self.source,
            "official": self.official,
        }


@dataclass(frozen=True)
class YearListing:
    year: int
    announced: bool  # the file has the year
    days_off: list[Day]  # weekdays that are not working days
    working_days: list[Day]  # Saturdays and Sundays that are
    not_days_off: list[Day]  # weekdays the package lists as off, worked (the file says why)

    def as_json(self) -> dict:
        return {
            "year": self.year,
            "announced": self.announced,
            "holidays_version": holidays_version(),
            "days_off": [d.as_json() for d in self.days_off],
            "working_days": [d.as_json() for d in self.working_days],
            "not_days_off": [d.as_json() for d in self.not_days_off],
        }


def holidays_version() -> str:
    return metadata.version("holidays")


class WorkingCalendar:
    """Monday–Friday minus public holidays (Labour Code 2019 art. 112), with the calendar file's corrections.

    Without a configuration it is the `holidays` package alone.
    """

    def __init__(self, config: CalendarConfig | None = None):
        self.config = config or CalendarConfig()
        self._holidays = holidays.country_holidays("VN", language="vi")
        # The package fills in a year's holidays on first use; two threads doing so at once corrupt it.
        self._package_lock = threading.RLock()
        years = self.config.years.values()
        self._off = {e.date: e for y in years for e in y.days_off}
        self._on = {e.date: e for y in years for e in y.working_days}
        self._not_off = {e.date: e for y in years for e in y.not_days_off}
        self.is_working_day = lru_cache(maxsize=None)(self._is_working_day)
        # A morning check asks this once per obligation, nearly always for the same few (deadline, today)
        # pairs: 60,000 obligations counted the same three years of days 60,000 times.
        self.working_days_between = lru_cache(maxsize=100_000)(self._working_days_between)

    @classmethod
    def from_config(cls, config: CalendarConfig) -> WorkingCalendar:
        return cls(config)

    def _is_working_day(self, day: date) -> bool:
        if day in self._on:
            return True
        if day in self._off:
            return False
        with self._package_lock:
            is_holiday = day in self._holidays  # also loads the year's swapped working Saturdays
            if day.weekday() >= 5:
                return day in self._holidays.weekend_workdays
        return day in self._not_off or not is_holiday

    def holiday_name(self, day: date) -> str | None:
        if day in self._off:
            return self._off[day].reason
        if day in self._on or day in self._not_off:
            return None
        with self._package_lock:
            return self._holidays.get(day)

    def listing(self, year: int) -> YearListing:
        """The year's days off and make-up working days, each with its reason and source."""
        days_off, working, removed = [], [], []
        day = date(year, 1, 1)
        while day.year == year:
            if day in self._not_off:
                removed.append(self._cited(self._not_off[day]))
            if day.weekday() < 5 and not self.is_working_day(day):
                days_off.append(self._cited(self._off[day]) if day in self._off else self._estimated(day))
            elif day.weekday() >= 5 and self.is_working_day(day):
                working.append(self._cited(self._on[day]) if day in self._on else self._estimated(day))
            day += timedelta(days=1)
        return YearListing(year, year in self.config.years, days_off, working, removed)

    def _cited(self, entry: Entry) -> Day:
        document = self.config.document(entry.source)
        return Day(entry.date, entry.reason, document.citation if document else entry.source, True)

    def _estimated(self, day: date) -> Day:
        with self._package_lock:
            name = self._holidays.get(day) or "Ngày làm bù"
        return Day(day, name, f"gói holidays {holidays_version()} (chưa có thông báo trong tệp lịch)", False)

    def deadline_for(self, due: date) -> date:
        """The last day that still counts as on time (Civil Code 2015 art. 148).

        When the last day of a period is a day off, the period ends at the end
        of the next working day.
        """
        day = due
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """Count `n` working days forward (or back when negative) from `day`, not counting `day`."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def _working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier);
        called as `working_days_between`, which remembers its answers."""
        if end < start:
            return -self._working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


class _DatesAsText(yaml.SafeLoader):
    """YAML without its own date parsing, so that a day that does not exist is reported with its field."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_calendar_config(path: Path) -> CalendarConfig:
    """Read a calendar YAML file; errors name the file, the field, the value and what was expected."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsText) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PlanError(f"{path}: không đọc được tệp lịch làm việc: {exc}") from exc
    try:
        config = CalendarConfig.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = _field_path(first["loc"])
        message = _MESSAGES.get(first["type"]) or str(first["msg"]).removeprefix("Value error, ")
        raise PlanError(f"{path}: trường '{field}': {message} (giá trị {first.get('input')!r})") from exc
    problems = calendar_problems(config)
    if problems:
        raise PlanError(f"{path}: {problems[0]}")
    return config


_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được hỗ trợ (các trường: documents, years; mỗi năm: days_off, working_days, "
    "not_days_off; mỗi ngày: date, reason, source)",
    "date_from_datetime_parsing": "phải là ngày có thật, dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày có thật, dạng YYYY-MM-DD",
    "date_type": "phải là ngày có thật, dạng YYYY-MM-DD",
    "int_parsing": "năm phải là số nguyên",
    "list_type": "phải là danh sách",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "không được để trống",
}


def _field_path(loc: tuple) -> str:
    """('years', 2026, 'days_off', 0, 'date') → "years.2026.days_off[0].date" (a year is a key, not an index)."""
    path = ""
    for previous, part in zip((None, *loc), loc):
        if isinstance(part, int) and previous != "years":
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(gốc)"


def calendar_problems(config: CalendarConfig) -> list[str]:
    """What a well-formed calendar file can still get wrong, each naming the field and the value."""
    problems = []
    seen: dict[date, str] = {}
    for year, calendar in sorted(config.years.items()):
        for field, entries, want_weekend in (
            ("days_off", calendar.days_off, False),
            ("working_days", calendar.working_days, True),
            ("not_days_off", calendar.not_days_off, False),
        ):
            for i, entry in enumerate(entries):
                at = f"years.{year}.{field}[{i}]"
                where = f"trường '{at}'"
                day = entry.date
                if day.year != year:
                    problems.append(f"{where}: ngày {day.isoformat()} không thuộc năm {year}")
                if (day.weekday() >= 5) != want_weekend:
                    expected = "thứ Bảy hoặc Chủ nhật (ngày làm bù)" if want_weekend else "ngày từ thứ Hai đến thứ Sáu"
                    problems.append(f"{where}: ngày {day.isoformat()} là {WEEKDAYS[day.weekday()]}, cần là {expected}")
                if config.document(entry.source) is None:
                    problems.append(
                        f"trường '{at}.source': văn bản '{entry.source}' không có trong 'documents' của tệp lịch"
                    )
                if day in seen:
                    problems.append(f"{where}: ngày {day.isoformat()} đã được ghi ở {seen[day]}")
                seen.setdefault(day, at)
    return problems
