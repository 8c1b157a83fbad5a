"""Checks running at once on one database (SQLite and PostgreSQL): each finishes normally, each notice once."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import func, select

from service_layer.actions import enqueue_notices
from tests.together import run_together
from tracking.database import transaction
from tracking.models import OutboxRow

DAY = date(2024, 3, 18)


def test_three_checks_at_once_finish_normally_and_add_each_notice_once(loaded):
    start = threading.Barrier(3)

    def check():
        start.wait()
        return len(enqueue_notices(loaded, DAY))

    added, errors = run_together(check, [()] * 3)
    assert errors == []
    with transaction(loaded.engine) as session:
        total = session.scalar(select(func.count()).select_from(OutboxRow))
        distinct = session.scalar(select(func.count(func.distinct(OutboxRow.key))))
    assert total == distinct == sum(added) > 100
