"""Write the report files for a period: the Word report, the Excel annex and the Markdown summary."""

from __future__ import annotations

from pathlib import Path

from plan_definition.loading import PlanFiles
from plan_definition.text import slug

from .config import ReportConfig
from .context import report_context
from .docx_report import DEFAULT_TEMPLATE, render_docx
from .figures import Figures
from .markdown import render_markdown
from .xlsx_annex import write_annex

FORMATS = ("docx", "xlsx", "md")


def file_names(plan_number: str, figures: Figures) -> dict[str, str]:
    stem = f"{slug(plan_number)}-{figures.period.slug}"
    return {"docx": f"bao-cao-{stem}.docx", "xlsx": f"phu-luc-{stem}.xlsx", "md": f"bao-cao-{stem}.md"}


def markdown_summary(files: PlanFiles, figures: Figures, config: ReportConfig) -> str:
    """The report as Markdown, e.g. for a Prefect artifact."""
    return render_markdown(report_context(files, figures, config))


def write_report(
    files: PlanFiles,
    figures: Figures,
    config: ReportConfig,
    out_dir: Path,
    formats: tuple[str, ...] = FORMATS,
    template: Path = DEFAULT_TEMPLATE,
) -> list[Path]:
    """Write each requested format into `out_dir`; return the paths in the order of FORMATS."""
    names = file_names(files.plan.number, figures)
    context = report_context(files, figures, config)
    written = []
    if "docx" in formats:
        written.append(render_docx(context, out_dir / names["docx"], template))
    if "xlsx" in formats:
        written.append(write_annex(files.plan, figures, config.body_name, out_dir / names["xlsx"]))
    if "md" in formats:
        path = out_dir / names["md"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_markdown(context), encoding="utf-8")
        written.append(path)
    return written
