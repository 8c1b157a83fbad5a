"""Deliver the outbox: claim each email's deliveries, send, and record the outcome at once.

- Deliveries are claimed (pending → sending) before the server is asked, so two
  dispatches running at once never send the same email twice.
- Each outcome is committed right after the server answers: a server that stops
  mid-run leaves the rest pending, and a later run sends each remaining email
  exactly once. Only a crash between the server's answer and the commit leaves
  a delivery in "sending"; the next run sends it again under the same Message-ID,
  at once when its claimant was a process on this host that is gone, else once
  the claim is ABANDONED_AFTER old.
- A notice whose obligation was completed, retired, gated again or given a new
  deadline since it was decided is cancelled instead of sent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Engine, or_, select, update

from tracking.chunks import chunked
from tracking.database import transaction
from tracking.models import ItemRow, ObligationRow, OutboxDeliveryRow, OutboxRow, PlanRow
from tracking.rules.states import State
from tracking.status import status_as_of

from .claimants import Claimant, is_gone, this_process
from .contexts import PlanInfo, PlanVoice, Sender
from .envelopes import NOTICE_KINDS, Envelope, compose, pending_envelopes
from .senders import (
    MailSender,
    MailSettings,
    MessageRefusedForSize,
    RecipientDeferred,
    RecipientRefused,
    ServerUnavailable,
)

ABANDONED_AFTER = timedelta(minutes=15)
UNCERTAIN = "lượt gửi trước dừng khi đang gửi thư này; người nhận có thể đã nhận (gửi lại cùng Message-ID)"


@dataclass
class DispatchResult:
    sent: int = 0  # emails accepted by the server (or written to the outbox folder)
    failed: int = 0  # emails refused for good
    too_large: int = 0  # of the failed, emails refused for their size (ESMTP SIZE, 552, 5.3.4)
    deferred: int = 0  # emails the server asked to retry later (left pending)
    cancelled: int = 0  # notices no longer true when their turn came
    pending: int = 0  # emails still waiting after this run
    stopped: str | None = None  # why the run stopped early, if it did
    resumed: int = 0  # deliveries taken over from a run that died
    errors: list[str] = field(default_factory=list)  # emails that could not be built (left pending), by notice
    refused: list[str] = field(default_factory=list)  # emails refused for good this run, by notice


def now() -> datetime:
    return datetime.now(timezone.utc)


def release_abandoned_claims(engine: Engine) -> int:
    """Deliveries left in "sending" by a run that died: back to pending, marked as possibly received.

    A claim is abandoned when its claimant is a process on this host that is gone, or when it is older
    than ABANDONED_AFTER (a claimant on another host, or one from before claimants were recorded).
    """
    with transaction(engine) as session:
        holders = set(
            session.scalars(select(OutboxDeliveryRow.claimed_by).where(OutboxDeliveryRow.state == "sending").distinct())
        )
        gone = [h for h in holders if h and (c := Claimant.parse(h)) is not None and is_gone(c)]
        result = session.execute(
            update(OutboxDeliveryRow)
            .where(
                OutboxDeliveryRow.state == "sending",
                or_(OutboxDeliveryRow.claimed_at < now() - ABANDONED_AFTER, OutboxDeliveryRow.claimed_by.in_(gone)),
            )
            .values(state="pending", last_error=UNCERTAIN, claimed_at=None, claimed_by=None)
        )
        return result.rowcount


def cancel_stale_notices(engine: Engine, plan_number: str, as_of: date) -> int:
    """Cancel the plan's deliveries still pending of notices no longer true: done, gated, retired, counted from
    another deadline, or the plan ended. A notice none of whose addressees has it yet is cancelled with them;
    one an addressee already has stays sent, and only its copies still waiting (for a weekday) are cancelled."""
    with transaction(engine) as session:
        waiting = select(OutboxDeliveryRow.outbox_id).where(OutboxDeliveryRow.state == "pending")
        pending = session.execute(
            select(OutboxRow, ObligationRow.active)
            .outerjoin(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
            .outerjoin(ItemRow, ObligationRow.item_id == ItemRow.id)
            .where(
                OutboxRow.state.in_(("pending", "sent")),
                OutboxRow.id.in_(waiting),
                OutboxRow.obligation_id.is_not(None),
                or_(ItemRow.plan_number == plan_number, ObligationRow.id.is_(None)),
            )
        ).all()
        if not pending:
            return 0
        plan = session.get(PlanRow, plan_number)
        ended = plan is not None and plan.ends_on is not None and as_of > plan.ends_on
        current = {} if ended else {s.obligation_id: s for s in status_as_of(session, plan_number, as_of)}
        cancelled = 0
        for notice, active in pending:
            status = current.get(notice.obligation_id)
            if active and status is not None and _still_true(notice, status.state, status.deadline):
                continue
            if notice.state == "pending":
                notice.state = "cancelled"
            session.execute(
                update(OutboxDeliveryRow)
                .where(OutboxDeliveryRow.outbox_id == notice.id, OutboxDeliveryRow.state == "pending")
                .values(state="cancelled")
            )
            cancelled += 1
        return cancelled


def _still_true(notice: OutboxRow, state: State, deadline: date | None) -> bool:
    if notice.deadline is not None and notice.deadline != deadline:
        return False
    if notice.kind == "reminder":  # or the yearly request to a requested body, which has no deadline
        return state in (State.OPEN_WITHIN_DEADLINE, State.NO_DEADLINE)
    return state == State.OPEN_OVERDUE


class _TakenByAnotherRun(Exception):
    pass


def claim(engine: Engine, envelope: Envelope) -> bool:
    """Take the envelope's deliveries for this run; False when another run already took one of them."""
    try:
        with transaction(engine) as session:
            taken = sum(
                session.execute(
                    update(OutboxDeliveryRow)
                    .where(OutboxDeliveryRow.id.in_(ids), OutboxDeliveryRow.state == "pending")
                    .values(state="sending", claimed_at=now(), claimed_by=str(this_process()))
                ).rowcount
                for ids in chunked(envelope.deliveries)
            )
            if taken != len(envelope.deliveries):
                raise _TakenByAnotherRun  # rolls the partial claim back
    except _TakenByAnotherRun:
        return False
    return True


