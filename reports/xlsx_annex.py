"""The Excel annex: every obligation of the period and the earlier ones still open, the totals, each agency's
results, the figures reported, and one summary sheet per item, each agreeing with the Word report."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plan_definition.plan import Item, Plan
from plan_definition.text import cited_date, upper_first
from tracking.rules.labels import period_label
from tracking.rules.states import State
from tracking.status import ObligationStatus

from .figures import Counts, Figures, figure_lines
from .narrative import kind_plural

FONT = "Times New Roman"
DATE_FORMAT = "DD/MM/YYYY"
RATE_FORMAT = "0.0%"
OBLIGATION_SHEET = "Nhiệm vụ"
EARLIER_SHEET = "Nhiệm vụ các kỳ trước"
TOTALS_SHEET = "Tổng hợp"
AGENCIES_SHEET = "Theo cơ quan, đơn vị"
FIGURES_SHEET = "Số liệu báo cáo"
REMARKS_SHEET = "Khó khăn, kiến nghị"
HEADER_ROW = 4  # rows 1–2 hold the title, row 3 is blank
CELL_LIMIT = 32_767  # characters an Excel cell holds

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

OBLIGATION_COLUMNS = [
    ("STT", 6),
    ("Mục", 8),
    ("Cơ quan, đơn vị", 42),
    ("Loại cơ quan, đơn vị", 40),
    ("Kỳ của nhiệm vụ", 14),
    ("Hạn theo Kế hoạch", 13),
    ("Hạn cuối (lùi khỏi ngày nghỉ)", 13),
    ("Trạng thái tại ngày chốt số liệu", 26),
    ("Tình trạng cơ quan, đơn vị tự báo cáo", 17),
    ("Ngày báo cáo (ngày hoàn thành)", 13),
    ("Số, ký hiệu văn bản báo cáo", 30),
    ("Ghi chú", 40),
]
COUNT_COLUMNS = [
    ("Tổng số", 10),
    ("Hoàn thành đúng hạn", 12),
    ("Hoàn thành quá hạn", 12),
    ("Hoàn thành (không quy định thời hạn)", 13),
    ("Chưa hoàn thành – trong hạn", 13),
    ("Chưa hoàn thành – quá hạn", 13),
    ("Chờ điều kiện", 11),
    ("Chưa hoàn thành – không quy định thời hạn", 13),
    ("Phải hoàn thành (có thời hạn)", 11),
    ("Đã hoàn thành", 11),
    ("Chưa gửi báo cáo", 11),
    ("Tỷ lệ hoàn thành", 11),
    ("Tỷ lệ đúng hạn", 11),
]


def count_cells(counts: Counts) -> list:
    return [
        counts.total,
        counts.done_on_time,
        counts.done_late,
        counts.done_undated,
        counts.open_within_deadline,
        counts.open_overdue,
        counts.waiting,
        counts.no_deadline,
        counts.expected,
        counts.reported,
        counts.silent,
        counts.reporting_rate,
        counts.on_time_rate,
    ]


def remark(row: ObligationStatus, figures: Figures, item: Item | None) -> str:
    """The 'Ghi chú' cell: the agency's note, the figures it reported, and what the state alone does not say."""
    parts = []
    if row.state.is_done and row.deadline is None:
        parts.append("Kế hoạch không quy định thời hạn")
    if row.state is State.OPEN_OVERDUE and row.reported is None:
        parts.append("Chưa gửi báo cáo")
    if row.state is State.WAITING_FOR_CONDITION and row.precondition:
        parts.append("Chờ điều kiện của Kế hoạch")
    if row.inherited_from:
        parts.append("Kế thừa nhiệm vụ của " + ", ".join(code for _, code in row.inherited_from))
    latest = figures.latest_figures.get(row.obligation_id)
    if latest is not None and item is not None:
        known = {f.key: f for f in item.figures}
        shown = []
        for key, value in latest.figures.items():
            figure = known.get(key)
            label = figure.label if figure else key
            if isinstance(value, bool):
                value = "có" if value else "không"
            unit = f" {figure.unit}" if figure is not None and figure.unit and figure.kind == "count" else ""
            shown.append(f"{label}: {value}{unit}")
        parts.append("; ".join(shown))
    if row.note:
        parts.append(row.note)
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())


def obligation_cells(position: int, row: ObligationStatus, figures: Figures, items: dict[str, Item]) -> list:
    return [
        position,
        row.item,
        row.agency_label,
        upper_first(kind_plural(row.agency_kind)),
        period_label(row.period),
        row.due,
        row.deadline,
        row.state.label,
        row.reported.label if row.reported else "Chưa báo cáo",
        row.reported_on,
        row.document,
        remark(row, figures, items.get(row.item)),
    ]


