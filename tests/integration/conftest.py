"""Fixtures of the integration tests: a real SMTP server on loopback, and the app pointed at it."""

from __future__ import annotations

import pytest

from notifications.senders import MailSettings
from service_layer.bootstrap import App

from .smtp_server import LoopbackSMTP


@pytest.fixture
def smtp():
    server = LoopbackSMTP().start()
    yield server
    server.stop()


@pytest.fixture
def mailer(loaded: App, smtp) -> App:
    """The loaded reference plan, mailing through yagmail to the loopback server, without waits."""
    loaded.settings.mail = MailSettings(
        mode="smtp", smtp_port=smtp.port, rate_per_minute=0, retries=2, backoff_seconds=0.01,
        outbox_dir=loaded.settings.home / "outbox",
    )  # fmt: skip
    return loaded
