"""Which periods an item has and when each is due, from its timeframe meaning."""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from plan_definition.calendar import WorkingCalendar
from plan_definition.timeframes import SUB_YEARLY, MonthDay, Timeframe

from .period_names import ONCE, adhoc_period, half_period, month_period, parse_period, quarter_period, year_period


@dataclass(frozen=True)
class Period:
    """One period of an item: its name, last allowed day, art. 148 deadline, first day it is owed."""

    name: str
    due: date | None
    deadline: date | None
    visible_from: date


def regular_periods(
    meaning: Timeframe,
    *,
    plan_date: date,
    reporting_due: MonthDay,
    has_undated_product: bool,
    through_year: int,
    calendar: WorkingCalendar,
) -> list[Period]:
    """Periods from the timeframe: one for a one-off item, one per year for a recurring one, one per month,
    quarter or half-year (and the year's result) for a duty shorter than a year.

    A period shorter than a year is due on the timeframe's day of its last month ("trước ngày 20 hằng tháng":
    the 19th), or on that month's last day; one already due before the plan was issued is not owed.
    """

    def period(name: str, due: date | None, visible_from: date) -> Period:
        deadline = calendar.deadline_for(due) if due else None
        return Period(name, due, deadline, max(visible_from, plan_date))

    periods = []
    if meaning.kind == "once" or has_undated_product:
        periods.append(period(ONCE, meaning.due, plan_date))
    if meaning.kind == "yearly":
        due_day = meaning.yearly_due or reporting_due
        for year in _years(meaning, through_year):
            periods.append(period(year_period(year), due_day.in_year(year), date(year, 1, 1)))
    if meaning.kind in SUB_YEARLY:
        for year in _years(meaning, through_year):
            for name, first, last in _parts_of_year(meaning.kind, year):
                due = _day_of_month(year, last.month, meaning.period_day)
                if due >= plan_date:
                    periods.append(period(name, due, first))
            if meaning.kind == "half_yearly":
                due = (meaning.yearly_due or reporting_due).in_year(year)
                if due >= plan_date:
                    periods.append(period(year_period(year), due, date(year, 1, 1)))
    return periods


def _years(meaning: Timeframe, through_year: int) -> range:
    last_year = through_year if meaning.to_year is None else min(through_year, meaning.to_year)
    return range(meaning.from_year, last_year + 1)


def _parts_of_year(kind: str, year: int) -> list[tuple[str, date, date]]:
    """The name, first and last day of each month, quarter or half-year a duty owes in `year`.

    "6 tháng và hằng năm" owes the first half-year on its own; the second is reported with the year's result.
    """
    if kind == "monthly":
        names = [month_period(year, m) for m in range(1, 13)]
    elif kind == "quarterly":
        names = [quarter_period(year, q) for q in range(1, 5)]
    else:
        names = [half_period(year, 1)]
    return [(name, *parse_period(name).span) for name in names]


def _day_of_month(year: int, month: int, day: int | None) -> date:
    """`day` of the month, or its last day when None or when the month is shorter (the 31st of April: the 30th)."""
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(day or last, last))


@dataclass(frozen=True)
class DeadlineRules:
    """Who the plan gives a deadline, beyond the item's timeframe (the plan file's `reporting` fields).

    - `binds`: the agencies or groups whose results section IV.2 calls for by the
      yearly reporting day; the yearly results of a continuing duty (Thường
      xuyên, Định kỳ) are due only from them. Empty: from every lead.
    - `continuing`: the items whose timeframe is such a duty.
    - `compiled` and `compiled_due`: the monitor's items that compile the
      agencies' results, and the day each year they are due (None: the plan
      gives none, so they are due on the first working day after the agencies'
      deadline and never late).
    """

    monitor: str
    monitor_heirs: frozenset[str] = frozenset()  # the monitor's successors after a reorganisation
    binds: frozenset[str] = frozenset()
    continuing: frozenset[str] = frozenset()
    compiled: frozenset[str] = frozenset()
    compiled_due: MonthDay | None = None

    def as_json(self) -> dict:
        return {
            "binds": sorted(self.binds),
            "continuing": sorted(self.continuing),
            "compiled": sorted(self.compiled),
            "compiled_due": self.compiled_due.model_dump() if self.compiled_due else None,
        }

    @classmethod
    def from_json(cls, monitor: str, data: dict | None) -> DeadlineRules:
        data = data or {}
        due = data.get("compiled_due")
        return cls(
            monitor=monitor,
            binds=frozenset(data.get("binds", ())),
            continuing=frozenset(data.get("continuing", ())),
            compiled=frozenset(data.get("compiled", ())),
            compiled_due=MonthDay.model_validate(due) if due else None,
        )

    def is_monitor(self, agency: str) -> bool:
        return agency == self.monitor or agency in self.monitor_heirs

    def binds_agency(self, agency: str, groups: Iterable[str]) -> bool:
        return not self.binds or agency in self.binds or any(g in self.binds for g in groups)


def owed_period(
    period: Period,
    *,
    item: str,
    requested: bool,
    agency: str,
    groups: Iterable[str],
    rules: DeadlineRules,
    reporting_due: MonthDay,
    calendar: WorkingCalendar,
) -> Period:
    """The period as one agency owes it.

    - A requested body (Đề nghị …) is asked, never bound: no deadline, so it is
      never late; its due day stays, as the day its results are asked for.
    - The monitor's compiling items fall due after the results they compile.
    - A continuing duty's yearly result has a deadline only for the bodies IV.2 binds.
    """
    if requested:
        return replace(period, deadline=None)
    name = parse_period(period.name)
    if name.kind != "year":
        return period
    year = name.year
    if rules.is_monitor(agency) and item in rules.compiled:
        if rules.compiled_due is not None:
            due = rules.compiled_due.in_year(year)
            return replace(period, due=due, deadline=calendar.deadline_for(due))
        after = calendar.next_working_day(calendar.deadline_for(reporting_due.in_year(year)))
        return replace(period, due=after, deadline=None)
    if item in rules.continuing and not rules.binds_agency(agency, groups):
        return replace(period, deadline=None)
    return period


def adhoc_period_for(seq: int, due: date, requested_on: date, calendar: WorkingCalendar) -> Period:
    return Period(adhoc_period(seq), due, calendar.deadline_for(due), requested_on)
