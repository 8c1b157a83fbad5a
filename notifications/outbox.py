"""Write decided notices into the outbox (idempotently) and read it back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from plan_definition.plan import EscalationPolicy, plan_slug
from tracking.agency_lookup import AgencyLookup
from tracking.chunks import chunked
from tracking.escalation import Decision
from tracking.models import ItemRow, ObligationRow, OutboxDeliveryRow, OutboxRow
from tracking.rules.cadence import CHASING_KINDS
from tracking.rules.labels import period_label
from tracking.rules.recipients import Person, recipients, unique_people


def notice_key(plan_number: str, obligation_id: int, stage_code: str, moved_to: date | None = None) -> str:
    """ "86-kh-ubnd.o123.reminder-10"; for a stage given again after the deadline moved, the new deadline
    follows: "86-kh-ubnd.o123.reminder-10.d20240701"."""
    key = f"{plan_slug(plan_number)}.o{obligation_id}.{stage_code}"
    return f"{key}.d{moved_to:%Y%m%d}" if moved_to else key


def message_id(key: str, domain: str) -> str:
    return f"<{key}@{domain}>"


def enqueue(
    session: Session,
    plan_number: str,
    decisions: list[Decision],
    policy: EscalationPolicy,
    *,
    as_of: date,
    domain: str,
) -> list[OutboxRow]:
    """Add one outbox row per decision not already there (the same obligation, stage and deadline); return
    the rows added."""
    if not decisions:
        return []
    given: dict[tuple[int, str], set[date | None]] = {}
    for chunk in chunked({d.status.obligation_id for d in decisions}):
        rows = session.execute(
            select(OutboxRow.obligation_id, OutboxRow.stage, OutboxRow.deadline).where(
                OutboxRow.obligation_id.in_(chunk)
            )
        )
        for obligation_id, stage, deadline in rows:
            given.setdefault((obligation_id, stage), set()).add(deadline)
    keys: dict[str, Decision] = {}
    for d in decisions:
        deadlines = given.get((d.status.obligation_id, d.stage.code), set())
        if d.status.deadline in deadlines or None in deadlines:  # None: decided before deadlines were kept
            continue
        moved_to = d.status.deadline if deadlines else None  # given before, for another deadline
        keys[notice_key(plan_number, d.status.obligation_id, d.stage.code, moved_to)] = d
    agencies = AgencyLookup(session, {d.status.agency for d in decisions})
    items = {i.code: i for i in session.scalars(select(ItemRow).where(ItemRow.plan_number == plan_number))}
    added: list[tuple[OutboxRow, list[Person], list[Person]]] = []
    for key, decision in keys.items():
        to, cc = recipients(decision.stage.kind, agencies[decision.status.agency], agencies, policy, as_of)
        row = OutboxRow(
            key=key,
            kind=decision.stage.kind,
            obligation_id=decision.status.obligation_id,
            stage=decision.stage.code,
            deadline=decision.status.deadline,
            decided_on=as_of,
            context=_context(key, decision, items[decision.status.item], agencies, to, cc)
            | {"weekly": policy.weekly and decision.stage.kind in CHASING_KINDS},
            to_addrs=[p.address for p in to],
            cc_addrs=[p.address for p in cc],
            state="pending",
            attempts=0,
            message_id=message_id(key, domain),
        )
        added.append((row, to, cc))
    # All rows, then all their deliveries, each in batched INSERTs (a flush per row made 120,000 round
    # trips to PostgreSQL at 60,000 agencies).
    session.add_all([row for row, _, _ in added])
    session.flush()
    session.add_all(
        [
            OutboxDeliveryRow(
                outbox_id=row.id,
                address=person.address,
                role=role,
                title=person.title,
                name=person.name,
                agency_name=person.agency_name,
                state="pending",
                attempts=0,
            )
            for row, to, cc in added
            for role, people in (("to", to), ("cc", cc))
            for person in people
        ]
    )
    session.flush()
    return [row for row, _, _ in added]


def _context(key, decision: Decision, item: ItemRow, agencies, to, cc) -> dict:
    """A snapshot of what was decided, so the mail says what was true on the day of the decision."""
    status = decision.status
    agency = agencies[status.agency]
    return {
        "key": key,
        "plan_number": item.plan_number,
        "item_code": item.code,
        "item_title": item.title,
        "lead_text": item.lead_text,
        "period": status.period,
        "period_label": period_label(status.period),
        "timeframe_text": item.timeframe_text,
        "due": status.due.isoformat(),
        "deadline": decision.deadline.isoformat(),
        "state_label": decision.state_label,
        "stage": decision.stage.code,
        "working_days": decision.working_days,
        "agency_code": agency.code,
        "agency_name": agency.name,
        "agency_head_title": agency.head_title,
        "requested": status.requested,
        "copied_to": [p.title for p in cc],
        "addressed_to": [p.title for p in to],
    }


def enqueue_message(
    session: Session, *, key: str, kind: str, context: dict, to: list[Person], as_of: date, domain: str
) -> OutboxRow | None:
    """Add a report or an alert to the outbox once per key; None when the key is already there."""
    if session.scalar(select(OutboxRow.id).where(OutboxRow.key == key)) is not None:
        return None
    row = OutboxRow(
        key=key,
        kind=kind,
        obligation_id=None,
        stage=kind,
        decided_on=as_of,
        context=context,
        to_addrs=[p.address for p in to],
        cc_addrs=[],
        state="pending",
        attempts=0,
        message_id=message_id(key, domain),
    )
    session.add(row)
    session.flush()
    for person in unique_people(to):
        session.add(
            OutboxDeliveryRow(
                outbox_id=row.id,
                address=person.address,
                role="to",
                title=person.title,
                name=person.name,
                agency_name=person.agency_name,
                state="pending",
                attempts=0,
            )
        )
    session.flush()
    return row


def latest_notices(session: Session, obligation_ids: list[int]) -> dict[int, OutboxRow]:
    """The most recent notice decided for each obligation (for the operator's tables)."""
    latest: dict[int, OutboxRow] = {}
    if not obligation_ids:
        return latest
    for chunk in chunked(obligation_ids):
        rows = session.scalars(
            select(OutboxRow).where(OutboxRow.obligation_id.in_(chunk)).order_by(OutboxRow.decided_on, OutboxRow.id)
        )
        for row in rows:
            latest[row.obligation_id] = row
    return latest


@dataclass(frozen=True)
class OutboxEntry:
    """One notice as `dondoc outbox` shows it."""

    item: str | None
    agency: str | None
    period: str | None
    stage: str
    kind: str
    decided_on: date
    to: list[str]
    cc: list[str]
    state: str
    attempts: int
    message_id: str
    sent_at: str | None
    last_error: str | None
    claimed_by: str | None = None  # the dispatch process sending it now (state "sending")
    weekly: bool = False  # chasing of a plan that chases weekly: held for each recipient's weekday
    pending_to: tuple[str, ...] = ()  # the recipients (to and cc) it has not reached yet

    def as_json(self) -> dict:
        claim = {"claimed_by": self.claimed_by} if self.state == "sending" else {}
        return {
            "item": self.item,
            "agency": self.agency,
            "period": self.period,
            "stage": self.stage,
            "to": self.to,
            "cc": self.cc,
            "state": self.state,
            "attempts": self.attempts,
            "message_id": self.message_id,
            "sent_at": self.sent_at,
        } | claim


def list_outbox(session: Session, state: str | None = None) -> list[OutboxEntry]:
    """Every notice; one a dispatch is delivering right now shows as "sending", with that dispatch."""
    claims = dict(
        session.execute(
            select(OutboxDeliveryRow.outbox_id, OutboxDeliveryRow.claimed_by).where(
                OutboxDeliveryRow.state == "sending"
            )
        ).all()
    )
    waiting: dict[int, list[str]] = {}
    for outbox_id, address in session.execute(
        select(OutboxDeliveryRow.outbox_id, OutboxDeliveryRow.address)
        .where(OutboxDeliveryRow.state == "pending")
        .order_by(OutboxDeliveryRow.id)
    ):
        waiting.setdefault(outbox_id, []).append(address)
    query = (
        select(OutboxRow, ItemRow.code, ObligationRow.agency_code, ObligationRow.period)
        .outerjoin(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
        .outerjoin(ItemRow, ObligationRow.item_id == ItemRow.id)
        .order_by(OutboxRow.decided_on, OutboxRow.id)
    )
    entries = [
        OutboxEntry(
            item=item,
            agency=agency,
            period=period,
            stage=row.stage,
            kind=row.kind,
            decided_on=row.decided_on,
            to=list(row.to_addrs),
            cc=list(row.cc_addrs),
            state="sending" if row.state == "pending" and row.id in claims else row.state,
            attempts=row.attempts,
            message_id=row.message_id,
            sent_at=_utc(row.sent_at),
            last_error=row.last_error,
            claimed_by=claims.get(row.id),
            weekly=bool((row.context or {}).get("weekly")),
            pending_to=tuple(waiting.get(row.id, ())),
        )
        for row, item, agency, period in session.execute(query)
    ]
    return [e for e in entries if e.state == state] if state else entries


def _utc(moment) -> str | None:
    """ISO 8601 in UTC, the same from SQLite (naive, written in UTC) and PostgreSQL."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(timezone.utc).isoformat()
