"""Which periods an item has and when each is due, from its timeframe meaning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from plan_definition.calendar import WorkingCalendar
from plan_definition.errors import PlanError
from plan_definition.timeframes import SUB_YEARLY, MonthDay, Timeframe

ONCE = "once"


@dataclass(frozen=True)
class Period:
    """One period of an item: its name, last allowed day, art. 148 deadline, first day it is owed."""

    name: str
    due: date | None
    deadline: date | None
    visible_from: date


class UntrackedPeriods(PlanError):
    """A timeframe with periods shorter than a year: read from the plan, not yet tracked period by period."""

    def __init__(self, meaning: Timeframe):
        words = {"monthly": "hằng tháng", "quarterly": "hằng quý", "half_yearly": "6 tháng"}[meaning.kind]
        super().__init__(
            f"thời gian thực hiện có kỳ {words} (kind: {meaning.kind}); dondoc chưa theo dõi kỳ ngắn hơn một năm: "
            "hãy ghi thời gian của mục theo năm (ví dụ 'Hằng năm') hoặc tách mục theo từng kỳ"
        )


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

    if meaning.kind in SUB_YEARLY:
        raise UntrackedPeriods(meaning)
    periods = []
    if meaning.kind == "once" or has_undated_product:
        periods.append(period(ONCE, meaning.due, plan_date))
    if meaning.kind == "yearly":
        due_day = meaning.yearly_due or reporting_due
        last_year = through_year if meaning.to_year is None else min(through_year, meaning.to_year)
        for year in range(meaning.from_year, last_year + 1):
            periods.append(period(str(year), due_day.in_year(year), date(year, 1, 1)))
    return periods


def adhoc_period_for(seq: int, due: date, requested_on: date, calendar: WorkingCalendar) -> Period:
    return Period(adhoc_period(seq), due, calendar.deadline_for(due), requested_on)
