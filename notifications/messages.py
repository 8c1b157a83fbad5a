"""Turn a rendered mail into a MIME message: plain text and HTML alternatives, attachments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()


def build_message(
    *,
    subject: str,
    text: str,
    html: str,
    from_name: str,
    from_address: str,
    to_name: str | None,
    to_address: str,
    message_id: str,
    day: date,
    notice_ids: list[str],
    attachments: list[Attachment] = (),
    reply_to: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = " ".join(subject.split())
    message["From"] = Address(display_name=from_name, addr_spec=from_address)
    message["To"] = Address(display_name=to_name or "", addr_spec=to_address)
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = message_id
    message["X-Dondoc-Day"] = day.isoformat()
    if notice_ids:
        message["X-Dondoc-Notices"] = " ".join(notice_ids)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    for attachment in attachments:
        message.add_attachment(
            attachment.content,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
            params=dict(attachment.params),
        )
    return message
