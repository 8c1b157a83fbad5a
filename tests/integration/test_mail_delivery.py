"""Notices decided, enqueued and delivered through yagmail to a real SMTP server on loopback."""

from __future__ import annotations

import email
from collections import Counter
from dataclasses import replace
from datetime import date
from email import policy

import icalendar
import pytest
from pydantic import SecretStr
from sqlalchemy import select

from notifications.delivery import dispatch
from notifications.envelopes import compose, pending_envelopes
from notifications.outbox import list_outbox
from notifications.senders import MailSettings, OutboxFolder, YagmailSender
from reports.period import ReportPeriod
from service_layer.actions import enqueue_notices
from service_layer.bootstrap import App
from service_layer.reporting import draft_report, enqueue_draft_mail
from tracking.database import transaction
from tracking.models import OutboxDeliveryRow
from tracking.submissions import Report, record_submission

from .smtp_server import LoopbackSMTP

pytestmark = pytest.mark.smtp


def run_check(app: App, day: date, items=None):
    return enqueue_notices(app, day, items)


def run_dispatch(app: App, day: date, sender=None):
    with sender or YagmailSender(app.settings.mail) as s:
        return dispatch(app.engine, s, app.settings.mail, plan=app.plan_info, from_body=app.sender_on(day), as_of=day)


def test_a_reminder_arrives_in_vietnamese_with_its_calendar_file(mailer, smtp):
    # Item 4 is due 14/10/2023 (deadline Monday 16/10); 2/10 is ten working days before.
    added = run_check(mailer, date(2023, 10, 2))
    assert [(r.context["item_code"], r.stage) for r in added] == [("4", "reminder-10")]
    result = run_dispatch(mailer, date(2023, 10, 2))
    assert (result.sent, result.failed, result.stopped) == (1, 0, None)
    [message] = smtp.recorder.to("daumoi@so-noi-vu.travinh.example")
    assert message["Subject"].startswith("[86/KH-UBND] Nhắc việc")
    assert message["To"].addresses[0].addr_spec == "daumoi@so-noi-vu.travinh.example"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Kế hoạch số 86/KH-UBND" in text and "ngày 16 tháng 10 năm 2023" in text
    assert "Kính gửi" in html
    [ics] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    calendar = icalendar.Calendar.from_ical(ics.get_content())
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2023, 10, 16)


def test_checking_and_dispatching_the_same_day_twice_sends_nothing_new(mailer, smtp):
    day = date(2024, 3, 18)  # ten working days before 2.1 and 2.2 are due (deadline 1/4/2024)
    first = run_check(mailer, day)
    run_dispatch(mailer, day)
    received = len(smtp.recorder.received)
    assert first and received > 0
    assert run_check(mailer, day) == []
    assert run_dispatch(mailer, day).sent == 0
    assert len(smtp.recorder.received) == received


def test_the_digest_sends_one_email_per_recipient_listing_all_its_notices(mailer, smtp):
    day = date(2024, 3, 18)
    added = run_check(mailer, day)
    run_dispatch(mailer, day)
    per_address = Counter(address for r in smtp.recorder.received for address in r.rcpt_tos)
    assert max(per_address.values()) == 1
    expected = {a for row in added for a in row.to_addrs + row.cc_addrs}
    assert set(per_address) == expected
    # Sở Nội vụ's contact owes item 2.1 alone this day; a district owes 2.2 alone.
    [district] = smtp.recorder.to("daumoi@ubnd-huyen-cang-long.travinh.example")
    assert "2.2" in district.get_body(("plain",)).get_content()