def text_cell(ws: Worksheet, row: int, column: int, value):
    """Write a cell; text stays text, never a formula or an error code, whatever it begins with.

    Text longer than a cell holds (recorded before the import limits) is cut with a note saying so.
    """
    if isinstance(value, str) and len(value) > CELL_LIMIT:
        note = f" … [đã cắt bớt: văn bản gốc dài {len(value):,} ký tự]".replace(",", ".")
        value = value[: CELL_LIMIT - len(note)] + note
    cell = ws.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def printable(ws: Worksheet, repeat_row: int | None = None) -> None:
    """A4 landscape, as wide as one page, the header row repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if repeat_row:
        ws.print_title_rows = f"{repeat_row}:{repeat_row}"


def title(ws: Worksheet, text: str, subtitle: str, width: int) -> None:
    text_cell(ws, 1, 1, text).font = Font(name=FONT, size=13, bold=True)
    text_cell(ws, 2, 1, subtitle).font = Font(name=FONT, size=12, italic=True)
    for row in (1, 2):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.cell(row, 1).alignment = Alignment(horizontal="center")


def table(ws: Worksheet, top: int, columns: Sequence[tuple[str, int]], rows: list[list], *, first_col: int = 1) -> int:
    """Write a boxed table with its header at row `top`; return the last row written."""
    for offset, (header, width) in enumerate(columns):
        cell = text_cell(ws, top, first_col + offset, header)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(first_col + offset)].width = width
    # A body cell has one of a few styles (text, date, rate, other); each is built once and its style ids are
    # copied to the next cells of its kind: openpyxl hashes every style object assigned to every cell, which
    # made the annex four fifths of a report's time at national scale.
    styles: dict[str, StyleArray] = {}
    for r, values in enumerate(rows, start=top + 1):
        for offset, value in enumerate(values):
            cell = text_cell(ws, r, first_col + offset, value)
            kind = (
                "date" if hasattr(value, "isoformat") else "rate" if isinstance(value, float)
                else "text" if isinstance(value, str) else "other"
            )  # fmt: skip
            if kind in styles:
                cell._style = copy(styles[kind])
                continue
            cell.font = Font(name=FONT, size=11)
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=kind == "text")
            if kind == "date":
                cell.number_format = DATE_FORMAT
            elif kind == "rate":
                cell.number_format = RATE_FORMAT
            styles[kind] = copy(cell._style)
    return top + len(rows)


def obligations_sheet(
    ws: Worksheet, plan: Plan, figures: Figures, subtitle: str, rows: list[ObligationStatus], heading: str
) -> None:
    title(ws, heading, subtitle, len(OBLIGATION_COLUMNS))
    items = {i.code: i for i in plan.items}
    last = table(
        ws,
        HEADER_ROW,
        OBLIGATION_COLUMNS,
        [obligation_cells(n, r, figures, items) for n, r in enumerate(rows, start=1)],
    )
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(OBLIGATION_COLUMNS))}{max(last, HEADER_ROW + 1)}"
    ws.row_dimensions[HEADER_ROW].height = 32


def totals_sheet(ws: Worksheet, plan: Plan, figures: Figures, subtitle: str) -> None:
    columns = [("Mục", 8), ("Nội dung", 60)] + COUNT_COLUMNS
    title(ws, "TỔNG HỢP KẾT QUẢ THEO TỪNG MỤC CỦA KẾ HOẠCH", subtitle, len(columns))
    rows = [[i.code, i.title] + count_cells(figures.by_item.get(i.code, Counts())) for i in plan.items]
    rows.append(["", "Tổng cộng"] + count_cells(figures.total))
    last = table(ws, HEADER_ROW, columns, rows)
    for cell in ws[last]:
        cell.font = Font(name=FONT, size=11, bold=True)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    # Per kind of agency, as the Word report's table by kind.
    top = last + 2
    text_cell(ws, top, 1, "Theo loại cơ quan, đơn vị").font = Font(name=FONT, size=11, bold=True, italic=True)
    kinds = [["", upper_first(kind_plural(kind))] + count_cells(c) for kind, c in figures.by_kind.items()]
    kinds.append(["", "Tổng cộng"] + count_cells(figures.total))
    last = table(ws, top + 1, [("", 8), ("Loại cơ quan, đơn vị", 60)] + COUNT_COLUMNS, kinds)
    for cell in ws[last]:
        cell.font = Font(name=FONT, size=11, bold=True)
    # The obligations of earlier periods: the Word report's section II, never in the totals above.
    top = last + 2
    text_cell(ws, top, 1, "Nhiệm vụ đến hạn trong các kỳ trước (không tính vào số liệu trên)").font = Font(
        name=FONT, size=11, bold=True, italic=True
    )
    earlier = [[i.code, i.title] + count_cells(c) for i in plan.items if (c := figures.earlier_by_item.get(i.code))]
    earlier.append(["", "Tổng cộng"] + count_cells(figures.earlier_total))
    last = table(ws, top + 1, columns, earlier)
    for cell in ws[last]:
        cell.font = Font(name=FONT, size=11, bold=True)


def agencies_sheet(ws: Worksheet, figures: Figures, subtitle: str) -> None:
    """Each agency's results, those most behind first; no rank, since most agencies would share one."""
    columns = [("STT", 7), ("Cơ quan, đơn vị", 42), ("Loại cơ quan, đơn vị", 40)] + COUNT_COLUMNS
    title(
        ws,
        "KẾT QUẢ THỰC HIỆN CỦA TỪNG CƠ QUAN, ĐƠN VỊ (XẾP THEO SỐ NHIỆM VỤ CHƯA HOÀN THÀNH, QUÁ HẠN)",
        subtitle,
        len(columns),
    )
    rows = [
        [n, r.agency_name, upper_first(kind_plural(r.agency_kind))] + count_cells(r.counts)
        for n, r in enumerate(figures.agencies, start=1)
    ]
    last = table(ws, HEADER_ROW, columns, rows)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{max(last, HEADER_ROW + 1)}"


