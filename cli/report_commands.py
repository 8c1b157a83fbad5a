"""`dondoc report`: draft the periodic report (Word, Excel annex, Markdown) for a year or a period."""

from __future__ import annotations

from pathlib import Path

import click

from reports.build import FORMATS
from reports.config import InvalidReportConfig
from reports.docx_report import ReportTemplateError
from reports.period import ReportPeriod
from service_layer.reporting import draft_report, enqueue_draft_mail

from .common import DATE, get_app, plan_option, today


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


@click.command("report")
@plan_option
@click.option("--year", type=int, help="Năm báo cáo (mặc định: năm của --as-of).")
@click.option("--from", "start", type=DATE, help="Ngày đầu kỳ báo cáo (dùng cùng --to).")
@click.option("--to", "end", type=DATE, help="Ngày cuối kỳ báo cáo (dùng cùng --from).")
@click.option("--as-of", "as_of", type=DATE, help="Số liệu tính đến ngày này (mặc định: hôm nay).")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục ghi tệp (mặc định: $DONDOC_HOME/reports/<năm>/).",
)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    help="Các định dạng cần lập, cách nhau bởi dấu phẩy.",
)
@click.option(
    "--send",
    is_flag=True,
    help="Gửi dự thảo (Word, Excel) cho lãnh đạo Sở Nội vụ qua hộp thư đi (một lần cho mỗi báo cáo).",
)
@click.pass_context
def report(ctx, year, start, end, as_of, out_dir, formats, send):
    """Lập dự thảo báo cáo định kỳ gửi UBND tỉnh (Word, phụ lục Excel, Markdown) và in đường dẫn các tệp."""
    app = get_app(ctx)
    as_of = as_of or today()
    period = choose_period(year, start, end, as_of)
    chosen = parse_formats(formats)
    try:
        draft = draft_report(app, period, as_of, out_dir=out_dir, formats=chosen)
    except (InvalidReportConfig, ReportTemplateError) as exc:
        raise BadReportInput(str(exc)) from exc
    for path in draft.paths:
        click.echo(str(path))
    if send:
        queued = enqueue_draft_mail(app, draft, today())
        click.echo(
            "Đã đưa thư gửi dự thảo vào hộp thư đi; chạy 'dondoc dispatch' để gửi."
            if queued
            else "Thư gửi dự thảo này đã có trong hộp thư đi từ trước; không gửi lại.",
            err=True,
        )
