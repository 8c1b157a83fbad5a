"""The report as Markdown, for a Prefect artifact: the same context as the Word report, shorter."""

from __future__ import annotations

import re

from .context import ReportContext, TableRow
from .outline import Block

TABLE_HEADERS = [
    ("Mục", "label"),
    ("Tổng số", "total"),
    ("HT đúng hạn", "done_on_time"),
    ("HT quá hạn", "done_late"),
    ("HT không thời hạn", "done_undated"),
    ("Chưa HT, trong hạn", "open_within_deadline"),
    ("Chưa HT, quá hạn", "open_overdue"),
    ("Chờ điều kiện", "waiting"),
    ("Chưa HT, không thời hạn", "no_deadline"),
    ("Phải HT", "expected"),
    ("Tỷ lệ HT", "reporting_rate"),
    ("Tỷ lệ đúng hạn", "on_time_rate"),
]


# What a Markdown renderer (CommonMark, GFM, the Prefect UI's) would turn into emphasis, links, images or HTML.
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]{}|~!"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})
_BARE_LINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=\bwww)(\.)")
_BLOCK_START = re.compile(r"^(?:[#=+-]|\d+(?=[.)]))")


def markdown_text(text: object, *, starts_block: bool = False) -> str:
    """Text that came from a record, on one line, shown as written: no emphasis, link, image or HTML.

    `starts_block`: the text opens a paragraph or a list item, where '#', '-', '+' or '1.' would make a
    heading or a list.
    """
    line = _BARE_LINK.sub(lambda m: "\\" + m.group(0), " ".join(str(text).split()).translate(_INLINE))
    if starts_block:
        line = _BLOCK_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), line)
    return line


def _cell(text: str) -> str:
    return markdown_text(text)


def _items(lines: list[str]) -> list[str]:
    return [f"- {markdown_text(line, starts_block=True)}" for line in lines]


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
        f"# {markdown_text(context.summary_line)}",
        "",
        f"*{markdown_text(context.body_name)} — {markdown_text(context.period_line)} Bản nháp, chưa trình ký.*",
        "",
        "## Đánh giá chung",
        "",
        markdown_text(context.overview, starts_block=True),
        "",
        *figures_table(context.item_rows, context.total_row),
        "",
        *figures_table(context.kind_rows, context.total_row, "Loại cơ quan, đơn vị"),
        "",
        markdown_text(context.table_note, starts_block=True),
        "",
        *_items(context.ranking_lines),
        "",
        "### Nhận xét, đánh giá",
        "",
        *_items(context.assessment),
        "",
        "## Kết quả thực hiện từng mục",
        "",
    ]
    for block in context.results:
        lines += _block(block)
    lines += ["## Nhiệm vụ đến hạn trong các kỳ trước", "", markdown_text(context.earlier_intro, starts_block=True), ""]
    for block in context.earlier:
        lines += _block(block)
    if context.figure_lines:
        lines += (
            ["## Số liệu các cơ quan, đơn vị báo cáo", ""]
            + [f"- {markdown_text(line)}" for line in context.figure_lines]
            + [""]
        )
    lines += ["## Khó khăn, vướng mắc", ""]
    lines += _items(context.difficulties) or ["Các cơ quan, đơn vị không phản ánh khó khăn, vướng mắc."]
    lines += ["", "## Đề xuất, kiến nghị của các cơ quan, đơn vị", ""]
    lines += _items(context.proposals) or ["Các cơ quan, đơn vị không có đề xuất, kiến nghị."]
    lines += ["", "## Nhiệm vụ trọng tâm thời gian tới", "", *_items(context.next_tasks)]
    return "\n".join(lines).rstrip() + "\n"


def _block(block: Block) -> list[str]:
    number, title = markdown_text(block.number), markdown_text(block.title)
    if block.is_part:
        return [f"### {title}", ""]
    if block.is_heading:
        return [f"**{number} {title}**", ""]
    return [f"**{number}** *{title}*", "", *_items(block.lines), ""]
