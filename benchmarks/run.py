"""dondoc's benchmarks at national scale: one command, one table.

    python -m benchmarks.run --size tiny|small|full [--seed 1] [--workdir var/benchmarks] [--profile STEP]

Generates the national data set (benchmarks/national.py), then runs each step in a subprocess of its own
(its peak memory is that process's ru_maxrss) on SQLite, for one day (`--as-of`, 1/4/2027: the first working
day five working days after the first quarter of 2027 closed;
the morning before is checked and marked sent beforehand, so the day's notices are that day's, not years'):

  validate         load and check every plan file against the directory (what `dondoc plan validate` does)
  init             migrate and load every plan, the directory and the obligations (`dondoc init`)
  status           status_as_of for every obligation of every plan (tracking/status.py)
  decide           the day's decision for every obligation (tracking/escalation.py decide)
  outbox           the morning check, writing the outbox (service_layer/actions.py morning_check)
  deliver          render and send the day's digests to an aiosmtpd server on loopback (notifications/delivery.py)
  report           the yearly report of every plan with its full annex (service_layer/reporting.py draft_report)

and the reference points, measured in the same run:

  naive-prefect    one Prefect @task per obligation (prefect_test_harness), on 2,000 obligations
  floor-sql        one bare SQL query computing the status counts
  floor-smtp       plain smtplib sending the very messages of `deliver` over one connection to the same server

Timings are of the work itself: a step's interpreter start and the reading of the plan files (the
`validate` row) are not counted again in the other rows. Results go to WORKDIR/results-SIZE.json; when
the results of another size are there too, the table ends with each step's growth exponent between them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import smtplib
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {
    # provinces, organisations using labour per province, obligations for the naive design
    "tiny": (1, 5, 20),
    "small": (34, 50, 2000),
    "full": (34, 500, 2000),
}
AS_OF = date(2027, 4, 7)  # a Wednesday: +5 working days after the first quarter's deadline (31/3)
REPORT_YEAR = 2026
STEPS = ["validate", "init", "seed", "status", "decide", "outbox", "deliver", "floor-smtp", "report", "floor-sql",
         "naive-prefect"]  # fmt: skip
LABELS = {
    "validate": "validate (load and check every plan)",
    "init": "init (schema, directory, obligations)",
    "seed": "setup: seeded reports, day before sent",
    "status": "status of every obligation",
    "decide": "daily decision for every obligation",
    "outbox": "morning check, writing the outbox",
    "deliver": "render and deliver digests (SMTP)",
    "floor-smtp": "floor: plain smtplib, same messages",
    "report": "yearly report + full annex, every plan",
    "floor-sql": "floor: one SQL query, status counts",
    "naive-prefect": "naive Prefect: one task per obligation",
}
MEMORY_LIMIT_MB = 500


# ---------------------------------------------------------------- the steps (each in its own process)


def _app():
    from service_layer.bootstrap import App, Settings

    app = App(Settings.from_env())
    app.catalogue  # noqa: B018 (read the files before the clock starts)
    app.calendar  # noqa: B018
    return app


def step_validate(work: Path, args) -> dict:
    from service_layer.bootstrap import App, Settings

    app = App(Settings.from_env())
    start = time.perf_counter()
    catalogue = app.catalogue
    seconds = time.perf_counter() - start
    if catalogue.refused:
        raise SystemExit(f"refused plans: {catalogue.refused}")
    return {"seconds": seconds, "work": len(catalogue.directory.agencies), "unit": "agencies",
            "detail": f"{len(catalogue.plans)} plans"}  # fmt: skip


def step_init(work: Path, args) -> dict:
    from cli.tracking_commands import initialise

    app = _app()
    start = time.perf_counter()
    changes = initialise(app)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "work": changes[("obligation", "added")], "unit": "obligations"}


def step_seed(work: Path, args) -> dict:
    """Reports for most obligations, seeded: 75 % done on time, 10 % late, 5 % in progress, 10 % silent."""
    from sqlalchemy import text

    app = _app()
    rng = random.Random(args.seed)
    start = time.perf_counter()
    rows = []
    with app.engine.begin() as conn:
        obligations = conn.execute(
            text("SELECT id, deadline, visible_from FROM obligations WHERE active AND visible_from <= :d ORDER BY id"),
            {"d": AS_OF},
        ).all()
        for oid, deadline, visible in obligations:
            deadline = date.fromisoformat(str(deadline)) if deadline else None
            visible = date.fromisoformat(str(visible))
            r = rng.random()
            if deadline is None or deadline > AS_OF:
                if r < 0.3:
                    rows.append((oid, "hoan-thanh", visible + timedelta(days=rng.randint(0, 20))))
                continue
            if r < 0.75:
                day = max(visible, deadline - timedelta(days=rng.randint(0, 20)))
                rows.append((oid, "hoan-thanh", day))
            elif r < 0.85:
                rows.append((oid, "hoan-thanh", min(AS_OF, deadline + timedelta(days=rng.randint(1, 40)))))
            elif r < 0.90:
                rows.append((oid, "dang-thuc-hien", min(AS_OF, deadline)))
        conn.execute(
            text(
                "INSERT INTO submissions (obligation_id, state, reported_on, recorded_by, source, recorded_at) "
                "VALUES (:o, :s, :d, 'benchmark', 'import', CURRENT_TIMESTAMP)"
            ),
            [{"o": o, "s": s, "d": min(d, AS_OF)} for o, s, d in rows],
        )
    seconds = time.perf_counter() - start
    # The morning before: checked and sent, so that the benchmark's day carries its own notices only.
    from service_layer.actions import morning_check

    before = app.calendar.add_working_days(AS_OF, -1)
    warm = morning_check(app, before)
    with app.engine.begin() as conn:
        conn.execute(text("UPDATE outbox SET state = 'sent', sent_at = CURRENT_TIMESTAMP"))
        conn.execute(text("UPDATE outbox_deliveries SET state = 'sent'"))
    return {"seconds": seconds, "work": len(rows), "unit": "reports",
            "detail": f"and {len(warm.added)} notices of {before:%d/%m} marked sent"}  # fmt: skip


def _statuses(app):
    from tracking.database import transaction
    from tracking.status import status_as_of

    with transaction(app.engine) as session:
        return {n: status_as_of(session, n, AS_OF) for n in app.plans}


def step_status(work: Path, args) -> dict:
    from collections import Counter

    app = _app()
    start = time.perf_counter()
    statuses = _statuses(app)
    seconds = time.perf_counter() - start
    counts = Counter(s.state.value for rows in statuses.values() for s in rows)
    (work / "status-counts.json").write_text(json.dumps(dict(sorted(counts.items()))), encoding="utf-8")
    return {"seconds": seconds, "work": sum(counts.values()), "unit": "obligations",
            "detail": ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))}  # fmt: skip


def step_decide(work: Path, args) -> dict:
    from tracking.database import transaction
    from tracking.escalation import decide

    app = _app()
    statuses = _statuses(app)
    start = time.perf_counter()
    decisions = 0
    with transaction(app.engine) as session:
        for number, rows in statuses.items():
            policy = app.plans[number].plan.escalation
            decisions += len(decide(session, number, policy, app.calendar, AS_OF, rows))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "work": sum(len(r) for r in statuses.values()), "unit": "obligations",
            "detail": f"{decisions} notices due"}  # fmt: skip


def step_outbox(work: Path, args) -> dict:
    from service_layer.actions import morning_check

    app = _app()
    start = time.perf_counter()
    result = morning_check(app, AS_OF)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "work": len(result.statuses), "unit": "obligations",
            "detail": f"{len(result.added)} notices written"}  # fmt: skip


def step_deliver(work: Path, args) -> dict:
    from service_layer.actions import deliver

    app = _app()
    start = time.perf_counter()
    result = deliver(app, AS_OF)
    seconds = time.perf_counter() - start
    sent = result.sent
    detail = (
        f"failed {result.failed}, too large {result.too_large}, deferred {result.deferred}, "
        f"pending {result.pending}" + (f", stopped: {result.stopped}" if result.stopped else "")
    )
    return {"seconds": seconds, "work": sent, "unit": "emails", "detail": detail}


def step_floor_smtp(work: Path, args) -> dict:
    spool = sorted((work / "spool").glob("*.json"))
    messages = [json.loads(p.read_text(encoding="utf-8")) for p in spool]
    payloads = [(m["from"], m["to"], (work / "spool" / m["file"]).read_bytes()) for m in messages]
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", args.smtp_port) as smtp:
        for sender, to, data in payloads:
            smtp.sendmail(sender, to, data)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "work": len(payloads), "unit": "emails",
            "detail": f"{sum(len(d) for _, _, d in payloads) / 1e6:.1f} MB, largest email "
                      f"{max((len(d) for _, _, d in payloads), default=0) / 1e3:.0f} kB"}  # fmt: skip


def step_report(work: Path, args) -> dict:
    from reports.period import ReportPeriod
    from service_layer.reporting import draft_report

    app = _app()
    period = ReportPeriod.year(REPORT_YEAR)
    start = time.perf_counter()
    rows, largest = 0, (0.0, 0, "")
    for scoped in app.each_plan():
        began = time.perf_counter()
        draft = draft_report(scoped, period, AS_OF, out_dir=work / "reports" / scoped.plan_number.replace("/", "-"))
        took = time.perf_counter() - began
        rows += draft.figures.total.total
        largest = max(largest, (took, draft.figures.total.total, scoped.plan_number))
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "work": rows,
        "unit": "annex rows",
        "detail": f"{len(app.plans)} reports; largest {largest[2]}: {largest[1]} rows in {largest[0]:.1f} s",
    }


FLOOR_SQL = """
WITH done AS (
    SELECT obligation_id, MIN(reported_on) AS day FROM submissions
    WHERE state = 'hoan-thanh' AND reported_on <= :d AND rejected_on IS NULL GROUP BY obligation_id
)
SELECT CASE
         WHEN o.deadline IS NULL THEN 'khong-thoi-han'
         WHEN done.day IS NOT NULL AND done.day <= o.deadline THEN 'hoan-thanh-dung-han'
         WHEN done.day IS NOT NULL THEN 'hoan-thanh-qua-han'
         WHEN o.deadline >= :d THEN 'chua-hoan-thanh-trong-han'
         ELSE 'chua-hoan-thanh-qua-han' END AS state,
       COUNT(*)
