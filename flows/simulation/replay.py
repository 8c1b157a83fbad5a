"""Replay the plans day by day on a fresh database, through the steps the scheduled flows run.

Every plan followed is replayed together (or only the one chosen), so the daily delivery carries the
notices of all of them in one digest per recipient, as in production.

One Prefect flow run holds the whole replay: each working day it records what
the simulated agencies report, runs the morning check of every item
(`notifications.checks.check`, as `check_item` does), delivers the outbox
(`notifications.delivery.dispatch`, as `dispatch` does) and, on the reporting
day, drafts the report (`flows.reporting`, as `compile_report` does). A flow run
per item per day would cost hours of Prefect bookkeeping for a year of days.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from prefect import flow, get_run_logger
from sqlalchemy import select

from flows import artifacts
from flows.deployments import report_days
from flows.runtime import current_app
from notifications.outbox import latest_notices
from reports.period import ReportPeriod
from service_layer.actions import add_request, deliver, enqueue_notices, record_precondition
from service_layer.bootstrap import App
from service_layer.reporting import draft_report, enqueue_draft_mail
from tracking.database import transaction
from tracking.models import ItemRow, ObligationRow, OutboxDeliveryRow, OutboxRow
from tracking.rules.states import State
from tracking.status import status_as_of
from tracking.submissions import Report, record_submission

from .agencies import Outcome, outcome


@dataclass
class Scenario:
    """What happens besides the agencies' reports: guidance arriving, ad-hoc requests, report days."""

    preconditions: dict[str, date]
    requests: dict[date, list[tuple[str, date]]]
    report_days: dict[date, int]


def scenario(app: App, start: date, end: date, seed: int) -> Scenario:
    rng = random.Random(f"{seed}:scenario")
    calendar = app.calendar
    first = calendar.deadline_for(start)
    preconditions = {
        p.name: calendar.add_working_days(first, rng.randint(10, 45)) for p in app.files.plan.preconditions
    }
    adhoc_items = [i.code for i in app.files.plan.items if app.files.plan.timeframe(i).adhoc]
    requests: dict[date, list[tuple[str, date]]] = defaultdict(list)
    for year in range(start.year, end.year + 1):
        asked = calendar.deadline_for(date(year, 6, 1))
        if start <= asked <= end:
            for code in adhoc_items:
                requests[asked].append((code, calendar.add_working_days(asked, 15)))
    days = {d: d.year for d in report_days(app, start.year, end.year) if start <= d <= end}
    return Scenario(preconditions, dict(requests), days)


def record_arrivals(app: App, day: date, seed: int, outcomes: dict[int, Outcome]) -> int:
    """Record the reports the simulated agencies send on `day`."""
    recorded = 0
    with transaction(app.engine) as session:
        owed_from = {o.id: o.visible_from for o in session.scalars(select(ObligationRow))}
        for s in status_as_of(session, app.plan_number, day):
            if s.state.is_done:
                continue
            plan = outcomes.get(s.obligation_id)
            if plan is None:
                plan = outcomes[s.obligation_id] = outcome(
                    seed, s.agency, s.item, s.period, s.deadline, owed_from[s.obligation_id], app.calendar
                )
            state = "hoan-thanh" if plan.completed_on == day else "dang-thuc-hien" if plan.progress_on == day else None
            if state is None:
                continue
            report = Report(
                item=s.item,
                agency=s.agency,
                state=state,
                reported_on=day,
                period=s.period,
                document=plan.document if state == "hoan-thanh" else None,
                difficulties=plan.difficulties if state == "hoan-thanh" else None,
                proposals=plan.proposals if state == "hoan-thanh" else None,
            )
            record_submission(session, app.plan_number, report, today=day, recorded_by="mo-phong", source="simulation")
            recorded += 1
    return recorded


def operator_actions(app: App, day: date, plan: Scenario) -> None:
    """What the simulated operator records on `day`: guidance that arrived, ad-hoc requests."""
    for name, met_on in plan.preconditions.items():
        if met_on == day:
            record_precondition(
                app, name, day, today=day, recorded_by="mo-phong", note="Mô phỏng: đã có văn bản hướng dẫn"
            )
    for code, due in plan.requests.get(day, []):
        add_request(app, code, due, today=day, recorded_by="mo-phong", note="Mô phỏng: yêu cầu báo cáo sơ kết 6 tháng")


