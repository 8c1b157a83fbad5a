"""Group pending deliveries into emails: one digest per recipient across plans, reports and alerts alone."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from plan_definition.text import numeric_date
from tracking.chunks import chunked
from tracking.database import transaction
from tracking.models import ItemRow, ObligationRow, OutboxDeliveryRow, OutboxRow
from tracking.rules.cadence import CHASING_KINDS

from .contexts import (
    Digest,
    NoticeLine,
    OperatorAlert,
    Overflow,
    PlanGroup,
    PlanInfo,
    PlanVoice,
    Recipient,
    Rejection,
    ReportMail,
    Section,
    Sender,
)
from .digest_sheet import digest_workbook
from .ics import reminder_calendar
from .messages import HEADER_LINE_LIMIT, Attachment, Mail, build_mail
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
    plans: tuple[str | None, ...] = ()  # each notice's plan number (None for an operator alert)
    earlier: tuple[str, ...] = ()  # Message-IDs of the emails already sent to this address about the same
    # obligations, oldest first: the thread this email continues (In-Reply-To, References)


def held_for_weekday(notice: OutboxRow, address: str, chase_today: Callable[[str], bool] | None) -> bool:
    """A chasing notice of a plan that chases weekly waits, pending, for its recipient's weekday."""
    if chase_today is None or notice.kind not in CHASING_KINDS or not (notice.context or {}).get("weekly"):
        return False
    return not chase_today(address)