FROM obligations o JOIN items i ON i.id = o.item_id LEFT JOIN done ON done.obligation_id = o.id
WHERE o.active AND i.active AND o.visible_from <= :d
GROUP BY 1
"""


def step_floor_sql(work: Path, args) -> dict:
    from sqlalchemy import text

    app = _app()
    start = time.perf_counter()
    with app.engine.connect() as conn:
        counts = dict(conn.execute(text(FLOOR_SQL), {"d": AS_OF}).all())
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "work": sum(counts.values()), "unit": "obligations",
            "detail": "(ignores preconditions and ended bodies)"}  # fmt: skip


def step_naive_prefect(work: Path, args) -> dict:
    """The design DESIGN.md warns against: one Prefect task per obligation, each with its own query."""
    from prefect import flow, task
    from prefect.testing.utilities import prefect_test_harness
    from sqlalchemy import text

    from tracking.rules.states import state_on

    app = _app()
    with app.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM obligations WHERE active ORDER BY id LIMIT :n"),
                                          {"n": args.naive})]  # fmt: skip

    @task
    def state_of(oid: int) -> str:
        with app.engine.connect() as conn:
            deadline, done = conn.execute(
                text(
                    "SELECT o.deadline, (SELECT MIN(reported_on) FROM submissions s WHERE s.obligation_id = o.id "
                    "AND s.state = 'hoan-thanh' AND s.reported_on <= :d) FROM obligations o WHERE o.id = :i"
                ),
                {"i": oid, "d": AS_OF},
            ).one()

        def as_date(value):
            return date.fromisoformat(str(value)) if value else None

        return state_on(AS_OF, deadline=as_date(deadline), completed_on=as_date(done), gated=False,
                        agency_ended=None).value  # fmt: skip

    @flow
    def naive(ids: list[int]) -> int:
        return len([f.result() for f in [state_of.submit(i) for i in ids]])

    with prefect_test_harness(server_startup_timeout=120):
        start = time.perf_counter()
        n = naive(ids)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "work": n, "unit": "obligations"}


def run_step(name: str, work: Path, args) -> None:
    fn = globals()["step_" + name.replace("-", "_")]
    if args.profile == name:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        result = profiler.runcall(fn, work, args)
        with (work / f"profile-{name}.txt").open("w", encoding="utf-8") as out:
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    else:
        result = fn(work, args)
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)


# ---------------------------------------------------------------- the controller


class Spool:
    """An aiosmtpd handler that keeps every message it accepts on disk, so the floor can send the same ones."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        self.keeping = True
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            if self.keeping:
                self.count += 1
                name = f"{self.count:07d}"
                (self.folder / f"{name}.eml").write_bytes(envelope.original_content or envelope.content)
                meta = {"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "file": f"{name}.eml"}
                (self.folder / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
        return "250 OK"


def _run_child(name, work, env, args) -> dict:
    """Run one step in a process of its own; wait4 gives that process's peak memory (ru_maxrss)."""
    command = [sys.executable, "-m", "benchmarks.run", "--step", name, "--workdir", str(work),
               "--seed", str(args.seed), "--smtp-port", str(args.smtp_port), "--naive", str(args.naive)]  # fmt: skip
    if args.profile:
        command += ["--profile", args.profile]
    out_path, err_path = work / f"step-{name}.out", work / f"step-{name}.err"
    began = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - began
    if process.returncode != 0:
        raise SystemExit(f"step {name} failed ({process.returncode}):\n{err_path.read_text(errors='replace')[-4000:]}")
    lines = [x for x in out_path.read_text(encoding="utf-8").splitlines() if x.startswith("RESULT ")]
    result = json.loads(lines[-1].removeprefix("RESULT "))
    result.update(wall=wall, peak_mb=usage.ru_maxrss / 1024)
    return result


def targets(results: dict) -> list[tuple[str, str, bool | None]]:
    """The issue's targets, each with what was measured and whether it is met."""
    r = results
    out = []
    both = r["status"]["seconds"] + r["decide"]["seconds"]
    n = r["status"]["work"]
    out.append((f"status + decision for {n} obligations ≤ 1 s", f"{both:.2f} s", both <= 1.0 if n >= 150_000 else None))
    rate = r["deliver"]["work"] / r["deliver"]["seconds"] if r["deliver"]["seconds"] else 0
    floor = r["floor-smtp"]["work"] / r["floor-smtp"]["seconds"] if r["floor-smtp"]["seconds"] else 0
    out.append(("delivery ≥ ½ of plain smtplib's rate", f"{rate:.1f} vs {floor:.1f} emails/s",
                rate >= floor / 2 if floor else None))  # fmt: skip
    out.append(
        ("yearly report with full annex ≤ 30 s", f"{r['report']['seconds']:.1f} s", r["report"]["seconds"] <= 30)
    )
    peak = max(v["peak_mb"] for k, v in r.items() if k in STEPS and k != "naive-prefect")
    out.append((f"peak memory of any step < {MEMORY_LIMIT_MB} MB", f"{peak:.0f} MB", peak < MEMORY_LIMIT_MB))
    ours = both / max(1, n)
    naive = r["naive-prefect"]["seconds"] / max(1, r["naive-prefect"]["work"])
    out.append(("≥ 100× faster per obligation than naive Prefect", f"{naive / ours:.0f}× ({ours * 1e6:.1f} µs vs "
                f"{naive * 1e3:.1f} ms)", naive / ours >= 100))  # fmt: skip
    return out


def growth(current: dict, other: dict) -> dict[str, float]:
    """log(t2/t1) / log(w2/w1) per step, the work being the obligations loaded (1 = linear)."""
    w1, w2 = other["init"]["work"], current["init"]["work"]
    if w1 == w2 or not w1:
        return {}
    out = {}
    for step in STEPS:
        if step in current and step in other and other[step]["seconds"] > 0 and current[step]["seconds"] > 0:
            out[step] = math.log(current[step]["seconds"] / other[step]["seconds"]) / math.log(w2 / w1)
    return out


def print_table(size: str, results: dict, other: tuple[str, dict] | None) -> None:
    from rich.console import Console
    from rich.table import Table

    exponents = growth(results, other[1]) if other else {}
    table = Table(title=f"dondoc benchmarks, size {size}, as of {AS_OF:%d/%m/%Y}, SQLite, {os.cpu_count()} CPUs")
    table.add_column("step")
    table.add_column("work", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("per unit", justify="right")
    table.add_column("peak MB", justify="right")
    if exponents:
        table.add_column(f"growth vs {other[0]}", justify="right")
    table.add_column("notes")
    for step in STEPS:
        r = results[step]
        per = r["seconds"] / r["work"] if r["work"] else 0
        per_text = f"{per * 1e3:.3f} ms" if per >= 1e-3 else f"{per * 1e6:.1f} µs"
        row = [LABELS[step], f"{r['work']:,} {r['unit']}", f"{r['seconds']:.2f}", per_text, f"{r['peak_mb']:.0f}"]
        if exponents:
            row.append(f"{exponents[step]:.2f}" if step in exponents else "")
        row.append(r.get("detail", ""))
        table.add_row(*row)
    console = Console(width=200)
    console.print(table)
    checks = Table(title="targets of issue 16")
    checks.add_column("target")
    checks.add_column("measured")
    checks.add_column("met")
    for name, measured, met in targets(results):
        checks.add_row(name, measured, {True: "yes", False: "NO", None: "n/a at this size"}[met])
    console.print(checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "benchmarks")
    parser.add_argument("--profile", choices=STEPS, default=None, help="write a cProfile excerpt of this step")
    parser.add_argument("--step", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--smtp-port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--naive", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        run_step(args.step, args.workdir, args)
        return 0
    return run_all(args)


def run_all(args) -> int:
    import shutil

    from aiosmtpd.controller import Controller

    from benchmarks.national import generate

    provinces, employers, naive = SIZES[args.size]
    args.naive = args.naive or naive
    work = (args.workdir / args.size).resolve()
    if work.exists():
        shutil.rmtree(work)
    (work / "spool").mkdir(parents=True)
    began = time.perf_counter()
    manifest = generate(work / "data", seed=args.seed, employers=employers, provinces=provinces)
    generated = time.perf_counter() - began
    print(f"generated {manifest} in {generated:.1f} s", file=sys.stderr)

    spool = Spool(work / "spool")
    import socket

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        args.smtp_port = probe.getsockname()[1]
    controller = Controller(spool, hostname="127.0.0.1", port=args.smtp_port)
    controller.start()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")
    } | {
        "DONDOC_HOME": str(work / "home"),
        "DONDOC_DIRECTORY": str(work / "data" / "directory.json"),
        "DONDOC_PLANS": str(work / "data" / "plans"),
        "DONDOC_TODAY": AS_OF.isoformat(),
        "DONDOC_MAIL_MODE": "smtp",
        "DONDOC_SMTP_HOST": "127.0.0.1",
        "DONDOC_SMTP_PORT": str(args.smtp_port),
        "DONDOC_MAIL_RATE_PER_MINUTE": "0",
        "DONDOC_MAIL_BACKOFF_SECONDS": "0",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }  # fmt: skip
    results: dict = {}
    try:
        for step in STEPS:
            if step == "floor-smtp":
                spool.keeping = False  # the floor sends the messages of `deliver` again: keep them once
            print(f"… {step}", file=sys.stderr, flush=True)
            results[step] = _run_child(step, work, env, args)
    finally:
        controller.stop()
    results["generate"] = {"seconds": generated, **manifest}
    (args.workdir / f"results-{args.size}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    other = None
    for name in SIZES:
        path = args.workdir / f"results-{name}.json"
        if name != args.size and path.exists():
            other = (name, json.loads(path.read_text()))
    if other and other[0] == "tiny" and (args.workdir / "results-small.json").exists() and args.size == "full":
        other = ("small", json.loads((args.workdir / "results-small.json").read_text()))
    print_table(args.size, results, other)
    return 0


if __name__ == "__main__":
    sys.exit(main())
