"""The MIME message yagmail prepares for dondoc: bodies, headers, attachments, and its size."""

from __future__ import annotations

import email
import io
from dataclasses import replace
from datetime import date
from email import policy

import openpyxl

from notifications.contexts import NoticeLine, Recipient, Section
from notifications.delivery import describe_notices
from notifications.digest_sheet import digest_workbook
from notifications.envelopes import Envelope
from notifications.messages import Attachment, build_mail
from notifications.senders import MailSettings, prepared
from tracking.models import OutboxRow

SETTINGS = MailSettings()
SUBJECT = (
    "[86/KH-UBND] Đôn đốc (kèm nội dung để biết): nhiệm vụ của Ủy ban nhân dân huyện Tiểu Cần và các xã trực thuộc"
)
TEXT = "Kính gửi: Chủ tịch Ủy ban nhân dân huyện Tiểu Cần.\n\nDòng thứ hai.\n"
HTML = '<!DOCTYPE html>\n<html lang="vi">\n<body>\n<table>\n<tr><td>Mục 2.2</td></tr>\n</table>\n</body>\n</html>\n'
ICS = b"BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"


def mail(**changes):
    values = dict(
        subject=SUBJECT,
        text=TEXT,
        html=HTML,
        to_name="Chủ tịch Ủy ban nhân dân huyện Tiểu Cần, tỉnh Trà Vinh",
        to_address="lanhdao@ubnd-huyen-tieu-can.travinh.example",
        message_id="<digest.0123456789abcdef01234567@so-noi-vu.travinh.example>",
        day=date(2024, 4, 8),
        notice_ids=["<86-kh-ubnd.o1.escalation-5@so-noi-vu.travinh.example>"],
        attachments=[Attachment("han-thuc-hien.ics", ICS, (("method", "PUBLISH"),))],
        reply_to="daumoi@so-noi-vu.travinh.example",
    )
    values.update(changes)
    return build_mail(**values)


def parse(wire: str):
    return email.message_from_string(wire, policy=policy.default)


def test_the_text_and_html_bodies_arrive_exactly_as_rendered():
    message = parse(prepared(SETTINGS, mail()))
    assert message.get_body(("plain",)).get_content() == TEXT
    assert message.get_body(("html",)).get_content() == HTML  # no <br> for newlines, no wrapping <div>


def test_vietnamese_subject_and_names_are_each_one_unfolded_header_line_that_decodes_back():
    wire = prepared(SETTINGS, mail())
    head = wire.split("\n\n", 1)[0]
    subject_line = next(line for line in head.splitlines() if line.startswith("Subject:"))
    assert subject_line.count("=?utf-8?") == 1  # one encoded word: no word cut between two
    assert not any(line[:1] in (" ", "\t") for line in head.splitlines())  # nothing folded onto a next line
    message = parse(wire)
    assert message["Subject"] == SUBJECT
    assert message["To"].addresses[0].display_name == "Chủ tịch Ủy ban nhân dân huyện Tiểu Cần, tỉnh Trà Vinh"
    assert message["To"].addresses[0].addr_spec == "lanhdao@ubnd-huyen-tieu-can.travinh.example"
    assert str(message["From"]) == "Sở Nội vụ <dondoc@so-noi-vu.travinh.example>"


def test_the_given_message_id_and_extra_headers_such_as_threading_go_out_unchanged():
    first = "<86-kh-ubnd.o1.escalation-5@so-noi-vu.travinh.example>"
    message = parse(prepared(SETTINGS, mail(extra_headers={"In-Reply-To": first, "References": first})))
    assert message["Message-ID"] == "<digest.0123456789abcdef01234567@so-noi-vu.travinh.example>"
    assert (message["In-Reply-To"], message["References"]) == (first, first)
    assert message["Reply-To"] == "daumoi@so-noi-vu.travinh.example"
    assert message["Auto-Submitted"] == "auto-generated"


