"""Issue 14's check: replay the shipped plan over years with mail to a real SMTP sink, then audit it.

    python -m benchmarks.audit_replay [--from 2023-09-15] [--to 2026-12-01] [--out DIR] [--reuse]

1. `dondoc simulate` over the span (reference plan only, DONDOC_PLAN), mail delivered over SMTP to an
   aiosmtpd server on loopback that keeps every message it accepts as a .eml file with its envelope.
2. From the outbox database and the mail received: the most emails an address received in one ISO week
   and in one calendar year (and who), the distribution per address per year, the chasing emails per
   address per week (issue 14: at most one), the leadership's copies (one weekly summary), repeats per
   obligation, threading (every email that follows an earlier one about the same obligation carries
   In-Reply-To/References naming Message-IDs actually received earlier), each (obligation, stage) once,
   nothing pending-lost at the end, every sent delivery received and nothing received twice.
3. The yearly reports of 2024 and 2025 (the drafts the replay made on the report day, and drafts by
   `dondoc report --year Y --as-of Y-12-31`), recomputed from `dondoc status --json --as-of CUT-OFF`:
   the per-item counts of the Word report (python-docx) and of the annex (openpyxl) against the status
   rows, earlier years' obligations still open in their own section, undated completions apart.
4. Each report's .docx rendered by LibreOffice (`soffice --headless --convert-to pdf`), its text read
   with pdftotext and its first page as a PNG (pdftoppm) for a person to look at.

Prints a table of the figures, writes them to DIR/figures.json, and exits 1 naming every violation.
`--reuse` audits a replay already in DIR without running it again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "plan_definition" / "data" / "plans" / "ke-hoach-86-kh-ubnd-2023.yaml"
LEADERSHIP = "lanhdao@so-noi-vu.travinh.example"
CHASING = ("escalation", "chain")
AUDITED_YEARS = (2024, 2025)


# --------------------------------------------------------------------------------------------- the replay


class Keeper:
    """An aiosmtpd handler that keeps every accepted message on disk with its envelope recipients."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.count += 1
            name = f"{self.count:07d}"
            (self.folder / f"{name}.eml").write_bytes(envelope.original_content or envelope.content)
            meta = {"from": envelope.mail_from, "to": list(envelope.rcpt_tos)}
            (self.folder / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    return env | {
        "DONDOC_HOME": str(home),
        "DONDOC_PLAN": str(REFERENCE),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        # the temporary Prefect server `simulate` starts takes longer than the default 20 s on a busy machine
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": env.get(
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"
        ),
    }


def dondoc(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "import cli; cli.main()", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)


def run_replay(out: Path, start: date, end: date, seed: int) -> float:
    from aiosmtpd.controller import Controller

    for sub in ("sim", "mail"):
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "mail").mkdir(parents=True)
    port = free_port()
    controller = Controller(Keeper(out / "mail"), hostname="127.0.0.1", port=port, ready_timeout=30)
    controller.start()
    env = base_env(out / "sim") | {
        "DONDOC_MAIL_MODE": "smtp",
        "DONDOC_SMTP_HOST": "127.0.0.1",
        "DONDOC_SMTP_PORT": str(port),
        "DONDOC_MAIL_RATE_PER_MINUTE": "0",
        "DONDOC_MAIL_BACKOFF_SECONDS": "0",
    }
    began = time.perf_counter()
    try:
        done = dondoc(
            "simulate", "--from", start.isoformat(), "--to", end.isoformat(), "--seed", str(seed),
            "--home", str(out / "sim"), env=env,
        )  # fmt: skip
    finally:
        controller.stop()
    seconds = time.perf_counter() - began
    (out / "simulate.out").write_text(done.stdout + "\n" + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        sys.exit(f"dondoc simulate failed ({done.returncode}); see {out / 'simulate.out'}")
    return seconds


# --------------------------------------------------------------------------------------------- the mail


@dataclass
class Audit:
    figures: dict = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self, ok: bool, violation: str) -> None:
        if not ok:
            self.violations.append(violation)


@dataclass(frozen=True)
class Received:
    message_id: str
    day: date
    rcpt: tuple[str, ...]
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str


