"""What an import produced: the plan, its header, and everything the importer could not do by itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..plan import Plan
from .header import Header

UNPLACED = "unplaced"  # a line that belongs to no item, heading or known part of the document
UNMATCHED = "unmatched"  # an agency name the directory lacks; kept in the item under a placeholder code
MISSING = "missing"  # something the plan needs that the text does not say; a placeholder stands in
UNREADABLE = "unreadable"  # a timeframe the parser cannot read; kept as written
NOTE = "note"  # how the importer read an ambiguous passage
FOREIGN = "foreign"  # the document is another province's than the directory's

PLACEHOLDER_PREFIX = "chua-khop-"
UNKNOWN_LEAD = "chua-xac-dinh"


@dataclass(frozen=True)
class Problem:
    kind: str
    line: int | None
    message: str
    item: str | None = None


@dataclass
class ImportResult:
    plan: Plan
    header: Header
    source: str  # the document's file name
    unit: str  # "dòng" or "đoạn"
    problems: list[Problem] = field(default_factory=list)
    comments: dict[str, list[str]] = field(default_factory=dict)  # item code -> notes for the YAML file
    unmatched_names: list[str] = field(default_factory=list)  # names the directory lacks, for a skeleton
    province: str | None = None  # the document's own province, when its issuer names one

    def of_kind(self, kind: str) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]

    @property
    def unplaced(self) -> list[Problem]:
        return self.of_kind(UNPLACED)

    @property
    def blocking(self) -> list[Problem]:
        """What --strict refuses: lines not placed, and a directory of another province."""
        return self.of_kind(UNPLACED) + self.of_kind(FOREIGN)

    @property
    def unmatched(self) -> list[Problem]:
        return self.of_kind(UNMATCHED)

    def describe(self, problem: Problem) -> str:
        """ "ke-hoach.txt: dòng 42: mục 1.2.b: …" for printing."""
        where = f"{self.source}: {self.unit} {problem.line}: " if problem.line else f"{self.source}: "
        item = f"mục {problem.item}: " if problem.item else ""
        return where + item + problem.message
