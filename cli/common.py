"""What every command shares: the app, dates, JSON output and Vietnamese errors."""

from __future__ import annotations

import getpass
import json
import sys
from datetime import date

import click
from rich.console import Console
from rich.text import Text

from plan_definition.text import numeric_date, parse_date
from service_layer.bootstrap import App, Settings
from service_layer.clock import today  # noqa: F401  (re-exported for the commands)
from tracking.rules.labels import period_label

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False)


def operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


class DateParam(click.ParamType):
    """A date written YYYY-MM-DD or dd/mm/yyyy."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateParam()


def all_plans_app(ctx: click.Context) -> App:
    """The app over every plan followed, whatever --plan says."""
    obj = ctx.ensure_object(dict)
    if "app" not in obj:
        obj["app"] = App(Settings.from_env())
    return obj["app"]


def chosen_plan(ctx: click.Context) -> str | None:
    """The plan given with --plan, if any."""
    return ctx.ensure_object(dict).get("plan")


def get_app(ctx: click.Context) -> App:
    """The app; narrowed to the plan of --plan (or the only plan) for the commands that take it."""
    app = all_plans_app(ctx)
    obj = ctx.ensure_object(dict)
    if "plan" in obj:
        return app.plan(obj["plan"])
    return app


def _remember_plan(ctx: click.Context, _param, value):
    ctx.ensure_object(dict)["plan"] = value
    return value


def plan_option(command):
    """--plan NUMBER: the plan a command concerns; may be left out when only one plan is followed."""
    return click.option(
        "--plan",
        "plan_number",
        metavar="SỐ",
        expose_value=False,
        is_eager=True,
        callback=_remember_plan,
        help="Số kế hoạch, ví dụ 86/KH-UBND (hoặc khóa 86-kh-ubnd-2023); bỏ trống khi chỉ theo dõi một kế hoạch.",
    )(command)


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(message: str, code: int = 2) -> None:
    err_console.print(Text.assemble(("Lỗi: ", "bold red"), message), soft_wrap=True)
    sys.exit(code)


def vn_date(day: date | None) -> str:
    return numeric_date(day) if day else "—"


def period_cell(period: str) -> str:
    """'Quý III/2026 (2026-Q3)': the period's name, with the code --period takes when the name does not show it."""
    label = period_label(period)
    return label if period in label else f"{label} ({period})"


def add_row(table, *cells) -> None:
    """Add a table row whose cells are plain text, never Rich markup."""
    table.add_row(*(Text("" if c is None else str(c)) for c in cells))
