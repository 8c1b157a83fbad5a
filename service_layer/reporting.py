"""Draft the periodic report: figures as of a day, the files, and the email to Sở Nội vụ's leadership."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from notifications.outbox import Person, enqueue_message
from plan_definition.plan import plan_slug
from reports.build import FORMATS, markdown_summary, write_report
from reports.config import load_report_config
from reports.docx_report import DEFAULT_TEMPLATE
from reports.figures import Figures, compute_figures
from reports.period import ReportPeriod
from reports.wording import percent
from service_layer.bootstrap import App
from tracking.database import transaction
from tracking.plan_store import ensure_year


@dataclass(frozen=True)
class Draft:
    figures: Figures
    paths: list[Path]
    markdown: str


def default_out_dir(home: Path, period: ReportPeriod) -> Path:
    years = {period.start.year, period.end.year}
    name = str(period.start.year) if len(years) == 1 else f"{period.start.year}-{period.end.year}"
    return home / "reports" / name


def draft_report(
    app: App, period: ReportPeriod, as_of: date, *, out_dir: Path | None = None, formats: tuple[str, ...] = FORMATS
) -> Draft:
    """Compute the figures as of `as_of` (the same as `dondoc status`) and write the report files."""
    config_path = app.settings.report_config_path
    config = load_report_config(config_path)
    ensure_year(app.engine, app.plan_number, app.calendar, as_of)
    with transaction(app.engine) as session:
        figures = compute_figures(session, app.plan_number, period, as_of)
    paths = write_report(
        app.files,
        figures,
        config,
        out_dir or default_out_dir(app.settings.home, period),
        formats,
        config.template_path(config_path) or DEFAULT_TEMPLATE,
    )
    return Draft(figures, paths, markdown_summary(app.files, figures, config))


def reviewers(app: App, day: date) -> list[Person]:
    """DONDOC_REPORT_RECIPIENTS, else the heads of the plan's leadership (Giám đốc Sở Nội vụ)."""
    directory = app.files.directory
    if app.settings.report_recipients:
        monitor = directory.body_on(app.files.plan.monitor, day)
        return [Person(a, f"Lãnh đạo {monitor.name}", None, monitor.name) for a in app.settings.report_recipients]
    heads = [directory.body_on(code, day) for code in app.files.plan.escalation.leadership]
    return [Person(a.head.email, a.head.title, a.head.name, a.name) for a in heads]


def enqueue_draft_mail(app: App, draft: Draft, day: date) -> bool:
    """Put the draft, with its Word and Excel files, in the outbox once per report (period and as-of day)."""
    figures = draft.figures
    total = figures.total
    with transaction(app.engine) as session:
        row = enqueue_message(
            session,
            key=f"{plan_slug(app.plan_number)}.report.{figures.period.slug}.{figures.as_of.isoformat()}",
            kind="report",
            context={
                "plan_number": app.plan_number,
                "period_label": figures.period.label,
                "as_of": figures.as_of.isoformat(),
                "attachment_paths": [str(p) for p in draft.paths if p.suffix in (".docx", ".xlsx")],
                "summary_lines": [
                    f"Số nhiệm vụ của kỳ báo cáo: {total.total}",
                    f"Đã hoàn thành: {total.done} (đúng hạn {total.done_on_time}, quá hạn {total.done_late})",
                    f"Chưa hoàn thành, đã quá hạn: {total.open_overdue}",
                    f"Tỷ lệ hoàn thành: {percent(total.reporting_rate)}; đúng hạn: {percent(total.on_time_rate)}",
                ],
            },
            to=reviewers(app, day),
            as_of=day,
            domain=app.settings.mail.domain,
        )
    return row is not None