def test_twenty_working_days_past_the_deadline_sends_only_the_highest_stage(mailer, smtp):
    # Item 2.2 of the district Càng Long: deadline 1/4/2024; 20 working days later is 3/5/2024
    # (18/4, 29/4, 30/4, 1/5 are days off).
    day = mailer.calendar.add_working_days(date(2024, 4, 1), 20)
    assert day == date(2024, 5, 3)

    def cang_long(rows):
        return [r for r in rows if r.context["agency_code"] == "ubnd-huyen-cang-long"]

    added = cang_long(run_check(mailer, day, items=["2.2"]))
    # One notice, the top of the ladder: Văn phòng UBND tỉnh is told, the head and the director are copied.
    assert [(r.stage, r.to_addrs, r.cc_addrs) for r in added] == [
        (
            "chain-15",
            ["lanhdao@van-phong-ubnd-tinh.travinh.example"],
            ["lanhdao@ubnd-huyen-cang-long.travinh.example", "lanhdao@so-noi-vu.travinh.example"],
        )
    ]
    # No lower stage follows; the head is chased again five working days later, not before: the third repeat
    # (escalation-20; the plan slows chasing after three repeats, so the next after it is escalation-40).
    assert cang_long(run_check(mailer, mailer.calendar.add_working_days(day, 4), items=["2.2"])) == []
    later = cang_long(run_check(mailer, mailer.calendar.add_working_days(day, 5), items=["2.2"]))
    assert [r.stage for r in later] == ["escalation-20"]
    assert cang_long(run_check(mailer, mailer.calendar.add_working_days(day, 20), items=["2.2"])) == []
    slower = cang_long(run_check(mailer, mailer.calendar.add_working_days(day, 25), items=["2.2"]))
    assert [r.stage for r in slower] == ["escalation-40"]


def test_the_monitor_is_reminded_of_its_own_duty_but_never_told_it_is_late(mailer, smtp):
    # Item 2.1 is Sở Nội vụ's own (deadline 1/4/2024): reminders to its contact, then nothing at all,
    # neither to its director nor up to Văn phòng UBND tỉnh.
    assert [r.stage for r in run_check(mailer, date(2024, 3, 18), items=["2.1"])] == ["reminder-10"]
    for day in (date(2024, 4, 2), date(2024, 4, 8), date(2024, 4, 23), date(2024, 5, 3), date(2024, 6, 3)):
        assert run_check(mailer, day, items=["2.1"]) == [], day


def test_a_requested_body_gets_one_polite_request_before_the_day_its_results_are_asked_for(mailer, smtp):
    # 1.3.c (Fatherland Front, requested) for 2024: results asked for by Thursday 14/11/2024;
    # ten working days before is Thursday 31/10/2024.
    [row] = [r for r in run_check(mailer, date(2024, 10, 31), items=["1.3.c"]) if r.context["period"] == "2024"]
    assert (row.stage, row.to_addrs, row.deadline) == ("reminder-10", ["daumoi@mttq-tinh.travinh.example"], None)
    assert (row.context["deadline"], row.context["state_label"]) == ("2024-11-14", "Chưa có kết quả")
    assert run_dispatch(mailer, date(2024, 10, 31)).sent == 1
    [message] = smtp.recorder.to("daumoi@mttq-tinh.travinh.example")
    text = message.get_body(("plain",)).get_content()
    assert "trân trọng đề nghị" in text and "14/11/2024" in text
    assert "quá hạn" not in text
    # Nothing more that year: not before the day, not after it, however long it stays open.
    for day in (date(2024, 11, 7), date(2024, 11, 12), date(2024, 11, 15), date(2024, 12, 6), date(2025, 3, 3)):
        assert [r for r in run_check(mailer, day, items=["1.3.c"]) if r.context["period"] == "2024"] == [], day


def test_a_commune_goes_up_to_its_district_head_at_fifteen_working_days(mailer, smtp):
    day = mailer.calendar.add_working_days(date(2024, 4, 1), 15)
    added = run_check(mailer, day, items=["2.2"])
    commune = next(r for r in added if r.context["agency_code"] == "ubnd-xa-long-duc")
    assert commune.stage == "chain-15"
    assert commune.to_addrs == ["lanhdao@ubnd-tp-tra-vinh.travinh.example"]
    assert commune.cc_addrs == ["lanhdao@ubnd-xa-long-duc.travinh.example", "lanhdao@so-noi-vu.travinh.example"]
    district = next(r for r in added if r.context["agency_code"] == "ubnd-tp-tra-vinh")
    assert district.to_addrs == ["lanhdao@van-phong-ubnd-tinh.travinh.example"]


