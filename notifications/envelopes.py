"""Group pending deliveries into emails: one digest per recipient, reports and alerts alone."""

from __future__ import annotations

import hashlib
import mimetypes
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from tracking.database import transaction
from tracking.models import OutboxDeliveryRow, OutboxRow

from .contexts import Digest, NoticeLine, OperatorAlert, PlanInfo, Recipient, Rejection, ReportMail, Section, Sender
from .ics import reminder_calendar
from .messages import Attachment, build_message
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


def compose(
    envelope: Envelope,
    plan: PlanInfo,
    sender: Sender,
    settings: MailSettings,
    day: date,
    report_link: Callable[[str], str] | None = None,
):
    """Render the email for an envelope and the files it carries."""
    kind = envelope.notices[0].kind
    attachments: list[Attachment] = []
    if kind in NOTICE_KINDS:
        digest = digest_for(envelope, plan, sender, day, report_link)
        rendered: RenderedMail = render_digest(digest)
        calendar = reminder_calendar(digest, settings.domain) if digest.calendar_attached else None
        if calendar:
            attachments.append(Attachment("han-thuc-hien.ics", calendar, "text", "calendar", (("method", "PUBLISH"),)))
    elif kind == "report":
        context = dict(envelope.notices[0].context)
        paths = context.pop("attachment_paths")
        rendered = render_report_mail(
            ReportMail(
                plan=plan,
                sender=sender,
                recipient=envelope.recipient,
                day=day,
                period_label=context["period_label"],
                as_of=date.fromisoformat(context["as_of"]),
                attachments=tuple(p.rsplit("/", 1)[-1] for p in paths),
                summary_lines=tuple(context.get("summary_lines", ())),
            )
        )
        attachments.extend(_file_attachment(p) for p in paths)
    elif kind == "rejection":
        context = envelope.notices[0].context
        rendered = render_rejection(
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
    else:
        context = envelope.notices[0].context
        rendered = render_alert(
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
    ids = sorted(n.message_id for n in envelope.notices)
    # Derived from who and what only, so a message sent again after a crash keeps its Message-ID.
    token = hashlib.sha256("|".join([envelope.address, *ids]).encode()).hexdigest()[:24]
    return build_message(
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        from_name=settings.from_name,
        from_address=settings.mail_from,
        to_name=envelope.recipient.title,
        to_address=envelope.address,
        message_id=f"<digest.{token}@{settings.domain}>",
        day=day,
        notice_ids=ids,
        attachments=attachments,
        reply_to=sender.reply_to,
    )


def _file_attachment(path: str) -> Attachment:
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    maintype, subtype = kind.split("/", 1)
    return Attachment(Path(path).name, Path(path).read_bytes(), maintype, subtype)
