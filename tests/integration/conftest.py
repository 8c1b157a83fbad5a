"""Fixtures of the integration tests: a real SMTP server on loopback and the app pointed at it; the flows' app
under the shared Prefect test server, and the latest artifact of a key read back from its API."""

from __future__ import annotations

import asyncio

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


@pytest.fixture
def flows_app(tmp_path, monkeypatch, prefect_server):
    """A fresh home and database for the flows, which build their app from the environment."""
    from cli.tracking_commands import initialise
    from flows.runtime import current_app
    from plan_definition.loading import REFERENCE_PLAN

    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DONDOC_PLAN", str(REFERENCE_PLAN))  # the reference plan alone
    monkeypatch.delenv("DONDOC_DATABASE_URL", raising=False)
    current_app.cache_clear()
    app = current_app()
    initialise(app)
    yield app
    app.engine.dispose()
    current_app.cache_clear()


def latest_artifact(key: str):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactCollectionFilter, ArtifactCollectionFilterKey

    async def read():
        async with get_client() as client:
            found = await client.read_latest_artifacts(
                artifact_filter=ArtifactCollectionFilter(key=ArtifactCollectionFilterKey(any_=[key]))
            )
            return found[0] if found else None

    return asyncio.run(read())
