"""Render the mail templates into subject, plain text and HTML.

One Jinja2 environment is built once. Text templates print the HTML wording
macros of `_wording.html.j2` through the `plain` filter, so both versions say
exactly the same words and every value is escaped in the HTML one.

Dates follow Decree 30/2020/NĐ-CP: in prose, days below 10 and the months
January and February take a leading zero ("ngày 05 tháng 01 năm 2024",
"ngày 14 tháng 11 năm 2024"); a cited document's date is written the same way
in short form ("15/9/2023"); tables and subjects use dd/mm/yyyy throughout
("01/04/2024") so that columns line up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from plan_definition.text import cited_date, join_names, long_date, lower_first, numeric_date, one_line, sentence
from tracking.rules.labels import REQUESTED_SUBJECT_LABELS, SUBJECT_LABELS

from .contexts import Digest, NoticeLine, OperatorAlert, PlanGroup, PlanInfo, Rejection, ReportMail, Section, Sender

TEMPLATES = Path(__file__).with_name("templates")


class TemplateRenderingError(Exception):
    """A mail template failed: names the template rendered and the one that failed inside it."""

    def __init__(self, template: str, detail: str, *, inner: str | None = None, line: int | None = None):
        self.template, self.detail, self.inner, self.line = template, detail, inner, line
        where = ""
        if inner is not None:
            where = f" (lỗi ở mẫu '{inner}'" + (f", dòng {line}" if line else "") + ")"
        super().__init__(f"mẫu thư '{template}'{where}: {detail}")


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def plain(html: str) -> str:
    """The text of an HTML wording macro's output: tags dropped, entities decoded, whitespace collapsed.

    Only for macro output (already escaped HTML), never for raw values.
    """
    return Markup(html).striptags()


def blocks(lines: Iterable[NoticeLine]) -> list[tuple[bool, list[NoticeLine]]]:
    """Split a section's lines into the assigned ones and the requested ones (each block worded its own way)."""
    lines = list(lines)
    parts = [(False, [x for x in lines if not x.requested]), (True, [x for x in lines if x.requested])]
    return [(requested, part) for requested, part in parts if part]


def by_item(lines: Iterable[NoticeLine]) -> list[list[NoticeLine]]:
    """The lines grouped by item, in order of first appearance, so each item is quoted once."""
    groups: dict[str, list[NoticeLine]] = {}
    for line in lines:
        groups.setdefault(line.item_code, []).append(line)
    return list(groups.values())


def deadlines(lines: Iterable[NoticeLine]) -> list[NoticeLine]:
    """One line per distinct (period, deadline), to state each deadline of an item once."""
    seen: dict[tuple[str, date], NoticeLine] = {}
    for line in lines:
        seen.setdefault((line.period, line.deadline), line)
    return list(seen.values())


