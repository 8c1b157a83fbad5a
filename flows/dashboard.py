"""The plan-wide dashboard artifact: per item, the agencies that are late and those that never reported.

Agencies and report files link to dondoc's own pages (DONDOC_WEB_PUBLIC_URL), where the operator logs in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from plan_definition.plan import plan_slug
from service_layer.agency_pages import report_files
from service_layer.bootstrap import App
from service_layer.clock import day_or_today
from tracking.database import transaction
from tracking.plan_store import ensure_year
from tracking.rules.states import State
from tracking.status import ObligationStatus, status_as_of

OPEN = (State.OPEN_WITHIN_DEADLINE, State.OPEN_OVERDUE)


def dashboard_key(plan_number: str) -> str:
    return f"{plan_slug(plan_number)}-bang-theo-doi"


def _md(text: str) -> str:
    """Text inside a Markdown table cell or link label: no pipes, brackets or line breaks of its own."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("[", "\\[").replace("]", "\\]").replace("\n", " ")


def agency_url(public_url: str, code: str) -> str:
    return f"{public_url}/can-bo/co-quan/{quote(code)}"


def report_file_url(public_url: str, reports_dir: Path, path: Path) -> str | None:
    try:
        relative = path.resolve().relative_to(reports_dir.resolve())
    except ValueError:
        return None
    return f"{public_url}/can-bo/bao-cao/{quote(relative.as_posix())}"


def _names(statuses: list[ObligationStatus], public_url: str) -> str:
    seen: dict[str, ObligationStatus] = {}
    for s in statuses:
        seen.setdefault(s.agency, s)
    if not seen:
        return "—"
    return f"{len(seen)}: " + ", ".join(
        f"[{_md(s.agency_name)}]({agency_url(public_url, s.agency)})" for s in seen.values()
    )


def dashboard_markdown(
    plan_number: str, day: date, statuses: list[ObligationStatus], item_order: list[str], public_url: str,
    report_links: list[tuple[str, str]] = (),
) -> str:  # fmt: skip
    """Per item: who is late (overdue, not done) and who is silent (owes a result and never reported)."""
    lines = [
        f"# Kế hoạch {_md(plan_number)}: cơ quan quá hạn và chưa báo cáo, đến ngày {day:%d/%m/%Y}",
        "",
        "Bấm tên cơ quan để mở trang của cơ quan trên máy chủ dondoc (cần đăng nhập cán bộ).",
        "",
        "| Mục | Quá hạn | Chưa báo cáo lần nào |",
        "|---|---|---|",
    ]
    by_item: dict[str, list[ObligationStatus]] = {code: [] for code in item_order}
    for s in statuses:
        by_item.setdefault(s.item, []).append(s)
    for code, rows in by_item.items():
        late = [s for s in rows if s.state == State.OPEN_OVERDUE]
        silent = [s for s in rows if s.state in OPEN and s.reported is None]
        lines.append(f"| {_md(code)} | {_names(late, public_url)} | {_names(silent, public_url)} |")
    if report_links:
        lines += ["", "## Tệp báo cáo", ""] + [f"- [{_md(name)}]({url})" for name, url in report_links]
    return "\n".join(lines) + "\n"


def publish_dashboard(app: App, day: date) -> None:
    """Create or refresh the dashboard artifact (at `dondoc serve` start and after each delivery run)."""
    ensure_year(app.engine, app.plan_number, app.calendar, day)
    with transaction(app.engine) as session:
        statuses = status_as_of(session, app.plan_number, day)
    public = app.settings.web_public_url
    links = []
    for path in report_files(app)[:12]:
        url = report_file_url(public, app.settings.reports_dir, path)
        if url:
            links.append((path.relative_to(app.settings.reports_dir).as_posix(), url))
    create_markdown_artifact(
        key=dashboard_key(app.plan_number),
        markdown=dashboard_markdown(
            app.plan_number, day, statuses, [i.code for i in app.files.plan.items], public, links
        ),
        description=f"Cơ quan quá hạn và chưa báo cáo theo từng mục, Kế hoạch {app.plan_number}, ngày {day:%d/%m/%Y}",
    )


@flow(name="cap-nhat-bang-theo-doi", flow_run_name="bang-theo-doi · {as_of}")
def refresh_dashboard(as_of: date | None = None) -> None:
    """Cập nhật bảng theo dõi của từng kế hoạch: các cơ quan quá hạn và chưa báo cáo theo từng mục (chạy khi khởi động dondoc serve)."""
    from flows.runtime import current_app

    day = day_or_today(as_of)
    for app in current_app().each_plan():
        publish_dashboard(app, day)
