"""Checks running at once on one database (SQLite and PostgreSQL): each finishes normally, each notice once."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import func, select

from service_layer.actions import enqueue_notices
from tracking.database import transaction
from tracking.models import OutboxRow

DAY = date(2024, 3, 18)


def test_three_checks_at_once_finish_normally_and_add_each_notice_once(loaded):
    start = threading.Barrier(3)
    added: list[int] = []
    errors: list[Exception] = []

    def check():
        start.wait()
        try:
            added.append(len(enqueue_notices(loaded, DAY)))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=check) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with transaction(loaded.engine) as session:
        total = session.scalar(select(func.count()).select_from(OutboxRow))
        distinct = session.scalar(select(func.count(func.distinct(OutboxRow.key))))
    assert total == distinct == sum(added) > 100