def text_table(rows: Iterable[Iterable[str]], headers: Iterable[str]) -> str:
    """A plain-text table with padded columns: header, rule, one row per line."""

    def cell(value: object) -> str:
        return unicodedata.normalize("NFC", one_line(str(value)))  # one code point per letter, so columns align

    table = [[cell(c) for c in headers]] + [[cell(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]

    def fmt(row: list[str]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([fmt(table[0]), rule] + [fmt(row) for row in table[1:]])


QUOTED_AT_MOST = 240  # characters of an item's text a notice quotes: enough to recognise it, short to read


def brief(text: str, limit: int = QUOTED_AT_MOST) -> str:
    """An item's text cut at a word before `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.–- ")
    return cut + "…"


PROVINCIAL_COMMITTEE = "Ủy ban nhân dân tỉnh"


def reported_to(plan: PlanInfo, sender: Sender) -> str:
    """Whom results are reported to now: the plan's issuer, but for a plan of a province's People's Committee,
    the People's Committee of the sender's province today (a plan of Trà Vinh reports to Vĩnh Long after the
    merger of 1/7/2025; the plan's citation keeps its issuer as printed)."""
    if plan.issuer.startswith(PROVINCIAL_COMMITTEE):
        return f"{PROVINCIAL_COMMITTEE} {sender.province}"
    return plan.issuer


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith(".html.j2")


@cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment of the mail templates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        vn_date=numeric_date,
        vn_long_date=long_date,
        vn_cited_date=cited_date,
        lower_first=lower_first,
        sentence=sentence,
        join_names=join_names,
        one_line=one_line,
        plain=plain,
        blocks=blocks,
        by_item=by_item,
        deadlines=deadlines,
        text_table=text_table,
        brief=brief,
        reported_to=reported_to,
    )
    env.globals["refuse"] = refuse
    return env


def refuse(message: str):
    """Stop rendering with `message` (for a template asked for something it has no wording for)."""
    raise jinja2.TemplateRuntimeError(message)


def _failing_template(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template frame of a rendering error's traceback, as (name, line)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.name, exc.lineno
    found: tuple[str | None, int | None] = (None, None)
    root = str(TEMPLATES)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root):
            found = (Path(filename).relative_to(root).as_posix(), tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_template(name: str, **context: Any) -> str:
    """Render one template; any failure raises TemplateRenderingError naming it."""
    try:
        text = environment().get_template(name).render(**context)
    except Exception as exc:  # every failure, Jinja's or a filter's, names the template
        inner, line = _failing_template(exc)
        if isinstance(exc, jinja2.TemplateNotFound):
            detail = f"không tìm thấy mẫu '{exc.name}'"
        else:
            detail = f"{type(exc).__name__}: {exc}"
        raise TemplateRenderingError(name, detail, inner=inner, line=line) from exc
    if not text.strip():
        raise TemplateRenderingError(name, "mẫu cho ra nội dung rỗng")
    return text


def _tidy_text(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one final newline."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _render_pair(base: str, subject: str, **context: Any) -> RenderedMail:
    text = render_template(f"{base}.txt.j2", subject=subject, **context)
    html = render_template(f"{base}.html.j2", subject=subject, **context)
    return RenderedMail(subject=subject, text=_tidy_text(text), html=html)


def kind_label(section: Section) -> str:
    """'Nhắc việc', 'Đôn đốc', or 'Đề nghị phối hợp' when the section only concerns requested bodies."""
    return (REQUESTED_SUBJECT_LABELS if section.requested_only else SUBJECT_LABELS).get(section.kind, section.kind)


def section_label(section: Section) -> str:
    """'Nhắc việc', 'Đôn đốc (để biết)' …: how a section is named in a subject."""
    return kind_label(section) + (" (để biết)" if section.role == "cc" else "")


def digest_subject(d: Digest) -> str:
    """'[86/KH-UBND] Nhắc việc: mục 2.1, hạn 01/04/2024', or a summary when the digest holds several notices.

    A summary names the kinds addressed to the recipient ('Nhắc việc, đôn đốc: 5 nhiệm vụ'), adding
    '(kèm nội dung để biết)' when copies ride along; a digest of copies only says '(để biết)'.
    """
    sections = [s for s in d.sections if s.lines]
    lines = [line for section in sections for line in section.lines]
    if not lines:
        raise TemplateRenderingError("digest", "thư tổng hợp không có thông báo nào")
    if len(lines) == 1:
        [section], line = sections, lines[0]
        agency = f" – {line.agency_name}" if section.role == "cc" or section.kind == "chain" else ""
        return one_line(
            f"[{_numbers(d)}] {section_label(section)}: mục {line.item_code}{agency}, hạn {numeric_date(line.deadline)}"
        )
    addressed = [s for s in sections if s.role == "to"]
    copies = [s for s in sections if s.role == "cc"]
    shown = addressed or copies
    names = list(dict.fromkeys(kind_label(s) for s in shown))
    summary = ", ".join([names[0]] + [lower_first(n) for n in names[1:]])
    suffix = (" (kèm nội dung để biết)" if addressed else " (để biết)") if copies else ""
    if not addressed and any(s.weekly for s in copies):
        summary, suffix = "Tổng hợp đôn đốc trong tuần", " (để biết)"
    return one_line(f"[{_numbers(d)}] {summary}{suffix}: {vn_number(len(lines))} nhiệm vụ")


def _numbers(d: Digest) -> str:
    """'86/KH-UBND', or '86/KH-UBND; 45/KH-UBND' when the digest speaks of several plans."""
    return "; ".join(g.plan.number for g in d.parts if any(s.lines for s in g.sections)) or d.plan.number


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _closing_plan(d: Digest) -> PlanInfo:
    """Whom the results are reported to in the closing: the plans' issuer, or the province's People's Committee
    when the plans were issued by different bodies (a merged province follows its predecessors' plans)."""
    issuers = {g.plan.issuer for g in d.parts}
    if len(issuers) == 1:
        return d.plan
    return replace(d.plan, issuer=f"Ủy ban nhân dân tỉnh {d.sender.province}")


def vn_number(n: int) -> str:
    """15.000: Vietnamese groups thousands with a dot."""
    return f"{n:,}".replace(",", ".")


def overflow_note(d: Digest) -> str | None:
    """The sentence that tells a recipient why the digest does not list everything, and where the rest is."""
    o = d.overflow
    if o is None:
        return None
    counts = "; ".join(f"{lower_first(section_label(s))}: {vn_number(len(s.lines))}" for s in o.full if s.lines)
    listed = sum(len(s.lines) for s in d.sections)
    held = f"Thư này gồm {vn_number(o.total)} nhiệm vụ ({counts})."
    if o.spreadsheet:
        return (
            f"{held} Để thư không quá lớn, dưới đây chỉ nêu {vn_number(listed)} nhiệm vụ đầu tiên; "
            f"danh sách đầy đủ ở tệp đính kèm {o.spreadsheet}."
        )
    return (
        f"{held} Danh sách quá lớn để gửi qua thư điện tử, kể cả dưới dạng tệp đính kèm, nên thư này chỉ nêu "
        f"số lượng; đề nghị liên hệ {d.sender.name} qua địa chỉ {d.sender.reply_to} để nhận danh sách đầy đủ."
    )


def _concerns_own_agency(d: Digest) -> bool:
    """Whether the digest asks something or speaks of the recipient's own agency ('already sent? ignore this')."""
    return any(
        s.role == "to" or any(line.agency_name == d.recipient.agency_name for line in s.lines) for s in d.sections
    )


def render_digest(d: Digest) -> RenderedMail:
    """The day's email to one recipient: greeting once, then one section per kind and role (per plan, under a
    heading citing each plan, when the recipient has notices under several)."""
    full = replace(d, sections=d.overflow.full, groups=d.overflow.groups, overflow=None) if d.overflow else d
    sections = tuple(s for s in d.sections if s.lines)
    addressed = [s for s in full.sections if s.role == "to" and s.lines]
    groups = tuple(
        PlanGroup(g.plan, tuple(s for s in g.sections if s.lines)) for g in d.parts if any(s.lines for s in g.sections)
    )
    return _render_pair(
        "digest",
        digest_subject(full),
        digest=d,
        groups=groups,
        numerals=ROMAN,
        plan=_closing_plan(d) if len(groups) > 1 else d.plan,
        sender=d.sender,
        recipient=d.recipient,
        day=d.day,
        sections=sections,
        addressed=bool(addressed),
        addressed_requested_only=bool(addressed) and all(s.requested_only for s in addressed),
        concerns_own_agency=_concerns_own_agency(full),
        overflow_note=overflow_note(d),
    )


def render_report_mail(r: ReportMail) -> RenderedMail:
    """The email carrying the draft periodic report to Sở Nội vụ's leadership."""
    subject = one_line(
        f"[{r.plan.number}] Dự thảo báo cáo kết quả thực hiện {r.period_label} (số liệu đến {numeric_date(r.as_of)})"
    )
    # Sở Nội vụ's own draft to its leadership: no "sent automatically by dondoc" footer.
    return _render_pair(
        "report", subject, mail=r, plan=r.plan, sender=r.sender, recipient=r.recipient, day=r.day,
        speaks_as_sender=True,
    )  # fmt: skip


ALERT_STATES = {"Failed": "thất bại", "Crashed": "bị dừng do sự cố", "TimedOut": "quá thời gian"}


def render_alert(a: OperatorAlert) -> RenderedMail:
    """The email telling the operator that a scheduled run failed or crashed."""
    prefix = f"[{a.plan_number}]" if a.plan_number else "[dondoc]"
    state = ALERT_STATES.get(a.state, a.state)
    subject = one_line(f"{prefix} Lượt chạy {state}: {a.flow_name} – {a.run_name}")
    return _render_pair("alert", subject, alert=a, sender=a.sender, recipient=a.recipient, day=a.day, state_label=state)


def render_rejection(r: Rejection) -> RenderedMail:
    """The email telling an agency that its report was returned, why, and where to report again."""
    subject = one_line(f"[{r.plan.number}] Trả lại báo cáo: mục {r.item_code}, {r.period_label.lower()}")
    return _render_pair("rejection", subject, mail=r, plan=r.plan, sender=r.sender, recipient=r.recipient, day=r.day)
