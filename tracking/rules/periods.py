"""Which periods an item has and when each is due, from its timeframe meaning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from plan_definition.calendar import WorkingCalendar
from plan_definition.timeframes import MonthDay, Timeframe

ONCE = "once"


@dataclass(frozen=True)
class Period:
    """One period of an item: its name, last allowed day, art. 148 deadline, first day it is owed."""

    name: str
    due: date | None
    deadline: date | None
    visible_from: date


def adhoc_period(seq: int) -> str:
    return f"adhoc-{seq}"


def regular_periods(
    meaning: Timeframe,
    *,
    plan_date: date,
    reporting_due: MonthDay,
    has_undated_product: bool,
    through_year: int,
    calendar: WorkingCalendar,
) -> list[Period]:
    """Periods from the timeframe: one for a one-off item, one per year for a recurring one."""

    def period(name: str, due: date | None, visible_from: date) -> Period:
        deadline = calendar.deadline_for(due) if due else None
        return Period(name, due, deadline, max(visible_from, plan_date))

    periods = []
    if meaning.kind == "once" or has_undated_product:
        periods.append(period(ONCE, meaning.due, plan_date))
    if meaning.kind == "yearly":
        due_day = meaning.yearly_due or reporting_due
        for year in range(meaning.from_year, through_year + 1):
            periods.append(period(str(year), due_day.in_year(year), date(year, 1, 1)))
    return periods


def adhoc_period_for(seq: int, due: date, requested_on: date, calendar: WorkingCalendar) -> Period:
    return Period(adhoc_period(seq), due, calendar.deadline_for(due), requested_on)
