"""The reporting period: a year or any [start, end], its cut-off day, and which obligations belong to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from plan_definition.text import cited_date
from tracking.status import ObligationStatus


class InvalidPeriod(ValueError):
    """A period whose end comes before its start."""


@dataclass(frozen=True)
class ReportPeriod:
    """[start, end], and the day the figures are taken on (the cut-off; None: the report's own date).

    `year` is the report year when the period is one (a calendar year, or Decree 09/2019's
    15/12 of the previous year to 14/12)."""

    start: date
    end: date
    cutoff: date | None = None
    year_of: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriod(
                f"kỳ báo cáo không hợp lệ: ngày kết thúc {self.end:%d/%m/%Y} trước ngày bắt đầu {self.start:%d/%m/%Y}"
            )

    @classmethod
    def year(cls, year: int) -> ReportPeriod:
        return cls(date(year, 1, 1), date(year, 12, 31), year_of=year)

    @property
    def is_year(self) -> bool:
        return self.year_of is not None or (
            self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31)
        )

    @property
    def report_year(self) -> int:
        return self.year_of if self.year_of is not None else self.end.year

    @property
    def label(self) -> str:
        """How the period reads after a report's subject: 'năm 2024' or 'từ ngày 01/01/2024 đến ngày 30/6/2024'."""
        if self.is_year:
            return f"năm {self.report_year}"
        return self.span

    @property
    def span(self) -> str:
        """'từ ngày 01/01/2024 đến ngày 31/12/2024'."""
        return f"từ ngày {cited_date(self.start)} đến ngày {cited_date(self.end)}"

    @property
    def slug(self) -> str:
        """A file-name part: 'nam-2024' or '2024-01-01-den-2024-06-30'."""
        if self.is_year:
            return f"nam-{self.report_year}"
        return f"{self.start.isoformat()}-den-{self.end.isoformat()}"

    def cutoff_for(self, as_of: date) -> date:
        """The day the figures are taken on: the configured cut-off, never after the report's own date."""
        return min(self.cutoff, as_of) if self.cutoff is not None else as_of

    def holds(self, status: ObligationStatus, owed_from: date) -> bool:
        """An obligation belongs to the period when it is due in it, or has no due date, is owed by its end and
        was not already completed before the period began (a completion counts in the period it happened in)."""
        if status.due is None:
            done_before = status.state.is_done and status.reported_on is not None and status.reported_on < self.start
            return owed_from <= self.end and not done_before
        return self.start <= status.due <= self.end