def test_the_calendar_file_is_an_attachment_with_its_method():
    [part] = parse(prepared(SETTINGS, mail())).iter_attachments()
    assert (part.get_content_type(), part.get_filename(), part.get_param("method")) == (
        "text/calendar",
        "han-thuc-hien.ics",
        "PUBLISH",
    )
    assert part.get_content_disposition() == "attachment" and part.get_payload(decode=True) == ICS


def test_a_digest_of_thousands_of_notices_keeps_every_header_line_within_998_characters():
    ids = [f"<86-kh-ubnd.o{n}.escalation-5@so-noi-vu.travinh.example>" for n in range(5000)]
    wire = prepared(SETTINGS, mail(notice_ids=ids))
    assert max(len(line) for line in wire.split("\n\n", 1)[0].splitlines()) <= 998
    assert parse(wire)["X-Dondoc-Notice-Count"] == "5000"


def test_the_estimated_size_is_never_below_the_prepared_message():
    big = bytes(range(256)) * 4000
    for m in (mail(), mail(text=TEXT * 3000, html=HTML * 3000, attachments=[Attachment("phu-luc.xlsx", big)])):
        assert len(prepared(SETTINGS, m).replace("\n", "\r\n").encode()) <= m.estimated_size()


def line(n: int, agency: str, title: str = "Tổ chức hội nghị") -> NoticeLine:
    return NoticeLine(
        key=f"86-kh-ubnd.o{n}.escalation-5", item_code="2.2", item_title=title, lead_text=None, period="once",
        period_label="Một lần", timeframe_text=None, due=date(2024, 3, 31), deadline=date(2024, 4, 1),
        state_label="Chưa hoàn thành – quá hạn", stage="escalation-5", working_days=5, agency_code=f"a{n}",
        agency_name=agency, agency_head_title="Chủ tịch", requested=False,
    )  # fmt: skip


def test_the_digest_spreadsheet_keeps_text_beginning_with_a_formula_sign_as_text():
    names = ['=HYPERLINK("http://x.example","bấm")', "+84 294 3862 000", "-Ban quản lý", "@Sở Y tế"]
    sheet = digest_workbook(
        (Section("escalation", "cc", tuple(line(n, name, title=name) for n, name in enumerate(names))),), "Danh sách"
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet)).active.iter_rows(min_row=3))
    assert [row[4].value for row in rows] == names and [row[3].value for row in rows] == names
    assert {row[4].data_type for row in rows} == {"s"} and [row[0].value for row in rows] == [1, 2, 3, 4]
    assert rows[0][2].value == "2.2" and rows[0][6].value == "01/04/2024"


def test_a_line_about_an_email_of_thousands_of_notices_names_the_first_ten_and_counts_the_rest():
    # At 60,000 agencies the director's refused digest was named in one line of every notice it carried.
    notices = tuple(
        OutboxRow(id=n, kind="chain", key=f"k{n}", obligation_id=n, stage="chain-15",
                  context={"item_code": "3", "agency_code": f"vl-sdld-{n:06d}"})
        for n in range(1, 60_001)
    )  # fmt: skip
    recipient = Recipient("lanhdao@so-noi-vu.example", "Giám đốc Sở Nội vụ", None, "Sở Nội vụ")
    envelope = Envelope(recipient.address, recipient, tuple(range(60_000)), notices, ("cc",) * 60_000)
    described = describe_notices(envelope)
    assert described.startswith("mục 3, vl-sdld-000001, chain-15; mục 3, vl-sdld-000002, chain-15; ")
    assert described.count("mục 3,") == 10
    assert described.endswith("mục 3, vl-sdld-000010, chain-15; và 59990 thông báo khác")
    two = replace(envelope, notices=notices[:2], deliveries=(0, 1), roles=("cc", "cc"))
    assert describe_notices(two) == "mục 3, vl-sdld-000001, chain-15; mục 3, vl-sdld-000002, chain-15"