def record_outcome(
    engine: Engine, envelope: Envelope, outcome: str, *, error: str | None, message_id: str | None
) -> None:
    """Mark an envelope's deliveries, then bring each notice's state in line with its deliveries."""
    with transaction(engine) as session:
        for delivery in _in_chunks(session, OutboxDeliveryRow, OutboxDeliveryRow.id, envelope.deliveries):
            delivery.attempts += 1
            delivery.last_error = error
            delivery.state = outcome
            delivery.claimed_at = delivery.claimed_by = None
            if outcome == "sent":
                delivery.sent_at, delivery.email_message_id = now(), message_id
        session.flush()
        notice_ids = {n.id for n in envelope.notices}
        # Lock the notices (in id order, so two runs cannot deadlock) before reading their deliveries: a run
        # sending another copy of one of them at the same moment waits here, then reads this run's outcome.
        # Without it, under PostgreSQL's READ COMMITTED each run read the other's copy as "sending" and the
        # notice stayed pending though every copy was sent. (SQLite runs one writer at a time; FOR UPDATE is
        # not emitted there.)
        for chunk in chunked(sorted(notice_ids)):
            session.execute(
                select(OutboxRow.id).where(OutboxRow.id.in_(chunk)).order_by(OutboxRow.id).with_for_update()
            )
        deliveries: dict[int, list[OutboxDeliveryRow]] = defaultdict(list)
        for delivery in _in_chunks(session, OutboxDeliveryRow, OutboxDeliveryRow.outbox_id, notice_ids):
            deliveries[delivery.outbox_id].append(delivery)
        for notice in _in_chunks(session, OutboxRow, OutboxRow.id, notice_ids):
            settle(notice, deliveries[notice.id])


def _in_chunks(session, entity, column, values):
    """The rows whose `column` is one of `values`, a bounded IN-list at a time."""
    for chunk in chunked(sorted(values)):
        yield from session.scalars(select(entity).where(column.in_(chunk)))


