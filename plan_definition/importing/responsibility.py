"""Who leads and who coordinates an item, read from its fields or from its heading."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .agency_names import AgencyNames, NameMatch

_REQUESTED = re.compile(r"^\s*đề nghị\s+", re.IGNORECASE)
_ASSIGNED = re.compile(r"^\s*(?:giao(?:\s+cho)?|yêu cầu)\s+(?!thông\b)", re.IGNORECASE)
_COORDINATING = re.compile(r"^[\s,]*(?:chủ trì\s*,?\s*)?(?:và\s+)?phối hợp\s+(?:(?:với|cùng)\s+)?", re.IGNORECASE)


@dataclass
class Responsibility:
    leads: list[NameMatch] = field(default_factory=list)
    coordinators: list[NameMatch] = field(default_factory=list)
    requested: bool = False
    lead_text: str | None = None
    coordinator_text: str | None = None
    whole: bool = False  # the heading is nothing but the names (section IV: "1. Sở Nội vụ")


def from_fields(lead: str | None, coordinator: str | None, names: AgencyNames) -> Responsibility:
    """Leads from a *chủ trì* / *thực hiện* field, coordinators from *phối hợp* and from "X chủ trì, phối hợp với Y"."""
    found = Responsibility(lead_text=lead or None, coordinator_text=coordinator or None)
    if lead:
        found.requested = bool(_REQUESTED.match(lead))
        for clause in _clauses(lead):
            text = _without_prefix(clause)
            listed = names.read_list(text)
            found.leads += listed.matches
            if listed.matches and (joint := _COORDINATING.match(text[listed.end :])):
                partners = names.read_list(text, listed.end + joint.end())
                found.coordinators += partners.matches
                if partners.matches and not coordinator:
                    found.coordinator_text = text[listed.end + joint.end() : partners.end].strip() + "."
    if coordinator:
        for clause in _clauses(coordinator):
            found.coordinators += names.read_list(_without_prefix(clause)).matches
    return found


def from_heading(heading: str, names: AgencyNames, *, unknown: bool = False) -> Responsibility | None:
    """Leads named at the start of a heading: "Ủy ban nhân dân cấp huyện, …: Chịu trách nhiệm …", "Đề nghị …"."""
    text = _without_prefix(heading)
    offset = len(heading) - len(text)
    listed = names.read_list(text, unknown=unknown)
    if not listed.matches:
        return None
    rest = text[listed.end :]
    coordinators = []
    if joint := _COORDINATING.match(rest):  # "Công an tỉnh phối hợp với UBND phường X tuyên truyền …"
        coordinators = names.read_list(text, listed.end + joint.end(), unknown=False).matches
    return Responsibility(
        leads=listed.matches,
        coordinators=coordinators,
        requested=bool(_REQUESTED.match(heading)),
        lead_text=heading[: offset + listed.end].strip(),
        whole=not re.sub(r"[\s.:;,]", "", rest),
    )


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"\s*;\s*", text) if c.strip()]


def _without_prefix(text: str) -> str:
    text = _REQUESTED.sub("", text, count=1)
    return _ASSIGNED.sub("", text, count=1)