def received_mail(folder: Path) -> list[Received]:
    mails = []
    for path in sorted(folder.glob("*.eml")):
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        reply = message["In-Reply-To"]
        mails.append(
            Received(
                message_id=str(message["Message-ID"]).strip(),
                day=date.fromisoformat(str(message["X-Dondoc-Day"]).strip()),
                rcpt=tuple(a.lower() for a in meta["to"]),
                in_reply_to=str(reply).strip() if reply is not None else None,
                references=tuple(str(message["References"] or "").split()),
                subject=str(message["Subject"]),
            )
        )
    return mails


def outbox_rows(database: Path) -> list[dict]:
    from sqlalchemy import create_engine, select

    from tracking.models import ItemRow, ObligationRow, OutboxDeliveryRow, OutboxRow

    engine = create_engine(f"sqlite:///{database}")
    query = (
        select(
            OutboxDeliveryRow.address,
            OutboxDeliveryRow.state,
            OutboxDeliveryRow.email_message_id,
            OutboxRow.id,
            OutboxRow.key,
            OutboxRow.kind,
            OutboxRow.stage,
            OutboxRow.obligation_id,
            OutboxRow.decided_on,
            OutboxRow.context,
            ItemRow.plan_number,
            ItemRow.code,
            ObligationRow.agency_code,
            ObligationRow.period,
        )
        .join(OutboxRow, OutboxDeliveryRow.outbox_id == OutboxRow.id)
        .outerjoin(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
        .outerjoin(ItemRow, ObligationRow.item_id == ItemRow.id)
    )
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(query)]
    engine.dispose()
    for r in rows:
        r["address"] = r["address"].lower()
    return rows


def quantiles(values: list[int]) -> dict:
    if not values:
        return {}
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
    return {"n": len(values), "min": values[0], "median": statistics.median(values), "p90": pick(0.9),
            "p99": pick(0.99), "max": values[-1]}  # fmt: skip


