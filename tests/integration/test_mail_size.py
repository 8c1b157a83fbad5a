"""Emails too large: the server's limit fails one recipient, never the run; dondoc's own limit keeps digests small."""

from __future__ import annotations

import email
import io
from datetime import date
from email import policy

import openpyxl
import pytest
from sqlalchemy import select

from notifications.senders import MailSettings
from reports.period import ReportPeriod
from service_layer.actions import deliver, enqueue_notices
from service_layer.bootstrap import App
from service_layer.reporting import draft_report, enqueue_draft_mail
from tracking.database import transaction
from tracking.models import OutboxDeliveryRow

from .smtp_server import LoopbackSMTP

pytestmark = pytest.mark.e2e

# Five working days after items 2.1 and 2.2 fell due (1/4/2024): every late agency's head is chased and Sở Nội
# vụ's director is copied on each, so the director's digest (about 260 kB) is far larger than any other (< 110 kB).
DAY = date(2024, 4, 8)
DIRECTOR = "lanhdao@so-noi-vu.travinh.example"
SERVER_LIMIT = 200_000


@pytest.fixture(autouse=True)
def chasing_on_day(loaded):
    """This module delivers every notice of DAY at once: chasing reaches every address on DAY's weekday
    (else escalations would wait, pending, for each recipient's own day; see test_cadence_delivery)."""
    loaded.settings.chase_weekday = DAY.isoweekday()


def smtp_settings(app: App, port: int) -> MailSettings:
    """Delivery to the loopback server, the director's digest listed in full (so that it stays the large one)."""
    return MailSettings(
        mode="smtp", smtp_port=port, rate_per_minute=0, retries=2, backoff_seconds=0.01,
        outbox_dir=app.settings.home / "outbox", max_listed=10_000,
    )  # fmt: skip


def deliveries(app: App) -> dict[str, OutboxDeliveryRow]:
    with transaction(app.engine) as session:
        rows = session.scalars(select(OutboxDeliveryRow)).all()
        session.expunge_all()
    return {r.address: r for r in rows}


@pytest.mark.parametrize(
    "server_limit",
    [
        pytest.param({"data_size_limit": SERVER_LIMIT}, id="advertised-as-esmtp-size"),
        pytest.param({"size_at_mail_from": SERVER_LIMIT}, id="refused-at-mail-from"),
        pytest.param({"size_after_data": SERVER_LIMIT}, id="refused-after-data"),
    ],
)
def test_the_one_email_too_large_for_the_server_fails_for_its_size_and_everyone_else_gets_theirs(
    loaded: App, server_limit
):
    server = LoopbackSMTP(data_size_limit=server_limit.get("data_size_limit"))
    server.recorder.size_at_mail_from = server_limit.get("size_at_mail_from")
    server.recorder.size_after_data = server_limit.get("size_after_data")
    server.start()
    try:
        loaded.settings.mail = smtp_settings(loaded, server.port)
        enqueue_notices(loaded, DAY)
        result = deliver(loaded, DAY)
    finally:
        server.stop()
    assert (result.stopped, result.failed, result.too_large, result.deferred) == (None, 1, 1, 0)
    outcome = deliveries(loaded)
    everyone_else = set(outcome) - {DIRECTOR}
    received = [a for r in server.recorder.received for a in r.rcpt_tos]
    assert sorted(received) == sorted(everyone_else) and len(everyone_else) > 100
    director = outcome[DIRECTOR]
    assert director.state == "failed"
    assert "thư quá lớn" in director.last_error or "vượt giới hạn" in director.last_error
    assert {r.state for a, r in outcome.items() if a != DIRECTOR} == {"sent"}


def test_a_server_advertising_its_size_is_never_sent_a_larger_email_and_the_reason_names_both_sizes(loaded: App):
    server = LoopbackSMTP(data_size_limit=SERVER_LIMIT).start()
    try:
        loaded.settings.mail = smtp_settings(loaded, server.port)
        enqueue_notices(loaded, DAY)
        deliver(loaded, DAY)
    finally:
        server.stop()
    reason = deliveries(loaded)[DIRECTOR].last_error
    assert reason.startswith("thư dài 2") and "KB, vượt giới hạn 200 KB" in reason and "ESMTP SIZE" in reason
    assert all(DIRECTOR not in r.rcpt_tos for r in server.recorder.received)