def settle(notice: OutboxRow, deliveries: list[OutboxDeliveryRow]) -> None:
    """A notice is sent as soon as an addressee has it (its copies may still wait for their weekday, and a
    bounced copy does not undo it), failed when none can."""
    notice.attempts = max(d.attempts for d in deliveries)
    errors = [d.last_error for d in deliveries if d.last_error]
    notice.last_error = errors[-1] if errors else None
    addressed = [d for d in deliveries if d.role == "to"] or deliveries
    reached = [_aware(d.sent_at) for d in addressed if d.state == "sent" and d.sent_at]
    if reached:
        notice.state = "sent"
        notice.sent_at = min(reached)
        return
    if any(d.state in ("pending", "sending") for d in deliveries):
        return
    if all(d.state == "cancelled" for d in deliveries):
        notice.state = "cancelled"
    else:
        notice.state = "failed"


def dispatch(
    engine: Engine,
    sender: MailSender,
    settings: MailSettings,
    *,
    plan: PlanInfo | None = None,
    from_body: Sender | None = None,
    as_of: date,
    kinds: tuple[str, ...] | None = None,
    plans: dict[str, PlanVoice] | None = None,
    report_link: Callable[[str], str] | None = None,
    chase_today: Callable[[str], bool] | None = None,
) -> DispatchResult:
    """Send every pending delivery decided by `as_of` (of the given kinds), one email per recipient.

    `plans` are every plan followed, by number (or the one `plan` signed by `from_body`): a recipient's
    notices of the day under all of them travel in one digest. `chase_today(address)` says whether today is
    the address's chasing day; chasing held for another day stays pending (none held without it).
    """
    plans = plans or {plan.number: PlanVoice(plan, from_body)}
    first = next(iter(plans.values()))
    result = DispatchResult()
    result.resumed = release_abandoned_claims(engine)
    if kinds is None or set(kinds) & set(NOTICE_KINDS):
        result.cancelled = sum(cancel_stale_notices(engine, number, as_of) for number in plans)
    envelopes = pending_envelopes(engine, as_of, kinds, plans=set(plans), chase_today=chase_today)
    for number, envelope in enumerate(envelopes):
        try:
            mail = compose(envelope, first.plan, first.sender, settings, as_of, report_link, plans)
        except Exception as exc:  # one broken email (a missing attachment, a template error) must not stop the rest
            error = f"không lập được thư: {exc.__class__.__name__}: {exc}"
            if claim(engine, envelope):
                record_outcome(engine, envelope, "pending", error=error, message_id=None)
            result.errors.append(f"{envelope.address} ({describe_notices(envelope)}): {error}")
            continue
        if not claim(engine, envelope):
            continue
        try:
            sender.send(mail)
        except RecipientRefused as refused:
            record_outcome(engine, envelope, "failed", error=str(refused), message_id=None)
            result.failed += 1
            result.too_large += isinstance(refused, MessageRefusedForSize)
            result.refused.append(f"{envelope.address} ({describe_notices(envelope)}): {refused}")
        except RecipientDeferred as deferred:
            record_outcome(engine, envelope, "pending", error=str(deferred), message_id=None)
            result.deferred += 1
        except ServerUnavailable as unavailable:
            record_outcome(engine, envelope, "pending", error=str(unavailable), message_id=None)
            result.stopped = str(unavailable)
            result.pending = len(envelopes) - number
            return result
        else:
            record_outcome(engine, envelope, "sent", error=None, message_id=mail.message_id)
            result.sent += 1
    result.pending = result.deferred + len(result.errors)
    return result


DESCRIBED = 10  # notices named in a line about one email; a digest of 60,000 notices is not a 3 MB line


def describe_notices(envelope: Envelope) -> str:
    """'mục 2.1, so-noi-vu, overdue-1; …' — the notices an email carries, as the operator finds them in the outbox;
    past DESCRIBED of them, the first ones and how many more."""
    names = []
    for notice in envelope.notices[:DESCRIBED]:
        context = notice.context or {}
        if notice.obligation_id is not None:
            names.append(f"mục {context.get('item_code')}, {context.get('agency_code')}, {notice.stage}")
        else:
            names.append(f"{notice.kind} {notice.key}")
    more = len(envelope.notices) - DESCRIBED
    return "; ".join(names) + (f"; và {more} thông báo khác" if more > 0 else "")


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive timestamps; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