def audit_mail(out: Path, end: date, audit: Audit) -> None:
    mails = received_mail(out / "mail")
    deliveries = outbox_rows(out / "sim" / "dondoc.db")
    by_id = {m.message_id: m for m in mails}
    figures = audit.figures
    figures["emails_received"] = len(mails)
    figures["deliveries"] = len(deliveries)
    figures["notices"] = len({d["id"] for d in deliveries})
    audit.check(len(by_id) == len(mails), f"{len(mails) - len(by_id)} Message-IDs received more than once")

    # Every sent delivery arrived at its address, in the email the outbox names; nothing arrived unrecorded.
    recorded = {(d["address"], d["email_message_id"]) for d in deliveries if d["state"] == "sent"}
    arrived = {(a, m.message_id) for m in mails for a in m.rcpt}
    missing, unknown = recorded - arrived, arrived - recorded
    audit.check(not missing, f"{len(missing)} sent deliveries never received, e.g. {sorted(missing)[:2]}")
    audit.check(not unknown, f"{len(unknown)} received (address, email) pairs not in the outbox: {sorted(unknown)[:2]}")

    # What each email carried to each address.
    carried: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for d in deliveries:
        if d["state"] == "sent":
            carried[(d["address"], d["email_message_id"])].append(d)

    # Emails per address per ISO week and per calendar year.
    week, year, chasing_week = Counter(), Counter(), Counter()
    for m in mails:
        for a in m.rcpt:
            week[(a, m.day.isocalendar()[:2])] += 1
            year[(a, m.day.year)] += 1
            if any(d["kind"] in CHASING for d in carried.get((a, m.message_id), [])):
                chasing_week[(a, m.day.isocalendar()[:2])] += 1
    for name, counter in (("week", week), ("year", year), ("chasing_week", chasing_week)):
        (who, when), most = max(counter.items(), key=lambda kv: (kv[1], kv[0])) if counter else ((None, None), 0)
        figures[f"max_emails_per_address_{name}"] = {"count": most, "address": who, "when": str(when)}
        figures[f"addresses_at_max_{name}"] = sum(1 for n in counter.values() if n == most)
    years = sorted({y for _, y in year})
    figures["emails_per_address_per_year"] = {
        str(y): quantiles([n for (a, yy), n in year.items() if yy == y]) for y in years
    }
    figures["top_addresses_per_year"] = {
        str(y): [(a, n) for (a, yy), n in sorted(year.items(), key=lambda kv: -kv[1]) if yy == y][:5] for y in years
    }
    over = [k for k, n in chasing_week.items() if n > 1]
    audit.check(not over, f"{len(over)} (address, week) pairs with more than one chasing email, e.g. {over[:3]}")
    lead_weeks = Counter(
        m.day.isocalendar()[:2]
        for m in mails
        if LEADERSHIP in m.rcpt and any(d["kind"] in CHASING for d in carried.get((LEADERSHIP, m.message_id), []))
    )
    lead_copies = sum(1 for d in deliveries if d["address"] == LEADERSHIP and d["kind"] in CHASING)
    figures["leadership"] = {
        "address": LEADERSHIP,
        "emails": sum(1 for m in mails if LEADERSHIP in m.rcpt),
        "chasing_copies": lead_copies,
        "weeks_with_copies": len(lead_weeks),
        "max_copy_emails_in_a_week": max(lead_weeks.values(), default=0),
        "emails_per_year": {str(y): year.get((LEADERSHIP, y), 0) for y in years},
    }
    audit.check(max(lead_weeks.values(), default=0) <= 1, "the leadership got more than one summary of copies a week")

    # Repeats per obligation: head repeats (escalation stages after the first) and all notices.
    notices = {d["id"]: d for d in deliveries}.values()
    escalations = Counter(n["obligation_id"] for n in notices if n["kind"] == "escalation")
    per_obligation = Counter(n["obligation_id"] for n in notices if n["obligation_id"] is not None)
    repeats = [n - 1 for n in escalations.values()]
    worst = max(escalations, key=lambda o: escalations[o]) if escalations else None
    worst_row = next((n for n in notices if n["obligation_id"] == worst), None)
    figures["repeats_per_obligation"] = {
        "obligations_escalated": len(escalations),
        "head_repeats": quantiles(repeats),
        "notices_per_obligation": quantiles(list(per_obligation.values())),
        "worst": None
        if worst_row is None
        else {
            "item": worst_row["code"],
            "agency": worst_row["agency_code"],
            "period": worst_row["period"],
            "stages": sorted((n["decided_on"].isoformat(), n["stage"]) for n in notices if n["obligation_id"] == worst),
        },
    }

    # Each (plan, obligation, stage) once; each key once.
    stages = Counter((n["plan_number"], n["obligation_id"], n["stage"]) for n in notices if n["obligation_id"])
    twice = [k for k, v in stages.items() if v > 1]
    audit.check(not twice, f"{len(twice)} (plan, obligation, stage) decided twice, e.g. {twice[:3]}")
    keys = Counter(n["key"] for n in notices)
    audit.check(max(keys.values(), default=1) == 1, "an outbox key appears twice")
    # The same notice delivered to the same address in two emails.
    again = Counter((d["address"], d["id"]) for d in deliveries if d["state"] == "sent")
    audit.check(max(again.values(), default=1) == 1, "a notice reached an address twice")

    # Nothing lost: at the end only chasing held for its weekday is pending, and for less than a week.
    end_states = Counter(d["state"] for d in deliveries)
    figures["delivery_states_at_end"] = dict(end_states)
    stuck = [
        d
        for d in deliveries
        if d["state"] in ("pending", "sending", "failed")
        and not (d["state"] == "pending" and d["kind"] in CHASING and (end - d["decided_on"]).days < 7)
    ]
    audit.check(
        not stuck,
        f"{len(stuck)} deliveries pending-lost, failed or stuck at the end, e.g. "
        + "; ".join(f"{d['state']} {d['kind']} {d['stage']} {d['decided_on']} → {d['address']}" for d in stuck[:3]),
    )

    # Threading: an email that follows one already received by the address about the same obligation
    # replies to it, and References names only Message-IDs the address actually received earlier.
    received_by: dict[str, list[Received]] = defaultdict(list)
    for m in mails:
        for a in m.rcpt:
            received_by[a].append(m)
    threaded = unthreaded = bad_refs = stray = 0
    examples: list[str] = []
    for address, got in received_by.items():
        got.sort(key=lambda m: (m.day, m.message_id))
        seen_about: dict[int, list[str]] = defaultdict(list)
        seen: set[str] = set()
        for m in got:
            about = {d["obligation_id"] for d in carried.get((address, m.message_id), []) if d["obligation_id"]}
            earlier = [mid for o in about for mid in seen_about[o]]
            if earlier:
                if m.in_reply_to in earlier and set(m.references) <= seen and m.references:
                    threaded += 1
                else:
                    unthreaded += 1
                    if len(examples) < 3:
                        examples.append(f"{address} {m.day} {m.subject[:60]!r} In-Reply-To={m.in_reply_to}")
            elif m.in_reply_to or m.references:
                if not (set(m.references) | {m.in_reply_to} - {None}) <= seen:
                    stray += 1
            if m.references and not set(m.references) <= seen:
                bad_refs += 1
            for o in about:
                seen_about[o].append(m.message_id)
            seen.add(m.message_id)
    figures["threading"] = {
        "follow_ups": threaded + unthreaded,
        "threaded": threaded,
        "unthreaded": unthreaded,
        "references_to_mail_not_received_earlier": bad_refs,
        "replies_without_earlier_mail_about_it": stray,
    }
    audit.check(unthreaded == 0, f"{unthreaded} follow-up emails not threaded, e.g. {examples}")
    audit.check(bad_refs == 0, f"{bad_refs} emails reference Message-IDs the address had not received earlier")


