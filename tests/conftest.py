"""Shared fixtures: a fresh, loaded database on SQLite and, when configured, PostgreSQL."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from plan_definition.loading import REFERENCE_PLAN
from service_layer.bootstrap import App, Settings

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

POSTGRES_URL = os.environ.get("DONDOC_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("DONDOC_REQUIRE_POSTGRES") == "1"


def _backends():
    yield pytest.param("sqlite", id="sqlite")
    yield pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)


@pytest.fixture
def database_url(request, tmp_path: Path):
    """A URL to an empty database of the requested backend, dropped afterwards."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'dondoc.db'}"
        return
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("DONDOC_REQUIRE_POSTGRES=1 but DONDOC_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL: set DONDOC_TEST_POSTGRES_URL (.ci/run does)")
    name = f"dondoc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def pytest_generate_tests(metafunc):
    if "database_url" in metafunc.fixturenames and "backend" not in metafunc.fixturenames:
        if metafunc.definition.get_closest_marker("sqlite_only"):
            return
        metafunc.parametrize("database_url", list(_backends()), indirect=True)


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: run against SQLite only")


@pytest.fixture
def settings(database_url, tmp_path: Path) -> Settings:
    # The reference plan alone (DONDOC_PLAN); the tests of several plans use the shipped plans folder.
    base = Settings.from_env({"DONDOC_HOME": str(tmp_path / "home"), "DONDOC_PLAN": str(REFERENCE_PLAN)})
    base.database_url = database_url
    return base


@pytest.fixture
def app(settings) -> App:
    application = App(settings)
    yield application
    application.engine.dispose()


@pytest.fixture
def loaded(app) -> App:
    """The reference plan and directory loaded into a fresh database."""
    from cli.tracking_commands import initialise

    initialise(app)
    return app


@pytest.fixture(scope="session")
def prefect_server():
    """One Prefect test server for the whole session (it takes about 8 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def wide_console(monkeypatch):
    """Make the CLI's rich consoles this many columns wide for one test.

    Rich reads COLUMNS when a console is created. If COLUMNS was set when `cli.common` was imported, the
    width stays fixed, so setting the environment variable alone does not widen a table later.
    """
    from cli import common

    def widen(columns: int) -> None:
        monkeypatch.setenv("COLUMNS", str(columns))
        for console in (common.console, common.err_console):
            monkeypatch.setattr(console, "_width", columns)

    return widen
