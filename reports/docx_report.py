"""Render the report into the Word template with docxtpl; a broken placeholder is named, never left blank."""

from __future__ import annotations

import re
from dataclasses import fields
from importlib import resources
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError

from .context import ReportContext, Signer, TableRow
from .outline import Block

DEFAULT_TEMPLATE = Path(str(resources.files("reports") / "templates" / "bao-cao-nam.docx"))


class ReportTemplateError(Exception):
    """The Word template asks for something the report does not have, or is not valid Jinja."""


def _environment() -> Environment:
    return Environment(undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True)


# What each object in the context holds, so that an error can say what would be right.
_OBJECTS = {
    cls.__name__: [f.name for f in fields(cls)] + [n for n, v in vars(cls).items() if isinstance(v, property)]
    for cls in (Block, TableRow, Signer)
}


def _undefined_message(template: Path, error: UndefinedError) -> str:
    message = str(error)
    attribute = re.search(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']+)'", message)
    if attribute:
        owner, name = attribute.groups()
        known = _OBJECTS.get(owner)
        hint = f"; {owner} có: {', '.join(known)}" if known else ""
        return (
            f"mẫu báo cáo {template}: trường '{name}' không có trong dữ liệu báo cáo ({owner} không có '{name}'{hint})"
        )
    name = re.search(r"'([^']+)' is undefined", message)
    return f"mẫu báo cáo {template}: trường '{name.group(1) if name else message}' không có trong dữ liệu báo cáo"


def render_docx(context: ReportContext, out: Path, template: Path = DEFAULT_TEMPLATE) -> Path:
    """Fill `template` with `context` and save it to `out`."""
    values = context.as_mapping()
    if not template.is_file():
        raise ReportTemplateError(f"không tìm thấy mẫu báo cáo {template}")
    try:
        doc = DocxTemplate(str(template))
        doc.init_docx()
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ReportTemplateError(f"mẫu báo cáo {template} không phải tệp Word (.docx) hợp lệ: {exc}") from exc
    env = _environment()
    try:
        missing = doc.get_undeclared_template_variables(jinja_env=env, context=values)
        if missing:
            raise ReportTemplateError(
                f"mẫu báo cáo {template}: trường {', '.join(repr(m) for m in sorted(missing))} không có trong dữ liệu "
                f"báo cáo; các trường dùng được: {', '.join(sorted(values))}"
            )
        doc.render(values, jinja_env=env, autoescape=True)
    except TemplateSyntaxError as exc:
        where = _excerpt(exc)
        raise ReportTemplateError(
            f"mẫu báo cáo {template}: lỗi cú pháp Jinja" + (f" ở đoạn '{where}'" if where else "") + f": {exc.message}"
        ) from exc
    except UndefinedError as exc:
        raise ReportTemplateError(_undefined_message(template, exc)) from exc
    # The document's own title and author, not the template's ("Mẫu báo cáo …", "dondoc").
    core = doc.docx.core_properties
    core.title, core.author, core.last_modified_by = context.title, context.body_name, context.body_name
    core.subject, core.language = context.summary_line, "vi-VN"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def _excerpt(exc: TemplateSyntaxError) -> str:
    """The template text around a syntax error, without the XML around it."""
    source = exc.source or ""
    lines = source.splitlines()
    if exc.lineno and 0 < exc.lineno <= len(lines):
        text = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1]).strip()
        return text[:120]
    return ""
