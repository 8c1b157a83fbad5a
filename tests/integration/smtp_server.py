"""A real SMTP server on loopback (aiosmtpd) that records what it receives."""

from __future__ import annotations

import email
import socket
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Recorder:
    """An aiosmtpd handler: refuses chosen recipients, keeps every accepted message."""

    refuse: set[str] = field(default_factory=set)
    defer: set[str] = field(default_factory=set)
    refuse_sender: bool = False
    # Limits a server enforces without advertising them (ESMTP SIZE says more): refused at MAIL FROM or after DATA.
    size_at_mail_from: int | None = None
    size_after_data: int | None = None
    received: list[Received] = field(default_factory=list)
    greetings: int = 0  # EHLO commands: one per connection from smtplib

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_sender:
            return "553 5.7.1 Sender address rejected: not owned by user"
        declared = next((int(o[5:]) for o in mail_options if o.upper().startswith("SIZE=")), None)
        if self.size_at_mail_from is not None and declared is not None and declared > self.size_at_mail_from:
            return "552 5.3.4 Message size exceeds fixed limit"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Hop thu khong ton tai"
        if address in self.defer:
            return "452 4.2.2 Mailbox full"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.size_after_data is not None and len(envelope.original_content) > self.size_after_data:
            return "552 5.3.4 Message too big for system"
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [r.message for r in self.received if address in r.rcpt_tos]


class LoopbackSMTP:
    """Start, stop and restart an SMTP server on one loopback port; with `login`, it demands AUTH."""

    def __init__(
        self,
        recorder: Recorder | None = None,
        port: int | None = None,
        login: tuple[str, str] | None = None,
        data_size_limit: int | None = None,
    ):
        self.recorder = recorder or Recorder()
        self.port = port or free_port()
        self.login = login
        self.data_size_limit = data_size_limit  # advertised as ESMTP SIZE and enforced by aiosmtpd
        self.attempted_logins: list[str] = []
        self._controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        user = auth_data.login.decode()
        self.attempted_logins.append(user)
        return AuthResult(success=(user, auth_data.password.decode()) == self.login)

    def start(self) -> LoopbackSMTP:
        extra = dict(authenticator=self._authenticate, auth_required=True, auth_require_tls=False) if self.login else {}
        if self.data_size_limit is not None:
            extra["data_size_limit"] = self.data_size_limit
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **extra)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