def figures_sheet(ws: Worksheet, plan: Plan, figures: Figures, subtitle: str) -> None:
    """The figures agencies reported, summed per item and per kind of agency."""
    columns = [
        ("Mục", 8),
        ("Số liệu", 40),
        ("Đơn vị tính", 14),
        ("Loại cơ quan, đơn vị", 40),
        ("Số cơ quan, đơn vị báo cáo", 14),
        ("Tổng số (số liệu đếm) hoặc số báo cáo “có”", 16),
    ]
    title(ws, "SỐ LIỆU KẾT QUẢ THỰC HIỆN DO CÁC CƠ QUAN, ĐƠN VỊ BÁO CÁO", subtitle, len(columns))
    rows = []
    for item in plan.items:
        sums = figures.figure_sums.get(item.code, {})
        for figure in item.figures:
            summed = sums.get(figure.key)
            if summed is None or figure.kind == "text":
                continue
            unit = figure.unit or ("có/không" if figure.kind == "yes_no" else "")
            for kind, (n, total) in summed.kinds.items():
                rows.append([item.code, figure.label, unit, upper_first(kind_plural(kind)), n, total])
            rows.append([item.code, figure.label, unit, "Tổng cộng", summed.reports, summed.total])
    if not rows:
        text_cell(ws, HEADER_ROW, 1, "Các cơ quan, đơn vị chưa báo cáo số liệu trong kỳ báo cáo.").font = Font(
            name=FONT, size=11, italic=True
        )
        return
    table(ws, HEADER_ROW, columns, rows)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def remarks_sheet(ws: Worksheet, figures: Figures, subtitle: str) -> None:
    columns = [
        ("Khó khăn hay đề xuất", 14),
        ("Mục", 8),
        ("Cơ quan, đơn vị", 42),
        ("Ngày báo cáo", 13),
        ("Nội dung (nguyên văn)", 80),
    ]
    title(ws, "KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ CỦA CÁC CƠ QUAN, ĐƠN VỊ", subtitle, len(columns))
    rows = [["Khó khăn", r.item, r.agency_name, r.reported_on, r.text] for r in figures.difficulties]
    rows += [["Đề xuất", r.item, r.agency_name, r.reported_on, r.text] for r in figures.proposals]
    table(ws, HEADER_ROW, columns, rows)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)


