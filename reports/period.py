"""The reporting period: a year or any [start, end], and which obligations belong to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from plan_definition.text import cited_date
from tracking.status import ObligationStatus


class InvalidPeriod(ValueError):
    """A period whose end comes before its start."""


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriod(
                f"kỳ báo cáo không hợp lệ: ngày kết thúc {self.end:%d/%m/%Y} trước ngày bắt đầu {self.start:%d/%m/%Y}"
            )

    @classmethod
    def year(cls, year: int) -> ReportPeriod:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def is_year(self) -> bool:
        return self == ReportPeriod.year(self.start.year)

    @property
    def label(self) -> str:
        """How the period reads after a report's subject: 'năm 2024' or 'từ ngày 01/01/2024 đến ngày 30/6/2024'."""
        if self.is_year:
            return f"năm {self.start.year}"
        return f"từ ngày {cited_date(self.start)} đến ngày {cited_date(self.end)}"

    @property
    def slug(self) -> str:
        """A file-name part: 'nam-2024' or '2024-01-01-den-2024-06-30'."""
        if self.is_year:
            return f"nam-{self.start.year}"
        return f"{self.start.isoformat()}-den-{self.end.isoformat()}"

    def holds(self, status: ObligationStatus, owed_from: date) -> bool:
        """An obligation belongs to the period when it is due in it, or has no due date and is owed by its end."""
        if status.due is None:
            return owed_from <= self.end
        return self.start <= status.due <= self.end
