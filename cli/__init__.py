"""The `dondoc` command: thin wrappers that parse, call the packages, and print."""

from __future__ import annotations

import signal
import sys
import threading

import click
from sqlalchemy.exc import SQLAlchemyError

from plan_definition.errors import InvalidFiles, PlanError
from tracking.errors import TrackingError

from .calendar_commands import calendar
from .common import fail
from .directory_commands import agencies_import
from .import_commands import import_command
from .mail_commands import check, dispatch, outbox
from .plan_commands import agencies, plan_group
from .prefect_commands import deployments_group, serve
from .report_commands import report
from .simulate_commands import simulate
from .tracking_commands import import_submissions, init, precondition, record, reject, request, status


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """dondoc: đôn đốc thực hiện kế hoạch — nhắc việc, đôn đốc và tổng hợp báo cáo."""


for command in (
    plan_group,
    agencies,
    init,
    status,
    record,
    reject,
    precondition,
    request,
    import_submissions,
    check,
    dispatch,
    outbox,
    serve,
    deployments_group,
    report,
    simulate,
    calendar,
):
    cli.add_command(command)
plan_group.add_command(import_command)
agencies.add_command(agencies_import)


def end_on_termination() -> None:
    """SIGTERM and SIGHUP end a command as Ctrl-C does, through its cleanup: Python's default would end it at once,
    skipping the atexit handler that stops the temporary Prefect server the command started, left running."""

    def terminate(signum, _frame):
        raise SystemExit(128 + signum)

    if threading.current_thread() is threading.main_thread():  # only the main thread may set handlers
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, terminate)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; bad input exits 2 with 'Lỗi: …', other failures exit 1.

    A command reports a failure with `ctx.exit(code)` (never by returning a value): without standalone
    mode click hands that code back from `cli.main` instead of exiting.
    """
    end_on_termination()
    try:
        code = cli.main(args=argv, prog_name="dondoc", standalone_mode=False)
    except click.exceptions.Abort:
        fail("đã hủy theo yêu cầu.", 1)
    except click.ClickException as exc:
        fail(_click_message(exc), exc.exit_code)
    except InvalidFiles as exc:
        fail(f"{len(exc.problems)} lỗi trong tệp kế hoạch và danh bạ:\n" + "\n".join(f"  {p}" for p in exc.problems))
    except (PlanError, TrackingError) as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"lỗi cơ sở dữ liệu: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", 1)
    except OSError as exc:
        fail(f"{exc.filename or ''}: {exc.strerror or exc}", 1)
    sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)


def _click_message(exc: click.ClickException) -> str:
    """Click's own messages in Vietnamese where a user can meet them; ours pass through as written."""
    message = exc.format_message()
    if isinstance(exc, click.MissingParameter):
        message = f"thiếu {_param_hint(exc)}"
    elif isinstance(exc, click.BadParameter):
        message = f"giá trị của {_param_hint(exc)} không hợp lệ: {exc.message}"
    elif isinstance(exc, click.NoSuchOption):
        message = f"không có tùy chọn {exc.option_name}"
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        message += f"\nXem: {exc.ctx.command_path} --help"
    return message


def _param_hint(exc: click.BadParameter) -> str:
    if exc.param_hint:
        return str(exc.param_hint)
    if isinstance(exc.param, click.Argument):
        return f"tham số {exc.param.human_readable_name}"
    if exc.param is not None:
        return " / ".join(f"'{o}'" for o in exc.param.opts)
    return "tham số"
