"""Text from a record is shown as written wherever a person reads it as Markdown (report, Prefect artifacts)."""

from __future__ import annotations

from datetime import date

import pytest
from markdown_it import MarkdownIt

from flows.artifacts import item_table, overview_markdown
from reports.markdown import markdown_text
from tracking.rules.states import State
from tracking.status import ObligationStatus

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "[bấm vào đây](http://evil.example)",
    "![ảnh](http://evil.example/x.png)",
    "**đậm** _nghiêng_ `mã` ~~gạch~~",
    "<script>alert('x')</script>",
    "<http://evil.example>",
]
BLOCK_STARTS = ["# Tiêu đề", "- mục", "+ mục", "1. mục", '=HYPERLINK("http://evil.example","x")']


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)


def inline_html(markdown: str) -> str:
    """The HTML inside the paragraph the text becomes."""
    html = rendered(markdown).strip()
    assert html.startswith("<p>") and html.endswith("</p>"), html
    return html[3:-4]


@pytest.mark.parametrize("text", HOSTILE + BLOCK_STARTS)
def test_hostile_text_renders_as_a_paragraph_of_plain_text(text):
    html = inline_html(markdown_text(text, starts_block=True))
    assert "<" not in html.replace("&lt;", ""), html
    assert html == text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@pytest.mark.parametrize("text", HOSTILE + ["a | b", "dòng một\ndòng hai"])
def test_hostile_text_in_a_table_cell_stays_in_its_cell_as_plain_text(text):
    html = rendered(f"| A | B |\n|---|---|\n| {markdown_text(text)} | x |\n")
    cells = html.split("<tbody>")[1]
    assert cells.count("<td>") == 2 and "<a" not in cells and "<img" not in cells and "<script" not in cells


def test_ordinary_names_and_document_numbers_are_unchanged():
    for text in ("Sở Tư pháp", "Ủy ban nhân dân xã Long Đức", "125/BC-STP", "Kế hoạch số 201/KH-STP", "mục 1.2.a"):
        assert markdown_text(text) == text


def status(**changes) -> ObligationStatus:
    base = dict(
        obligation_id=1, item="2.1", item_position=1, agency="so-noi-vu", agency_name="Sở Nội vụ",
        agency_kind="so-ban-nganh", agency_position=1, period="once", due=date(2024, 3, 31),
        deadline=date(2024, 4, 1), state=State.DONE_ON_TIME, reported=None, reported_on=date(2024, 3, 20),
        document="45/TTr-SNV", note=None, requested=False, precondition=None,
    )  # fmt: skip
    return ObligationStatus(**(base | changes))


def test_the_item_table_artifact_escapes_agency_names_and_document_numbers():
    [row] = item_table([status(agency_name="<b>Sở</b>", document="[x](http://evil.example)")], {})
    assert row["Cơ quan"] == "&lt;b&gt;Sở&lt;/b&gt;"
    assert row["Văn bản"] == "\\[x\\](http\\://evil.example)"


def test_the_overview_artifact_escapes_item_codes():
    markdown = overview_markdown("86/KH-UBND", date(2024, 4, 1), [], ["<img src=x>"])
    assert "<img" not in rendered(markdown)
