"""The periodic report to UBND tỉnh: drafted after the yearly deadline, or on demand."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from flows import artifacts
from flows.choices import ONLY_PLAN, ChosenPlan, label
from flows.dashboard import report_file_url
from flows.hooks import alert_operator
from flows.runtime import current_app
from reports.period import ReportPeriod
from service_layer.clock import day_or_today
from service_layer.reporting import Draft, draft_report, enqueue_draft_mail


def run_name() -> str:
    parameters = flow_run.parameters
    day = parameters.get("as_of") or day_or_today(None)
    plan = f"{parameters['plan']} · " if parameters.get("plan") else ""
    return f"{plan}bao-cao-{parameters.get('year') or day.year} · {day}"


@task(name="lap-du-thao-bao-cao")
def write_draft(plan: str | None, year: int, day: date) -> Draft:
    """Figures as of the day (the same as `dondoc status`), then the Word report, Excel annex and Markdown."""
    draft = draft_report(current_app().plan(plan), ReportPeriod.year(year), day)
    for path in draft.paths:
        get_run_logger().info("Đã lập %s", path)
    return draft


@task(name="cong-bo-bao-cao")
def publish_report(plan: str | None, year: int, draft: Draft) -> None:
    app = current_app().plan(plan)
    links = [(p.name, report_file_url(app.settings.web_public_url, app.settings.reports_dir, p)) for p in draft.paths]
    downloads = "\n".join(f"- [{name}]({url})" for name, url in links if url)
    create_markdown_artifact(
        key=artifacts.report_key(app.plan_number, year),
        markdown=draft.markdown
        + (f"\n## Tải tệp báo cáo (máy chủ dondoc, cần đăng nhập cán bộ)\n\n{downloads}\n" if downloads else ""),
        description=f"Dự thảo báo cáo năm {year}, Kế hoạch {app.plan_number}, số liệu đến ngày "
        f"{draft.figures.as_of:%d/%m/%Y}. Tệp: " + ", ".join(str(p) for p in draft.paths),
    )


@task(name="gui-du-thao-bao-cao")
def send_draft_for_review(plan: str | None, draft: Draft, day: date) -> bool:
    """Queue the draft for Sở Nội vụ's leadership, once per report; the daily dispatch delivers it."""
    queued = enqueue_draft_mail(current_app().plan(plan), draft, day)
    get_run_logger().info("Thư gửi dự thảo: %s", "đã đưa vào hộp thư đi" if queued else "đã có từ trước, không gửi lại")
    return queued


@flow(name="tong-hop-bao-cao", flow_run_name=run_name, on_failure=[alert_operator], on_crashed=[alert_operator])
def compile_report(
    year: Annotated[int | None, label("Năm báo cáo", "Năm báo cáo; bỏ trống là năm của ngày số liệu.")] = None,
    as_of: Annotated[date | None, label("Số liệu đến ngày", "Số liệu tính đến ngày này; bỏ trống là hôm nay.")] = None,
    plan: ChosenPlan = ONLY_PLAN,
) -> dict:
    """Lập dự thảo báo cáo kết quả thực hiện kế hoạch gửi Ủy ban nhân dân tỉnh (Word, phụ lục Excel, tóm tắt).

    Args:
        year: Năm báo cáo; bỏ trống là năm của ngày số liệu.
        as_of: Số liệu tính đến ngày này; bỏ trống là hôm nay.
        plan: Số kế hoạch; bỏ trống khi chỉ theo dõi một kế hoạch. Mỗi kế hoạch có báo cáo riêng.
    """
    day = day_or_today(as_of)
    year = year or day.year
    draft = write_draft(plan, year, day)
    publish_report(plan, year, draft)
    queued = send_draft_for_review(plan, draft, day)
    total = draft.figures.total
    return {
        "year": year,
        "as_of": day.isoformat(),
        "files": [str(p) for p in draft.paths],
        "obligations": total.total,
        "done": total.done,
        "mail_queued": queued,
    }
