"""The morning check of one plan item: who owes what, which notices are due, what the operator sees."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run
from prefect.states import Failed

from flows import artifacts
from flows.choices import ONLY_PLAN, ChosenPlan, ItemCode, label
from flows.hooks import alert_operator
from flows.runtime import current_app
from notifications.outbox import latest_notices
from service_layer.actions import MorningCheck, morning_check
from service_layer.clock import FutureCheck, checked_day, day_or_today
from tracking.database import transaction
from tracking.status import ObligationStatus


def run_name() -> str:
    """'86/KH-UBND · muc-2.1 · 2024-04-02' (the plan, when named, and the day the run acts for)."""
    parameters = flow_run.parameters
    day = parameters.get("as_of") or day_or_today(None)
    plan = f"{parameters['plan']} · " if parameters.get("plan") else ""
    return f"{plan}muc-{parameters['item']} · {day}"


@task(name="quyet-dinh-thong-bao")
def decide_and_enqueue(plan: str | None, item: str, day: date) -> MorningCheck:
    """Decide which notices the item's open obligations have reached today and put them in the outbox."""
    app = current_app().plan(plan)
    if item not in app.files.plan.by_code:  # the dropdown offers the items of every plan
        raise ValueError(f"mục '{item}' không có trong Kế hoạch {app.plan_number}")
    checked = morning_check(app, day, items=[item])
    logger = get_run_logger()
    if checked.day_off:
        logger.info("Ngày %s là ngày nghỉ (%s): không kiểm tra.", day, checked.day_off)
    for row in checked.added:
        logger.info("mục %s, %s: %s → %s", item, row.context["agency_code"], row.stage, ", ".join(row.to_addrs))
    return checked


@task(name="cong-bo-bang-muc")
def publish_item_artifacts(plan: str | None, item: str, day: date, statuses: list[ObligationStatus]) -> None:
    """The item's table (with the last notice each obligation received) and its progress bar."""
    app = current_app().plan(plan)
    with transaction(app.engine) as session:
        notices = latest_notices(session, [s.obligation_id for s in statuses])
        session.expunge_all()
    artifacts.publish_item(app.plan_number, item, day, statuses, notices, app.settings.operator_pages_url)


@flow(name="kiem-tra-muc", flow_run_name=run_name, on_failure=[alert_operator], on_crashed=[alert_operator])
def check_item(
    item: Annotated[ItemCode, label("Mục", "Mã mục trong kế hoạch (ví dụ 2.1, IV.2).")],
    as_of: Annotated[date | None, label("Ngày kiểm tra", "Ngày kiểm tra; bỏ trống là hôm nay.")] = None,
    plan: ChosenPlan = ONLY_PLAN,
) -> dict:
    """Kiểm tra một mục của kế hoạch: tình hình từng cơ quan, nhắc việc và đôn đốc đến hạn, bảng theo dõi.

    Args:
        item: Mã mục trong kế hoạch (ví dụ 2.1, IV.2).
        as_of: Ngày kiểm tra; bỏ trống là hôm nay.
        plan: Số kế hoạch (ví dụ 86/KH-UBND); bỏ trống khi chỉ theo dõi một kế hoạch.
    """
    try:
        day = checked_day(as_of)
    except FutureCheck as refusal:
        get_run_logger().error("%s", refusal)
        return Failed(message=str(refusal))
    checked = decide_and_enqueue(plan, item, day)
    if checked.day_off:
        return {"item": item, "date": day.isoformat(), "skipped": True}
    publish_item_artifacts(plan, item, day, checked.statuses)
    return {
        "item": item,
        "date": day.isoformat(),
        "obligations": len(checked.statuses),
        "done": sum(s.state.is_done for s in checked.statuses),
        "new_notices": len(checked.added),
    }
