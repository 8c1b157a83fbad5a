"""Upgrading a database that already holds notices: the outbox's unique rule becomes (obligation, stage, deadline)."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import insert, inspect, select
from sqlalchemy.exc import IntegrityError

from tracking.database import MIGRATIONS
from tracking.models import ObligationRow, OutboxRow


def move_to(engine, revision: str, *, down: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def notice(obligation_id: int, stage: str, deadline: date) -> dict:
    key = f"86-kh-ubnd.o{obligation_id}.{stage}" + ("" if deadline == date(2024, 4, 1) else f".d{deadline:%Y%m%d}")
    return dict(
        key=key, kind="reminder", obligation_id=obligation_id, stage=stage, deadline=deadline,
        decided_on=date(2024, 3, 1), context={}, to_addrs=[], cc_addrs=[], state="sent", attempts=1,
        message_id=f"<{key}@x>",
    )  # fmt: skip


def unique_rules(engine) -> set[tuple[str, ...]]:
    return {tuple(c["column_names"]) for c in inspect(engine).get_unique_constraints("outbox")}


def test_an_outbox_of_0007_upgrades_keeping_its_notices_and_then_takes_a_stage_again_for_a_new_deadline(loaded):
    engine = loaded.engine
    move_to(engine, "0007_web", down=True)
    assert ("obligation_id", "stage") in unique_rules(engine)
    with engine.begin() as connection:
        obligation = connection.scalar(select(ObligationRow.id).limit(1))
        connection.execute(insert(OutboxRow), [notice(obligation, "reminder-10", date(2024, 4, 1))])
        with pytest.raises(IntegrityError), connection.begin_nested():  # the old rule: once per stage, ever
            connection.execute(insert(OutboxRow), [notice(obligation, "reminder-10", date(2024, 7, 1))])

    move_to(engine, "head")
    assert ("obligation_id", "stage", "deadline") in unique_rules(engine)
    assert ("obligation_id", "stage") not in unique_rules(engine)
    with engine.begin() as connection:
        connection.execute(insert(OutboxRow), [notice(obligation, "reminder-10", date(2024, 7, 1))])
        with pytest.raises(IntegrityError), connection.begin_nested():  # still once per stage and deadline
            row = notice(obligation, "reminder-10", date(2024, 7, 1)) | {"key": "another", "message_id": "<a@x>"}
            connection.execute(insert(OutboxRow), [row])
        kept = connection.execute(select(OutboxRow.key, OutboxRow.deadline).order_by(OutboxRow.id)).all()
    assert kept == [
        (f"86-kh-ubnd.o{obligation}.reminder-10", date(2024, 4, 1)),
        (f"86-kh-ubnd.o{obligation}.reminder-10.d20240701", date(2024, 7, 1)),
    ]


def test_a_database_made_by_0007_whose_rule_has_no_name_upgrades_to_the_rule_per_deadline(database_url):
    from tracking.database import make_engine

    engine = make_engine(database_url)
    try:
        move_to(engine, "0007_web")
        assert ("obligation_id", "stage") in unique_rules(engine)
        move_to(engine, "head")
        assert ("obligation_id", "stage", "deadline") in unique_rules(engine)
        assert ("obligation_id", "stage") not in unique_rules(engine) and ("key",) in unique_rules(engine)
    finally:
        engine.dispose()