def test_a_requested_body_is_asked_once_a_year_and_never_called_late_nor_escalated(mailer, smtp):
    # 1.3.c and 1.3.d for 2023, asked for by 14/11/2023: every working day from 1/11 to 40 working days after it.
    own = {"lanhdao@mttq-tinh.travinh.example", "daumoi@mttq-tinh.travinh.example",
           "lanhdao@lien-doan-lao-dong-tinh.travinh.example", "daumoi@lien-doan-lao-dong-tinh.travinh.example"}  # fmt: skip
    day, last = date(2023, 11, 1), mailer.calendar.add_working_days(date(2023, 11, 14), 40)
    sent = []
    while day <= last:
        for row in run_check(mailer, day, items=["1.3.c", "1.3.d"]):
            if row.context["period"] == "2023":
                sent.append((day, row.stage, row.context["agency_code"], tuple(row.to_addrs)))
        day = mailer.calendar.next_working_day(day)
    assert sent and all(d <= date(2023, 11, 14) and stage.startswith("reminder-") for d, stage, _, _ in sent), sent
    assert len({agency for _, _, agency, _ in sent}) == len(sent)  # one request per body for the year
    assert {address for *_, to in sent for address in to} <= own


def test_a_completed_obligation_gets_nothing_more(mailer, smtp):
    with transaction(mailer.engine) as session:
        record_submission(
            session,
            mailer.plan_number,
            Report(item="2.2", agency="ubnd-xa-long-duc", state="hoan-thanh", reported_on=date(2024, 3, 15)),
            today=date(2024, 3, 15),
            recorded_by="t",
            source="cli",
        )
    chased = {r.context["agency_code"] for r in run_check(mailer, date(2024, 4, 8), items=["2.2"])}
    assert "ubnd-xa-long-duc" not in chased and "ubnd-xa-my-cam" in chased


def test_a_gated_item_sends_nothing(mailer, smtp):
    assert run_check(mailer, date(2024, 1, 10), items=["1.1", "3"]) == []


class StopsAfter:
    """Wraps a sender and stops the SMTP server after `n` messages, as a crash mid-run would."""

    def __init__(self, inner, smtp, n):
        self.inner, self.smtp, self.n = inner, smtp, n

    def __enter__(self):
        self.inner.__enter__()
        return self

    def __exit__(self, *exc):
        self.inner.__exit__(*exc)

    def send(self, mail):
        if self.n == 0:
            self.smtp.stop()
        self.n -= 1
        self.inner.send(mail)


def test_a_server_stopped_mid_run_leaves_the_rest_pending_and_a_later_run_delivers_each_once(mailer, smtp):
    day = date(2024, 3, 18)
    run_check(mailer, day)
    first = run_dispatch(mailer, day, StopsAfter(YagmailSender(mailer.settings.mail), smtp, 3))
    assert first.sent == 3 and first.stopped and first.pending > 0
    with transaction(mailer.engine) as session:
        pending = session.scalars(select(OutboxDeliveryRow).where(OutboxDeliveryRow.state == "pending")).all()
        assert pending and [p.address for p in pending if p.last_error] == [
            "daumoi@ubnd-huyen-cau-ngang.travinh.example"
        ]
    smtp.start()
    second = run_dispatch(mailer, day)
    assert second.stopped is None and second.sent > 0
    addresses = [a for r in smtp.recorder.received for a in r.rcpt_tos]
    assert len(addresses) == len(set(addresses)) == first.sent + second.sent
    with transaction(mailer.engine) as session:
        assert {e.state for e in list_outbox(session)} == {"sent"}


def test_a_refused_recipient_is_recorded_and_the_others_are_delivered(mailer, smtp):
    refused = "daumoi@ubnd-huyen-cau-ke.travinh.example"
    smtp.recorder.refuse.add(refused)
    day = date(2024, 3, 18)
    run_check(mailer, day)
    result = run_dispatch(mailer, day)
    assert result.failed == 1 and result.sent > 1 and result.stopped is None
    with transaction(mailer.engine) as session:
        entries = list_outbox(session)
    failed = [e for e in entries if e.state == "failed"]
    assert [(e.item, e.agency) for e in failed] == [("2.2", "ubnd-huyen-cau-ke")]
    assert all(e.state == "sent" for e in entries if e not in failed)
    assert smtp.recorder.to(refused) == []


PASSWORD = "mat-khau-9f3a7c"


