"""The morning check: decide which notices are due today and put them in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from plan_definition.calendar import WorkingCalendar
from plan_definition.plan import EscalationPolicy
from tracking.database import transaction
from tracking.escalation import decide
from tracking.models import OutboxRow
from tracking.plan_store import ensure_year
from tracking.status import ObligationStatus, status_as_of

from .outbox import enqueue

ATTEMPTS = 3


@dataclass(frozen=True)
class CheckResult:
    """What a morning check added to the outbox, and the statuses it decided from."""

    added: list[OutboxRow]
    statuses: list[ObligationStatus]


def check(
    engine: Engine,
    plan_number: str,
    policy: EscalationPolicy,
    calendar: WorkingCalendar,
    as_of: date,
    *,
    domain: str,
    items: list[str] | None = None,
) -> CheckResult:
    """Decide and enqueue in one transaction; checking the same day twice adds nothing.

    Checks running at once race for the outbox's unique keys: the loser's transaction is rolled back
    and decided again, and then finds the notices already there.
    """
    ensure_year(engine, plan_number, calendar, as_of)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction(engine) as session:
                statuses = status_as_of(session, plan_number, as_of, items=items)
                decisions = decide(session, plan_number, policy, calendar, as_of, statuses)
                added = enqueue(session, plan_number, decisions, policy, as_of=as_of, domain=domain)
                return CheckResult(added, statuses)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
