"""Group pending deliveries into emails: one digest per recipient, reports and alerts alone."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from plan_definition.text import numeric_date
from tracking.database import transaction
from tracking.models import OutboxDeliveryRow, OutboxRow

from .contexts import (
    Digest,
    NoticeLine,
    OperatorAlert,
    Overflow,
    PlanInfo,
    Recipient,
    Rejection,
    ReportMail,
    Section,
    Sender,
)
from .digest_sheet import digest_workbook
from .ics import reminder_calendar
from .messages import Attachment, Mail, build_mail
from .rendering import RenderedMail, render_alert, render_digest, render_rejection, render_report_mail
from .senders import MailSettings

NOTICE_KINDS = ("reminder", "overdue", "escalation", "chain")
_NOTICE_FIELDS = {f.name for f in fields(NoticeLine)}


@dataclass(frozen=True)
class Envelope:
    """One email to build: a recipient and the deliveries it carries."""

    address: str
    recipient: Recipient
    deliveries: tuple[int, ...]
    notices: tuple[OutboxRow, ...]
    roles: tuple[str, ...]


def pending_envelopes(engine: Engine, as_of: date, kinds: tuple[str, ...] | None = None) -> list[Envelope]:
    """Group pending deliveries decided by `as_of`: one digest per address, reports and alerts alone."""
    query = (
        select(OutboxDeliveryRow, OutboxRow)
        .join(OutboxRow, OutboxDeliveryRow.outbox_id == OutboxRow.id)
        .where(OutboxDeliveryRow.state == "pending", OutboxRow.decided_on <= as_of)
        .order_by(OutboxDeliveryRow.address, OutboxRow.decided_on, OutboxRow.id)
    )
    if kinds:
        query = query.where(OutboxRow.kind.in_(kinds))
    with transaction(engine) as session:
        rows = session.execute(query).all()
        session.expunge_all()
    groups: dict[tuple[str, str], list[tuple[OutboxDeliveryRow, OutboxRow]]] = defaultdict(list)
    for delivery, notice in rows:
        group = "digest" if notice.kind in NOTICE_KINDS else f"{notice.kind}:{notice.id}"
        groups[(delivery.address, group)].append((delivery, notice))
    envelopes = []
    for (address, _), members in groups.items():
        first = members[0][0]
        envelopes.append(
            Envelope(
                address=address,
                recipient=Recipient(address, first.title, first.name, first.agency_name),
                deliveries=tuple(d.id for d, _ in members),
                notices=tuple(n for _, n in members),
                roles=tuple(d.role for d, _ in members),
            )
        )
    return envelopes


def notice_line(context: dict) -> NoticeLine:
    values = {k: v for k, v in context.items() if k in _NOTICE_FIELDS}
    values["due"] = date.fromisoformat(values["due"])
    values["deadline"] = date.fromisoformat(values["deadline"])
    values["copied_to"] = tuple(values.get("copied_to", ()))
    return NoticeLine(**values)


def digest_for(
    envelope: Envelope, plan: PlanInfo, sender: Sender, day: date, report_link: Callable[[str], str] | None = None
) -> Digest:
    by_section: dict[tuple[str, str], list[NoticeLine]] = defaultdict(list)
    for notice, role in zip(envelope.notices, envelope.roles):
        by_section[(notice.kind, role)].append(notice_line(notice.context))
    order = {kind: n for n, kind in enumerate(NOTICE_KINDS)}
    sections = tuple(
        Section(kind=kind, role=role, lines=tuple(lines), report_link=_link_for(kind, role, lines, report_link))
        for (kind, role), lines in sorted(by_section.items(), key=lambda kv: (kv[0][1] != "to", order[kv[0][0]]))
    )
    has_reminders = any(s.kind == "reminder" and s.role == "to" for s in sections)
    return Digest(plan, sender, envelope.recipient, day, sections, calendar_attached=has_reminders)


def _link_for(kind: str, role: str, lines: list[NoticeLine], report_link: Callable[[str], str] | None) -> str | None:
    """An addressed section about one agency's own obligations carries that agency's report link (made now, never stored)."""
    agencies = {line.agency_code for line in lines}
    if report_link is None or role != "to" or kind == "chain" or len(agencies) != 1:
        return None
    return report_link(agencies.pop())


LISTED_WHEN_TOO_LARGE = 50  # notices a digest too large for one email still lists before its spreadsheet
SPREADSHEET = "danh-sach-nhiem-vu.xlsx"


def compose(
    envelope: Envelope,
    plan: PlanInfo,
    sender: Sender,
    settings: MailSettings,
    day: date,
    report_link: Callable[[str], str] | None = None,
) -> Mail:
    """The email for an envelope and the files it carries, never larger than settings.max_bytes.

    A digest too large keeps its counts and first notices and moves the full list to an
    attached spreadsheet; if even that is too large, it keeps the counts only and says so.
    """
    kind = envelope.notices[0].kind
    if kind == "report":
        return _report_mail(envelope, plan, sender, settings, day)
    if kind == "rejection":
        return _mail(envelope, settings, day, _rejection(envelope, plan, sender, day, report_link), [], sender)
    if kind not in NOTICE_KINDS:
        return _mail(envelope, settings, day, _alert(envelope, sender, day), [], sender)
    digest = digest_for(envelope, plan, sender, day, report_link)
    mail = _digest_mail(envelope, settings, digest, sender)
    if mail.estimated_size() <= settings.max_bytes:
        return mail
    listed = _first_lines(digest.sections, LISTED_WHEN_TOO_LARGE)
    shortened = replace(
        digest,
        sections=listed,
        calendar_attached=digest.calendar_attached and any(s.kind == "reminder" and s.role == "to" for s in listed),
        overflow=Overflow(full=digest.sections, spreadsheet=SPREADSHEET),
    )
    title = f"{plan.kind} số {plan.number}: thông báo ngày {numeric_date(day)} gửi {envelope.recipient.title}"
    sheet = Attachment(SPREADSHEET, digest_workbook(digest.sections, title))
    mail = _digest_mail(envelope, settings, shortened, sender, extra=[sheet])
    if mail.estimated_size() <= settings.max_bytes:
        return mail
    counts_only = replace(
        digest, sections=(), calendar_attached=False, overflow=Overflow(full=digest.sections, spreadsheet=None)
    )
    return _digest_mail(envelope, settings, counts_only, sender)


def _first_lines(sections: tuple[Section, ...], limit: int) -> tuple[Section, ...]:
    kept = []
    for section in sections:
        lines = section.lines[: max(0, limit)]
        limit -= len(lines)
        if lines:
            kept.append(replace(section, lines=lines))
    return tuple(kept)


def _digest_mail(envelope: Envelope, settings: MailSettings, digest: Digest, sender: Sender, extra=()) -> Mail:
    rendered: RenderedMail = render_digest(digest)
    attachments: list[Attachment] = []
    calendar = reminder_calendar(digest, settings.domain) if digest.calendar_attached else None
    if calendar:
        attachments.append(Attachment("han-thuc-hien.ics", calendar, (("method", "PUBLISH"),)))
    return _mail(envelope, settings, digest.day, rendered, [*attachments, *extra], sender)


def _report_mail(envelope: Envelope, plan: PlanInfo, sender: Sender, settings: MailSettings, day: date) -> Mail:
    """The draft report with its files; a file that would make the email too large is named, not attached."""
    context = dict(envelope.notices[0].context)
    files = [_file_attachment(p) for p in context.pop("attachment_paths")]
    attached: list[tuple[str, Attachment]] = []
    left_out: list[str] = []
    report = ReportMail(
        plan=plan,
        sender=sender,
        recipient=envelope.recipient,
        day=day,
        period_label=context["period_label"],
        as_of=date.fromisoformat(context["as_of"]),
        attachments=(),
        summary_lines=tuple(context.get("summary_lines", ())),
    )
    for path, attachment in files:
        trial = [*(a for _, a in attached), attachment]
        mail = _mail(envelope, settings, day, render_report_mail(report), trial, sender)
        if mail.estimated_size() <= settings.max_bytes:
            attached.append((path, attachment))
        else:
            left_out.append(path)
    report = replace(report, attachments=tuple(a.filename for _, a in attached), left_out=tuple(left_out))
    return _mail(envelope, settings, day, render_report_mail(report), [a for _, a in attached], sender)


def _rejection(
    envelope: Envelope, plan: PlanInfo, sender: Sender, day: date, report_link: Callable[[str], str] | None
) -> RenderedMail:
    context = envelope.notices[0].context
    return render_rejection(
        Rejection(
            plan=plan,
            sender=sender,
            recipient=envelope.recipient,
            day=day,
            item_code=context["item_code"],
            item_title=context["item_title"],
            period_label=context["period_label"],
            agency_name=context["agency_name"],
            reported_on=date.fromisoformat(context["reported_on"]),
            document=context.get("document"),
            reason=context["reason"],
            report_link=report_link(context["agency_code"]) if report_link else None,
        )
    )


def _alert(envelope: Envelope, sender: Sender, day: date) -> RenderedMail:
    context = envelope.notices[0].context
    return render_alert(
        OperatorAlert(
            sender=sender,
            recipient=envelope.recipient,
            day=day,
            flow_name=context["flow_name"],
            run_name=context["run_name"],
            state=context["state"],
            message=context["message"],
            ui_url=context.get("ui_url"),
        )
    )


def _mail(envelope, settings: MailSettings, day: date, rendered: RenderedMail, attachments, sender: Sender) -> Mail:
    ids = sorted(n.message_id for n in envelope.notices)
    # Derived from who and what only, so a message sent again after a crash keeps its Message-ID.
    token = hashlib.sha256("|".join([envelope.address, *ids]).encode()).hexdigest()[:24]
    return build_mail(
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        to_name=envelope.recipient.title,
        to_address=envelope.address,
        message_id=f"<digest.{token}@{settings.domain}>",
        day=day,
        notice_ids=ids,
        attachments=attachments,
        reply_to=sender.reply_to,
    )


def _file_attachment(path: str) -> tuple[str, Attachment]:
    return path, Attachment(Path(path).name, Path(path).read_bytes())