def _everything_written(home) -> bytes:
    return b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())


@pytest.mark.sqlite_only
def test_a_login_works_and_the_password_is_never_logged_or_written(loaded: App, caplog):
    server = LoopbackSMTP(login=("dondoc", PASSWORD)).start()
    try:
        loaded.settings.mail = MailSettings(
            mode="smtp", smtp_port=server.port, smtp_user="dondoc", smtp_password=SecretStr(PASSWORD), rate_per_minute=0,
            retries=1, backoff_seconds=0.01, timeout_seconds=5, outbox_dir=loaded.settings.home / "outbox",
        )  # fmt: skip
        run_check(loaded, date(2023, 10, 2))
        caplog.set_level("DEBUG")
        assert run_dispatch(loaded, date(2023, 10, 2)).sent == 1
        assert server.attempted_logins == ["dondoc"]
        assert PASSWORD not in repr(loaded.settings.mail)
        loaded.settings.mail = replace(loaded.settings.mail, smtp_password=SecretStr("sai-" + PASSWORD))
        run_check(loaded, date(2023, 10, 9))
        refused = run_dispatch(loaded, date(2023, 10, 9))
        assert refused.stopped and refused.pending == 1  # a refused login keeps the notice pending
    finally:
        server.stop()
    loaded.engine.dispose()
    assert PASSWORD.encode() not in _everything_written(loaded.settings.home)
    assert PASSWORD not in caplog.text


def _shape(message) -> list:
    """Every part in order: its headers (without Date and MIME boundaries, which differ per preparation) and bytes."""
    shape = []
    for part in message.walk():
        headers = []
        for name, value in part.items():
            if name.lower() == "date":
                continue
            if name.lower() == "content-type":
                value = (part.get_content_type(), sorted((k, v) for k, v in part.get_params()[1:] if k != "boundary"))
            headers.append((name.lower(), str(value)))
        shape.append((headers, None if part.is_multipart() else part.get_payload(decode=True)))
    return shape


def test_the_outbox_folder_writes_the_same_message_the_smtp_server_receives(mailer, smtp):
    day = date(2024, 3, 18)
    run_check(mailer, day)
    draft = draft_report(mailer, ReportPeriod.year(2024), day)
    assert enqueue_draft_mail(mailer, draft, day)
    settings = mailer.settings.mail
    envelopes = [
        e
        for e in pending_envelopes(mailer.engine, day)
        if e.address == "daumoi@so-noi-vu.travinh.example" or e.notices[0].kind == "report"
    ]
    mails = [compose(e, mailer.plan_info, mailer.sender_on(day), settings, day) for e in envelopes]
    with YagmailSender(settings) as server, OutboxFolder(settings) as folder:
        for mail in mails:
            server.send(mail)
            folder.send(mail)
    written = {}
    for path in settings.outbox_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        written[message["Message-ID"]] = message
    received = {r.message["Message-ID"]: r.message for r in smtp.recorder.received}
    assert set(received) == set(written) == {m.message_id for m in mails} and len(mails) >= 2
    for message_id, message in received.items():
        assert _shape(message) == _shape(written[message_id])
    files = sorted(p.get_filename() for m in received.values() for p in m.iter_attachments())
    assert files == sorted(["han-thuc-hien.ics", *(p.name for p in draft.paths if p.suffix in (".docx", ".xlsx"))])


def test_the_draft_report_email_counts_tasks_and_their_completion_rate_and_speaks_as_so_noi_vu(mailer, smtp):
    day = date(2024, 3, 18)
    draft = draft_report(mailer, ReportPeriod.year(2024), day)
    assert enqueue_draft_mail(mailer, draft, day)
    [envelope] = [e for e in pending_envelopes(mailer.engine, day) if e.notices[0].kind == "report"]
    text = compose(envelope, mailer.plan_info, mailer.sender_on(day), mailer.settings.mail, day).text
    total = draft.figures.total
    assert f"Số nhiệm vụ của kỳ báo cáo: {total.total}" in text and "Tỷ lệ hoàn thành:" in text
    assert "nghĩa vụ" not in text and "Tỷ lệ báo cáo" not in text and "dondoc" not in text.lower()
