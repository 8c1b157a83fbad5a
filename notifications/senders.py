"""Where mail goes: an outbox folder of .eml files (the default), or an SMTP server through yagmail.

A sender has one method, `send(message, recipient)`. It raises RecipientRefused
when the server refuses that recipient for good, and ServerUnavailable when it
could not deliver after its retries; everything else counts as sent.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import smtplib  # only for the exception classes yagmail lets through
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Literal, Protocol

import yagmail

log = logging.getLogger(__name__)

# RFC 5322 allows 998 characters a line; folding at 78 splits Vietnamese encoded words in the middle of a word.
WIRE = policy.SMTP.clone(max_line_length=998)


class DeliveryError(Exception):
    pass


class RecipientRefused(DeliveryError):
    """The server refused this recipient for good (5xx): recorded as failed, the others still go."""


class RecipientDeferred(DeliveryError):
    """The server asked to try this recipient later (4xx): it stays pending, the others still go."""


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
    smtp_password: str | None = field(default=None, repr=False)
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    rate_per_minute: float = 60.0
    retries: int = 3
    backoff_seconds: float = 2.0
    timeout_seconds: float = 30.0

    @property
    def domain(self) -> str:
        return self.mail_from.rpartition("@")[2] or "dondoc.invalid"


class MailSender(Protocol):
    def send(self, message: EmailMessage, recipient: str) -> None: ...


class OutboxFolder:
    """Write each message as an .eml file; nothing leaves the machine.

    The file name comes from the Message-ID, so writing the same message twice
    leaves one file.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> OutboxFolder:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # mail holds names and addresses: owner only
        return self

    def __exit__(self, *exc) -> None:
        return None

    def send(self, message: EmailMessage, recipient: str) -> None:
        digest = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:12]
        who = re.sub(r"[^a-z0-9]+", "-", recipient.lower()).strip("-")[:80]
        day = str(message.get("X-Dondoc-Day", "undated"))
        target = self.folder / f"{day}--{who}--{digest}.eml"
        partial = target.with_suffix(".eml.part")
        with open(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(message.as_bytes(policy=WIRE))
        os.replace(partial, target)


class YagmailSender:
    """Deliver through one SMTP connection per run, opened by yagmail, with rate limit and retries."""

    def __init__(self, settings: MailSettings, sleep=time.sleep, clock=time.monotonic):
        self.settings = settings
        self._sleep, self._clock = sleep, clock
        self._yag: yagmail.SMTP | None = None
        self._last_send: float | None = None

    def __enter__(self) -> YagmailSender:
        return self

    def __exit__(self, *exc) -> None:
        self._disconnect()

    def _connect(self) -> yagmail.SMTP:
        if self._yag is None:
            s = self.settings
            yag = yagmail.SMTP(
                # As a {login: alias} mapping, because yagmail appends "@gmail.com" to a bare login name.
                user={s.smtp_user or s.mail_from: s.from_name},
                password=s.smtp_password,
                host=s.smtp_host,
                port=s.smtp_port,
                smtp_ssl=s.smtp_security == "ssl",
                smtp_starttls=s.smtp_security == "starttls",
                smtp_skip_login=not s.smtp_user,
                soft_email_validation=False,
                timeout=s.timeout_seconds,
            )
            yag.login()
            self._yag = yag
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

    def send(self, message: EmailMessage, recipient: str) -> None:
        """Send with retries: 5xx for this recipient is final, 4xx is tried again later, a dead server stops."""
        self._wait_for_rate_limit()
        deferred: str | None = None
        last_error = "?"
        for attempt in range(1, self.settings.retries + 1):
            if attempt > 1:
                self._sleep(self.settings.backoff_seconds * 2 ** (attempt - 2))
            try:
                refused = self._connect().smtp.sendmail(
                    self.settings.mail_from, [recipient], message.as_bytes(policy=WIRE)
                )
            except smtplib.SMTPRecipientsRefused as exc:
                refused = exc.recipients
            except (smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError) as exc:
                # The server will not take mail from us at all: a setting to fix, not a recipient to blame.
                raise ServerUnavailable(_describe(exc)) from exc
            except smtplib.SMTPDataError as exc:
                if 500 <= exc.smtp_code < 600:
                    raise RecipientRefused(_describe(exc)) from exc
                deferred = _describe(exc)
                continue
            except (smtplib.SMTPException, OSError) as exc:
                last_error = _describe(exc)
                log.warning("gửi thư tới %s thất bại lần %d: %s", recipient, attempt, last_error)
                self._disconnect()
                continue
            if recipient not in refused:
                return
            code, reason = refused[recipient]
            answer = f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
            if 500 <= code < 600:
                raise RecipientRefused(answer)
            deferred = answer
        if deferred is not None:
            raise RecipientDeferred(deferred)
        raise ServerUnavailable(last_error)


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{exc.smtp_code} {error}"
    return f"{exc.__class__.__name__}: {exc}"