# --------------------------------------------------------------------------------------------- the reports

COUNT_HEADERS = {  # Word table header / annex column → the count recomputed from status
    "Tổng số": "total",
    "HT đúng hạn": "done_on_time",
    "Hoàn thành đúng hạn": "done_on_time",
    "HT quá hạn": "done_late",
    "Hoàn thành quá hạn": "done_late",
    "HT không thời hạn": "done_undated",
    "Hoàn thành (không quy định thời hạn)": "done_undated",
    "Chưa HT, trong hạn": "open_within",
    "Chưa hoàn thành – trong hạn": "open_within",
    "Chưa HT, quá hạn": "open_overdue",
    "Chưa hoàn thành – quá hạn": "open_overdue",
    "Chờ điều kiện": "waiting",
    "Chưa HT, không thời hạn": "no_deadline",
    "Chưa hoàn thành – không quy định thời hạn": "no_deadline",
    "HT trong kỳ báo cáo": "done",
    "Đã hoàn thành": "reported",  # the annex: completions of obligations with a deadline (Counts.reported)
    "Phải HT": "expected",
    "Phải hoàn thành (có thời hạn)": "expected",
}


def counts(rows: list[dict]) -> dict[str, int]:
    c = Counter()
    for r in rows:
        c["total"] += 1
        state = r["state"]
        if state == "hoan-thanh-dung-han":
            c["done_undated" if r["deadline"] is None else "done_on_time"] += 1
        else:
            c[{
                "hoan-thanh-qua-han": "done_late",
                "chua-hoan-thanh-trong-han": "open_within",
                "chua-hoan-thanh-qua-han": "open_overdue",
                "cho-dieu-kien": "waiting",
                "khong-thoi-han": "no_deadline",
                "cham-dut": "ended",
            }[state]] += 1  # fmt: skip
    c["done"] = c["done_on_time"] + c["done_late"] + c["done_undated"]
    c["expected"] = c["done_on_time"] + c["done_late"] + c["open_overdue"]
    c["reported"] = c["done_on_time"] + c["done_late"]
    return {k: c[k] for k in set(COUNT_HEADERS.values())}


