"""`dondoc report`: draft the periodic report (Word, Excel annex, Markdown) for a year or a period."""

from __future__ import annotations

from pathlib import Path

import click

from dondoc.reports.build import FORMATS, write_report
from dondoc.reports.config import InvalidReportConfig, load_report_config, report_config_path
from dondoc.reports.docx_report import DEFAULT_TEMPLATE, ReportTemplateError
from dondoc.reports.figures import compute_figures
from dondoc.reports.period import ReportPeriod
from dondoc.tracking.database import transaction
from dondoc.tracking.plan_store import ensure_year

from .common import DATE, get_app, today


class BadReportInput(click.ClickException):
    """A report configuration or Word template the operator must fix: exit code 2, like other bad input."""

    exit_code = 2


def parse_formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(
            f"định dạng {', '.join(repr(f) for f in unknown) or '(trống)'} không được hỗ trợ; chọn trong: {', '.join(FORMATS)}",
            param_hint="--format",
        )
    return chosen


def choose_period(year: int | None, start, end, as_of) -> ReportPeriod:
    """--year Y, or --from D1 --to D2, or by default the year of --as-of."""
    if year is not None and (start or end):
        raise click.UsageError("dùng --year hoặc --from/--to, không dùng cả hai")
    if (start is None) != (end is None):
        raise click.UsageError("--from và --to phải đi cùng nhau")
    if start is not None:
        if end < start:
            raise click.BadParameter(
                f"ngày kết thúc {end.isoformat()} trước ngày bắt đầu {start.isoformat()}", param_hint="--to"
            )
        return ReportPeriod(start, end)
    return ReportPeriod.year(year if year is not None else as_of.year)


def default_out_dir(home: Path, period: ReportPeriod) -> Path:
    years = {period.start.year, period.end.year}
    name = str(period.start.year) if len(years) == 1 else f"{period.start.year}-{period.end.year}"
    return home / "reports" / name


@click.command("report")
@click.option("--year", type=int, help="Năm báo cáo (mặc định: năm của --as-of).")
@click.option("--from", "start", type=DATE, help="Ngày đầu kỳ báo cáo (dùng cùng --to).")
@click.option("--to", "end", type=DATE, help="Ngày cuối kỳ báo cáo (dùng cùng --from).")
@click.option("--as-of", "as_of", type=DATE, help="Số liệu tính đến ngày này (mặc định: hôm nay).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Thư mục ghi tệp (mặc định: $DONDOC_HOME/reports/<năm>/).")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help="Các định dạng cần lập, cách nhau bởi dấu phẩy.")
@click.pass_context
def report(ctx, year, start, end, as_of, out_dir, formats):
    """Lập dự thảo báo cáo định kỳ gửi UBND tỉnh (Word, phụ lục Excel, Markdown) và in đường dẫn các tệp."""
    app = get_app(ctx)
    as_of = as_of or today()
    period = choose_period(year, start, end, as_of)
    chosen = parse_formats(formats)
    config_path = report_config_path()
    try:
        config = load_report_config(config_path)
    except InvalidReportConfig as exc:
        raise BadReportInput(str(exc)) from exc
    with transaction(app.engine) as session:
        ensure_year(session, app.plan_number, app.calendar, as_of)
        figures = compute_figures(session, app.plan_number, period, as_of)
    try:
        written = write_report(
            app.files, figures, config, out_dir or default_out_dir(app.settings.home, period), chosen,
            config.template_path(config_path) or DEFAULT_TEMPLATE,
        )
    except ReportTemplateError as exc:
        raise BadReportInput(str(exc)) from exc
    for path in written:
        click.echo(str(path))