def pending_envelopes(
    engine: Engine,
    as_of: date,
    kinds: tuple[str, ...] | None = None,
    plans: Collection[str] | None = None,
    chase_today: Callable[[str], bool] | None = None,
) -> list[Envelope]:
    """Group pending deliveries decided by `as_of`: one digest per address, reports and alerts alone.

    With `plans`, the notices of a plan not followed any more (its file removed) stay pending, unsent.
    With `chase_today` (is today this address's chasing day?), chasing held for the recipient's weekday
    stays pending until that day (see tracking.rules.cadence).
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
        threads = _threads(session, {n.obligation_id for _, n, _ in rows if n.obligation_id is not None})
    groups: dict[tuple[str, str], list[tuple[OutboxDeliveryRow, OutboxRow, str | None]]] = defaultdict(list)
    for delivery, notice, plan_number in rows:
        plan_number = plan_number or notice.context.get("plan_number")
        if plans is not None and plan_number is not None and plan_number not in plans:
            continue
        if held_for_weekday(notice, delivery.address, chase_today):
            continue
        # One digest per address and day whatever the plan: the plans are sections inside it.
        group = "digest" if notice.kind in NOTICE_KINDS else f"{notice.kind}:{notice.id}"
        groups[(delivery.address, group)].append((delivery, notice, plan_number))
    envelopes = []
    for (address, _), members in groups.items():
        first = members[0][0]
        obligations = {n.obligation_id for _, n, _ in members if n.obligation_id is not None}
        sent = sorted({m for o in obligations for m in threads.get((address, o), ())})
        earlier = tuple(dict.fromkeys(message for _, message in sent))
        envelopes.append(
            Envelope(
                address=address,
                recipient=Recipient(address, first.title, first.name, first.agency_name),
                deliveries=tuple(d.id for d, _, _ in members),
                notices=tuple(n for _, n, _ in members),
                roles=tuple(d.role for d, _, _ in members),
                plans=tuple(p for _, _, p in members),
                earlier=earlier,
            )
        )
    return envelopes


def _threads(session, obligation_ids: set[int]) -> dict[tuple[str, int], set[tuple[str, str]]]:
    """For each (address, obligation), the emails already sent to it about it: (sent at, Message-ID)."""
    threads: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
    for ids in chunked(sorted(obligation_ids)):
        rows = session.execute(
            select(
                OutboxDeliveryRow.address,
                OutboxRow.obligation_id,
                OutboxDeliveryRow.sent_at,
                OutboxDeliveryRow.email_message_id,
            )
            .join(OutboxRow, OutboxDeliveryRow.outbox_id == OutboxRow.id)
            .where(
                OutboxRow.obligation_id.in_(ids),
                OutboxDeliveryRow.state == "sent",
                OutboxDeliveryRow.email_message_id.is_not(None),
            )
        )
        for address, obligation_id, sent_at, message in rows:
            threads[(address, obligation_id)].add((str(sent_at), message))
    return threads


def notice_line(context: dict) -> NoticeLine:
    values = {k: v for k, v in context.items() if k in _NOTICE_FIELDS}
    values["due"] = date.fromisoformat(values["due"])
    values["deadline"] = date.fromisoformat(values["deadline"])
    values["copied_to"] = tuple(values.get("copied_to", ()))
    return NoticeLine(**values)


def latest_per_obligation(notices: list[tuple[OutboxRow, str]]) -> list[tuple[OutboxRow, str]]:
    """One notice per obligation and role: the latest stage. Two repeats held for the same weekday (after a
    holiday) are delivered together, and the recipient reads the obligation once."""

    def key(pair: tuple[OutboxRow, str]) -> tuple[object, str]:
        notice, role = pair
        return (notice.obligation_id if notice.obligation_id is not None else f"n{notice.id}", role)

    latest: dict[tuple[object, str], tuple[OutboxRow, str]] = {}
    for pair in notices:
        held = latest.get(key(pair))
        if held is None or (held[0].decided_on, held[0].id) <= (pair[0].decided_on, pair[0].id):
            latest[key(pair)] = pair
    return [pair for pair in notices if latest[key(pair)] is pair]


def _sections(
    notices: list[tuple[OutboxRow, str]],
    report_link: Callable[[str], str] | None,
    report_channel: str | None = None,
) -> tuple[Section, ...]:
    by_section: dict[tuple[str, str], list[NoticeLine]] = defaultdict(list)
    weekly: dict[tuple[str, str], bool] = {}
    for notice, role in latest_per_obligation(notices):
        by_section[(notice.kind, role)].append(notice_line(notice.context))
        weekly[(notice.kind, role)] = weekly.get((notice.kind, role), False) or bool(
            (notice.context or {}).get("weekly")
        )
    order = {kind: n for n, kind in enumerate(NOTICE_KINDS)}
    sections = []
    for (kind, role), lines in sorted(by_section.items(), key=lambda kv: (kv[0][1] != "to", order[kv[0][0]])):
        link = _link_for(kind, role, lines, report_link)
        channel = report_channel if link is None and role == "to" and kind != "chain" else None
        sections.append(
            Section(
                kind=kind,
                role=role,
                lines=tuple(lines),
                report_link=link,
                report_channel=channel,
                weekly=role == "cc" and weekly[(kind, role)],
            )  # fmt: skip
        )
    return tuple(sections)


def digest_for(
    envelope: Envelope,
    plan: PlanInfo,
    sender: Sender,
    day: date,
    report_link: Callable[[str], str] | None = None,
    voices: dict[str, PlanVoice] | None = None,
    report_channel: str | None = None,
) -> Digest:
    """The recipient's digest: one group per plan (in the order of `voices`), each cited as its plan reads."""
    voices = voices or {plan.number: PlanVoice(plan, sender)}
    by_plan: dict[str, list[tuple[OutboxRow, str]]] = defaultdict(list)
    plans = envelope.plans or (plan.number,) * len(envelope.notices)
    for notice, role, number in zip(envelope.notices, envelope.roles, plans):
        by_plan[number if number in voices else plan.number].append((notice, role))
    order = list(voices)
    groups = tuple(
        PlanGroup(voices[number].plan if number in voices else plan, _sections(members, report_link, report_channel))
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
    voices: dict[str, PlanVoice] | None = None,
) -> Mail:
    """The email for an envelope and the files it carries, never larger than settings.max_bytes.

    `voices` are every plan followed, by number: a report or a rejection speaks for its own plan.
    A digest too large, or of more than settings.max_listed notices, keeps its counts and first
    notices and moves the full list to an attached spreadsheet; if even that is too large, it keeps
    the counts only and says so.
    """
    kind = envelope.notices[0].kind
    own = (voices or {}).get(envelope.plans[0] if envelope.plans else None)
    if own is not None and kind not in NOTICE_KINDS:
        plan, sender = own.plan, own.sender
    if kind == "report":
        return _report_mail(envelope, plan, sender, settings, day)
    if kind == "rejection":
        return _mail(envelope, settings, day, _rejection(envelope, plan, sender, day, report_link), [], sender)
    if kind not in NOTICE_KINDS:
        return _mail(envelope, settings, day, _alert(envelope, sender, day), [], sender)
    digest = digest_for(envelope, plan, sender, day, report_link, voices, settings.report_channel)
    sender = digest.sender
    if sum(len(s.lines) for s in digest.sections) <= settings.max_listed:
        mail = _digest_mail(envelope, settings, digest, sender)
        if mail.estimated_size() <= settings.max_bytes:
            return mail
    listed = _first_lines(digest.parts, min(LISTED_WHEN_TOO_LARGE, settings.max_listed))
    listed_sections = tuple(s for g in listed for s in g.sections)
    shortened = replace(
        digest,
        sections=listed_sections,
        groups=listed,
        calendar_attached=digest.calendar_attached
        and any(s.kind == "reminder" and s.role == "to" for s in listed_sections),
        overflow=Overflow(full=digest.sections, spreadsheet=SPREADSHEET, groups=digest.groups),
    )
    cited = "; ".join(f"{g.plan.kind} số {g.plan.number}" for g in digest.parts)
    title = f"{cited}: thông báo ngày {numeric_date(day)} gửi {envelope.recipient.title}"
    sheet = Attachment(SPREADSHEET, digest_workbook(digest.sections, title))
    mail = _digest_mail(envelope, settings, shortened, sender, extra=[sheet])
    if mail.estimated_size() <= settings.max_bytes:
        return mail
    counts_only = replace(
        digest,
        sections=(),
        groups=(),
        calendar_attached=False,
        overflow=Overflow(full=digest.sections, spreadsheet=None, groups=digest.groups),
    )
    return _digest_mail(envelope, settings, counts_only, sender)


