"""`dondoc plan …` and `dondoc agencies`: look at the plan and the directory."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from plan_definition.catalogue import load_catalogue, plan_key, plan_paths, plan_state
from plan_definition.directory import KIND_NAMES
from plan_definition.errors import InvalidFiles
from plan_definition.loading import load_plan, load_plan_files
from plan_definition.plan import Item, Plan
from plan_definition.retiring import retire_plan_file
from plan_definition.timeframes import Timeframe

from .common import (
    DATE,
    add_row,
    all_plans_app,
    chosen_plan,
    console,
    err_console,
    get_app,
    plan_option,
    print_json,
    today,
    vn_date,
)


def describe_meaning(meaning: Timeframe, plan: Plan, item: Item | None = None) -> str:
    """The parsed meaning of a timeframe, in words, with the plan's rules on who is given the deadline."""
    if meaning.kind == "once":
        text = f"một lần, hạn {vn_date(meaning.due)}" if meaning.due else "không thời hạn"
    elif meaning.kind == "yearly":
        due = meaning.yearly_due or plan.reporting.yearly_due
        years = f"từ {meaning.from_year}" + (f" đến {meaning.to_year}" if meaning.to_year else "")
        text = f"hằng năm {years}, hạn {due} mỗi năm"
        if meaning.continuous:
            text = "thường xuyên; " + text
    elif meaning.kind in ("monthly", "quarterly", "half_yearly"):
        text = _describe_sub_yearly(meaning, plan)
    else:
        text = "chỉ khi có yêu cầu"
    if meaning.adhoc and meaning.kind != "adhoc":
        text += "; và khi có yêu cầu"
    if item is None:
        return text
    if item.requested:
        return text + "; cơ quan được đề nghị: không ấn định thời hạn, không tính quá hạn"
    if item.code in plan.reporting.compiled_by_monitor:
        text += "; Sở Nội vụ tổng hợp sau hạn của các cơ quan" if not plan.reporting.compiled_due else ""
    elif plan.is_continuing(item) and plan.reporting.binds:
        text += f"; chỉ có hạn với {', '.join(plan.reporting.binds)}"
    return text


def _describe_sub_yearly(meaning: Timeframe, plan: Plan) -> str:
    """'hằng tháng từ 2026, hạn ngày 19 mỗi tháng'; a half-yearly duty also names the year's deadline."""
    years = f"từ {meaning.from_year}" + (f" đến {meaning.to_year}" if meaning.to_year else "")
    day = meaning.period_day
    if meaning.kind == "monthly":
        return f"hằng tháng {years}, hạn " + (f"ngày {day} mỗi tháng" if day else "ngày cuối mỗi tháng")
    if meaning.kind == "quarterly":
        return f"hằng quý {years}, hạn " + (f"ngày {day} tháng cuối quý" if day else "ngày cuối quý")
    yearly = meaning.yearly_due or plan.reporting.yearly_due
    first_half = f"{day:02d}/06" if day else "30/06"
    return f"6 tháng và hằng năm {years}, hạn 6 tháng đầu năm {first_half}, hạn cả năm {yearly} mỗi năm"


def plan_as_json(plan: Plan) -> dict:
    data = plan.model_dump(mode="json")
    for item, raw in zip(plan.items, data["items"]):
        raw["meaning"] = plan.timeframe(item).model_dump(mode="json", exclude_defaults=True)
    return data


@click.group("plan")
def plan_group():
    """Xem và kiểm tra tệp kế hoạch."""


@plan_group.command("validate")
@plan_option
@click.argument("plan_file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--directory",
    "directory_file",
    type=click.Path(path_type=Path),
    help="Tệp danh bạ (mặc định: DONDOC_DIRECTORY hoặc danh bạ kèm theo).",
)
@click.pass_context
def validate(ctx, plan_file, directory_file):
    """Kiểm tra tệp kế hoạch và danh bạ; in tóm tắt hoặc liệt kê mọi lỗi (mặc định: mọi kế hoạch đang theo dõi)."""
    app = all_plans_app(ctx)
    settings = app.settings
    directory = directory_file or settings.directory_path
    if plan_file is not None:
        _summarise(load_plan_files(plan_file, directory))
        return
    if chosen_plan(ctx):
        _summarise(load_plan_files(get_app(ctx).files.plan_path, directory))
        return
    paths = [settings.plan_path] if settings.plan_path else plan_paths(settings.plans_path)
    catalogue = load_catalogue(paths, directory)
    for files in catalogue.plans.values():
        _summarise(files)
    if catalogue.refused:
        raise InvalidFiles([p for found in catalogue.refused.values() for p in found])


