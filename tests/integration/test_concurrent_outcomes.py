"""Two dispatches recording the outcomes of one notice's copies at the same moment (SQLite and PostgreSQL).

An escalation goes to the agency's head and is copied to the director: two deliveries, in two emails, which two
dispatch runs may send at once. Each run marks its own delivery, then reads the notice's deliveries to settle
it. Under PostgreSQL's READ COMMITTED, without a lock on the notice, each run read the other's copy as still
"sending" and left the notice pending for ever, though both copies were sent.
"""

from __future__ import annotations

import threading
from datetime import date
from types import SimpleNamespace

from sqlalchemy import func, select, update

from notifications import delivery
from service_layer.actions import enqueue_notices
from tests.together import run_together
from tracking.database import transaction
from tracking.models import OutboxDeliveryRow, OutboxRow

DAY = date(2024, 3, 18)


def test_two_runs_sending_the_copies_of_one_notice_at_once_settle_it_as_sent(loaded, monkeypatch):
    enqueue_notices(loaded, DAY)
    with transaction(loaded.engine) as session:
        notice_id = session.scalar(
            select(OutboxDeliveryRow.outbox_id)
            .group_by(OutboxDeliveryRow.outbox_id)
            .having(func.count() >= 2)
            .order_by(OutboxDeliveryRow.outbox_id)
            .limit(1)
        )
        copies = list(
            session.scalars(select(OutboxDeliveryRow.id).where(OutboxDeliveryRow.outbox_id == notice_id).limit(2))
        )
        others = session.scalars(
            select(OutboxDeliveryRow.id).where(
                OutboxDeliveryRow.outbox_id == notice_id, OutboxDeliveryRow.id.not_in(copies)
            )
        ).all()
        session.execute(update(OutboxDeliveryRow).where(OutboxDeliveryRow.id.in_(others)).values(state="sent"))
        session.execute(update(OutboxDeliveryRow).where(OutboxDeliveryRow.id.in_(copies)).values(state="sending"))
        notice = session.get(OutboxRow, notice_id)
        session.expunge(notice)

    # Both runs have read the notice's deliveries before either commits, when nothing keeps them apart.
    both_read = threading.Barrier(2, timeout=2)
    settle = delivery.settle

    def settle_together(row, deliveries):
        try:
            both_read.wait()
        except threading.BrokenBarrierError:  # the other run is waiting for this one's lock: go on alone
            pass
        settle(row, deliveries)

    monkeypatch.setattr(delivery, "settle", settle_together)

    def record(delivery_id: int):
        envelope = SimpleNamespace(deliveries=(delivery_id,), notices=(notice,))
        delivery.record_outcome(loaded.engine, envelope, "sent", error=None, message_id=f"<{delivery_id}@test>")

    _, errors = run_together(record, [(d,) for d in copies])
    assert errors == []
    with transaction(loaded.engine) as session:
        assert session.get(OutboxRow, notice_id).state == "sent"
