"""A recipient's week, replayed: half a year of the reference plan through the simulator, audited from the outbox
and the .eml files it wrote (at most one chasing email per address per ISO week, repeats slowing down, each
stage once, nothing lost, repeats threaded under the first email about the same obligations)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.utils import parseaddr

import pytest
from sqlalchemy import func, select

from plan_definition.loading import REFERENCE_PLAN
from tracking.database import transaction
from tracking.models import OutboxDeliveryRow, OutboxRow
from tracking.rules.cadence import CHASING_KINDS, chasing_day, chasing_weekday

START, END = date(2024, 1, 1), date(2024, 6, 28)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory, prefect_server):
    from cli.tracking_commands import initialise
    from flows.runtime import current_app
    from flows.simulation.replay import simulate

    home = tmp_path_factory.mktemp("cadence")
    patch = pytest.MonkeyPatch()
    patch.setenv("DONDOC_HOME", str(home))
    patch.setenv("DONDOC_PLAN", str(REFERENCE_PLAN))
    patch.delenv("DONDOC_DATABASE_URL", raising=False)
    patch.delenv("DONDOC_CHASE_WEEKDAY", raising=False)
    current_app.cache_clear()
    app = current_app()
    initialise(app)
    simulate(START, END, 5)
    with transaction(app.engine) as session:
        deliveries = session.execute(
            select(
                OutboxDeliveryRow.address,
                OutboxDeliveryRow.state,
                OutboxDeliveryRow.email_message_id,
                OutboxRow.kind,
                OutboxRow.obligation_id,
                OutboxRow.decided_on,
                OutboxRow.stage,
            ).join(OutboxRow, OutboxDeliveryRow.outbox_id == OutboxRow.id)
        ).all()
        keys = session.execute(select(func.count(OutboxRow.id), func.count(func.distinct(OutboxRow.key)))).one()
    emails = {}
    for path in (home / "outbox").glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        emails[message["Message-ID"].strip()] = message
    calendar = app.calendar
    yield deliveries, emails, keys, calendar
    app.engine.dispose()
    current_app.cache_clear()
    patch.undo()


def day_of(message) -> date:
    return date.fromisoformat(str(message["X-Dondoc-Day"]).strip())


def test_an_address_gets_at_most_one_chasing_email_a_week(replayed):
    deliveries, emails, _, calendar = replayed
    chasing = {d.email_message_id for d in deliveries if d.state == "sent" and d.kind in CHASING_KINDS}
    assert len(chasing) > 50  # the replay does chase: laggards from 2023 and Q1 2024
    per_week = Counter()
    for message_id in chasing:
        message = emails[message_id]
        per_week[(str(message["To"]), day_of(message).isocalendar()[:2])] += 1
    assert max(per_week.values()) == 1, [k for k, n in per_week.items() if n > 1][:5]
    # on the address's own weekday (moved within its week only when that day is off)
    for message_id in chasing:
        message = emails[message_id]
        address = parseaddr(str(message["To"]))[1]
        assert day_of(message) == chasing_day(address, day_of(message), calendar)
    assert len({chasing_weekday(parseaddr(str(emails[m]["To"]))[1]) for m in chasing}) == 5  # spread over the week


def test_the_leadership_gets_one_weekly_summary_of_its_copies(replayed):
    deliveries, emails, _, _ = replayed
    copies = defaultdict(set)
    for d in deliveries:
        if d.state == "sent" and d.kind in CHASING_KINDS and d.address == "lanhdao@so-noi-vu.travinh.example":
            copies[d.email_message_id].add((d.obligation_id, d.stage))
    assert copies, "Sở Nội vụ's director is copied on escalations"
    weeks = Counter(day_of(emails[m]).isocalendar()[:2] for m in copies)
    assert max(weeks.values()) == 1
    assert sum(len(v) for v in copies.values()) > 3 * len(copies)  # several escalations per summary
    assert any("Tổng hợp đôn đốc trong tuần" in str(emails[m]["Subject"]) for m in copies)


def test_chasing_slows_down_and_each_stage_is_decided_once(replayed):
    deliveries, _, (rows, distinct_keys), _ = replayed
    assert rows == distinct_keys
    heads = defaultdict(set)
    for d in deliveries:
        if d.kind == "escalation":
            heads[d.obligation_id].add(d.stage)
    # ~125 working days of lateness: 25 repeats at the weekly pace, far fewer once it slows after three
    assert heads and max(len(stages) for stages in heads.values()) <= 9


def test_nothing_is_lost_a_held_notice_waits_at_most_a_week(replayed):
    deliveries, _, _, calendar = replayed
    still = [d for d in deliveries if d.state in ("pending", "sending")]
    assert all(d.kind in CHASING_KINDS for d in still)
    assert all(d.decided_on > END - timedelta(days=7) for d in still), sorted({d.decided_on for d in still})[:3]
    assert {d.state for d in deliveries} <= {"sent", "pending", "cancelled"}


def test_repeats_thread_under_the_first_email_about_the_same_obligations(replayed):
    deliveries, emails, _, _ = replayed
    about = defaultdict(set)  # (address, message id) → obligations
    for d in deliveries:
        if d.state == "sent" and d.obligation_id is not None:
            about[(d.address, d.email_message_id)].add(d.obligation_id)
    by_address = defaultdict(list)
    for (address, message_id), obligations in about.items():
        by_address[address].append((day_of(emails[message_id]), message_id, obligations))
    threaded = 0
    for address, sent in by_address.items():
        sent.sort()
        for n, (day, message_id, obligations) in enumerate(sent):
            earlier = [(d, m) for d, m, o in sent[:n] if o & obligations and d < day]
            message = emails[message_id]
            if not earlier:
                assert message["In-Reply-To"] is None
                continue
            threaded += 1
            assert str(message["In-Reply-To"]).strip() == earlier[0][1]
            references = str(message["References"]).split()
            assert references[0] == earlier[0][1] and references[-1] == earlier[-1][1]
            assert set(references) <= {m for _, m in earlier}
    assert threaded > 20