def _summarise(files) -> None:
    plan, directory = files.plan, files.directory
    console.print(f"[bold]{plan.kind} số {plan.number}[/] ngày {vn_date(plan.date)} của {plan.issuer}")
    console.print(f"{plan.title}", markup=False)
    console.print(f"Tệp kế hoạch: {files.plan_path}", markup=False)
    console.print(
        f"Danh bạ: {files.directory_path} ({len(directory.agencies)} cơ quan, {len(directory.groups)} nhóm)",
        markup=False,
    )
    table = Table(title=f"{len(plan.items)} mục theo dõi", title_justify="left")
    for header in ("Mục", "Chủ trì", "Số cơ quan", "Thời gian thực hiện", "Hiểu là"):
        table.add_column(header)
    for item in plan.items:
        leads = ", ".join(item.leads) + (" (đề nghị)" if item.requested else "")
        add_row(
            table,
            item.code,
            leads,
            str(len(directory.expand(list(item.leads)))),
            (item.timeframe or "(không ghi)") + (f" (chờ điều kiện: {item.precondition})" if item.precondition else ""),
            describe_meaning(plan.timeframe(item), plan, item),
        )
    console.print(table)
    console.print("[green]Hợp lệ.[/]")


@plan_group.command("show")
@plan_option
@click.argument("plan_file", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In toàn bộ kế hoạch dạng JSON.")
@click.pass_context
def show(ctx, plan_file, as_json):
    """Hiển thị một tệp kế hoạch (mặc định: kế hoạch đang dùng)."""
    plan = load_plan(plan_file) if plan_file else get_app(ctx).files.plan
    if as_json:
        print_json(plan_as_json(plan))
        return
    console.print(f"[bold]{plan.kind} số {plan.number}[/] ngày {vn_date(plan.date)}: {plan.title}")
    if plan.ends_on:
        console.print(f"Kế hoạch kết thúc ngày {vn_date(plan.ends_on)}.")
    else:
        console.print(
            "Khi sắp xếp tổ chức bộ máy: Kế hoạch tiếp tục áp dụng với các cơ quan, đơn vị kế thừa; nhiệm vụ còn dở "
            f"đã quá hạn khi bàn giao có hạn mới {plan.handover_working_days} ngày làm việc sau ngày bàn giao."
        )
    table = Table(show_lines=True)
    for header in ("Mục", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"):
        table.add_column(header)
    for item in plan.items:
        add_row(
            table,
            item.code,
            item.title,
            item.lead_text or ", ".join(item.leads),
            item.coordinator_text or "",
            item.timeframe or "(không ghi)",
        )
    console.print(table)
    print_rules(plan)


@plan_group.command("list")
@click.option("--as-of", "as_of", type=DATE, help="Tình trạng tại ngày này (mặc định: hôm nay).")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.pass_context
def list_plans(ctx, as_of, as_json):
    """Liệt kê các kế hoạch đang theo dõi: số, trích yếu, cơ quan ban hành, ngày, số mục, tình trạng."""
    catalogue = all_plans_app(ctx).catalogue
    day = as_of or today()
    rows = [files for files in catalogue.plans.values()]
    if as_json:
        print_json(
            [
                {
                    "number": f.plan.number,
                    "key": plan_key(f.plan),
                    "title": f.plan.title,
                    "issuer": f.plan.issuer,
                    "date": f.plan.date.isoformat(),
                    "items": len(f.plan.items),
                    "ends_on": f.plan.ends_on.isoformat() if f.plan.ends_on else None,
                    "in_force": f.plan.in_force_on(day),
                    "file": str(f.plan_path),
                }
                for f in rows
            ]
        )
    else:
        table = Table(title=f"{len(rows)} kế hoạch (tình trạng ngày {vn_date(day)})", title_justify="left")
        for header in ("Số", "Trích yếu", "Cơ quan ban hành", "Ngày", "Số mục", "Tình trạng"):
            table.add_column(header)
        for f in rows:
            plan = f.plan
            add_row(
                table, plan.number, plan.title, plan.issuer, vn_date(plan.date), len(plan.items), plan_state(plan, day)
            )
        console.print(table)
    for path, problems in catalogue.refused.items():
        err_console.print(
            f"Tệp {path} bị từ chối ({len(problems)} lỗi): chạy 'dondoc plan validate' để xem.", markup=False
        )


@plan_group.command("retire")
@click.argument("number")
@click.option("--on", "ends_on", type=DATE, required=True, help="Ngày cuối cùng kế hoạch còn được theo dõi.")
@click.pass_context
def retire(ctx, number, ends_on):
    """Kết thúc theo dõi một kế hoạch từ sau một ngày: thôi nhắc việc, đôn đốc; lịch sử và báo cáo vẫn giữ."""
    from tracking.database import migrate, transaction
    from tracking.plan_store import store_plan

    app = all_plans_app(ctx).plan(number)
    files = app.files
    if ends_on < files.plan.date:
        raise click.BadParameter(
            f"ngày {vn_date(ends_on)} trước ngày ban hành kế hoạch ({vn_date(files.plan.date)})", param_hint="--on"
        )
    retire_plan_file(files.plan_path, ends_on)
    retired = load_plan_files(files.plan_path, files.directory_path)
    migrate(app.engine)
    with transaction(app.engine) as session:
        store_plan(session, retired, app.calendar, today().year)
    console.print(
        f"Kế hoạch {files.plan.number} kết thúc ngày {vn_date(ends_on)} (ghi vào {files.plan_path}): "
        "từ ngày sau không còn nhắc việc, đôn đốc; lịch sử và báo cáo vẫn giữ nguyên.",
        markup=False,
    )


def chasing_rule(escalation) -> str:
    """The plan's chasing pace, as a clerk would state it."""
    reminders = ", ".join(str(n) for n in sorted(escalation.reminders_before, reverse=True))
    text = (
        f"nhắc hạn trước {reminders} ngày làm việc; thông báo quá hạn sau {escalation.overdue_after} ngày làm việc; "
        f"đôn đốc người đứng đầu sau {escalation.head_after} ngày làm việc, nhắc lại mỗi "
        f"{escalation.head_repeat_every} ngày làm việc"
    )
    if escalation.slow_after is not None:
        text += f", sau {escalation.slow_after} lần nhắc lại thì mỗi {escalation.slow_repeat_every} ngày làm việc"
    if escalation.head_repeat_limit is not None:
        text += f", nhiều nhất {escalation.head_repeat_limit} lần nhắc lại"
    text += f"; báo cấp trên trực tiếp sau {escalation.chain_after} ngày làm việc"
    if escalation.weekly:
        text += (
            ". Thư đôn đốc và bản để biết gửi lãnh đạo gửi nhiều nhất một lần mỗi tuần, vào ngày cố định trong "
            "tuần của từng người nhận (bản để biết gộp thành một thư tổng hợp hằng tuần)"
        )
    return text + "."


def print_rules(plan: Plan) -> None:
    """The plan's rules on deadlines and escalation, as the plan file states them for a clerk."""
    reporting, escalation = plan.reporting, plan.escalation
    continuing = [i.code for i in plan.items if plan.is_continuing(i)]
    requested = [i.code for i in plan.items if i.requested]
    lines = [
        ("Báo cáo kết quả hằng năm", f"{reporting.text} (hạn cuối: ngày {reporting.yearly_due})"),
        (
            "Cơ quan phải gửi kết quả nhiệm vụ thường xuyên, định kỳ",
            (", ".join(reporting.binds) if reporting.binds else "mọi cơ quan chủ trì")
            + (f" (các mục {', '.join(continuing)})" if continuing else ""),
        ),
        ("Căn cứ", reporting.binds_note),
        (
            "Cơ quan được đề nghị" + (f" (các mục {', '.join(requested)})" if requested else ""),
            reporting.requested_note,
        ),
        (
            "Mục do cơ quan theo dõi tổng hợp",
            (
                f"{', '.join(reporting.compiled_by_monitor)}: "
                + (
                    f"hạn ngày {reporting.compiled_due} hằng năm"
                    if reporting.compiled_due
                    else "hằng năm vào ngày làm việc đầu tiên sau hạn của các cơ quan, không có thời hạn"
                )
            )
            if reporting.compiled_by_monitor
            else None,
        ),
        ("Căn cứ", reporting.compiled_note if reporting.compiled_by_monitor else None),
        (
            f"Nhiệm vụ của chính cơ quan theo dõi ({plan.monitor})",
            "chỉ nhắc hạn cán bộ đầu mối" if escalation.monitor_self == "reminders" else "không gửi thư",
        ),
        ("Căn cứ", escalation.monitor_self_note),
        ("Nhịp đôn đốc", chasing_rule(escalation)),
    ]
    table = Table(title="Quy tắc về thời hạn và đôn đốc", title_justify="left", show_header=False, show_lines=True)
    table.add_column("Quy tắc")
    table.add_column("Nội dung")
    for label, text in lines:
        if text:
            add_row(table, label, text)
    console.print(table)


@click.group("agencies", invoke_without_command=True)
@click.option("--group", "group_code", help="Chỉ các cơ quan thuộc nhóm này (ví dụ ubnd-cap-huyen).")
@click.option(
    "--directory",
    "directory_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Tệp danh bạ (mặc định: DONDOC_DIRECTORY hoặc danh bạ kèm theo); chỉ đọc danh bạ, không đọc kế hoạch.",
)
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    help="Danh bạ như tại ngày này: chỉ các cơ quan đang hoạt động (mặc định: mọi cơ quan, kể cả đã kết thúc).",
)
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.pass_context
def agencies(ctx, group_code, directory_file, as_of, as_json):
    """Liệt kê danh bạ cơ quan, đơn vị (ngày bắt đầu, ngày kết thúc, cơ quan kế thừa); 'dondoc agencies import'
    tạo danh bạ từ danh sách .xlsx hoặc .csv."""
    if ctx.invoked_subcommand is not None:
        return
    from plan_definition.loading import load_directory

    full = load_directory(directory_file or get_app(ctx).settings.directory_path)
    directory = full.on(as_of) if as_of else full
    if group_code and group_code not in directory.groups_by_code:
        from plan_definition.loading import nearest

        raise click.BadParameter(
            f"nhóm '{group_code}' không có trong danh bạ{nearest(group_code, list(directory.groups_by_code))}; "
            f"các nhóm: {', '.join(directory.groups_by_code)}",
            param_hint="--group",
        )
    codes = directory.members(group_code) if group_code else [a.code for a in directory.agencies]
    rows = [directory.by_code[c] for c in codes]
    lives = full.lives
    if as_json:
        print_json(
            [
                {
                    "code": a.code,
                    "name": a.name,
                    "kind": a.kind,
                    "parent": a.parent,
                    "groups": directory.groups_of(a.code),
                    "head": a.head.model_dump(),
                    "contact": a.contact.model_dump(),
                    "began": _iso(lives[a.code].began),
                    "ended": _iso(lives[a.code].ended),
                    "successors": list(lives[a.code].successors),
                }
                for a in rows
            ]
        )
        return
    where = f" tỉnh {directory.province_on(as_of)} ngày {vn_date(as_of)}" if as_of else ""
    table = Table(title=f"{len(rows)} cơ quan, đơn vị{where}", title_justify="left")
    for header in ("Mã", "Tên", "Loại", "Người đứng đầu", "Hoạt động", "Kế thừa"):
        table.add_column(header)
    for a in rows:
        life = lives[a.code]
        span = f"{vn_date(life.began) if life.began else '…'} – {vn_date(life.ended) if life.ended else 'nay'}"
        add_row(
            table,
            a.code,
            a.name,
            KIND_NAMES[a.kind],
            f"{a.head.title}\n{a.head.email}",
            span,
            ", ".join(life.successors),
        )
    console.print(table)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


__all__ = ["plan_group", "agencies", "load_plan_files"]
