"""The .ics file a reminder carries: parsed back with icalendar, one all-day event per deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from notifications.contexts import Section
from notifications.ics import event_uid, reminder_calendar
from tests.unit.test_templates import AGENCY_KINDS, AGENCY_OF_KIND, DIRECTORY, digest, notice

DOMAIN = "dondoc.travinh.example"


def events(d) -> list:
    data = reminder_calendar(d, DOMAIN)
    assert data is not None
    return Calendar.from_ical(data).walk("VEVENT")


@pytest.mark.parametrize("agency_kind", AGENCY_KINDS)
@pytest.mark.parametrize("requested", [False, True])
def test_a_reminder_becomes_a_published_calendar_with_an_all_day_event_on_its_deadline(agency_kind, requested):
    d = digest(AGENCY_OF_KIND[agency_kind], "reminder", "to", requested=requested)
    [line] = d.sections[0].lines
    calendar = Calendar.from_ical(reminder_calendar(d, DOMAIN))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["VERSION"]) == "2.0"
    assert "dondoc" in str(calendar["PRODID"])
    [event] = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert type(start) is date and start == line.deadline  # a date, not a datetime: all day
    assert end == line.deadline + timedelta(days=1)
    assert str(event["SUMMARY"]).startswith(f"[86/KH-UBND] Hạn mục {line.item_code} – ")
    description = str(event["DESCRIPTION"])
    assert f"Mục {line.item_code}: “{line.item_title}”" in description
    assert line.agency_name in description
    assert "Sở Nội vụ" in description


def test_the_deadline_of_item_2_1_is_the_monday_after_the_quarter_ends():
    agency = DIRECTORY.by_code["so-tu-phap"]
    [event] = events(digest(agency, "reminder", "to", lines=[notice(agency, "reminder", item_code="2.1")]))
    assert event.decoded("DTSTART") == date(2024, 4, 1)  # Quý I năm 2024 ends on Sunday 31/3/2024
    assert str(event["SUMMARY"]) == (
        "[86/KH-UBND] Hạn mục 2.1 – Tham mưu Ủy ban nhân dân tỉnh trình Hội đồng nhân dân tỉnh ban hành Nghị quyết…"
    )


def test_the_uid_comes_from_the_notice_key_and_domain_and_is_shared_by_every_reminder_stage():
    agency = DIRECTORY.by_code["so-tu-phap"]
    stages = [replace(notice(agency, "reminder"), stage=f"reminder-{n}") for n in (10, 5, 2)]
    stages = [replace(s, key=s.key.rsplit(".", 1)[0] + f".{s.stage}") for s in stages]
    uids = {event_uid(s, DOMAIN) for s in stages}
    assert len(uids) == 1
    [uid] = uids
    assert uid == stages[0].key.rsplit(".", 1)[0] + f".deadline@{DOMAIN}"
    [event] = events(digest(agency, "reminder", "to", lines=stages))
    assert str(event["UID"]) == uid


def test_each_obligation_gets_its_own_event_in_one_digest():
    agency = DIRECTORY.by_code["so-tu-phap"]
    lines = [notice(agency, "reminder", item_code=code) for code in ("IV.2", "1.2.a", "2.1")]
    found = events(digest(agency, "reminder", "to", lines=lines))
    assert sorted(str(e["SUMMARY"]).split(" – ")[0] for e in found) == [
        "[86/KH-UBND] Hạn mục 1.2.a",
        "[86/KH-UBND] Hạn mục 2.1",
        "[86/KH-UBND] Hạn mục IV.2",
    ]
    assert sorted(e.decoded("DTSTART") for e in found) == [date(2024, 4, 1), date(2024, 11, 14), date(2024, 11, 14)]


def test_only_reminders_go_into_the_calendar():
    agency = DIRECTORY.by_code["so-tu-phap"]
    d = digest(agency, "reminder", "to")
    d = replace(d, sections=d.sections + (Section("escalation", "to", (notice(agency, "escalation", item_code="4"),)),))
    [event] = events(d)
    assert "Hạn mục IV.2" in str(event["SUMMARY"])


@pytest.mark.parametrize("kind", ["overdue", "escalation", "chain"])
def test_a_digest_without_a_reminder_has_no_calendar(kind):
    assert reminder_calendar(digest(DIRECTORY.by_code["ubnd-xa-long-duc"], kind, "to"), DOMAIN) is None


def test_a_title_with_line_breaks_still_gives_a_one_line_summary_and_a_parsable_file():
    agency = DIRECTORY.by_code["so-tu-phap"]
    line = notice(agency, "reminder", item_title='Dòng một\r\nDòng hai; ký tự, đặc biệt: \\ "')
    line = replace(line, item_code="IV.2\r\n")
    [event] = events(digest(agency, "reminder", "to", lines=[line]))
    assert str(event["SUMMARY"]) == '[86/KH-UBND] Hạn mục IV.2 – Dòng một Dòng hai; ký tự, đặc biệt: \\ "'
    assert '“Dòng một\nDòng hai; ký tự, đặc biệt: \\ "”' in str(event["DESCRIPTION"])
