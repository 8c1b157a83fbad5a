"""What dondoc writes is readable by its owner only, and the Prefect server child never sees dondoc's secrets."""

from __future__ import annotations

import stat
from pathlib import Path

from flows.serving import child_environment, start_server, stop_server
from tests.integration.smtp_server import free_port

from .conftest import run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_the_outbox_folder_and_each_email_are_owner_only(home, capsys):
    run(capsys, "init")
    run(capsys, "check", "--as-of", "2023-10-02")
    code, _, _ = run(capsys, "dispatch", "--as-of", "2023-10-02")
    assert code == 0
    [eml] = (home / "outbox").glob("*.eml")
    assert {p.name: oct(mode(p)) for p in (home, home / "dondoc.db", home / "outbox", eml)} == {
        home.name: "0o700",
        "dondoc.db": "0o600",
        "outbox": "0o700",
        eml.name: "0o600",
    }
    assert all(mode(p) == 0o600 for p in home.glob("dondoc.db-*"))  # SQLite's -wal and -shm, when present


def test_the_server_child_inherits_only_what_it_needs():
    parent = {
        "PATH": "/usr/bin",
        "HOME": "/home/x",
        "LC_ALL": "vi_VN.UTF-8",
        "DONDOC_SMTP_PASSWORD": "mat-khau",
        "DONDOC_DATABASE_URL": "postgresql+psycopg://dondoc:secret@db/dondoc",
        "PREFECT_API_KEY": "pnu_secret",
        "AWS_SECRET_ACCESS_KEY": "x",
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": "postgresql+asyncpg://prefect:pw@db/prefect",
    }
    env = child_environment(parent, Path("/tmp/h"), 4300)
    assert {"DONDOC_SMTP_PASSWORD", "DONDOC_DATABASE_URL", "PREFECT_API_KEY", "AWS_SECRET_ACCESS_KEY"}.isdisjoint(env)
    assert env["PATH"] == "/usr/bin" and env["LC_ALL"] == "vi_VN.UTF-8"
    assert env["PREFECT_SERVER_DATABASE_CONNECTION_URL"].startswith("postgresql+asyncpg://")
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"


def test_a_running_prefect_server_has_no_smtp_password_and_an_owner_only_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DONDOC_SMTP_PASSWORD", "mat-khau-9f3a7c")
    monkeypatch.setenv("DONDOC_SMTP_USER", "dondoc")
    server = start_server(tmp_path / "home", free_port())
    try:
        environ = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
        names = {entry.split(b"=", 1)[0].decode() for entry in environ if entry}
        assert not any(name.startswith("DONDOC_") for name in names), names
        assert b"mat-khau-9f3a7c" not in b"\0".join(environ)
        prefect = tmp_path / "home" / "prefect"
        assert oct(mode(prefect)) == "0o700"
        assert {p.name: oct(mode(p)) for p in prefect.glob("*.db")} == {"prefect.db": "0o600"}
        assert oct(mode(prefect / "server.log")) == "0o600"
    finally:
        stop_server(server)