def outbox_messages(app: App) -> dict[str, tuple[int, email.message.EmailMessage]]:
    found = {}
    for path in (app.settings.home / "outbox").glob("*.eml"):
        raw = path.read_bytes()
        message = email.message_from_bytes(raw, policy=policy.default)
        found[message["To"].addresses[0].addr_spec] = (len(raw), message)
    return found


def test_a_digest_over_dondocs_own_limit_lists_its_first_notices_and_attaches_the_full_list(loaded: App):
    loaded.settings.mail.max_bytes = 150_000
    added = enqueue_notices(loaded, DAY)
    copied = sum(DIRECTOR in row.cc_addrs + row.to_addrs for row in added)
    assert deliver(loaded, DAY).sent == len(deliveries(loaded))
    messages = outbox_messages(loaded)
    assert max(size for size, _ in messages.values()) <= 150_000
    _, digest = messages[DIRECTOR]
    text = digest.get_body(("plain",)).get_content()
    assert f"Thư này gồm {copied} nhiệm vụ" in text and "chỉ nêu 50 nhiệm vụ đầu tiên" in text
    assert f"{copied} nhiệm vụ" in digest["Subject"]
    [sheet] = [p for p in digest.iter_attachments() if p.get_filename() == "danh-sach-nhiem-vu.xlsx"]
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.get_content())).active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == copied and rows[0][0] == 1
    others = [m for address, (_, m) in messages.items() if address != DIRECTOR]
    assert not any(p.get_filename() == "danh-sach-nhiem-vu.xlsx" for m in others for p in m.iter_attachments())


def test_a_digest_of_more_notices_than_it_may_list_lists_its_first_50_and_attaches_them_all(loaded: App):
    assert loaded.settings.mail.max_listed == 100  # the default: the director's digest is well under 5 MB
    added = enqueue_notices(loaded, DAY)
    copied = sum(DIRECTOR in row.cc_addrs + row.to_addrs for row in added)
    assert copied > 100
    deliver(loaded, DAY)
    messages = outbox_messages(loaded)
    _, digest = messages[DIRECTOR]
    text = digest.get_body(("plain",)).get_content()
    assert f"Thư này gồm {copied} nhiệm vụ" in text and "chỉ nêu 50 nhiệm vụ đầu tiên" in text
    [sheet] = [p for p in digest.iter_attachments() if p.get_filename() == "danh-sach-nhiem-vu.xlsx"]
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.get_content())).active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == copied
    listed_in_full = [m for address, (_, m) in messages.items() if address != DIRECTOR]
    assert listed_in_full and not any(
        p.get_filename() == "danh-sach-nhiem-vu.xlsx" for m in listed_in_full for p in m.iter_attachments()
    )


def test_a_digest_too_large_even_with_its_list_attached_gives_the_counts_and_says_so(loaded: App):
    loaded.settings.mail.max_bytes = 20_000
    added = enqueue_notices(loaded, DAY)
    copied = sum(DIRECTOR in row.cc_addrs + row.to_addrs for row in added)
    deliver(loaded, DAY)
    size, digest = outbox_messages(loaded)[DIRECTOR]
    assert size <= 20_000 and list(digest.iter_attachments()) == []
    text = digest.get_body(("plain",)).get_content()
    assert f"Thư này gồm {copied} nhiệm vụ" in text and "nên thư này chỉ nêu số lượng" in text
    assert "daumoi@so-noi-vu.travinh.example" in text  # where to ask for the list


def test_a_report_whose_files_would_make_the_email_too_large_names_where_they_are_kept(loaded: App):
    loaded.settings.mail.max_bytes = 30_000
    draft = draft_report(loaded, ReportPeriod.year(2024), DAY)
    assert enqueue_draft_mail(loaded, draft, DAY)
    assert deliver(loaded, DAY).sent == 1
    [(size, message)] = outbox_messages(loaded).values()
    assert list(message.iter_attachments()) == []
    text = " ".join(message.get_body(("plain",)).get_content().split())
    assert "Các tệp sau quá lớn để gửi kèm thư điện tử, được lưu tại máy chủ của Sở Nội vụ:" in text
    assert all(str(p) in text for p in draft.paths if p.suffix in (".docx", ".xlsx"))