def recompute(status: list[dict], start: date, end: date) -> tuple[dict[str, dict], dict[str, dict], list[dict]]:
    """Per item: the period's counts and the earlier obligations carried over (open, or done in the period)."""

    def due(r):
        return date.fromisoformat(r["due"]) if r["due"] else None

    def done(r):
        return r["state"] in ("hoan-thanh-dung-han", "hoan-thanh-qua-han")

    def reported(r):
        return date.fromisoformat(r["reported_on"]) if r["reported_on"] else None

    period = [
        r for r in status
        if (due(r) is not None and start <= due(r) <= end)
        or (due(r) is None and not (done(r) and reported(r) is not None and reported(r) < start))
    ]  # fmt: skip
    carried = [
        r for r in status
        if due(r) is not None and due(r) < start
        and ((done(r) and reported(r) is not None and reported(r) >= start) or (not done(r) and r["state"] != "cham-dut"))
    ]  # fmt: skip
    by_item, earlier = defaultdict(list), defaultdict(list)
    for r in period:
        by_item[r["item"]].append(r)
    for r in carried:
        earlier[r["item"]].append(r)
    return ({k: counts(v) for k, v in by_item.items()}, {k: counts(v) for k, v in earlier.items()}, carried)


def word_tables(docx_path: Path) -> tuple[list[str], dict[str, dict[str, dict]]]:
    """The Word report's paragraphs and its per-item count tables, keyed by the caption above each."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(docx_path))
    paragraphs, tables, caption = [], {}, None
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            text = Paragraph(block, document).text
            paragraphs.append(text)
            if text.startswith("Bảng"):
                caption = text
        elif block.tag.endswith("}tbl") and caption:
            table = Table(block, document)
            header = [c.text.strip() for c in table.rows[0].cells]
            if header and header[0] == "Mục":
                rows = {}
                for row in table.rows[1:]:
                    cells = [c.text.strip() for c in row.cells]
                    rows[cells[0]] = {
                        COUNT_HEADERS[h]: int(v) for h, v in zip(header, cells) if h in COUNT_HEADERS and v.isdigit()
                    }
                tables[caption] = rows
            caption = None
    return paragraphs, tables


def annex_tables(xlsx_path: Path) -> tuple[dict[str, dict], dict[str, dict], set, dict[str, dict]]:
    """The annex: the totals sheet's per-item rows (period, earlier), the earlier obligations, item sheets."""
    import openpyxl

    wb = openpyxl.load_workbook(str(xlsx_path), read_only=True, data_only=True)
    period, earlier, current = {}, {}, None
    header = None
    for row in wb["Tổng hợp"].iter_rows(values_only=True):
        first = row[0]
        if first == "Mục":
            header = [str(h) if h is not None else "" for h in row]
            current = period if current is None else earlier
            continue
        if header and first not in (None, "") and current is not None:
            code = str(first)
            if code.lower().startswith(("tổng", "cộng")):
                continue
            current[code] = {
                COUNT_HEADERS[h]: int(v) for h, v in zip(header, row) if h in COUNT_HEADERS and isinstance(v, int)
            }
    carried = set()
    sheet = wb["Nhiệm vụ các kỳ trước"]
    header = None
    for row in sheet.iter_rows(values_only=True):
        if row[0] == "STT":
            header = list(row)
            continue
        if header and isinstance(row[0], int):
            cells = dict(zip(header, row))
            carried.add((str(cells["Mục"]), str(cells["Cơ quan, đơn vị"]), str(cells["Kỳ của nhiệm vụ"])))
    items = {}
    for ws in wb.worksheets:
        if not ws.title.startswith("Mục "):
            continue
        found, caption, header = {}, None, None
        for row in ws.iter_rows(values_only=True):
            first = row[0] if row else None
            if isinstance(first, str) and all(v is None for v in row[1:]):
                caption = first
            elif len(row) > 1 and row[1] == "Tổng số":
                header = [str(h) if h is not None else "" for h in row]
            elif first == "Tổng cộng" and header and caption:
                part = "earlier" if "kỳ trước" in caption else "period"
                if part == "period" and "period" in found:
                    continue  # the table by kind of agency repeats the period's total
                found[part] = {
                    COUNT_HEADERS[h]: int(v) for h, v in zip(header, row) if h in COUNT_HEADERS and isinstance(v, int)
                }
        items[ws.title] = found
    wb.close()
    return period, earlier, carried, items


