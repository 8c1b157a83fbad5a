"""The morning check of one plan item: who owes what, which notices are due, what the operator sees."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from flows import artifacts
from flows.choices import ItemCode
from flows.hooks import alert_operator
from flows.runtime import current_app
from notifications.outbox import latest_notices
from service_layer.actions import enqueue_notices
from service_layer.clock import day_or_today
from tracking.database import transaction
from tracking.status import ObligationStatus, status_as_of


def run_name() -> str:
    """'muc-2.1 · 2024-04-02' (the day the run acts for)."""
    parameters = flow_run.parameters
    day = parameters.get("as_of") or day_or_today(None)
    return f"muc-{parameters['item']} · {day}"


@task(name="quyet-dinh-thong-bao")
def enqueue_due_notices(item: str, day: date) -> list[dict]:
    """Decide which notices the item's open obligations have reached today and put them in the outbox."""
    added = enqueue_notices(current_app(), day, items=[item])
    logger = get_run_logger()
    for row in added:
        logger.info("mục %s, %s: %s → %s", item, row.context["agency_code"], row.stage, ", ".join(row.to_addrs))
    return [{"agency": r.context["agency_code"], "period": r.context["period"], "stage": r.stage} for r in added]


@task(name="tinh-hinh-muc")
def item_statuses(item: str, day: date) -> tuple[list[ObligationStatus], dict]:
    """Every obligation of the item with its state today, and the last notice each received."""
    app = current_app()
    with transaction(app.engine) as session:
        statuses = status_as_of(session, app.plan_number, day, items=[item])
        notices = latest_notices(session, [s.obligation_id for s in statuses])
        session.expunge_all()
    return statuses, notices


@task(name="cong-bo-bang-muc")
def publish_item_artifacts(item: str, day: date, statuses: list[ObligationStatus], notices: dict) -> None:
    artifacts.publish_item(current_app().plan_number, item, day, statuses, notices)


@flow(name="kiem-tra-muc", flow_run_name=run_name, on_failure=[alert_operator], on_crashed=[alert_operator])
def check_item(item: ItemCode, as_of: date | None = None) -> dict:
    """Kiểm tra một mục của kế hoạch: tình hình từng cơ quan, nhắc việc và đôn đốc đến hạn, bảng theo dõi.

    Args:
        item: Mã mục trong kế hoạch (ví dụ 2.1, IV.2).
        as_of: Ngày kiểm tra; bỏ trống là hôm nay.
    """
    app = current_app()
    day = day_or_today(as_of)
    if not app.calendar.is_working_day(day):
        get_run_logger().info(
            "Ngày %s là ngày nghỉ (%s): không kiểm tra.", day, app.calendar.holiday_name(day) or "cuối tuần"
        )
        return {"item": item, "date": day.isoformat(), "skipped": True}
    notices = enqueue_due_notices(item, day)
    statuses, last_notices = item_statuses(item, day)
    publish_item_artifacts(item, day, statuses, last_notices)
    return {
        "item": item,
        "date": day.isoformat(),
        "obligations": len(statuses),
        "done": sum(s.state.is_done for s in statuses),
        "new_notices": len(notices),
    }
