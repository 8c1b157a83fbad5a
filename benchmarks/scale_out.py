"""Scale-out on a real distributed engine, on loopback (issue 16, item 5).

Prefect's own server and dondoc's database both on PostgreSQL, the deployments of `dondoc deployments write`
(the pinned reference plan) deployed to a process work pool, two `prefect worker start` processes, then at
once: one run of every item's check deployment and two dispatch runs, while submissions are recorded
meanwhile. The morning check of a week before is run first and not dispatched, so that the two dispatch runs
race for a full outbox from their first second. When every run has finished, a last dispatch sends what the
two had to leave to each other; then the outbox, the deliveries and what the SMTP sink received are audited
for duplicates and losses.

    python -m benchmarks.scale_out [--employers 2000] [--records 40] [--json var/bench/scale-out.json]

PostgreSQL: DONDOC_TEST_POSTGRES_URL when set (two throwaway databases are created in it and dropped),
else a throwaway server of its own (.ci/start-postgres / .ci/stop-postgres). Every process it starts
(PostgreSQL, Prefect server, workers, the flow runs they spawn, the SMTP sink) is stopped on the way out,
also on failure or Ctrl-C. Exit status 0 when the audit found nothing, 1 naming each violation.

Only the runs it starts run: the deployments are written without schedules. The dispatch deployment's
concurrency limit (one run at a time, new ones cancelled) is dropped in this copy, so that the two dispatch
runs really run at once and only the claims on the deliveries keep them apart.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from pathlib import Path

import httpx
import yaml
from aiosmtpd.controller import Controller
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plan_definition" / "data" / "plans" / "ke-hoach-86-kh-ubnd-2023.yaml"
POOL = "dondoc-scale-out"
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
console = Console()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- the SMTP sink


@dataclass
class Received:
    message_id: str
    recipients: tuple[str, ...]
    notices: tuple[str, ...] | None  # X-Dondoc-Notices (absent when a digest's list is too long for a line)
    notice_count: int | None


class Recorder:
    """aiosmtpd handler keeping one record per message accepted."""

    def __init__(self):
        self.messages: list[Received] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        headers = BytesHeaderParser(policy=default_policy).parsebytes(envelope.original_content or envelope.content)
        listed = headers.get("X-Dondoc-Notices")
        count = headers.get("X-Dondoc-Notice-Count")
        record = Received(
            message_id=str(headers.get("Message-ID", "")).strip(),
            recipients=tuple(a.lower() for a in envelope.rcpt_tos),
            notices=tuple(str(listed).split()) if listed else None,
            notice_count=int(str(count)) if count else None,
        )
        with self.lock:
            self.messages.append(record)
        return "250 Message accepted for delivery"


# ---------------------------------------------------------------- processes


class Processes:
    """Child processes, each in its own session (so its children go with it), stopped in reverse order."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.children: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.children.append((name, process))
        return process

    def stop_all(self) -> None:
        """SIGTERM to every child and all its descendants (a process worker starts each flow run in a session
        of its own, so the child's group is not enough), SIGKILL to what is left after 20 s."""
        mine = [p.pid for _, p in self.children if p.poll() is None]
        tree = mine + descendants(mine)
        for pid in tree:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(pid) for pid in tree):
            for _, process in self.children:
                process.poll()  # reap our own children
            time.sleep(0.2)
        for pid in tree + descendants(tree):
            _signal(pid, signal.SIGKILL)
        for _, process in self.children:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


def descendants(pids: list[int]) -> list[int]:
    """Every process below `pids`, from /proc (Linux)."""
    below: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            below.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(pids)
    while todo:
        for child in below.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run(args: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT, timeout: float = 600) -> str:
    """Run a command to its end; on failure, show its output and stop."""
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        raise SystemExit(f"`{' '.join(args)}` exited {done.returncode}:\n{(done.stdout + done.stderr)[-4000:]}")
    return done.stdout


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"Prefect server exited {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"Prefect server not healthy after {timeout:.0f} s:\n{log.read_text()[-4000:]}")


