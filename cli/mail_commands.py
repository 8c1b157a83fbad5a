"""`dondoc check`, `dispatch`, `outbox`: decide notices, deliver them, look at the outbox."""

from __future__ import annotations

from collections import Counter

import click
from rich.table import Table

from notifications.claimants import Claimant, is_gone
from notifications.outbox import list_outbox
from service_layer.actions import day_off, deliver, morning_check
from service_layer.clock import checked_day
from tracking.database import transaction
from tracking.rules.cadence import CHASING_KINDS, WEEKDAY_NAMES, next_chasing_day
from tracking.rules.labels import DELIVERY_STATE_LABELS, STAGE_LABELS
from tracking.submissions import find_item

from .common import (
    DATE,
    add_row,
    all_plans_app,
    chosen_plan,
    console,
    err_console,
    get_app,
    period_cell,
    plan_option,
    print_json,
    today,
    vn_date,
)

CHECK_LISTED = 200  # notices `check` lists one by one; the rest it counts per item and stage


@click.command("check")
@plan_option
@click.option("--item", "item", help="Chỉ kiểm tra mục này.")
@click.option("--all", "all_items", is_flag=True, help="Kiểm tra mọi mục (mặc định).")
@click.option("--as-of", "as_of", type=DATE, help="Ngày kiểm tra (mặc định: hôm nay).")
@click.pass_context
def check(ctx, item, all_items, as_of):
    """Xác định thông báo đến hạn gửi và đưa vào hộp thư đi (chạy lại trong ngày không thêm gì).

    Không có --plan và --item: mọi mục của mọi kế hoạch đang theo dõi."""
    if item and all_items:
        raise click.UsageError("chỉ dùng một trong hai: --item MÃ hoặc --all")
    app = get_app(ctx) if item or chosen_plan(ctx) else all_plans_app(ctx)
    as_of = checked_day(as_of)
    if item:
        with transaction(app.engine) as session:
            find_item(session, app.plan_number, item)
    checked = morning_check(app, as_of, items=[item] if item else None)
    added = checked.added
    scope = f"mục {item}" if item else "mọi mục"
    if checked.day_off:
        console.print(f"Ngày {vn_date(as_of)} là ngày nghỉ ({checked.day_off}): không kiểm tra.", markup=False)
        return
    if not added:
        console.print(f"Ngày {vn_date(as_of)}, {scope}: không có thông báo mới.")
        return
    table = Table(
        title=f"Ngày {vn_date(as_of)}, {scope}: {len(added)} thông báo mới vào hộp thư đi", title_justify="left"
    )
    several = len(app.each_plan()) > 1
    for header in (("Kế hoạch",) if several else ()) + ("Mục", "Cơ quan", "Kỳ", "Loại", "Gửi tới", "Đồng gửi"):
        table.add_column(header)
    for row in added[:CHECK_LISTED]:
        c = row.context
        add_row(
            table,
            *((c.get("plan_number"),) if several else ()),
            c["item_code"],
            c["agency_name"],
            period_cell(c["period"]),
            f"{STAGE_LABELS[row.kind]} ({row.stage})",
            ", ".join(row.to_addrs),
            ", ".join(row.cc_addrs),
        )
    console.print(table)
    if len(added) > CHECK_LISTED:
        # 60,000 rows took minutes to print and no operator reads them: the rest as counts, the list in the outbox.
        counts = Counter((row.context["item_code"], STAGE_LABELS[row.kind]) for row in added[CHECK_LISTED:])
        console.print(
            f"… và {len(added) - CHECK_LISTED} thông báo khác "
            f"({'; '.join(f'mục {i}, {k}: {n}' for (i, k), n in sorted(counts.items()))}); "
            "xem đầy đủ: dondoc outbox --state pending",
            markup=False,
        )


