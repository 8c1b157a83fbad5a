"""`dondoc calendar`: the year's days off and make-up working days, with their reasons and sources."""

from __future__ import annotations

import click
from rich.table import Table

from plan_definition.calendar import WEEKDAYS, Day, holidays_version

from .common import add_row, console, get_app, print_json, vn_date


@click.command("calendar")
@click.option("--year", "year", type=click.IntRange(1995, 2100), required=True, help="Năm cần xem (ví dụ 2026).")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.pass_context
def calendar(ctx, year, as_json):
    """Liệt kê ngày nghỉ và ngày làm bù trong năm, kèm lý do và văn bản quy định."""
    app = get_app(ctx)
    listing = app.calendar.listing(year)
    if as_json:
        print_json(listing.as_json())
        return
    console.print(f"[bold]Lịch làm việc năm {year}[/] (tệp lịch: {app.settings.calendar_path})", markup=True)
    if not listing.announced:
        console.print(
            f"Tệp lịch chưa có năm {year}: các ngày dưới đây là ước tính của gói holidays {holidays_version()}.",
            markup=False,
        )
    _table(f"{len(listing.days_off)} ngày nghỉ (thứ Hai đến thứ Sáu)", listing.days_off)
    _table(f"{len(listing.working_days)} ngày làm bù (thứ Bảy, Chủ nhật)", listing.working_days)
    if listing.not_days_off:
        _table(
            f"{len(listing.not_days_off)} ngày gói holidays coi là ngày nghỉ nhưng vẫn làm việc",
            listing.not_days_off,
        )


def _table(title: str, days: list[Day]) -> None:
    table = Table(title=title, title_justify="left")
    for header in ("Ngày", "Thứ", "Lý do", "Căn cứ"):
        table.add_column(header)
    for day in days:
        add_row(table, vn_date(day.date), WEEKDAYS[day.date.weekday()], day.reason, day.source)
    console.print(table)
