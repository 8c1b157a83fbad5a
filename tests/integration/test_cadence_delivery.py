"""A chasing notice waits, pending, for its recipient's weekday, then goes threaded under the first email."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from notifications.delivery import dispatch
from notifications.senders import YagmailSender
from service_layer.actions import deliver, enqueue_notices
from tracking.database import transaction
from tracking.models import OutboxDeliveryRow, OutboxRow
from tracking.rules.cadence import chasing_day

pytestmark = pytest.mark.smtp

HEAD = "lanhdao@ubnd-huyen-cang-long.travinh.example"
DIRECTOR = "lanhdao@so-noi-vu.travinh.example"


def states(app, stage: str) -> dict[str, str]:
    with transaction(app.engine) as session:
        rows = session.execute(
            select(OutboxDeliveryRow.address, OutboxDeliveryRow.state)
            .join(OutboxRow, OutboxDeliveryRow.outbox_id == OutboxRow.id)
            .where(
                OutboxRow.stage == stage, OutboxRow.key.contains(".o"), OutboxDeliveryRow.address.in_([HEAD, DIRECTOR])
            )
        ).all()
    return dict(rows)


def test_an_escalation_waits_for_the_heads_weekday_and_replies_to_the_overdue_notice(mailer, smtp):
    overdue_day = date(2024, 4, 2)  # item 2.2, deadline Monday 1/4/2024
    enqueue_notices(mailer, overdue_day, ["2.2"])
    assert deliver(mailer, overdue_day).sent > 0  # the first overdue notice goes on its day
    [overdue] = smtp.recorder.to(HEAD)
    day = mailer.calendar.add_working_days(date(2024, 4, 1), 5)
    added = [r for r in enqueue_notices(mailer, day, ["2.2"]) if r.context["agency_code"] == "ubnd-huyen-cang-long"]
    assert [(r.stage, r.context["weekly"]) for r in added] == [("escalation-5", True)]
    due = chasing_day(HEAD, day, mailer.calendar)
    if due < day:  # the head's day of this week is past: next week's
        due = chasing_day(HEAD, mailer.calendar.add_working_days(day, 5), mailer.calendar)
    while day < due:
        deliver(mailer, day)
        assert states(mailer, "escalation-5")[HEAD] == "pending", day  # held, not lost
        day = mailer.calendar.add_working_days(day, 1)
    deliver(mailer, due)
    assert states(mailer, "escalation-5")[HEAD] == "sent"
    chased = smtp.recorder.to(HEAD)[-1]
    assert chased["X-Dondoc-Day"] == due.isoformat()
    assert chased["In-Reply-To"] == overdue["Message-ID"]
    assert chased["References"] == overdue["Message-ID"]


def test_without_a_weekday_rule_the_dispatch_holds_nothing(mailer, smtp):
    day = mailer.calendar.add_working_days(date(2024, 4, 1), 5)
    enqueue_notices(mailer, day, ["2.2"])
    with YagmailSender(mailer.settings.mail) as sender:
        dispatch(mailer.engine, sender, mailer.settings.mail, plan=mailer.plan_info, from_body=mailer.sender_on(day),
                 as_of=day)  # fmt: skip
    assert states(mailer, "escalation-5")[HEAD] == "sent"


def test_a_notice_without_its_agencys_link_names_the_channel_the_operator_set(mailer, smtp):
    mailer.settings.mail = replace(mailer.settings.mail, report_channel="Hệ thống quản lý văn bản và điều hành tỉnh")
    day = date(2024, 3, 18)
    enqueue_notices(mailer, day, ["2.2"])
    with YagmailSender(mailer.settings.mail) as sender:
        dispatch(mailer.engine, sender, mailer.settings.mail, plan=mailer.plan_info, from_body=mailer.sender_on(day),
                 as_of=day)  # fmt: skip
    [message] = smtp.recorder.to("daumoi@ubnd-huyen-cang-long.travinh.example")
    text = message.get_body(("plain",)).get_content()
    assert "Quý cơ quan gửi kết quả thực hiện về Sở Nội vụ qua: Hệ thống quản lý văn bản và điều hành tỉnh" in text
    assert "Cơ quan chủ trì:" not in text  # the lead text naming every district and commune is not quoted


def test_a_notice_its_head_has_is_sent_while_the_leaderships_copy_waits_and_that_copy_alone_is_cancelled_later(
    mailer, smtp
):
    from service_layer.actions import record_report
    from tracking.submissions import Report

    day = mailer.calendar.add_working_days(date(2024, 4, 1), 5)
    [escalation] = [
        r for r in enqueue_notices(mailer, day, ["2.2"]) if r.context["agency_code"] == "ubnd-huyen-cang-long"
    ]
    assert escalation.stage == "escalation-5" and DIRECTOR in escalation.cc_addrs

    def deliver_holding(as_of, held: set[str]) -> None:
        with YagmailSender(mailer.settings.mail) as sender:
            dispatch(mailer.engine, sender, mailer.settings.mail, plan=mailer.plan_info,
                     from_body=mailer.sender_on(as_of), as_of=as_of, chase_today=lambda a: a not in held)  # fmt: skip

    def copies() -> dict[str, str]:
        with transaction(mailer.engine) as session:
            rows = session.execute(
                select(OutboxDeliveryRow.address, OutboxDeliveryRow.state).where(
                    OutboxDeliveryRow.outbox_id == escalation.id
                )
            ).all()
        return {address: state for address, state in rows if address in (HEAD, DIRECTOR)}

    def notice() -> OutboxRow:
        with transaction(mailer.engine) as session:
            row = session.get(OutboxRow, escalation.id)
            session.expunge(row)
        return row

    deliver_holding(day, held={DIRECTOR})
    assert copies() == {HEAD: "sent", DIRECTOR: "pending"}
    sent = notice()
    assert sent.state == "sent" and sent.sent_at is not None  # the head has it: the outbox says so

    later = mailer.calendar.add_working_days(day, 1)
    record_report(mailer, Report("2.2", "ubnd-huyen-cang-long", "hoan-thanh", later), today=later,
                  recorded_by="t", source="cli")  # fmt: skip
    deliver_holding(later, held=set())
    assert copies() == {HEAD: "sent", DIRECTOR: "cancelled"}
    assert notice().state == "sent" and notice().sent_at == sent.sent_at
