"""Where mail goes: an outbox folder of .eml files (the default), or an SMTP server through yagmail.

A sender has one method, `send(mail)`. It raises RecipientRefused when the server
refuses that recipient for good (MessageRefusedForSize when for the message's size),
RecipientDeferred when it asks to try later, and ServerUnavailable when it could not
deliver after its retries; everything else counts as sent. Both senders have the
message prepared by yagmail (yagmail_smtp.DondocSMTP.prepare_send), so an .eml file
in the outbox folder is the message SMTP would have sent.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import smtplib  # only for the exception classes yagmail lets through
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from pydantic import SecretStr

from .messages import Mail
from .yagmail_smtp import DondocSMTP, MessageTooLarge

log = logging.getLogger(__name__)
# A digest of more notices than a reader can take in lists its first ones, and attaches the full list.
DEFAULT_MAX_LISTED = 100
DEFAULT_MAX_BYTES = 5_000_000  # well under the 10 MB many servers accept (Postfix's default message_size_limit)


class DeliveryError(Exception):
    pass


class RecipientRefused(DeliveryError):
    """The server refused this recipient for good (5xx): recorded as failed, the others still go."""


class RecipientDeferred(DeliveryError):
    """The server asked to try this recipient later (4xx): it stays pending, the others still go."""


class MessageRefusedForSize(RecipientRefused):
    """This message is too large for the server: failed for this recipient, the others still go."""


class ServerUnavailable(DeliveryError):
    """The server could not be reached or kept failing: the message stays pending for the next run."""


@dataclass
class MailSettings:
    """How mail leaves: DONDOC_MAIL_MODE=outbox (files) or smtp, and the SMTP details."""

    mode: Literal["outbox", "smtp"] = "outbox"
    outbox_dir: Path = Path("var/outbox")
    mail_from: str = "dondoc@so-noi-vu.travinh.example"
    from_name: str = "Sở Nội vụ"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: SecretStr | None = field(default=None, repr=False)
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    rate_per_minute: float = 60.0
    retries: int = 3
    backoff_seconds: float = 2.0
    timeout_seconds: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES  # no email dondoc builds is larger (DONDOC_MAIL_MAX_BYTES)
    max_listed: int = DEFAULT_MAX_LISTED  # no digest lists more notices; the rest go in its spreadsheet
    report_channel: str | None = None  # how agencies without a report link send results (DONDOC_REPORT_CHANNEL)

    @property
    def domain(self) -> str:
        return self.mail_from.rpartition("@")[2] or "dondoc.invalid"


class MailSender(Protocol):
    def send(self, mail: Mail) -> None: ...


def prepared(settings: MailSettings, mail: Mail, smtp: DondocSMTP | None = None) -> str:
    """The message exactly as yagmail would send it (without connecting)."""
    smtp = smtp or DondocSMTP(mail_from=settings.mail_from, from_name=settings.from_name)
    _, message = smtp.prepare_send(**mail.send_arguments())  # what yagmail.SMTP.send prepares, unsent
    return message


class OutboxFolder:
    """Write each message as an .eml file; nothing leaves the machine.

    The file name comes from the Message-ID, so writing the same message twice
    leaves one file.
    """

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self.folder = settings.outbox_dir
        self._smtp = DondocSMTP(mail_from=settings.mail_from, from_name=settings.from_name)

    def __enter__(self) -> OutboxFolder:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # mail holds names and addresses: owner only
        return self

    def __exit__(self, *exc) -> None:
        return None

    def send(self, mail: Mail) -> None:
        digest = hashlib.sha256(mail.message_id.encode()).hexdigest()[:12]
        who = re.sub(r"[^a-z0-9]+", "-", mail.to_address.lower()).strip("-")[:80]
        target = self.folder / f"{mail.day.isoformat()}--{who}--{digest}.eml"
        partial = target.with_suffix(".eml.part")
        # smtplib sends the message with CRLF line ends; the file holds the same bytes, readable by its owner only.
        wire = re.sub(r"\r\n|\n|\r", "\r\n", prepared(self.settings, mail, self._smtp))
        with open(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(wire.encode("ascii"))
        os.replace(partial, target)


class YagmailSender:
    """Deliver with yagmail.SMTP.send over one connection per run, with rate limit and retries."""

    def __init__(self, settings: MailSettings, sleep=time.sleep, clock=time.monotonic):
        self.settings = settings
        self._sleep, self._clock = sleep, clock
        self._yag: DondocSMTP | None = None
        self._last_send: float | None = None

    def __enter__(self) -> YagmailSender:
        return self

    def __exit__(self, *exc) -> None:
        self._disconnect()

    def _client(self) -> DondocSMTP:
        """The run's yagmail client; it connects on the first send and keeps that connection (DondocSMTP.login)."""
        if self._yag is None:
            s = self.settings
            self._yag = DondocSMTP(
                mail_from=s.mail_from,
                from_name=s.from_name,
                login_name=s.smtp_user,
                password=s.smtp_password.get_secret_value() if s.smtp_password else None,
                host=s.smtp_host,
                port=s.smtp_port,
                smtp_ssl=s.smtp_security == "ssl",
                smtp_starttls=s.smtp_security == "starttls",
                timeout=s.timeout_seconds,
            )
        return self._yag

    def _disconnect(self) -> None:
        if self._yag is not None:
            self._yag.close()
            self._yag = None

    def _wait_for_rate_limit(self) -> None:
        interval = 60.0 / self.settings.rate_per_minute if self.settings.rate_per_minute > 0 else 0.0
        if self._last_send is not None:
            remaining = interval - (self._clock() - self._last_send)
            if remaining > 0:
                self._sleep(remaining)
        self._last_send = self._clock()

    def send(self, mail: Mail) -> None:
        """Send with retries: 5xx for this recipient is final, 4xx is tried again later, a dead server stops."""
        self._wait_for_rate_limit()
        recipient = mail.to_address
        deferred: str | None = None
        last_error = "?"
        for attempt in range(1, self.settings.retries + 1):
            if attempt > 1:
                self._sleep(self.settings.backoff_seconds * 2 ** (attempt - 2))
            try:
                refused = self._client().send(**mail.send_arguments())
            except MessageTooLarge as exc:
                raise MessageRefusedForSize(
                    f"thư dài {_megabytes(exc.size)}, vượt giới hạn {_megabytes(exc.limit)} mà máy chủ nhận thư "
                    "công bố (ESMTP SIZE); không gửi thư này"
                ) from exc
            except smtplib.SMTPRecipientsRefused as exc:
                refused = exc.recipients
            except smtplib.SMTPSenderRefused as exc:
                if _refused_for_size(exc.smtp_code, exc.smtp_error):
                    raise MessageRefusedForSize(_size_reason(exc)) from exc
                # The server will not take mail from us at all: a setting to fix, not a recipient to blame.
                raise ServerUnavailable(_describe(exc)) from exc
            except smtplib.SMTPAuthenticationError as exc:
                raise ServerUnavailable(_describe(exc)) from exc
            except smtplib.SMTPDataError as exc:
                if _refused_for_size(exc.smtp_code, exc.smtp_error):
                    raise MessageRefusedForSize(_size_reason(exc)) from exc
                if 500 <= exc.smtp_code < 600:
                    raise RecipientRefused(_describe(exc)) from exc
                deferred = _describe(exc)
                continue
            except (smtplib.SMTPException, OSError) as exc:
                last_error = _describe(exc)
                log.warning("gửi thư tới %s thất bại lần %d: %s", recipient, attempt, last_error)
                self._disconnect()
                continue
            if refused is False:  # yagmail gave up on a connection that dropped while sending
                last_error = "máy chủ nhận thư ngắt kết nối khi đang gửi"
                log.warning("gửi thư tới %s thất bại lần %d: %s", recipient, attempt, last_error)
                self._disconnect()
                continue
            if recipient not in refused:
                return
            code, reason = refused[recipient]
            answer = f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
            if _refused_for_size(code, reason, at_recipient=True):
                raise MessageRefusedForSize(f"thư quá lớn, máy chủ nhận thư từ chối ({answer})")
            if 500 <= code < 600:
                raise RecipientRefused(answer)
            deferred = answer
        if deferred is not None:
            raise RecipientDeferred(deferred)
        raise ServerUnavailable(last_error)


def _refused_for_size(code: int, reason: bytes | str, *, at_recipient: bool = False) -> bool:
    """552 at MAIL FROM or after DATA, or the enhanced status 5.3.4 (RFC 3463) anywhere.

    At RCPT a bare 552 is the mailbox's storage, not this message's size.
    """
    text = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
    return (code == 552 and not at_recipient) or text.lstrip().startswith("5.3.4")


def _size_reason(exc: smtplib.SMTPResponseException) -> str:
    return f"thư quá lớn, máy chủ nhận thư từ chối ({_describe(exc)})"


def _megabytes(size: int) -> str:
    """'21,3 MB', or '261 KB' below a megabyte (decimal units, as servers state their limits)."""
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{exc.smtp_code} {error}"
    return f"{exc.__class__.__name__}: {exc}"