def period_of(paragraphs: list[str]) -> tuple[date, date, date]:
    import re

    for text in paragraphs:
        found = re.search(
            r"Kỳ báo cáo: từ ngày (\d+)/(\d+)/(\d+) đến ngày (\d+)/(\d+)/(\d+); số liệu tính đến ngày (\d+)/(\d+)/(\d+)",
            text,
        )
        if found:
            n = [int(x) for x in found.groups()]
            return date(n[2], n[1], n[0]), date(n[5], n[4], n[3]), date(n[8], n[7], n[6])
    raise ValueError("the report does not state its period and cut-off")


def compare(name: str, shown: dict[str, dict], expected: dict[str, dict], audit: Audit) -> int:
    """Item by item; returns the number of items compared."""
    wrong = []
    shown = {code: row for code, row in shown.items() if not code.startswith("Tổng")}
    columns = set().union(*shown.values()) if shown else set(COUNT_HEADERS.values())
    for code in sorted(set(shown) | set(expected)):
        want = {k: v for k, v in expected.get(code, {}).items() if v and k in columns}
        got = {k: v for k, v in shown.get(code, {}).items() if v}
        if want != got:
            wrong.append(f"{code}: shown {got}, status gives {want}")
    audit.check(not wrong, f"{name} disagrees with status on {len(wrong)} items: " + " | ".join(wrong[:3]))
    return len(set(shown) | set(expected))


def audit_report(label: str, docx_path: Path, xlsx_path: Path, home: Path, audit: Audit) -> dict:
    paragraphs, tables = word_tables(docx_path)
    start, end, cutoff = period_of(paragraphs)
    status_run = dondoc("status", "--json", "--as-of", cutoff.isoformat(), env=base_env(home))
    if status_run.returncode != 0:
        audit.violations.append(f"{label}: dondoc status --json failed: {status_run.stderr[-300:]}")
        return {}
    status = json.loads(status_run.stdout)
    by_item, earlier, carried = recompute(status, start, end)
    period_table = next((t for c, t in tables.items() if "trong kỳ báo cáo" in c and "từng mục" in c), None)
    earlier_table = next((t for c, t in tables.items() if "kỳ trước" in c), None)
    annex_period, annex_earlier, annex_carried, item_sheets = annex_tables(xlsx_path)
    result = {
        "period": f"{start} → {end}",
        "cutoff": cutoff.isoformat(),
        "status_rows": len(status),
        "period_obligations": sum(c["total"] for c in by_item.values()),
        "done_undated": sum(c["done_undated"] for c in by_item.values()),
        "carried_over": len(carried),
        "carried_over_open": sum(1 for r in carried if r["state"] not in ("hoan-thanh-dung-han", "hoan-thanh-qua-han")),
        "carried_over_by_year": dict(Counter(r["due"][:4] for r in carried)),
    }
    audit.check(period_table is not None, f"{label}: no per-item table for the period in the Word report")
    if period_table is not None:
        result["items_compared_word"] = compare(f"{label} Word table (period)", period_table, by_item, audit)
    result["items_compared_annex"] = compare(f"{label} annex 'Tổng hợp' (period)", annex_period, by_item, audit)
    if carried:
        audit.check(
            earlier_table is not None, f"{label}: {len(carried)} earlier obligations, no table for them in Word"
        )
        if earlier_table is not None:
            compare(f"{label} Word table (earlier periods)", earlier_table, earlier, audit)
        compare(f"{label} annex 'Tổng hợp' (earlier periods)", annex_earlier, earlier, audit)
        expected = {(r["item"], r["agency_name"]) for r in carried}
        listed = {(i, a) for i, a, _ in annex_carried}
        audit.check(
            expected == listed,
            f"{label}: annex 'Nhiệm vụ các kỳ trước' lists {len(listed)} obligations, status gives {len(expected)}"
            f" (missing {sorted(expected - listed)[:2]}, extra {sorted(listed - expected)[:2]})",
        )
        section = "\n".join(paragraphs)
        audit.check("NHIỆM VỤ ĐẾN HẠN TRONG CÁC KỲ TRƯỚC" in section, f"{label}: no section for earlier periods")
    # Each item sheet agrees with the status rows (issue 14: item 3's sheet said "no obligation").
    disagree = []
    for title, found in item_sheets.items():
        code = title.removeprefix("Mục ").strip()
        for part, expected in (("period", by_item), ("earlier", earlier)):
            want = {k: v for k, v in expected.get(code, {}).items() if v and k != "done"}  # no such column
            got = {k: v for k, v in found.get(part, {}).items() if v}
            if want != got:
                disagree.append(f"{code} ({part}): sheet {got}, status {want}")
    result["item_sheets"] = len(item_sheets)
    audit.check(not disagree, f"{label}: {len(disagree)} item sheets disagree: " + " | ".join(disagree[:3]))
    audit.check(
        any(f"số liệu tính đến ngày {cutoff:%d/%m/%Y}" in p for p in paragraphs), f"{label}: cut-off not stated"
    )
    return result


