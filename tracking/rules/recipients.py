"""Who receives each stage of the ladder: the contact before the deadline, then the head, then the chain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from plan_definition.plan import EscalationPolicy

from .ladder import StageKind


class AgencyLike(Protocol):
    code: str
    name: str
    kind: str
    parent_code: str | None
    head_email: str
    head_title: str
    head_name: str | None
    contact_email: str
    contact_title: str
    contact_name: str | None
    began: date | None
    ended: date | None
    successors: list[str]


@dataclass(frozen=True)
class Person:
    address: str
    title: str
    name: str | None
    agency_name: str


def head_of(agency: AgencyLike) -> Person:
    return Person(agency.head_email, agency.head_title, agency.head_name, agency.name)


def contact_of(agency: AgencyLike) -> Person:
    return Person(agency.contact_email, agency.contact_title, agency.contact_name, agency.name)


def holder_on(code: str, agencies: Mapping[str, AgencyLike], day: date) -> AgencyLike | None:
    """The agency that holds `code`'s office on `day`: itself while it exists, else its one successor
    (followed through later reforms); None when the office ended without one or was split."""
    seen: set[str] = set()
    agency = agencies.get(code)
    while agency is not None and agency.code not in seen:
        seen.add(agency.code)
        if agency.began is not None and day < agency.began:
            return None
        if agency.ended is None or day <= agency.ended:
            return agency
        successors = [s for s in agency.successors if s in agencies]
        agency = agencies[successors[0]] if len(successors) == 1 else None
    return None


def chain_target(
    agency: AgencyLike, agencies: Mapping[str, AgencyLike], policy: EscalationPolicy, day: date
) -> AgencyLike | None:
    """Who is above an agency on `day`: its parent, or the provincial office when the parent is the province
    itself or no longer exists (a commune after 1/7/2025 has no district: it goes straight to the province)."""
    parent = agencies.get(agency.parent_code) if agency.parent_code else None
    if parent is not None and (parent.ended is not None and parent.ended < day):
        parent = None
    if parent is None or parent.kind == "ubnd-cap-tinh":
        parent = holder_on(policy.provincial_chain, agencies, day)
    if parent is None or parent.code == agency.code:
        return None
    return parent


def leadership_on(agencies: Mapping[str, AgencyLike], policy: EscalationPolicy, day: date) -> list[AgencyLike]:
    """The bodies whose heads are copied on escalations, as they stand on `day`."""
    found = [holder_on(code, agencies, day) for code in policy.leadership]
    return [a for a in found if a is not None]


def recipients(
    kind: StageKind, agency: AgencyLike, agencies: Mapping[str, AgencyLike], policy: EscalationPolicy, day: date
) -> tuple[list[Person], list[Person]]:
    """To and Cc for a stage of one agency's obligation, with the bodies as they stand on `day`."""
    leadership = [head_of(a) for a in leadership_on(agencies, policy, day)]
    if kind == "reminder":
        to, cc = [contact_of(agency)], []
    elif kind == "overdue":
        to, cc = [contact_of(agency), head_of(agency)], []
    elif kind == "escalation":
        to, cc = [head_of(agency)], leadership
    else:
        target = chain_target(agency, agencies, policy, day)
        to, cc = [head_of(target)], [head_of(agency), *leadership]
    to = unique_people(to)
    return to, [p for p in unique_people(cc) if p.address not in {t.address for t in to}]


def unique_people(people: list[Person]) -> list[Person]:
    seen, result = set(), []
    for person in people:
        if person.address not in seen:
            seen.add(person.address)
            result.append(person)
    return result