@flow(name="mo-phong", flow_run_name="mo-phong · {start} → {end} · seed {seed}")
def simulate(start: date, end: date, seed: int = 1, plan: str | None = None) -> dict:
    """Mô phỏng các kế hoạch từng ngày trên một cơ sở dữ liệu mới, với các cơ quan giả lập (phần lớn đúng hạn, một số trễ, một số không báo cáo).

    Args:
        start: Ngày bắt đầu mô phỏng.
        end: Ngày kết thúc mô phỏng.
        seed: Hạt giống ngẫu nhiên: cùng hạt giống cho cùng kết quả.
        plan: Chỉ mô phỏng kế hoạch này; bỏ trống là mọi kế hoạch đang theo dõi.
    """
    app = current_app().plan(plan) if plan else current_app()
    logger = get_run_logger()
    plans = [(scoped, scenario(scoped, start, end, seed)) for scoped in app.each_plan()]
    outcomes: dict[int, Outcome] = {}
    totals = Counter()
    day = start
    while day <= end:
        if app.calendar.is_working_day(day):
            for scoped, events in plans:
                operator_actions(scoped, day, events)
                totals["reports"] += record_arrivals(scoped, day, seed, outcomes)
                totals["notices"] += len(enqueue_notices(scoped, day))
                if day in events.report_days:
                    draft = draft_report(scoped, ReportPeriod.year(events.report_days[day]), day)
                    enqueue_draft_mail(scoped, draft, day)
                    logger.info(
                        "Ngày %s: đã lập báo cáo năm %d, Kế hoạch %s", day, events.report_days[day], scoped.plan_number
                    )
            result = deliver(app, day)
            totals["emails"] += result.sent
            if result.stopped:
                logger.warning(
                    "Ngày %s: máy chủ thư ngừng trả lời (%s); thư chưa gửi sẽ gửi ở ngày sau", day, result.stopped
                )
        day += timedelta(days=1)
    for scoped, _ in plans:
        publish_final_tables(scoped, end)
    return {"start": start.isoformat(), "end": end.isoformat(), "seed": seed, **totals}


def publish_final_tables(app: App, day: date) -> None:
    with transaction(app.engine) as session:
        statuses = status_as_of(session, app.plan_number, day)
        notices = latest_notices(session, [s.obligation_id for s in statuses])
        codes = list(
            session.scalars(
                select(ItemRow.code).where(ItemRow.plan_number == app.plan_number).order_by(ItemRow.position)
            )
        )
    artifacts.publish_overview(app.plan_number, day, statuses, codes)
    for code in codes:
        rows = [s for s in statuses if s.item == code]
        artifacts.publish_item(
            app.plan_number, code, day, rows, {k: v for k, v in notices.items() if k in {s.obligation_id for s in rows}}
        )


@dataclass(frozen=True)
class Summary:
    """What the replay sent, per month and stage, from the outbox itself, and where obligations ended."""

    notices: dict[str, Counter]  # month → kind → notices decided
    emails: dict[str, int]  # month → emails delivered (digests count once)
    final_states: Counter


def summarise(app: App, end: date) -> Summary:
    notices: dict[str, Counter] = defaultdict(Counter)
    sent_on: dict[str, date] = {}
    with transaction(app.engine) as session:
        for row in session.scalars(select(OutboxRow)):
            notices[row.decided_on.strftime("%Y-%m")][row.kind] += 1
        # An email counts in the month of the newest notice it carried.
        for message_id, decided_on in session.execute(
            select(OutboxDeliveryRow.email_message_id, OutboxRow.decided_on)
            .join(OutboxRow, OutboxDeliveryRow.outbox_id == OutboxRow.id)
            .where(OutboxDeliveryRow.state == "sent")
        ):
            sent_on[message_id] = max(decided_on, sent_on.get(message_id, decided_on))
        final = Counter(s.state for scoped in app.each_plan() for s in status_as_of(session, scoped.plan_number, end))
    emails = Counter(day.strftime("%Y-%m") for day in sent_on.values())
    return Summary(
        dict(sorted(notices.items())),
        dict(sorted(emails.items())),
        Counter({s: final[s] for s in State if final[s]}),
    )