def render(label: str, docx_path: Path, out: Path, audit: Audit, expect: list[str]) -> dict:
    soffice = shutil.which("soffice")
    if soffice is None:
        audit.violations.append("soffice not on PATH: apt-get install -y libreoffice-writer-nogui poppler-utils")
        return {}
    target = out / "rendered"
    target.mkdir(exist_ok=True)
    profile = out / "lo-profile"
    run = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(target), str(docx_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    pdf = target / (docx_path.stem + ".pdf")
    if run.returncode != 0 or not pdf.exists():
        audit.violations.append(f"{label}: LibreOffice did not render {docx_path.name}: {run.stderr[-300:]}")
        return {}
    copy = target / f"{label}.pdf"
    pdf.replace(copy)
    text = subprocess.run(["pdftotext", "-layout", str(copy), "-"], capture_output=True, text=True).stdout
    (target / f"{label}.txt").write_text(text, encoding="utf-8")
    info = subprocess.run(["pdfinfo", str(copy)], capture_output=True, text=True).stdout
    pages = next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), 0)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(copy), str(target / label)])
    flat = " ".join(text.split())
    missing = [e for e in expect if " ".join(e.split()) not in flat]
    audit.check(not missing, f"{label}: the rendered PDF lacks {missing}")
    audit.check(pages >= 2, f"{label}: the rendered PDF has {pages} page(s)")
    return {"pdf": str(copy), "pages": pages, "characters": len(text), "missing": missing}


def audit_reports(out: Path, audit: Audit) -> None:
    home = out / "sim"
    drafts = []
    for year in AUDITED_YEARS:
        folder = home / "reports" / str(year)
        docx_files = sorted(folder.glob("bao-cao-*.docx"))
        xlsx_files = sorted(folder.glob("phu-luc-*.xlsx"))
        if docx_files and xlsx_files:
            drafts.append((f"{year}-replay", docx_files[0], xlsx_files[0]))
        else:
            audit.notes.append(f"the replay drafted no report for {year} (the span ends before its report day?)")
        yearend = out / "reports-year-end" / str(year)
        shutil.rmtree(yearend, ignore_errors=True)
        made = dondoc(
            "report", "--year", str(year), "--as-of", f"{year}-12-31", "--out", str(yearend), env=base_env(home)
        )
        if made.returncode != 0:
            audit.violations.append(f"dondoc report --year {year} failed: {made.stderr[-300:]}")
            continue
        drafts.append((f"{year}-year-end", next(yearend.glob("bao-cao-*.docx")), next(yearend.glob("phu-luc-*.xlsx"))))
    reports = audit.figures.setdefault("reports", {})
    for label, docx_path, xlsx_path in drafts:
        result = audit_report(label, docx_path, xlsx_path, home, audit)
        year = label[:4]
        total = None
        if result:
            total = str(result["period_obligations"])
        expect = ["BÁO CÁO", "SỞ NỘI VỤ", "Sở Nội vụ", f"năm {year}", "Kính gửi"] + ([total] if total else [])
        result["rendered"] = render(label, docx_path, out, audit, expect)
        reports[label] = result


# --------------------------------------------------------------------------------------------- output


