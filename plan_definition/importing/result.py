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
UNRESOLVED_LEAD = "unresolved-lead"  # an item whose lead the importer could not find; kept as UNKNOWN_LEAD

PLACEHOLDER_PREFIX = "chua-khop-"
UNKNOWN_LEAD = "chua-xac-dinh"


SHOWN_LINES = 10  # a refusal names at most this many unplaced lines, then counts the rest


def unresolved_lead(lead_text: str | None, title: str) -> str:
    """Why an item has no lead: the lead text that named no agency, or the item's own text when it has none."""
    if lead_text:
        return f"không xác định được cơ quan chủ trì từ '{lead_text.strip().rstrip('.;,')}'"
    words = " ".join(title.split()).rstrip(".;,")
    shown = words if len(words) <= 80 else words[:79].rstrip() + "…"
    return f"không tìm thấy cơ quan chủ trì trong '{shown}'"


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
        """What --strict refuses: lines not placed, items whose lead is unresolved, a directory of another province."""
        return self.of_kind(UNPLACED) + self.of_kind(UNRESOLVED_LEAD) + self.of_kind(FOREIGN)

    def refusal(self) -> str | None:
        """Why --strict refuses the import, naming each line and item, or None when nothing blocks it.

        "2 dòng không xếp được vào kế hoạch: dòng 30, 39; mục 2.2: không xác định được cơ quan chủ trì từ '…'"
        """
        reasons = []
        if unplaced := self.unplaced:
            lines = ", ".join(str(p.line) for p in unplaced[:SHOWN_LINES] if p.line is not None)
            more = f" và {len(unplaced) - SHOWN_LINES} {self.unit} khác" if len(unplaced) > SHOWN_LINES else ""
            reasons.append(f"{len(unplaced)} {self.unit} không xếp được vào kế hoạch: {self.unit} {lines}{more}")
        reasons += [
            f"mục {i.code}: {unresolved_lead(i.lead_text, i.title)}" for i in self.plan.items if UNKNOWN_LEAD in i.leads
        ]
        if self.of_kind(FOREIGN):
            reasons.append(f"danh bạ không phải của tỉnh {self.province}")
        return "; ".join(reasons) or None

    @property
    def unmatched(self) -> list[Problem]:
        return self.of_kind(UNMATCHED)

    def describe(self, problem: Problem) -> str:
        """ "ke-hoach.txt: dòng 42: mục 1.2.b: …" for printing."""
        where = f"{self.source}: {self.unit} {problem.line}: " if problem.line else f"{self.source}: "
        item = f"mục {problem.item}: " if problem.item else ""
        return where + item + problem.message
