"""Who receives each stage of the ladder: the contact before the deadline, then the head, then the chain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


def chain_target(agency: AgencyLike, agencies: Mapping[str, AgencyLike], policy: EscalationPolicy) -> AgencyLike | None:
    """Who is above an agency: its parent, or the provincial office when the parent is the province itself."""
    parent = agencies.get(agency.parent_code) if agency.parent_code else None
    if parent is None or parent.kind == "ubnd-cap-tinh":
        parent = agencies.get(policy.provincial_chain)
    if parent is None or parent.code == agency.code:
        return None
    return parent


def recipients(
    kind: StageKind, agency: AgencyLike, agencies: Mapping[str, AgencyLike], policy: EscalationPolicy
) -> tuple[list[Person], list[Person]]:
    """To and Cc for a stage of one agency's obligation."""
    leadership = [head_of(agencies[code]) for code in policy.leadership if code in agencies]
    if kind == "reminder":
        to, cc = [contact_of(agency)], []
    elif kind == "overdue":
        to, cc = [contact_of(agency), head_of(agency)], []
    elif kind == "escalation":
        to, cc = [head_of(agency)], leadership
    else:
        target = chain_target(agency, agencies, policy)
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
