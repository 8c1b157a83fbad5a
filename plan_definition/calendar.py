"""Working days in Vietnam: weekends, public holidays, the Prime Minister's swaps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import PlanError


class CalendarConfig(BaseModel):
    """Per-year days off and make-up working Saturdays beyond what `holidays` knows."""

    model_config = ConfigDict(extra="forbid")
    extra_days_off: dict[int, list[date]] = {}
    makeup_working_days: dict[int, list[date]] = {}


class WorkingCalendar:
    """Monday–Friday minus public holidays (Labour Code 2019 art. 112), plus configured swaps."""

    def __init__(self, extra_days_off: Iterable[date] = (), makeup_working_days: Iterable[date] = ()):
        self._holidays = holidays.country_holidays("VN", language="vi")
        self._extra_off = frozenset(extra_days_off)
        self._extra_on = frozenset(makeup_working_days)
        self.is_working_day = lru_cache(maxsize=None)(self._is_working_day)

    @classmethod
    def from_config(cls, config: CalendarConfig) -> WorkingCalendar:
        return cls(
            (d for days in config.extra_days_off.values() for d in days),
            (d for days in config.makeup_working_days.values() for d in days),
        )

    def _is_working_day(self, day: date) -> bool:
        if day in self._extra_off:
            return False
        is_holiday = day in self._holidays  # also loads the year's swapped working Saturdays
        if day in self._extra_on or day in self._holidays.weekend_workdays:
            return True
        return day.weekday() < 5 and not is_holiday

    def holiday_name(self, day: date) -> str | None:
        if day in self._extra_off:
            return "Ngày nghỉ theo quyết định của Thủ tướng Chính phủ"
        return self._holidays.get(day)

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

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


def load_calendar_config(path: Path) -> CalendarConfig:
    """Read a calendar YAML file; errors name the file and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PlanError(f"{path}: không đọc được tệp lịch làm việc: {exc}") from exc
    try:
        config = CalendarConfig.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise PlanError(f"{path}: trường '{field}': {first['msg']} (giá trị {first.get('input')!r})") from exc
    for field, by_year in (
        ("extra_days_off", config.extra_days_off),
        ("makeup_working_days", config.makeup_working_days),
    ):
        for year, days in by_year.items():
            for day in days:
                if day.year != year:
                    raise PlanError(f"{path}: {field}.{year}: ngày {day.isoformat()} không thuộc năm {year}")
    return config
