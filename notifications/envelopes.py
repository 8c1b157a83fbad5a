"""Group pending deliveries into emails: one digest per recipient across plans, reports and alerts alone."""

from __future__ import annotations

import hashlib
import mimetypes
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from tracking.database import transaction
from tracking.models import ItemRow, ObligationRow, OutboxDeliveryRow, OutboxRow

from .contexts import (
    Digest,
    NoticeLine,
    OperatorAlert,
    PlanGroup,
    PlanInfo,
    PlanVoice,
    Recipient,
    ReportMail,
    Section,
    Sender,
)
from .ics import reminder_calendar
from .messages import Attachment, build_message
from .rendering import RenderedMail, render_alert, render_digest, render_report_mail
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
    plans: tuple[str | None, ...] = ()  # each notice's plan number (None for an operator alert)


def pending_envelopes(
    engine: Engine, as_of: date, kinds: tuple[str, ...] | None = None, plans: Collection[str] | None = None
) -> list[Envelope]:
    """Group pending deliveries decided by `as_of`: one digest per address, reports and alerts alone.

    With `plans`, the notices of a plan not followed any more (its file removed) stay pending, unsent.
    """
    query = (
        select(OutboxDeliveryRow, OutboxRow, ItemRow.plan_number)
        .join(OutboxRow, OutboxDeliveryRow.outbox_id == OutboxRow.id)
        .outerjoin(ObligationRow, OutboxRow.obligation_id == ObligationRow.id)
        .outerjoin(ItemRow, ObligationRow.item_id == ItemRow.id)
        .where(OutboxDeliveryRow.state == "pending", OutboxRow.decided_on <= as_of)
        .order_by(OutboxDeliveryRow.address, OutboxRow.decided_on, OutboxRow.id)
    )
    if kinds:
        query = query.where(OutboxRow.kind.in_(kinds))
    with transaction(engine) as session:
        rows = session.execute(query).all()
        session.expunge_all()
    groups: dict[tuple[str, str], list[tuple[OutboxDeliveryRow, OutboxRow, str | None]]] = defaultdict(list)
    for delivery, notice, plan_number in rows:
        plan_number = plan_number or notice.context.get("plan_number")
        if plans is not None and plan_number is not None and plan_number not in plans:
            continue
        # One digest per address and day whatever the plan: the plans are sections inside it.
        group = "digest" if notice.kind in NOTICE_KINDS else f"{notice.kind}:{notice.id}"
        groups[(delivery.address, group)].append((delivery, notice, plan_number))
    envelopes = []
    for (address, _), members in groups.items():
        first = members[0][0]
        envelopes.append(
            Envelope(
                address=address,
                recipient=Recipient(address, first.title, first.name, first.agency_name),
                deliveries=tuple(d.id for d, _, _ in members),
                notices=tuple(n for _, n, _ in members),
                roles=tuple(d.role for d, _, _ in members),
                plans=tuple(p for _, _, p in members),
            )
        )
    return envelopes


def notice_line(context: dict) -> NoticeLine:
    values = {k: v for k, v in context.items() if k in _NOTICE_FIELDS}
    values["due"] = date.fromisoformat(values["due"])
    values["deadline"] = date.fromisoformat(values["deadline"])
    values["copied_to"] = tuple(values.get("copied_to", ()))
    return NoticeLine(**values)


def _sections(notices: list[tuple[OutboxRow, str]]) -> tuple[Section, ...]:
    by_section: dict[tuple[str, str], list[NoticeLine]] = defaultdict(list)
    for notice, role in notices:
        by_section[(notice.kind, role)].append(notice_line(notice.context))
    order = {kind: n for n, kind in enumerate(NOTICE_KINDS)}
    return tuple(
        Section(kind=kind, role=role, lines=tuple(lines))
        for (kind, role), lines in sorted(by_section.items(), key=lambda kv: (kv[0][1] != "to", order[kv[0][0]]))
    )


def digest_for(
    envelope: Envelope, plan: PlanInfo, sender: Sender, day: date, voices: dict[str, PlanVoice] | None = None
) -> Digest:
    """The recipient's digest: one group per plan (in the order of `voices`), each cited as its plan reads."""
    voices = voices or {plan.number: PlanVoice(plan, sender)}
    by_plan: dict[str, list[tuple[OutboxRow, str]]] = defaultdict(list)
    plans = envelope.plans or (plan.number,) * len(envelope.notices)
    for notice, role, number in zip(envelope.notices, envelope.roles, plans):
        by_plan[number if number in voices else plan.number].append((notice, role))
    order = list(voices)
    groups = tuple(
        PlanGroup(voices[number].plan if number in voices else plan, _sections(members))
        for number, members in sorted(by_plan.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else -1)
    )
    first = voices.get(groups[0].plan.number)
    sections = tuple(s for g in groups for s in g.sections)
    has_reminders = any(s.kind == "reminder" and s.role == "to" for s in sections)
    return Digest(
        groups[0].plan,
        first.sender if first else sender,
        envelope.recipient,
        day,
        sections,
        calendar_attached=has_reminders,
        groups=groups,
    )


def compose(
    envelope: Envelope,
    plan: PlanInfo,
    sender: Sender,
    settings: MailSettings,
    day: date,
    voices: dict[str, PlanVoice] | None = None,
):
    """Render the email for an envelope and the files it carries (`voices`: every plan, by number)."""
    kind = envelope.notices[0].kind
    attachments: list[Attachment] = []
    own = (voices or {}).get(envelope.plans[0] if envelope.plans else None)
    if own is not None and kind not in NOTICE_KINDS:
        plan, sender = own.plan, own.sender  # a report speaks for its own plan
    if kind in NOTICE_KINDS:
        digest = digest_for(envelope, plan, sender, day, voices)
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