# ---------------------------------------------------------------- PostgreSQL


def postgres(stack: ExitStack, env: dict[str, str]) -> str:
    """A superuser URL: DONDOC_TEST_POSTGRES_URL, or a throwaway server started here (stopped on exit)."""
    url = os.environ.get("DONDOC_TEST_POSTGRES_URL")
    if url:
        return url
    started = subprocess.run([str(ROOT / ".ci" / "start-postgres")], capture_output=True, text=True, env=env)
    if started.returncode != 0:
        raise SystemExit(f".ci/start-postgres failed:\n{started.stderr[-3000:]}")
    exported = {}
    for line in started.stdout.splitlines():
        words = shlex.split(line)
        for word in words[1:] if words and words[0] == "export" else []:
            name, _, value = word.partition("=")
            exported[name] = value
    stop_env = {**env, **exported}
    stack.callback(lambda: subprocess.run([str(ROOT / ".ci" / "stop-postgres")], env=stop_env, check=False))
    return exported["DONDOC_TEST_POSTGRES_URL"]


def databases(stack: ExitStack, admin_url: str) -> tuple[str, str]:
    """Two fresh databases, Prefect's and dondoc's; dropped on exit."""
    tag = uuid.uuid4().hex[:10]
    names = (f"scale_prefect_{tag}", f"scale_dondoc_{tag}")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        try:
            with admin.connect() as connection:
                for name in names:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()

    stack.callback(drop)
    base = make_url(admin_url)
    prefect_url = base.set(drivername="postgresql+asyncpg", database=names[0]).render_as_string(hide_password=False)
    dondoc_url = base.set(drivername="postgresql+psycopg", database=names[1]).render_as_string(hide_password=False)
    return prefect_url, dondoc_url


# ---------------------------------------------------------------- Prefect REST (no prefect import outside flows/)


class Api:
    def __init__(self, url: str):
        self.http = httpx.Client(base_url=url, timeout=60)

    def post(self, path: str, body: dict | None = None):
        response = self.http.post(path, json=body or {})
        response.raise_for_status()
        return response.json()

    def deployments(self) -> list[dict]:
        return self.post("/deployments/filter", {"limit": 200})

    def start(self, deployment: dict, parameters: dict) -> dict:
        return self.post(
            f"/deployments/{deployment['id']}/create_flow_run",
            {"parameters": {**deployment["parameters"], **parameters}},
        )

    def runs(self, ids: list[str]) -> list[dict]:
        return self.post("/flow_runs/filter", {"flow_runs": {"id": {"any_": ids}}, "limit": 200})

    def logs(self, run_id: str) -> list[str]:
        rows = self.post("/logs/filter", {"logs": {"flow_run_id": {"any_": [run_id]}}, "sort": "TIMESTAMP_ASC"})
        return [f"{r['timestamp'][11:19]} {r['message']}" for r in rows]


def wait_for_runs(api: Api, ids: list[str], timeout: float) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        runs = api.runs(ids)
        if all(r["state_type"] in FINAL for r in runs) and len(runs) == len(ids):
            return runs
        if time.monotonic() > deadline:
            waiting = [f"{r['name']}: {r['state_name']}" for r in runs if r["state_type"] not in FINAL]
            raise SystemExit(f"flow runs not finished after {timeout:.0f} s: {', '.join(waiting)}")
        time.sleep(1)


# ---------------------------------------------------------------- submissions recorded meanwhile


