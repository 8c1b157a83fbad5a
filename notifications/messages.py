"""One email as dondoc decides it: who, subject, text and HTML bodies, files, headers, Message-ID.

The MIME message itself is prepared by yagmail (see yagmail_smtp.DondocSMTP), the same
way for the SMTP server and for the outbox folder.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from email.utils import formataddr

# RFC 5322: a header line may hold 998 characters; yagmail never folds, so a longer header must not be built.
HEADER_LINE_LIMIT = 998
# Base64 turns 3 bytes into 4 and adds a line break every 76 characters.
BASE64_GROWTH = 4 / 3 * 78 / 76
HEADERS_ALLOWANCE = 8_000  # headers, MIME boundaries and part headers, generously


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    params: tuple[tuple[str, str], ...] = ()  # extra Content-Type parameters, e.g. (("method", "PUBLISH"),)


class NamedFile(io.BytesIO):
    """An attachment as yagmail takes it: a file object with a name, and its extra Content-Type parameters."""

    def __init__(self, attachment: Attachment):
        super().__init__(attachment.content)
        self.name = attachment.filename
        self.params = attachment.params


@dataclass(frozen=True)
class Bodies:
    """The plain-text and HTML alternatives, handed to yagmail as one `contents` value."""

    text: str
    html: str


@dataclass(frozen=True)
class Mail:
    """Everything yagmail.SMTP.send needs for one email to one address."""

    to_address: str
    to_name: str | None
    subject: str
    text: str
    html: str
    message_id: str
    day: date
    attachments: tuple[Attachment, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)

    def send_arguments(self) -> dict:
        """Keyword arguments of yagmail.SMTP.send; fresh file objects each time (yagmail reads them to the end)."""
        files = [NamedFile(a) for a in self.attachments]
        return dict(
            # yagmail writes a {address: alias} mapping's alias alone as the To header: give it the whole address.
            to={self.to_address: formataddr((self.to_name or "", self.to_address))},
            subject=" ".join(self.subject.split()),
            contents=Bodies(self.text, self.html),
            attachments=files or None,
            headers=dict(self.headers),
            message_id=self.message_id,
            prettify_html=False,
        )

    def estimated_size(self) -> int:
        """Bytes on the wire, from above: every body and file is base64-encoded by yagmail."""
        payload = len(self.text.encode()) + len(self.html.encode()) + sum(len(a.content) for a in self.attachments)
        return (
            int(payload * BASE64_GROWTH) + HEADERS_ALLOWANCE + sum(len(k) + len(v) + 4 for k, v in self.headers.items())
        )


def build_mail(
    *,
    subject: str,
    text: str,
    html: str,
    to_name: str | None,
    to_address: str,
    message_id: str,
    day: date,
    notice_ids: list[str],
    attachments: list[Attachment] = (),
    reply_to: str | None = None,
    extra_headers: dict[str, str] | None = None,
) -> Mail:
    try:
        formataddr((to_name or "", to_address))  # an address SMTP cannot carry fails here, not mid-send
    except UnicodeEncodeError:
        raise ValueError(f"địa chỉ '{to_address}' có ký tự không gửi được qua SMTP (chỉ nhận chữ không dấu)") from None
    headers: dict[str, str] = {}
    if reply_to:
        headers["Reply-To"] = reply_to
    headers["X-Dondoc-Day"] = day.isoformat()
    if notice_ids:
        listed = " ".join(notice_ids)
        # A long digest's notices do not fit on one header line (yagmail does not fold); the outbox has them all.
        if len("X-Dondoc-Notices: ") + len(listed) <= HEADER_LINE_LIMIT:
            headers["X-Dondoc-Notices"] = listed
        headers["X-Dondoc-Notice-Count"] = str(len(notice_ids))
    headers["Auto-Submitted"] = "auto-generated"
    headers.update(extra_headers or {})
    return Mail(
        to_address=to_address,
        to_name=to_name,
        subject=subject,
        text=text,
        html=html,
        message_id=message_id,
        day=day,
        attachments=tuple(attachments),
        headers=headers,
    )