@click.command("dispatch")
@click.option("--as-of", "as_of", type=DATE, help="Gửi các thông báo đã quyết định đến ngày này (mặc định: hôm nay).")
@click.pass_context
def dispatch(ctx, as_of):
    """Gửi các thông báo đang chờ: mỗi người nhận một thư tổng hợp trong ngày."""
    app = get_app(ctx)
    as_of = as_of or today()
    mail = app.settings.mail
    reason = day_off(app, as_of)
    if reason is not None:
        console.print(f"Ngày {vn_date(as_of)} là ngày nghỉ ({reason}): không gửi thư.", markup=False)
        return
    result = deliver(app, as_of)
    where = f"thư mục {mail.outbox_dir}" if mail.mode == "outbox" else f"máy chủ {mail.smtp_host}:{mail.smtp_port}"
    console.print(
        f"Đã gửi: {result.sent} thư; bị từ chối: {result.failed} thư; "
        f"máy chủ hẹn gửi lại sau (lỗi 4xx): {result.deferred} thư ({where}).",
        markup=False,
    )
    if result.too_large:
        console.print(
            f"Trong số thư bị từ chối, {result.too_large} thư quá lớn so với giới hạn của máy chủ.", markup=False
        )
    if result.resumed:
        console.print(
            f"Đã nhận lại {result.resumed} lượt gửi của một lần chạy đã dừng giữa chừng "
            "(người nhận có thể đã nhận thư; gửi lại cùng Message-ID).",
            markup=False,
        )
    for line in result.refused:
        err_console.print(f"Bị từ chối, không gửi lại: {line}", markup=False, highlight=False, soft_wrap=True)
    for line in result.errors:
        err_console.print(
            f"Cần khắc phục trước lần chạy sau: {line}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if result.stopped:
        err_console.print(
            f"Dừng giữa chừng: {result.stopped}. Còn {result.pending} lượt gửi chờ lần chạy sau.", markup=False
        )
    if result.stopped or result.refused or result.errors:
        ctx.exit(1)


@click.command("outbox")
@click.option("--state", type=click.Choice(list(DELIVERY_STATE_LABELS)), help="Chỉ các thông báo ở trạng thái này.")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON, mỗi thông báo một đối tượng.")
@click.option(
    "--as-of", "as_of", type=DATE, help="Ngày xem (mặc định: hôm nay): thư đôn đốc chờ ngày đôn đốc tính từ ngày này."
)
@click.pass_context
def outbox(ctx, state, as_json, as_of):
    """Xem hộp thư đi: mỗi thông báo, người nhận, trạng thái gửi (thư đôn đốc chờ ngày đôn đốc của người nhận)."""
    app = get_app(ctx)
    as_of = as_of or today()
    with transaction(app.engine) as session:
        entries = list_outbox(session, state)
    held = {id(e): waits for e in entries if (waits := chasing_waits(app, e, as_of))}
    if as_json:
        print_json(
            [
                e.as_json() | ({"waits_for_chasing_day": {a: d.isoformat() for a, d in held[id(e)].items()}}
                               if id(e) in held else {})
                for e in entries
            ]
        )  # fmt: skip
        return
    table = Table(title=f"Hộp thư đi: {len(entries)} thông báo", title_justify="left")
    for header in ("Ngày", "Mục", "Cơ quan", "Kỳ", "Loại", "Gửi tới", "Trạng thái", "Lần thử", "Lỗi"):
        table.add_column(header)
    for e in entries:
        add_row(
            table,
            vn_date(e.decided_on),
            e.item or "",
            e.agency or "",
            e.period or "",
            e.stage,
            ", ".join(e.to),
            _state_words(e, held.get(id(e))),
            e.attempts,
            e.last_error or "",
        )
    console.print(table)
    counts = Counter(e.state for e in entries)
    console.print(
        "; ".join(f"{DELIVERY_STATE_LABELS[s].lower()}: {n}" for s, n in counts.items()) or "Hộp thư đi trống."
    )


def chasing_waits(app, entry, day) -> dict:
    """A pending chasing notice held for its recipients' weekday (tracking.rules.cadence): each recipient not
    reached yet whose chasing day is after `day`, with that day. Empty when it goes at the next dispatch."""
    if entry.state != "pending" or entry.kind not in CHASING_KINDS or not entry.weekly:
        return {}
    weekday = app.settings.chase_weekday
    fixed = weekday - 1 if weekday is not None else None
    waits = {}
    for address in entry.pending_to:
        chasing = next_chasing_day(address, day, app.calendar, fixed)
        if chasing is not None and chasing > day:
            waits[address] = chasing
    return waits


def _waiting_words(waits: dict) -> str:
    """'chờ ngày đôn đốc (thứ Năm, 10/12/2026)'; with several days, each with its recipients."""
    days: dict = {}
    for address, day in waits.items():
        days.setdefault(day, []).append(address)
    if len(days) == 1:
        [day] = days
        return f"chờ ngày đôn đốc ({WEEKDAY_NAMES[day.weekday()]}, {vn_date(day)})"
    parts = [f"{WEEKDAY_NAMES[d.weekday()]}, {vn_date(d)}: {', '.join(a)}" for d, a in sorted(days.items())]
    return f"chờ ngày đôn đốc ({'; '.join(parts)})"


def _state_words(entry, waits: dict | None = None) -> str:
    """'đang gửi (máy may-chu-1, tiến trình 4242)' for a notice a dispatch holds; says so when it is gone;
    'chờ ngày đôn đốc (thứ Năm, 10/12/2026)' for chasing held for its recipient's weekday."""
    if waits:
        return _waiting_words(waits)
    claimant = Claimant.parse(entry.claimed_by) if entry.state == "sending" else None
    if claimant is None:
        return DELIVERY_STATE_LABELS[entry.state]
    gone = "; tiến trình đã dừng, lần gửi sau sẽ gửi lại" if is_gone(claimant) else ""
    return f"{DELIVERY_STATE_LABELS[entry.state].lower()} ({claimant.describe()}{gone})"