@dataclass
class Recording:
    recorded: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def record_meanwhile(
    env: dict[str, str], dondoc_url: str, as_of: date, count: int, seed: int, interval: float, out: Recording
):
    """Record `count` completions, one at a time, through the same use case as the CLI and the web pages."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from service_layer.actions import record_report
        from service_layer.bootstrap import App, Settings
        from tracking.submissions import Report

        app = App(Settings.from_env()).plan(None)
        engine = create_engine(dondoc_url)
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "select i.code, o.agency_code, o.period from obligations o join items i on i.id = o.item_id "
                    "where o.active and o.agency_code like 'vl-sdld%' order by o.id"
                )
            ).all()
        engine.dispose()
        for item, agency, period in random.Random(seed).sample(rows, min(count, len(rows))):
            report = Report(item=item, agency=agency, state="hoan-thanh", reported_on=as_of, period=period,
                            document=f"{random.randint(1, 999)}/BC-SCALE")  # fmt: skip
            try:
                done = record_report(app, report, today=as_of, recorded_by="scale-out", source="cli")
            except Exception as exc:  # a refused or crashed record is a finding, not a reason to stop
                out.errors.append(f"{item} {agency} {period}: {exc.__class__.__name__}: {exc}")
                continue
            out.recorded.append({"id": done.submission_id, "item": item, "agency": agency, "period": done.period})
            time.sleep(interval)  # spread over the runs
        app.engine.dispose()
    except Exception as exc:
        out.errors.append(f"{exc.__class__.__name__}: {exc}")
    finally:
        os.environ.clear()
        os.environ.update(saved)


# ---------------------------------------------------------------- the audit


def audit(dondoc_url: str, messages: list[Received], recording: Recording, as_of: date) -> tuple[dict, list[str]]:
    engine = create_engine(dondoc_url)
    violations: list[str] = []
    with engine.connect() as c:

        def scalar(sql: str, **kw) -> int:
            return int(c.execute(text(sql), kw).scalar() or 0)

        outbox_dups = scalar(
            "select count(*) from (select i.plan_number, o.obligation_id, o.stage from outbox o "
            "join obligations b on b.id = o.obligation_id join items i on i.id = b.item_id "
            "group by 1, 2, 3 having count(*) > 1) d"
        )
        key_dups = scalar("select count(*) from (select key from outbox group by key having count(*) > 1) d")
        delivery_dups = scalar(
            "select count(*) from (select outbox_id, address from outbox_deliveries group by 1, 2 "
            "having count(*) > 1) d"
        )
        notices = dict(c.execute(text("select state, count(*) from outbox group by state")).all())
        deliveries = dict(c.execute(text("select state, count(*) from outbox_deliveries group by state")).all())
        sent = c.execute(
            text(
                "select d.address, d.email_message_id, o.message_id from outbox_deliveries d "
                "join outbox o on o.id = d.outbox_id where d.state = 'sent'"
            )
        ).all()
        sent_without_id = scalar(
            "select count(*) from outbox_deliveries where state = 'sent' and email_message_id is null"
        )
        unsettled = scalar(
            "select count(*) from outbox o where o.state in ('pending', 'sending') and not exists "
            "(select 1 from outbox_deliveries d where d.outbox_id = o.id and d.state in ('pending', 'sending'))"
        )
        sent_notice_unsent = scalar(
            "select count(*) from outbox o where o.state = 'sent' and not exists "
            "(select 1 from outbox_deliveries d where d.outbox_id = o.id and d.state = 'sent')"
        )
        left_pending = scalar(
            "select count(*) from outbox_deliveries d join outbox o on o.id = d.outbox_id "
            "where d.state in ('pending', 'sending') and o.decided_on <= :day",
            day=as_of,
        )
        recorded_ids = [r["id"] for r in recording.recorded]
        found = set()
        for start in range(0, len(recorded_ids), 500):
            chunk = recorded_ids[start : start + 500]
            found |= {
                row[0]
                for row in c.execute(
                    text("select s.id from submissions s where s.id = any(:ids)"), {"ids": chunk}
                ).all()
            }
        submissions_total = scalar("select count(*) from submissions")
    engine.dispose()

    # What the sink received, against what the outbox says was sent.
    ids = Counter(m.message_id for m in messages)
    id_dups = sum(1 for n in ids.values() if n > 1)
    pairs = Counter((r, n) for m in messages if m.notices for r in m.recipients for n in m.notices)
    pair_dups = sum(1 for n in pairs.values() if n > 1)
    unlisted = sum(1 for m in messages if m.notices is None and m.notice_count)
    received = {(r, m.message_id) for m in messages for r in m.recipients}
    expected = {(address.lower(), email) for address, email, _ in sent if email}
    # Each delivery is one (address, notice) pair; sent twice, its notice would reach the address twice.
    notice_pairs_sent = Counter((address.lower(), notice) for address, _, notice in sent)
    lost_mail = len(expected - received)
    unrecorded_mail = len(received - expected)
    lost_submissions = len(set(recorded_ids) - found)

    figures = {
        "notices": sum(notices.values()),
        "notices_by_state": notices,
        "deliveries": sum(deliveries.values()),
        "deliveries_by_state": deliveries,
        "deliveries_sent": len(sent),
        "emails_sent": len(expected),
        "emails_received": len(messages),
        "emails_received_without_notice_list": unlisted,
        "duplicate_outbox_rows": outbox_dups + key_dups,
        "duplicate_deliveries": delivery_dups + sum(1 for n in notice_pairs_sent.values() if n > 1),
        "duplicate_message_ids_received": id_dups,
        "duplicate_recipient_notice_received": pair_dups,
        "sent_not_received": lost_mail,
        "received_not_recorded_as_sent": unrecorded_mail,
        "sent_without_message_id": sent_without_id,
        "notices_sent_without_delivery": sent_notice_unsent,
        "notices_unsettled": unsettled,
        "deliveries_left_pending": left_pending,
        "submissions_recorded_meanwhile": len(recorded_ids),
        "submissions_lost": lost_submissions,
        "submission_errors": recording.errors,
        "submissions_in_database": submissions_total,
    }
    checks = [
        ("duplicate_outbox_rows", "an outbox row exists twice for (plan, obligation, stage) or key"),
        ("duplicate_deliveries", "a delivery exists or was sent twice for (notice, address)"),
        ("duplicate_message_ids_received", "the SMTP sink received a Message-ID twice"),
        ("duplicate_recipient_notice_received", "the SMTP sink received a (recipient, notice) pair twice"),
        ("sent_not_received", "a delivery marked sent never reached the SMTP sink"),
        ("received_not_recorded_as_sent", "the SMTP sink received an email no sent delivery records"),
        ("sent_without_message_id", "a delivery marked sent has no Message-ID"),
        ("notices_sent_without_delivery", "a notice marked sent has no delivery sent"),
        ("notices_unsettled", "a notice is still pending though all its deliveries are final"),
        ("deliveries_left_pending", "deliveries still pending after the final dispatch"),
        ("submissions_lost", "a submission recorded meanwhile is missing from the database"),
    ]
    for key, what in checks:
        if figures[key]:
            violations.append(f"{key}={figures[key]}: {what}")
    if recording.errors:
        violations.append(f"submission_errors={len(recording.errors)}: {recording.errors[:3]}")
    if figures["emails_received"] == 0:
        violations.append("emails_received=0: nothing was sent, the run proves nothing")
    return figures, violations


# ---------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=2000, help="organisations using labour added (2000)")
    parser.add_argument("--records", type=int, default=40, help="submissions recorded during the runs (40)")
    parser.add_argument("--record-interval", type=float, default=1.0, help="seconds between two records (1)")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 12, 1))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--prefill-days",
        type=int,
        default=1,
        help="first check the working day this many days before, undispatched (1; 0: none)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed for the runs to finish")
    parser.add_argument("--json", type=Path, help="write the figures and violations to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    args = parser.parse_args(argv)

    # SIGTERM unwinds like Ctrl-C, so the cleanup runs.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    work = Path(tempfile.mkdtemp(prefix="dondoc-scale-out-"))
    logs = work / "logs"
    logs.mkdir()
    times: dict[str, float] = {}
    processes = Processes(logs)
    with ExitStack() as stack:
        stack.callback(lambda: None if args.keep else shutil.rmtree(work, ignore_errors=True))
        stack.callback(processes.stop_all)
        try:
            return _run(args, work, logs, times, processes, stack)
        except KeyboardInterrupt:
            console.print("interrupted; stopping every process started")
            return 130
        finally:
            if args.keep:
                console.print(f"logs kept in {work}", markup=False)


def _run(args, work: Path, logs: Path, times: dict, processes: Processes, stack: ExitStack) -> int:
    began = time.monotonic()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DONDOC_", "PREFECT_"))}
    base |= {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "PYTHONUNBUFFERED": "1"}
    bin_dir = Path(sys.executable).parent
    prefect_cli, dondoc_cli = str(bin_dir / "prefect"), str(bin_dir / "dondoc")

    figures_prefill: dict = {}
    admin_url = postgres(stack, base)
    prefect_db, dondoc_db = databases(stack, admin_url)

    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    prefect_env = base | {
        "PREFECT_HOME": str(work / "prefect-home"),
        "PREFECT_API_URL": api_url,
        "PREFECT_UI_API_URL": api_url,
        "PREFECT_API_DATABASE_CONNECTION_URL": prefect_db,
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",  # only the runs started here
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_LOGGING_LEVEL": "INFO",
    }
    server = processes.start(
        "prefect-server",
        [prefect_cli, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        prefect_env,
    )

    recorder = Recorder()
    smtp_port = free_port()
    sink = Controller(recorder, hostname="127.0.0.1", port=smtp_port, data_size_limit=64 * 1024 * 1024)
    sink.start()
    stack.callback(sink.stop)

    dondoc_env = prefect_env | {
        "DONDOC_HOME": str(work / "home"),
        "DONDOC_DATABASE_URL": dondoc_db,
        "DONDOC_PLAN": str(PLAN),
        "DONDOC_DIRECTORY": str(work / "directory.yaml"),
        "DONDOC_MAIL_MODE": "smtp",
        "DONDOC_SMTP_HOST": "127.0.0.1",
        "DONDOC_SMTP_PORT": str(smtp_port),
        "DONDOC_MAIL_RATE_PER_MINUTE": "0",
        "DONDOC_MAIL_BACKOFF_SECONDS": "0.5",
        "DONDOC_MAIL_MAX_BYTES": str(60 * 1024 * 1024),
    }
    if args.as_of.isoweekday() <= 5:  # weekly chasing goes to everyone on the day (none held for another weekday)
        dondoc_env["DONDOC_CHASE_WEEKDAY"] = str(args.as_of.isoweekday())
    step = time.monotonic()
    run([sys.executable, str(ROOT / "benchmarks" / "generate_directory.py"), "--employers", str(args.employers),
         "--seed", str(args.seed), "--output", str(work / "directory.yaml")], dondoc_env, logs / "generate.log")  # fmt: skip
    run([dondoc_cli, "init"], dondoc_env, logs / "init.log")
    run([dondoc_cli, "precondition", "huong-dan-trung-uong", "--met-on", "2023-10-16", "--note", "Thử tải"],
        dondoc_env, logs / "precondition.log")  # fmt: skip
    times["init"] = time.monotonic() - step
    if args.prefill_days:
        # The morning check of the working day before, never dispatched: the two dispatch runs find a full
        # outbox to race for from their first second, while the checks of the day add to it.
        step = time.monotonic()
        for back in range(args.prefill_days, args.prefill_days + 10):
            before = date.fromordinal(args.as_of.toordinal() - back).isoformat()
            said = run([dondoc_cli, "check", "--all", "--as-of", before], dondoc_env, logs / "prefill-check.log")
            if "ngày nghỉ" not in said.splitlines()[0]:  # a day off checks nothing: the day before it
                break
        figures_prefill = {"prefill_check_day": before, "prefill_check_said": said.splitlines()[0]}
        times["prefill_check"] = time.monotonic() - step

    step = time.monotonic()
    wait_healthy(f"{api_url}/health", server, logs / "prefect-server.log")
    times["server_start"] = time.monotonic() - step
    step = time.monotonic()
    prefect_file = work / "prefect.yaml"
    run([dondoc_cli, "deployments", "write", "--work-pool", POOL, "--output", str(prefect_file)], dondoc_env,
        logs / "deployments-write.log")  # fmt: skip
    spec = yaml.safe_load(prefect_file.read_text(encoding="utf-8"))
    for deployment in spec["deployments"]:
        deployment["schedules"] = []  # only the runs started here (missed runs would otherwise start at once)
        if deployment["entrypoint"] == "flows/dispatch.py:dispatch":
            deployment.pop("concurrency_limit", None)  # two dispatch runs at once, kept apart by the claims only
    prefect_file.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run([prefect_cli, "work-pool", "create", POOL, "--type", "process"], dondoc_env, logs / "pool.log")
    run([prefect_cli, "variable", "set", "dondoc_checkout", str(ROOT)], dondoc_env, logs / "variable.log")
    run([prefect_cli, "--no-prompt", "deploy", "--all", "--prefect-file", str(prefect_file)], dondoc_env,
        logs / "deploy.log")  # fmt: skip
    times["deploy"] = time.monotonic() - step

    # Each worker takes at most its share of the concurrent runs, so that every worker runs some.
    items = sum(d["entrypoint"] == "flows/check.py:check_item" for d in spec["deployments"])
    limit = -(-(items + 2) // args.workers)
    for n in range(1, args.workers + 1):
        processes.start(
            f"worker-{n}",
            [
                prefect_cli,
                "worker",
                "start",
                "--pool",
                POOL,
                "--type",
                "process",
                "--name",
                f"scale-out-{n}",
                "--limit",
                str(limit),
            ],  # fmt: skip
            dondoc_env,
        )

    api = Api(api_url)
    deployments = api.deployments()
    checks = [d for d in deployments if d["entrypoint"] == "flows/check.py:check_item"]
    dispatch = next(d for d in deployments if d["entrypoint"] == "flows/dispatch.py:dispatch")
    day = args.as_of.isoformat()
    step = time.monotonic()
    starts = [(d, {"as_of": day}) for d in checks] + [(dispatch, {"as_of": day})] * 2
    barrier = threading.Barrier(len(starts))
    started: list[dict] = [None] * len(starts)

    def start(index: int, deployment: dict, parameters: dict):
        barrier.wait()
        started[index] = Api(api_url).start(deployment, parameters)

    threads = [threading.Thread(target=start, args=(i, d, p)) for i, (d, p) in enumerate(starts)]
    recording = Recording()
    recorder_thread = threading.Thread(
        target=record_meanwhile,
        args=(dondoc_env, dondoc_db, args.as_of, args.records, args.seed, args.record_interval, recording),
        daemon=True,  # an interrupted run does not wait for it
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if any(r is None for r in started):
        raise SystemExit("could not start every flow run")
    recorder_thread.start()
    ids = [r["id"] for r in started]
    runs = wait_for_runs(api, ids, args.timeout)
    recorder_thread.join()
    times["concurrent_runs"] = time.monotonic() - step

    # What the two had to leave to each other (an email whose deliveries the other claimed first is skipped):
    # one more dispatch sends it; after it nothing may be left.
    step = time.monotonic()
    last = api.start(dispatch, {"as_of": day})
    runs += wait_for_runs(api, [last["id"]], args.timeout)
    times["final_dispatch"] = time.monotonic() - step
    dispatch_ids = [r["id"] for r in started[len(checks) :]] + [last["id"]]
    sent_by_run = [_sent(api, run_id) for run_id in dispatch_ids]

    failed = [r for r in runs if r["state_type"] != "COMPLETED"]
    for r in failed:
        console.rule(f"{r['name']}: {r['state_name']}")
        for line in api.logs(r["id"])[-40:]:
            console.print(line, markup=False)
    time.sleep(0.5)  # the sink's last message
    with recorder.lock:
        messages = list(recorder.messages)
    figures, violations = audit(dondoc_db, messages, recording, args.as_of)
    if args.records and not recording.recorded:
        violations.append("submissions_recorded_meanwhile=0: no submission could be recorded during the runs")
    if failed:
        violations.insert(
            0, f"runs_not_completed={len(failed)}: " + ", ".join(f"{r['name']} {r['state_name']}" for r in failed)
        )
    # Prefect's own state is in PostgreSQL: its flow_run table holds every run started here.
    prefect_sync = make_url(prefect_db).set(drivername="postgresql+psycopg")
    prefect_engine = create_engine(prefect_sync)
    with prefect_engine.connect() as connection:
        in_postgres = int(connection.execute(text("select count(*) from flow_run")).scalar())
    prefect_engine.dispose()
    if in_postgres != len(runs):
        violations.append(f"prefect_flow_runs_in_postgresql={in_postgres}: expected {len(runs)}")
    figures["prefect_flow_runs_in_postgresql"] = in_postgres
    per_worker = {f"scale-out-{n}": _submitted(logs / f"worker-{n}.log") for n in range(1, args.workers + 1)}
    figures |= figures_prefill | {
        "employers": args.employers,
        "as_of": day,
        "check_runs": len(checks),
        "dispatch_runs": len(dispatch_ids),
        "emails_sent_by_dispatch_run": sent_by_run,
        "runs_completed": sum(r["state_type"] == "COMPLETED" for r in runs),
        "runs_failed": len(failed),
        "workers": args.workers,
        "runs_per_worker": per_worker,
        "times_seconds": {k: round(v, 1) for k, v in times.items()} | {"total": round(time.monotonic() - began, 1)},
        "violations": violations,
    }
    show(figures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    for violation in violations:
        console.print(f"[bold red]VIOLATION[/] {violation}", highlight=False)
    if not violations:
        console.print("[bold green]no duplicate, no loss[/]")
    return 1 if violations else 0


def _sent(api: Api, run_id: str) -> int | None:
    """What a dispatch run says it sent ("Đã gửi N thư, …" in its log; logs reach the server in batches)."""
    for _ in range(20):
        for line in api.logs(run_id):
            if "Đã gửi " in line:
                return int(line.split("Đã gửi ", 1)[1].split()[0])
        time.sleep(0.5)
    return None


def _submitted(log: Path) -> int:
    """How many flow runs a worker took (its log says so once per run)."""
    if not log.exists():
        return 0
    return sum("submitted to infrastructure" in line for line in log.read_text(errors="replace").splitlines())


def show(figures: dict) -> None:
    table = Table(title=f"Scale-out: {figures['employers']} employers, as of {figures['as_of']}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    rows = [
        ("checked the day before, undispatched", figures.get("prefill_check_said", "-")),
        ("flow runs: checks + dispatches", f"{figures['check_runs']} + {figures['dispatch_runs']}"),
        ("emails sent by each dispatch run", " + ".join(str(n) for n in figures["emails_sent_by_dispatch_run"])),
        ("runs completed / failed", f"{figures['runs_completed']} / {figures['runs_failed']}"),
        ("flow runs in Prefect's PostgreSQL", str(figures["prefect_flow_runs_in_postgresql"])),
        ("workers (runs each)", f"{figures['workers']} ({', '.join(map(str, figures['runs_per_worker'].values()))})"),
        ("notices (outbox rows)", str(figures["notices"])),
        ("notices by state", ", ".join(f"{k} {v}" for k, v in sorted(figures["notices_by_state"].items()))),
        ("deliveries by state", ", ".join(f"{k} {v}" for k, v in sorted(figures["deliveries_by_state"].items()))),
        ("emails sent (outbox)", str(figures["emails_sent"])),
        ("emails received (sink)", str(figures["emails_received"])),
        ("submissions recorded meanwhile", str(figures["submissions_recorded_meanwhile"])),
    ]
    for key in (
        "duplicate_outbox_rows", "duplicate_deliveries", "duplicate_message_ids_received",
        "duplicate_recipient_notice_received", "sent_not_received", "received_not_recorded_as_sent",
        "notices_unsettled", "deliveries_left_pending", "submissions_lost",
    ):  # fmt: skip
        rows.append((key.replace("_", " "), str(figures[key])))
    rows += [(f"time: {k}", f"{v} s") for k, v in figures["times_seconds"].items()]
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)


if __name__ == "__main__":
    sys.exit(main())