def print_figures(audit: Audit, span: str) -> None:
    from rich.console import Console
    from rich.table import Table

    f = audit.figures
    table = Table(title=f"Audit of the replay {span}", title_justify="left")
    table.add_column("figure")
    table.add_column("value", overflow="fold")
    week, year, chase = (f.get(f"max_emails_per_address_{k}", {}) for k in ("week", "year", "chasing_week"))
    rows = [
        ("replay seconds", f.get("replay_seconds")),
        ("emails received / deliveries / notices", f"{f.get('emails_received')} / {f.get('deliveries')} / {f.get('notices')}"),
        ("most emails to one address in an ISO week", f"{week.get('count')} ({week.get('address')}, {week.get('when')}); "
                                                        f"{f.get('addresses_at_max_week')} (address, week) pairs at it"),
        ("most chasing emails to one address in a week", f"{chase.get('count')} ({chase.get('address')}, {chase.get('when')})"),
        ("most emails to one address in a year", f"{year.get('count')} ({year.get('address')}, {year.get('when')})"),
    ]  # fmt: skip
    for y, q in f.get("emails_per_address_per_year", {}).items():
        rows.append((f"emails per address in {y}", ", ".join(f"{k} {v}" for k, v in q.items())))
    lead = f.get("leadership", {})
    rows.append(
        (
            "leadership: emails / copies / max copy emails a week",
            f"{lead.get('emails')} / {lead.get('chasing_copies')} / {lead.get('max_copy_emails_in_a_week')}",
        )
    )
    rep = f.get("repeats_per_obligation", {})
    rows.append(
        ("head repeats per escalated obligation", ", ".join(f"{k} {v}" for k, v in rep.get("head_repeats", {}).items()))
    )
    rows.append(
        ("notices per obligation", ", ".join(f"{k} {v}" for k, v in rep.get("notices_per_obligation", {}).items()))
    )
    rows.append(("threading", ", ".join(f"{k} {v}" for k, v in f.get("threading", {}).items())))
    rows.append(("delivery states at the end", str(f.get("delivery_states_at_end"))))
    for label, r in f.get("reports", {}).items():
        rendered = r.get("rendered", {})
        rows.append((f"report {label}", f"period {r.get('period')}, cut-off {r.get('cutoff')}, {r.get('period_obligations')} obligations "
                     f"({r.get('done_undated')} undated done), carried over {r.get('carried_over')} ({r.get('carried_over_open')} open, "
                     f"by due year {r.get('carried_over_by_year')}); PDF {rendered.get('pages')} pages"))  # fmt: skip
    for name, value in rows:
        table.add_row(name, str(value))
    console = Console(width=max(120, Console().width))
    console.print(table)
    for note in audit.notes:
        console.print(f"note: {note}", markup=False)
    for violation in audit.violations:
        console.print(f"VIOLATION: {violation}", markup=False, style="bold red")
    console.print("no violation" if not audit.violations else f"{len(audit.violations)} violation(s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", type=date.fromisoformat, default=date(2023, 9, 15))
    parser.add_argument("--to", dest="end", type=date.fromisoformat, default=date(2026, 12, 1))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "audit-replay")
    parser.add_argument("--reuse", action="store_true", help="audit the replay already in --out")
    parser.add_argument("--no-reports", action="store_true", help="audit the mail only")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    audit = Audit()
    if not args.reuse:
        audit.figures["replay_seconds"] = round(run_replay(out, args.start, args.end, args.seed), 1)
    elif (out / "figures.json").exists():
        audit.figures["replay_seconds"] = json.loads((out / "figures.json").read_text()).get("replay_seconds")
    audit.figures["span"] = f"{args.start} → {args.end}, seed {args.seed}"
    audit_mail(out, args.end, audit)
    if not args.no_reports:
        audit_reports(out, audit)
    audit.figures["violations"] = audit.violations
    (out / "figures.json").write_text(json.dumps(audit.figures, indent=2, ensure_ascii=False, default=str))
    print_figures(audit, audit.figures["span"])
    return 1 if audit.violations else 0


if __name__ == "__main__":
    sys.exit(main())
