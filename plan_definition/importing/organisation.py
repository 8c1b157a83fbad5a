"""Section IV (*Tổ chức thực hiện*): who monitors the plan, and when and to whom results are reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..timeframes import UnreadableTimeframe, parse_timeframe
from .agency_names import AgencyNames
from .deadlines import sentence_with, timeframe_in
from .items import Draft
from .vietnamese import fold

# Decree 09/2019/NĐ-CP: the yearly data period ends on 14 December.
DEFAULT_YEARLY_DUE = {"month": 12, "day": 14}


@dataclass
class Organisation:
    monitor: str | None = None
    reporting_text: str | None = None
    yearly_due: dict | None = None
    collector: str | None = None
    report_to: str | None = None
    provincial_chain: str | None = None
    notes: list[str] = field(default_factory=list)


def read_organisation(drafts: list[Draft], texts: list[str], issuer: str | None, names: AgencyNames) -> Organisation:
    """Read the monitor and the reporting rule from section IV's items, else from the whole text."""
    found = Organisation()
    organising = [d for d in drafts if _organising(d)] or drafts
    watcher = next((d for d in organising if re.search(r"\btheo doi\b", fold(d.title))), None)
    if watcher:
        found.monitor = next((m.code for m in watcher.responsibility.leads if _agency(m.code, names)), None)
    for text in [d.title for d in organising] + texts:
        if phrase := timeframe_in(text):
            meaning = _meaning(phrase)
            if meaning is not None and meaning.kind in ("yearly", "half_yearly") and meaning.yearly_due:
                found.reporting_text = sentence_with(text, phrase)
                found.yearly_due = {"month": meaning.yearly_due.month, "day": meaning.yearly_due.day}
                found.collector = _named_after(found.reporting_text, r"\b(?:về|cho|đến|tới)\s+", names)
                break
    if watcher:
        found.report_to = _named_after(watcher.title, r"\bbáo cáo\s+(?:kết quả\s+)?(?:về\s+|cho\s+)?", names)
    if found.report_to is None and issuer:
        found.report_to = _first_agency(names, issuer)
    found.monitor = found.monitor or found.collector
    found.collector = found.collector or found.monitor
    found.provincial_chain = _first_agency(names, "Văn phòng Ủy ban nhân dân tỉnh")
    return found


def _organising(draft: Draft) -> bool:
    section = draft.node.section()
    return section is not None and fold(section.heading).startswith("to chuc thuc hien")


def _meaning(phrase: str):
    try:
        return parse_timeframe(phrase, start_year=2000)
    except UnreadableTimeframe:
        return None


def _agency(code: str | None, names: AgencyNames) -> bool:
    return code is not None and code in names.index.directory.by_code


def _first_agency(names: AgencyNames, text: str) -> str | None:
    listed = names.read_list(text, unknown=False)
    return next((m.code for m in listed.matches if _agency(m.code, names)), None)


def _named_after(text: str, pattern: str, names: AgencyNames) -> str | None:
    """The first agency named right after `pattern` ("… gửi kết quả thực hiện về Sở Nội vụ …")."""
    for match in re.finditer(pattern, text, flags=re.IGNORECASE):
        listed = names.read_list(text, match.end(), unknown=False)
        if code := next((m.code for m in listed.matches if _agency(m.code, names)), None):
            return code
    return None
