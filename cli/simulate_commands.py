"""`dondoc simulate`: show a newcomer what a year of the plan looks like, in minutes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click
from rich.table import Table

from .common import DATE, add_row, all_plans_app, chosen_plan, console, get_app, plan_option

MARKER = ".dondoc-simulation"
KIND_WORDS = {
    "reminder": "Nhắc việc",
    "overdue": "Báo quá hạn",
    "escalation": "Đôn đốc",
    "chain": "Báo cáo cấp trên",
    "report": "Báo cáo định kỳ",
    "alert": "Cảnh báo",
}


def fresh_home(home: Path) -> None:
    """Empty a simulation home; refuse a folder that is not one (it might hold real data)."""
    if home.exists() and any(home.iterdir()) and not (home / MARKER).exists():
        raise click.UsageError(f"thư mục {home} đã có dữ liệu không phải của mô phỏng; chọn thư mục khác bằng --home")
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    (home / MARKER).write_text("Thư mục mô phỏng của dondoc: có thể xóa.\n", encoding="utf-8")


@click.command("simulate")
@plan_option
@click.option("--from", "start", type=DATE, required=True, help="Ngày bắt đầu mô phỏng.")
@click.option("--to", "end", type=DATE, required=True, help="Ngày kết thúc mô phỏng.")
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Hạt giống ngẫu nhiên: cùng hạt giống cho cùng kết quả."
)
@click.option(
    "--home",
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục của lần mô phỏng (mặc định: $DONDOC_HOME/simulation); được làm mới mỗi lần chạy.",
)
@click.pass_context
def simulate(ctx, start, end, seed, home):
    """Mô phỏng kế hoạch từng ngày trên cơ sở dữ liệu mới với các cơ quan giả lập, rồi tóm tắt thư đã gửi."""
    if end < start:
        raise click.BadParameter(
            f"ngày kết thúc {end.isoformat()} trước ngày bắt đầu {start.isoformat()}", param_hint="--to"
        )
    number = chosen_plan(ctx)
    if number:
        get_app(ctx)  # refuses an unknown plan before anything is written
    base = all_plans_app(ctx).settings
    home = (home or base.home / "simulation").resolve()
    fresh_home(home)
    os.environ["DONDOC_HOME"] = str(home)
    os.environ.pop("DONDOC_DATABASE_URL", None)
    os.environ.setdefault("DONDOC_MAIL_RATE_PER_MINUTE", "0")

    from flows.runtime import current_app
    from flows.simulation.replay import simulate as replay
    from flows.simulation.replay import summarise

    from .tracking_commands import initialise

    current_app.cache_clear()
    app = current_app().plan(number) if number else current_app()
    initialise(app)
    mail = app.settings.mail
    where = f"thư mục {mail.outbox_dir}" if mail.mode == "outbox" else f"máy chủ {mail.smtp_host}:{mail.smtp_port}"
    console.print(
        f"Mô phỏng Kế hoạch {', '.join(p.plan_number for p in app.each_plan())} từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}, hạt giống {seed}; "
        f"cơ sở dữ liệu mới tại {home}; thư gửi tới {where}.",
        markup=False,
    )
    totals = replay(start, end, seed, plan=number)
    summary = summarise(app, end)

    table = Table(title="Thông báo theo tháng (từ hộp thư đi)", title_justify="left")
    kinds = [k for k in KIND_WORDS if any(k in c for c in summary.notices.values())]
    for header in ("Tháng", *(KIND_WORDS[k] for k in kinds), "Thư đã gửi"):
        table.add_column(header, justify="right")
    for month, counts in summary.notices.items():
        add_row(table, month, *(counts[k] for k in kinds), summary.emails.get(month, 0))
    console.print(table)
    states = Table(title=f"Tình trạng các nghĩa vụ ngày {end:%d/%m/%Y}", title_justify="left")
    states.add_column("Trạng thái")
    states.add_column("Số nghĩa vụ", justify="right")
    for state, count in summary.final_states.items():
        add_row(states, state.label, count)
    console.print(states)
    console.print(
        f"Tổng: {totals['reports']} báo cáo giả lập được ghi nhận, {totals['notices']} thông báo, "
        f"{totals['emails']} thư đã gửi. Xem chi tiết: DONDOC_HOME={home} dondoc outbox",
        markup=False,
    )
