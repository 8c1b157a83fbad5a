"""The report as Markdown, for a Prefect artifact: the same context as the Word report, shorter."""

from __future__ import annotations

from .context import ReportContext, TableRow

TABLE_HEADERS = [
    ("Mục", "label"),
    ("Tổng số", "total"),
    ("HT đúng hạn", "done_on_time"),
    ("HT quá hạn", "done_late"),
    ("Chưa HT, trong hạn", "open_within_deadline"),
    ("Chưa HT, quá hạn", "open_overdue"),
    ("Chờ điều kiện", "waiting"),
    ("Không thời hạn", "no_deadline"),
    ("Phải HT", "expected"),
    ("Tỷ lệ HT", "reporting_rate"),
    ("Tỷ lệ đúng hạn", "on_time_rate"),
]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def figures_table(rows: list[TableRow], total: TableRow, first_header: str = "Mục") -> list[str]:
    headers = [first_header] + [h for h, _ in TABLE_HEADERS[1:]]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join([":---"] + ["---:"] * (len(headers) - 1)) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(getattr(row, f)) for _, f in TABLE_HEADERS) + " |")
    lines.append("| " + " | ".join(f"**{_cell(getattr(total, f))}**" for _, f in TABLE_HEADERS) + " |")
    return lines


def render_markdown(context: ReportContext) -> str:
    """The report in Markdown: title, figures per item and per kind of agency, results, difficulties."""
    lines = [
        f"# {context.summary_line}",
        "",
        f"*{context.body_name} — số liệu tính đến ngày {context.as_of}. Bản nháp, chưa trình ký.*",
        "",
        "## Đánh giá chung",
        "",
        context.overview,
        "",
        *figures_table(context.item_rows, context.total_row),
        "",
        *figures_table(context.kind_rows, context.total_row, "Loại cơ quan, đơn vị"),
        "",
        context.table_note,
        "",
        *[f"- {line}" for line in context.ranking_lines],
        "",
        "## Kết quả thực hiện từng mục",
        "",
    ]
    for block in context.results:
        if block.is_part:
            lines += [f"### {block.title}", ""]
        elif block.is_heading:
            lines += [f"**{block.number} {block.title}**", ""]
        else:
            lines += [f"**{block.number}** *{block.title}*", "", *[f"- {line}" for line in block.lines], ""]
    if context.figure_lines:
        lines += ["## Số liệu các cơ quan, đơn vị báo cáo", ""] + [f"- {line}" for line in context.figure_lines] + [""]
    lines += ["## Khó khăn, vướng mắc", ""]
    lines += [f"- {d}" for d in context.difficulties] or ["Các cơ quan, đơn vị không phản ánh khó khăn, vướng mắc."]
    lines += ["", "## Đề xuất, kiến nghị của các cơ quan, đơn vị", ""]
    lines += [f"- {p}" for p in context.proposals] or ["Các cơ quan, đơn vị không có đề xuất, kiến nghị."]
    return "\n".join(lines).rstrip() + "\n"