def item_sheet(ws: Worksheet, item: Item, figures: Figures, subtitle: str) -> None:
    """One item: what the plan asks, then its figures per period and by kind of agency."""
    columns = [("", 42)] + COUNT_COLUMNS
    title(ws, f"MỤC {item.code}: TỔNG HỢP KẾT QUẢ", subtitle, len(columns))
    rows = [r for r in figures.rows if r.item == item.code]
    facts = [
        ("Nội dung", item.title),
        ("Cơ quan chủ trì", item.lead_text or ", ".join(item.leads)),
        ("Thời gian thực hiện", (item.timeframe or "Kế hoạch không quy định").replace("*", "")),
    ] + ([("Số liệu báo cáo", "; ".join(lines))] if (lines := figure_lines(item, figures)) else [])
    top = HEADER_ROW
    for label, text in facts:
        text_cell(ws, top, 1, label).font = Font(name=FONT, size=11, bold=True)
        cell = text_cell(ws, top, 2, text)
        cell.font = Font(name=FONT, size=11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=top, start_column=2, end_row=top, end_column=len(columns))
        ws.row_dimensions[top].height = 15 * max(1, len(text) // 150 + 1)
        top += 1
    earlier = [r for r in figures.carried_over if r.item == item.code]
    ws.column_dimensions["A"].width = 42
    if not rows:
        text_cell(ws, top + 1, 1, "Không có nhiệm vụ đến hạn trong kỳ báo cáo.").font = Font(
            name=FONT, size=11, italic=True
        )
        top += 2
    parts = []
    if rows:
        parts += [
            ("Trong kỳ báo cáo, theo kỳ của nhiệm vụ", "Kỳ của nhiệm vụ", rows, lambda r: r.period, period_label),
            (
                "Trong kỳ báo cáo, theo loại cơ quan, đơn vị",
                "Loại cơ quan, đơn vị",
                rows,
                lambda r: r.agency_kind,
                lambda k: upper_first(kind_plural(k)),
            ),
        ]
    if earlier:
        parts.append(
            (
                "Nhiệm vụ đến hạn trong các kỳ trước (chưa hoàn thành, hoặc hoàn thành trong kỳ báo cáo)",
                "Kỳ của nhiệm vụ",
                earlier,
                lambda r: r.period,
                period_label,
            )
        )
    for caption, header, part, key, name in parts:
        groups: dict[str, list[ObligationStatus]] = {}
        for r in part:
            groups.setdefault(key(r), []).append(r)
        text_cell(ws, top + 1, 1, caption).font = Font(name=FONT, size=11, bold=True, italic=True)
        table_rows = [[name(g)] + count_cells(Counts.of(rs)) for g, rs in groups.items()]
        table_rows.append(["Tổng cộng"] + count_cells(Counts.of(part)))
        top = table(ws, top + 2, [(header, 42)] + COUNT_COLUMNS, table_rows)
        for cell in ws[top]:
            cell.font = Font(name=FONT, size=11, bold=True)
        top += 1


def item_sheet_name(code: str) -> str:
    """'Mục 1.2.a', safe for Excel (≤ 31 characters, none of []:*?/\\)."""
    return ("Mục " + "".join("-" if ch in "[]:*?/\\" else ch for ch in code))[:31]


def write_annex(plan: Plan, figures: Figures, body_name: str, out: Path) -> Path:
    """Save the annex workbook for `figures` to `out`."""
    subtitle = (
        f"(Kèm theo Báo cáo của {body_name} về kết quả thực hiện {plan.kind} số {plan.number} "
        f"{figures.period.label}; kỳ báo cáo {figures.period.span}; số liệu tính đến ngày "
        f"{cited_date(figures.as_of)})"
    )
    wb = Workbook()
    wb.active.title = OBLIGATION_SHEET
    obligations_sheet(
        wb.active, plan, figures, subtitle, figures.rows, "DANH SÁCH NHIỆM VỤ CỦA CÁC CƠ QUAN, ĐƠN VỊ TRONG KỲ BÁO CÁO"
    )
    obligations_sheet(
        wb.create_sheet(EARLIER_SHEET),
        plan,
        figures,
        subtitle,
        figures.carried_over,
        "NHIỆM VỤ ĐẾN HẠN TRONG CÁC KỲ TRƯỚC: CHƯA HOÀN THÀNH HOẶC HOÀN THÀNH TRONG KỲ BÁO CÁO",
    )
    totals_sheet(wb.create_sheet(TOTALS_SHEET), plan, figures, subtitle)
    agencies_sheet(wb.create_sheet(AGENCIES_SHEET), figures, subtitle)
    figures_sheet(wb.create_sheet(FIGURES_SHEET), plan, figures, subtitle)
    remarks_sheet(wb.create_sheet(REMARKS_SHEET), figures, subtitle)
    for item in plan.items:
        item_sheet(wb.create_sheet(item_sheet_name(item.code)), item, figures, subtitle)
    for ws in wb.worksheets:
        printable(ws, HEADER_ROW if not ws.title.startswith("Mục ") else None)
    wb.properties.title = (
        f"Phụ lục kèm theo Báo cáo kết quả thực hiện {plan.kind} số {plan.number} {figures.period.label}"
    )
    wb.properties.creator = body_name
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
