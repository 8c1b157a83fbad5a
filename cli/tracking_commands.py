"""`dondoc init`, `status`, `record`, `precondition`, `request`, `import-submissions`."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click
from rich.table import Table
from sqlalchemy import select

from plan_definition.figures import parse_pairs, read_figures
from service_layer.actions import add_request, record_precondition, record_report, reject_report
from tracking.database import migrate, transaction
from tracking.errors import UnknownAgency
from tracking.models import AgencyRow
from tracking.plan_store import active_agencies, ensure_year, store_plan
from tracking.rules.labels import STATE_LABELS
from tracking.rules.states import Reported, State
from tracking.status import status_as_of
from tracking.submission_files import import_reports, write_template
from tracking.submissions import Report, find_item

from .common import (
    DATE,
    add_row,
    all_plans_app,
    chosen_plan,
    console,
    err_console,
    get_app,
    operator,
    period_cell,
    plan_option,
    print_json,
    today,
    vn_date,
)

_KIND_WORDS = {"plan": "kế hoạch", "agency": "cơ quan", "item": "mục", "obligation": "nghĩa vụ"}
_OUTCOME_WORDS = {"added": "thêm", "updated": "cập nhật", "retired": "ngừng theo dõi"}


def initialise(app) -> Counter:
    """Create or migrate the schema and load every plan that validates, with the directory; return what changed.

    A plan file with problems is left out (see `app.catalogue.refused`); the others load.
    """
    migrate(app.engine)
    changes: Counter = Counter()
    agencies = None  # the directory is stored with the first plan; the others share it
    for scoped in app.each_plan():
        with transaction(app.engine) as session:
            changes += store_plan(session, scoped.files, app.calendar, today().year, agencies=agencies).changes
            if agencies is None:
                agencies = active_agencies(session)
    return changes


@click.command("init")
@click.pass_context
def init(ctx):
    """Tạo hoặc nâng cấp cơ sở dữ liệu, nạp mọi kế hoạch và danh bạ (chạy lại không thay đổi gì).

    Kế hoạch có lỗi bị từ chối riêng (liệt kê lỗi, mã thoát 2); các kế hoạch khác vẫn được nạp."""
    app = all_plans_app(ctx)
    catalogue = app.catalogue
    changes = initialise(app) if catalogue.plans else Counter()
    console.print(f"Cơ sở dữ liệu: {app.settings.database_url}", markup=False)
    for files in catalogue.plans.values():
        console.print(f"Kế hoạch {files.plan.number}: {files.plan_path}", markup=False)
    if not changes:
        console.print("Không có thay đổi: cơ sở dữ liệu đã khớp với kế hoạch và danh bạ.")
    for (kind, outcome), n in sorted(changes.items()):
        console.print(f"  {_KIND_WORDS[kind]}: {_OUTCOME_WORDS[outcome]} {n}")
    if catalogue.refused:
        problems = [p for found in catalogue.refused.values() for p in found]
        err_console.print(
            f"Lỗi: {len(catalogue.refused)} tệp kế hoạch bị từ chối, không nạp ({len(problems)} lỗi):\n"
            + "\n".join(f"  {p}" for p in problems),
            markup=False,
            soft_wrap=True,
        )
        sys.exit(2)


@click.command("status")
@plan_option
@click.option("--as-of", "as_of", type=DATE, help="Ngày xem tình hình (mặc định: hôm nay).")
@click.option("--item", "items", multiple=True, help="Chỉ mục này (có thể lặp lại).")
@click.option("--agency", "agencies", multiple=True, help="Chỉ cơ quan này (có thể lặp lại).")
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON, mỗi nghĩa vụ một đối tượng.")
@click.pass_context
def status(ctx, as_of, items, agencies, as_json):
    """Tình hình thực hiện đến một ngày: ai phải làm gì, đã xong chưa, có quá hạn không.

    Không có --plan: mọi kế hoạch đang theo dõi (--item cần chọn kế hoạch khi có nhiều kế hoạch)."""
    base = all_plans_app(ctx)
    several = chosen_plan(ctx) is None and not items and len(base.plans) > 1
    plans = base.each_plan() if several else [get_app(ctx)]
    as_of = as_of or today()
    rows = []
    for app in plans:
        ensure_year(app.engine, app.plan_number, app.calendar, as_of)
        with transaction(app.engine) as session:
            _check_filters(session, app.plan_number, items, agencies)
            # An agency's history includes its predecessors' (an agency named is shown with those it took over from).
            wanted = app.files.directory.lineage_before(list(agencies)) if agencies else []
            found = status_as_of(session, app.plan_number, as_of, items=list(items), agencies=wanted)
        rows += [(app.plan_number, r) for r in found]
    if as_json:
        print_json([{"plan": number, **r.as_json()} if several else r.as_json() for number, r in rows])
        return
    numbers = ", ".join(p.plan_number for p in plans)
    table = Table(title=f"Tình hình thực hiện Kế hoạch {numbers} đến ngày {vn_date(as_of)}", title_justify="left")
    headers = ("Mục", "Cơ quan", "Kỳ", "Hạn", "Hạn tính", "Trạng thái", "Ngày báo cáo", "Văn bản")
    for header in (("Kế hoạch",) + headers) if several else headers:
        table.add_column(header)
    for number, r in rows:
        add_row(
            table,
            *((number,) if several else ()),
            r.item,
            r.agency_label,
            period_cell(r.period),
            vn_date(r.due),
            vn_date(r.deadline),
            r.state.label,
            vn_date(r.reported_on) if r.reported_on else "",
            r.document,
        )
    console.print(table)
    counts = Counter(r.state for _, r in rows)
    console.print(
        f"Tổng: {len(rows)} nghĩa vụ; "
        + "; ".join(f"{STATE_LABELS[s].lower()}: {counts[s]}" for s in State if counts[s]),
        markup=False,
    )


def _check_filters(session, plan_number, items, agencies) -> None:
    for code in items:
        find_item(session, plan_number, code)
    if agencies:
        known = list(session.scalars(select(AgencyRow.code)))
        for code in agencies:
            if code not in known:
                raise UnknownAgency(code, known)


@click.command("record")
@plan_option
@click.argument("item")
@click.argument("agency")
@click.option(
    "--state", required=True, type=click.Choice([r.value for r in Reported]), help="Trạng thái cơ quan báo cáo."
)
@click.option(
    "--period",
    help="Kỳ: once, năm (2024), tháng (2026-06), quý (2026-Q3), 6 tháng đầu năm (2026-H1) hoặc adhoc-N; "
    "bỏ trống khi chỉ có một kỳ hoặc kỳ là năm của ngày báo cáo.",
)
@click.option("--date", "reported_on", type=DATE, help="Ngày của văn bản báo cáo (mặc định: hôm nay).")
@click.option("--document", help="Số, ký hiệu văn bản, ví dụ 125/BC-STP.")
@click.option("--note", help="Tóm tắt kết quả.")
@click.option("--difficulties", help="Khó khăn, vướng mắc cơ quan nêu.")
@click.option("--proposals", help="Đề xuất, kiến nghị cơ quan nêu.")
@click.option(
    "--figure",
    "figures",
    multiple=True,
    metavar="KHÓA=GIÁ_TRỊ",
    help="Số liệu mục yêu cầu, ví dụ hoi_nghi=2 (có thể lặp lại).",
)
@click.pass_context
def record(ctx, item, agency, state, period, reported_on, document, note, difficulties, proposals, figures):
    """Ghi nhận báo cáo của một cơ quan về một mục (ghi thêm, không ghi đè)."""
    app = get_app(ctx)
    day = today()
    report = Report(
        item=item,
        agency=agency,
        state=state,
        reported_on=reported_on or day,
        period=period,
        document=document,
        note=note,
        difficulties=difficulties,
        proposals=proposals,
        figures=parse_pairs(list(figures)) or None,
    )
    recorded = record_report(app, report, today=day, recorded_by=operator(), source="cli")
    console.print(
        f"Đã ghi nhận: mục {item}, {agency}, kỳ {recorded.period}: {Reported(state).label.lower()} "
        f"ngày {vn_date(report.reported_on)}" + (f", văn bản {document}" if document else "") + ".",
        markup=False,
    )


@click.command("reject")
@click.argument("submission_id", type=int)
@click.option("--reason", required=True, help="Lý do trả lại báo cáo (được gửi cho cơ quan).")
@click.pass_context
def reject(ctx, submission_id, reason):
    """Trả lại một báo cáo (không còn được tính) và báo cho cơ quan kèm lý do qua thư điện tử."""
    app = get_app(ctx)
    notice = reject_report(app, submission_id, reason, today=today(), rejected_by=operator())
    console.print(
        f"Đã trả lại báo cáo số {submission_id}; thư báo cho cơ quan "
        + ("đã vào hộp thư đi (gửi ở lượt gửi thư tiếp theo)." if notice else "đã có từ trước."),
        markup=False,
    )


@click.command("precondition")
@plan_option
@click.argument("name")
@click.option(
    "--met-on", "met_on", type=DATE, required=True, help="Ngày điều kiện được đáp ứng (ví dụ ngày ban hành hướng dẫn)."
)
@click.option("--note", help="Văn bản hướng dẫn, ví dụ 'Thông tư số …'.")
@click.pass_context
def precondition(ctx, name, met_on, note):
    """Ghi nhận một điều kiện đã được đáp ứng (ví dụ đã có hướng dẫn của Bộ Nội vụ)."""
    app = get_app(ctx)
    waiting = record_precondition(app, name, met_on, today=today(), recorded_by=operator(), note=note)
    console.print(
        f"Đã ghi nhận: điều kiện '{name}' được đáp ứng ngày {vn_date(met_on)}; các mục {', '.join(waiting)} bắt đầu được theo dõi hạn.",
        markup=False,
    )


@click.command("request")
@plan_option
@click.argument("item")
@click.option("--due", type=DATE, required=True, help="Hạn gửi kết quả (ngày cuối cùng).")
@click.option("--note", help="Nội dung yêu cầu.")
@click.pass_context
def request(ctx, item, due, note):
    """Yêu cầu báo cáo đột xuất (khi có yêu cầu) cho một mục: thêm một kỳ mới với hạn riêng."""
    app = get_app(ctx)
    period = add_request(app, item, due, today=today(), recorded_by=operator(), note=note)
    console.print(f"Đã tạo yêu cầu {period} cho mục {item}, hạn {vn_date(due)}.", markup=False)


@click.command("import-submissions")
@plan_option
@click.argument("file", type=click.Path(path_type=Path), required=False)
@click.option(
    "--template", "template", type=click.Path(path_type=Path), help="Ghi một tệp mẫu trống (.xlsx hoặc .csv) rồi thoát."
)
@click.pass_context
def import_submissions(ctx, file, template):
    """Nhập báo cáo của các cơ quan từ tệp .xlsx hoặc .csv: nhập tất cả hoặc không nhập dòng nào."""
    if template:
        write_template(template)
        console.print(f"Đã ghi tệp mẫu: {template}", markup=False)
        return
    if file is None:
        raise click.UsageError("cần tên tệp cần nhập, hoặc --template TỆP để ghi tệp mẫu")
    app = get_app(ctx)
    day = today()
    ensure_year(app.engine, app.plan_number, app.calendar, day)
    with transaction(app.engine) as session:
        result = import_reports(
            session, app.plan_number, file, today=day, recorded_by=operator(),
            figures_of=lambda report: read_figures(app.files.plan.by_code[report.item], report.figures),
        )  # fmt: skip
    console.print(
        f"Đã nhập {result.added} báo cáo từ {file}"
        + (f"; {result.already_recorded} dòng đã có từ trước, bỏ qua" if result.already_recorded else "")
        + ".",
        markup=False,
    )
