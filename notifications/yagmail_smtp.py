"""yagmail.SMTP with the few changes dondoc needs; every message is still prepared and sent by yagmail.

What yagmail 0.15 cannot do, and what this subclass changes (nothing else):

1. `send()` logs in again before every message: a new SMTP connection each time, the
   previous one never closed. `login()` here keeps one live connection for the run
   (a NOOP tells whether it still is) and opens a new one only when it is gone.
2. On a dropped connection `_attempt_send` tries the same dead socket three times,
   sleeping 3, 6 and 9 seconds, then returns False and keeps the message in `unsent`.
   The NOOP of (1) finds a dropped connection before yagmail sends; the sender treats a
   False answer as one failed attempt and forgets `unsent`.
3. yagmail logs in with the sender address (`user`). The server's login name may be
   another (`DONDOC_SMTP_USER`): `_login` logs in with `login_name`, and the address stays
   the envelope sender and the From header.
4. yagmail cannot carry different plain-text and HTML bodies: it puts every content string
   into both, the plain part getting the raw string, the HTML part the string with each
   newline turned into <br> inside a <div>. `prepare_send` accepts `Bodies(text, html)` and
   puts each into its own part of the multipart/alternative yagmail built.
5. An attachment's type comes from its file name, Content-Disposition is written only for
   application/* files, and no other Content-Type parameter can be given: `prepare_send`
   marks every attached file as an attachment with its file name and adds the parameters
   asked for (the .ics file's method=PUBLISH).
6. `prepare_send` serialises with compat32 and no line limit. Here headers are left on one
   line up to RFC 5322's 998 characters, so Vietnamese encoded words are never cut mid-word.
7. yagmail does not look at the server's ESMTP SIZE. `login()` reads it after EHLO, and
   `_attempt_send` refuses a message larger than that before sending (MessageTooLarge).

The same `prepare_send` builds the outbox folder's .eml files, so the file is the message
SMTP would have sent.
"""

from __future__ import annotations

import smtplib  # only for the exception classes
from email.message import Message
from email.mime.text import MIMEText

import yagmail
from yagmail.headers import resolve_addresses
from yagmail.message import prepare_message

from .messages import HEADER_LINE_LIMIT, Bodies, NamedFile


class MessageTooLarge(Exception):
    """The message is larger than the server said it accepts (ESMTP SIZE); it was not sent."""

    def __init__(self, size: int, limit: int):
        super().__init__(size, limit)
        self.size, self.limit = size, limit


class DondocSMTP(yagmail.SMTP):
    def __init__(self, *, mail_from: str, from_name: str, login_name: str | None = None, **kwargs):
        # A {address: alias} mapping, because yagmail appends "@gmail.com" to a bare name.
        super().__init__(
            user={mail_from: from_name}, smtp_skip_login=login_name is None, soft_email_validation=False, **kwargs
        )
        self.login_name = login_name
        self.size_limit: int | None = None  # what the server advertised (ESMTP SIZE), once connected

    # (1), (7)
    def login(self):
        if self._connected():
            return
        self.close()
        super().login()
        self.smtp.ehlo_or_helo_if_needed()
        advertised = self.smtp.esmtp_features.get("size", "").strip()
        self.size_limit = int(advertised) if advertised.isdigit() and int(advertised) > 0 else None

    def _connected(self) -> bool:
        connection = getattr(self, "smtp", None)
        if self.is_closed is not False or connection is None or connection.sock is None:
            return False
        try:
            return connection.noop()[0] == 250
        except (smtplib.SMTPException, OSError):
            return False

    # (3)
    def _login(self, password):
        sender, self.user = self.user, self.login_name or self.user
        try:
            super()._login(password)
        finally:
            self.user = sender

    # (2), (7)
    def _attempt_send(self, recipients, msg_strings):
        size = len(msg_strings.encode()) + msg_strings.count("\n") - msg_strings.count("\r\n")  # as smtplib sends it
        if self.size_limit is not None and size > self.size_limit:
            raise MessageTooLarge(size, self.size_limit)
        result = super()._attempt_send(recipients, msg_strings)
        self.unsent.clear()
        return result

    # (4), (5), (6)
    def prepare_send(
        self,
        to=None,
        subject=None,
        contents=None,
        attachments=None,
        cc=None,
        bcc=None,
        headers=None,
        prettify_html=True,
        message_id=None,
        group_messages=True,
    ):
        bodies = contents if isinstance(contents, Bodies) else None
        addresses = resolve_addresses(self.user, self.useralias, to, cc, bcc)
        msg = prepare_message(
            self.user,
            self.useralias,
            addresses,
            subject,
            None if bodies else contents,
            attachments,
            headers,
            self.encoding,
            prettify_html,
            message_id,
            group_messages,
            self.dkim,
        )
        if bodies is not None:
            _fill_bodies(msg, bodies, self.encoding)
        _mark_attachments(msg, {f.name: f.params for f in attachments or () if isinstance(f, NamedFile)})
        return addresses["recipients"], msg.as_string(maxheaderlen=HEADER_LINE_LIMIT)


def _fill_bodies(msg: Message, bodies: Bodies, encoding: str) -> None:
    """yagmail's layout: mixed → [alternative → [text/plain, related → [text/html]], files…]."""
    alternative = msg.get_payload()[0]
    related = alternative.get_payload()[1]
    alternative.get_payload()[0] = MIMEText(bodies.text, "plain", _charset=encoding)
    related.get_payload()[0] = MIMEText(bodies.html, "html", _charset=encoding)


def _mark_attachments(msg: Message, params: dict[str, tuple[tuple[str, str], ...]]) -> None:
    for part in msg.get_payload()[1:]:
        filename = part.get_param("name")
        filename = filename[2] if isinstance(filename, tuple) else filename  # RFC 2231 (charset, lang, value)
        if filename is None:
            continue
        if part.get("Content-Disposition") is None:
            part.add_header("Content-Disposition", "attachment", filename=filename)
        for name, value in params.get(filename, ()):
            part.set_param(name, value)