def _first_lines(groups: tuple[PlanGroup, ...], limit: int) -> tuple[PlanGroup, ...]:
    """The first `limit` notices, in the order the digest lists them, each still under its plan."""
    kept_groups = []
    for group in groups:
        kept = []
        for section in group.sections:
            lines = section.lines[: max(0, limit)]
            limit -= len(lines)
            if lines:
                kept.append(replace(section, lines=lines))
        if kept:
            kept_groups.append(replace(group, sections=tuple(kept)))
    return tuple(kept_groups)


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
    message_id = f"<digest.{token}@{settings.domain}>"
    return build_mail(
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        to_name=envelope.recipient.title,
        to_address=envelope.address,
        message_id=message_id,
        day=day,
        notice_ids=ids,
        attachments=attachments,
        reply_to=sender.reply_to,
        extra_headers=thread_headers([m for m in envelope.earlier if m != message_id]),
    )


def thread_headers(earlier: list[str]) -> dict[str, str]:
    """In-Reply-To the first email about these obligations, References the thread (RFC 5322 §3.6.4).

    A long thread keeps its first and latest Message-IDs within one header line (yagmail does not fold).
    """
    if not earlier:
        return {}
    kept = list(earlier)
    while len(kept) > 2 and len("References: ") + len(" ".join(kept)) > HEADER_LINE_LIMIT:
        del kept[1]
    return {"In-Reply-To": earlier[0], "References": " ".join(kept)}


def _file_attachment(path: str) -> tuple[str, Attachment]:
    return path, Attachment(Path(path).name, Path(path).read_bytes())
