"""The .ics file attached to a reminder: one all-day event per deadline, for the recipient's calendar."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone

from icalendar import Calendar, Event

from plan_definition.text import cited_date, join_names, long_date, one_line, sentence

from .contexts import Digest, NoticeLine

PRODID = "-//dondoc//dondoc reminders//VI"
SUMMARY_TITLE_LENGTH = 80


def event_uid(line: NoticeLine, domain: str) -> str:
    """'86-kh-ubnd.o12.deadline@domain': one per obligation, whichever reminder stage carries it.

    The three reminders of one obligation (−10, −5, −2) then update one calendar
    event instead of adding three.
    """
    obligation = line.key.removesuffix(f".{line.stage}") if line.key.endswith(f".{line.stage}") else line.key
    return f"{re.sub(r'[^A-Za-z0-9._-]', '-', obligation)}.deadline@{domain}"


def _shorten(text: str, width: int) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1].rstrip(" ,;:.") + "…"


def _event(d: Digest, line: NoticeLine, domain: str) -> Event:
    event = Event()
    event.add("uid", event_uid(line, domain))
    event.add("dtstamp", datetime.combine(d.day, time(0, 0), tzinfo=timezone.utc))
    event.add("dtstart", line.deadline)
    event.add("dtend", line.deadline + timedelta(days=1))
    title = _shorten(line.item_title, SUMMARY_TITLE_LENGTH)
    plan = d.plan_of(line)
    event.add("summary", f"[{plan.number}] Hạn mục {one_line(line.item_code)} – {title}")
    citation = f"{plan.kind} số {plan.number} ngày {cited_date(plan.date)} của {plan.issuer}"
    description = [
        f"Mục {line.item_code}: “{line.item_title.strip()}”",
        f"Cơ quan, đơn vị thực hiện: {line.agency_name}",
        f"Kỳ: {line.period_label}",
    ]
    if line.timeframe_text:
        description.append(f"Thời gian thực hiện theo Kế hoạch: {sentence(line.timeframe_text)}")
    description += [
        f"Thời hạn: {long_date(line.deadline)}.",
        f"Kết quả thực hiện gửi bằng văn bản (ghi rõ số, ký hiệu, ngày ban hành) về {d.sender.name} "
        f"để tổng hợp, báo cáo {plan.issuer}.",
        f"Theo {citation}.",
        f"Liên hệ: {d.sender.contact_title}, {d.sender.reply_to}.",
    ]
    event.add("description", "\n".join(description))
    event.add("categories", [plan.number])
    event.add("transp", "TRANSPARENT")
    event.add("sequence", 0)
    return event


def reminder_calendar(d: Digest, domain: str) -> bytes | None:
    """The digest's reminder deadlines as an iCalendar file (METHOD:PUBLISH), or None when it has no reminder."""
    lines: dict[str, NoticeLine] = {}
    for section in d.sections:
        if section.kind == "reminder":
            for line in section.lines:
                lines.setdefault(event_uid(line, domain), line)
    if not lines:
        return None
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    agencies = join_names(line.agency_name for line in lines.values())
    calendar.add("x-wr-calname", f"[{'; '.join(d.plan_numbers)}] Hạn thực hiện – {agencies}")
    for line in lines.values():
        calendar.add_component(_event(d, line, domain))
    return calendar.to_ical()
