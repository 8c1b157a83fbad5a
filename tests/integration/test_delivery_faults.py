"""What goes wrong in real mail delivery, and what dondoc does about it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import yaml
from sqlalchemy import select, update

from notifications import delivery
from notifications.outbox import list_outbox
from plan_definition.loading import REFERENCE_PLAN
from reports.period import ReportPeriod
from service_layer.actions import deliver, enqueue_notices, record_precondition, record_report
from service_layer.bootstrap import App
from service_layer.reporting import draft_report, enqueue_draft_mail
from tests.together import run_together
from tracking.database import transaction
from tracking.models import ObligationRow, OutboxDeliveryRow
from tracking.plan_store import ensure_year
from tracking.submissions import Report

pytestmark = pytest.mark.smtp
DAY = date(2024, 3, 18)  # ten working days before items 2.1 and 2.2 (deadline 1/4/2024)


@pytest.fixture(autouse=True)
def chasing_on_day(loaded):
    """This module delivers every notice of DAY at once: chasing reaches every address on DAY's weekday
    (else escalations would wait, pending, for each recipient's own day; see test_cadence_delivery)."""
    loaded.settings.chase_weekday = DAY.isoweekday()


def addresses(smtp) -> list[str]:
    return [a for r in smtp.recorder.received for a in r.rcpt_tos]


def states(app) -> dict[str, str]:
    with transaction(app.engine) as session:
        return {f"{e.item}/{e.agency}/{e.stage}": e.state for e in list_outbox(session)}


def test_a_notice_for_an_obligation_completed_before_dispatch_is_cancelled(mailer, smtp):
    day = date(2024, 4, 2)
    added = enqueue_notices(mailer, day, ["2.2"])
    assert {r.stage for r in added} == {"overdue-1"} and len(added) == 113
    report = Report(item="2.2", agency="ubnd-xa-long-duc", state="hoan-thanh", reported_on=day, document="25/BC-UBND")
    record_report(mailer, report, today=day, recorded_by="t", source="cli")
    result = deliver(mailer, day)
    assert result.cancelled == 1
    assert [a for a in addresses(smtp) if "ubnd-xa-long-duc" in a] == []
    assert states(mailer)["2.2/ubnd-xa-long-duc/overdue-1"] == "cancelled"
    assert states(mailer)["2.2/ubnd-xa-my-cam/overdue-1"] == "sent"


def test_two_dispatches_at_once_send_each_email_once(mailer, smtp):
    enqueue_notices(mailer, DAY)
    results, errors = run_together(deliver, [(mailer, DAY)] * 2)
    assert errors == []
    sent = addresses(smtp)
    assert len(sent) == len(set(sent)) == sum(r.sent for r in results) > 100


def test_a_whole_dispatch_goes_over_one_smtp_connection(mailer, smtp):
    enqueue_notices(mailer, DAY)
    result = deliver(mailer, DAY)
    assert result.sent > 100 and len(smtp.recorder.received) == result.sent
    assert smtp.recorder.greetings == 1


def test_a_full_mailbox_waits_for_the_next_run_without_stopping_the_others(mailer, smtp):
    full = "daumoi@ubnd-huyen-cang-long.travinh.example"
    smtp.recorder.defer.add(full)
    enqueue_notices(mailer, DAY)
    first = deliver(mailer, DAY)
    assert first.stopped is None and first.deferred == 1 and first.sent > 100
    assert full not in addresses(smtp)
    smtp.recorder.defer.clear()
    second = deliver(mailer, date(2024, 3, 19))
    assert second.sent == 1 and addresses(smtp).count(full) == 1


def test_a_server_that_refuses_our_sender_address_stops_the_run_and_fails_nothing(mailer, smtp):
    smtp.recorder.refuse_sender = True
    enqueue_notices(mailer, DAY)
    result = deliver(mailer, DAY)
    assert result.stopped.startswith("553") and result.failed == 0
    assert set(states(mailer).values()) == {"pending"}


def test_one_email_that_cannot_be_built_does_not_block_the_others(mailer, smtp):
    enqueue_notices(mailer, DAY)
    draft = draft_report(mailer, ReportPeriod.year(2024), DAY)
    assert enqueue_draft_mail(mailer, draft, DAY)
    docx = next(p for p in draft.paths if p.suffix == ".docx")
    docx.unlink()  # deleted by hand before the morning dispatch
    result = deliver(mailer, DAY)
    assert result.sent > 100 and len(result.errors) == 1 and docx.name in result.errors[0]
    report = [e for e in list_outbox_entries(mailer) if e.stage == "report"]
    assert [e.state for e in report] == ["pending"] and docx.name in report[0].last_error


def list_outbox_entries(app):
    with transaction(app.engine) as session:
        return list_outbox(session)


def test_vietnamese_subjects_and_names_survive_the_trip_through_the_server(mailer, smtp):
    enqueue_notices(mailer, DAY)
    deliver(mailer, DAY)
    [message] = smtp.recorder.to("daumoi@ubnd-huyen-chau-thanh.travinh.example")
    assert message["Subject"] == "[86/KH-UBND] Nhắc việc: mục 2.2, hạn 01/04/2024"
    assert message["To"].addresses[0].display_name == "Công chức Phòng Nội vụ huyện Châu Thành"
    assert message["From"].addresses[0].display_name == "Sở Nội vụ"


def test_an_email_interrupted_between_the_server_and_the_database_goes_again_under_the_same_message_id(
    mailer, smtp, monkeypatch
):
    enqueue_notices(mailer, date(2023, 10, 2))  # a single reminder: item 4
    original = delivery.record_outcome

    def crash(engine, envelope, outcome, **kwargs):
        if outcome == "sent":
            raise RuntimeError("mất điện")
        return original(engine, envelope, outcome, **kwargs)

    monkeypatch.setattr(delivery, "record_outcome", crash)
    with pytest.raises(RuntimeError):
        deliver(mailer, date(2023, 10, 2))
    monkeypatch.setattr(delivery, "record_outcome", original)
    assert deliver(mailer, date(2023, 10, 2)).sent == 0  # still claimed by the run that died
    with transaction(mailer.engine) as session:
        session.execute(update(OutboxDeliveryRow).values(claimed_at=datetime.now(timezone.utc) - timedelta(hours=1)))
    assert deliver(mailer, date(2023, 10, 2)).sent == 1
    first, again = (r.message for r in smtp.recorder.received)
    assert first["Message-ID"] == again["Message-ID"]
    [entry] = list_outbox_entries(mailer)
    assert entry.state == "sent"


def test_a_precondition_met_after_the_deadline_starts_with_the_overdue_notice(mailer, smtp):
    met = date(2024, 3, 4)  # guidance two months after item 3's deadline of 2/1/2024

    def so_y_te(day):
        return [r.stage for r in enqueue_notices(mailer, day, ["3"]) if r.context["agency_code"] == "so-y-te"]

    record_precondition(mailer, "huong-dan-trung-uong", met, today=met, recorded_by="t")
    assert so_y_te(met) == ["overdue-1"]
    assert so_y_te(date(2024, 3, 5)) == []
    assert so_y_te(mailer.calendar.add_working_days(met, 4)) == ["escalation-5"]


def with_item_2_2_moved_to_quarter_ii(mailer: App, tmp_path) -> App:
    """The same database under a plan whose item 2.2 is due in Quý II/2024 instead of Quý I."""
    from cli.tracking_commands import initialise
    from service_layer.bootstrap import Settings

    plan = yaml.safe_load(REFERENCE_PLAN.read_text(encoding="utf-8"))
    item = next(i for i in plan["items"] if i["code"] == "2.2")
    item.update(timeframe="Quý II năm 2024.", meaning={"kind": "once", "due": "2024-06-30"})
    amended = tmp_path / "amended.yaml"
    amended.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    settings = Settings.from_env({"DONDOC_HOME": str(mailer.settings.home), "DONDOC_PLAN": str(amended)})
    settings.database_url = mailer.settings.database_url
    amended_app = App(settings)
    amended_app.settings.mail = mailer.settings.mail
    initialise(amended_app)
    return amended_app


def test_a_new_deadline_starts_the_ladder_again(mailer, smtp, tmp_path):

    def long_duc(app, day):
        return [r.stage for r in enqueue_notices(app, day, ["2.2"]) if r.context["agency_code"] == "ubnd-xa-long-duc"]

    assert long_duc(mailer, date(2024, 4, 8)) == ["escalation-5"]
    amended_app = with_item_2_2_moved_to_quarter_ii(mailer, tmp_path)
    reminder_day = amended_app.calendar.add_working_days(date(2024, 7, 1), -10)  # 30/6 is a Sunday
    assert long_duc(amended_app, reminder_day) == ["reminder-10"]


def test_a_new_deadline_checked_every_morning_gets_its_whole_ladder_again_beside_the_old_one(mailer, smtp, tmp_path):

    def long_duc(app, first, last):
        """The (stage, key) of every notice Long Đức gets on item 2.2, checked each working day first..last."""
        given, day = [], app.calendar.deadline_for(first)
        while day <= last:
            given += [
                (r.stage, r.key)
                for r in enqueue_notices(app, day, ["2.2"])
                if r.context["agency_code"] == "ubnd-xa-long-duc"
            ]
            day = app.calendar.add_working_days(day, 1)
        return given

    before = long_duc(mailer, date(2024, 3, 1), date(2024, 4, 9))
    assert [stage for stage, _ in before] == ["reminder-10", "reminder-5", "reminder-2", "overdue-1", "escalation-5"]
    amended_app = with_item_2_2_moved_to_quarter_ii(mailer, tmp_path)
    after = long_duc(amended_app, date(2024, 4, 10), date(2024, 7, 20))
    assert [stage for stage, _ in after] == [
        "reminder-10", "reminder-5", "reminder-2", "overdue-1", "escalation-5", "escalation-10",
    ]  # fmt: skip
    assert all(key.endswith(".d20240701") for stage, key in after if stage in dict(before))
    assert {key for _, key in before}.isdisjoint(key for _, key in after)


def test_the_first_morning_of_a_year_makes_its_obligations_once(loaded):

    def roll_over():
        ensure_year(loaded.engine, loaded.plan_number, loaded.calendar, date(2031, 1, 2))

    _, errors = run_together(roll_over, [()] * 6)
    assert errors == []
    with transaction(loaded.engine) as session:
        rows = session.scalars(select(ObligationRow).where(ObligationRow.period == "2031")).all()
    assert len(rows) == len({(r.item_id, r.agency_code) for r in rows}) > 0
