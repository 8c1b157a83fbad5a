"""After the morning checks: deliver the outbox (one digest per recipient across plans) and refresh the overview
of each plan and the one across plans."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from flows import artifacts
from flows.choices import label
from flows.dashboard import publish_dashboard
from flows.hooks import alert_operator
from flows.runtime import current_app
from service_layer.actions import day_off, deliver
from service_layer.clock import day_or_today
from tracking.database import transaction
from tracking.status import status_as_of


class MailServerDown(RuntimeError):
    """The mail server stopped answering; what was not sent stays pending."""


def run_name() -> str:
    return f"gui-thu · {flow_run.parameters.get('as_of') or day_or_today(None)}"


@task(name="gui-hop-thu-di", retries=2, retry_delay_seconds=[60, 300])
def deliver_outbox(day: date) -> dict:
    """Send every pending notice as one digest per recipient; retried later if the server is down."""
    result = deliver(current_app(), day)
    get_run_logger().info("Đã gửi %d thư, bị từ chối %d thư.", result.sent, result.failed)
    if result.too_large:
        get_run_logger().warning(
            "Trong số thư bị từ chối, %d thư quá lớn so với giới hạn của máy chủ.", result.too_large
        )
    if result.stopped:
        raise MailServerDown(f"máy chủ thư ngừng trả lời: {result.stopped}; còn {result.pending} lượt gửi chờ")
    return {"sent": result.sent, "failed": result.failed}


@task(name="cong-bo-tong-quan")
def publish_overview(day: date) -> None:
    """Each plan's overview (items × states), then one across plans (plans × states)."""
    by_plan, ended = {}, {}
    for app in current_app().each_plan():
        with transaction(app.engine) as session:
            statuses = status_as_of(session, app.plan_number, day)
        artifacts.publish_overview(app.plan_number, day, statuses, [i.code for i in app.files.plan.items])
        by_plan[app.plan_number] = statuses
        if not app.files.plan.in_force_on(day):
            ended[app.plan_number] = app.files.plan.ends_on
        publish_dashboard(app, day)
    if len(by_plan) > 1:
        artifacts.publish_across_plans(day, by_plan, ended)


@flow(name="gui-thu", flow_run_name=run_name, on_failure=[alert_operator], on_crashed=[alert_operator])
def dispatch(
    as_of: Annotated[
        date | None, label("Gửi đến ngày", "Gửi các thông báo đã quyết định đến ngày này; bỏ trống là hôm nay.")
    ] = None,
) -> dict:
    """Gửi các thông báo đang chờ (mỗi người nhận một thư tổng hợp trong ngày) và cập nhật bảng tổng quan.

    Args:
        as_of: Gửi các thông báo đã quyết định đến ngày này; bỏ trống là hôm nay.
    """
    day = day_or_today(as_of)
    reason = day_off(current_app(), day)
    if reason is not None:
        get_run_logger().info("Ngày %s là ngày nghỉ (%s): không gửi thư.", day, reason)
        return {"date": day.isoformat(), "skipped": True}
    publish_overview(day)
    return deliver_outbox(day)
