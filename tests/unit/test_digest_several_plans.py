"""A recipient with notices under two plans gets one digest: one part per plan, each cited as its own plan."""

from __future__ import annotations

from dataclasses import replace

from notifications.contexts import Digest, PlanGroup, PlanInfo, Section
from notifications.ics import reminder_calendar
from notifications.rendering import render_digest
from plan_definition.loading import SAMPLE_PLAN, load_plan

from .test_templates import DIRECTORY, PLAN_INFO, SENDER, digest, html_text

SAMPLE = load_plan(SAMPLE_PLAN)
SAMPLE_INFO = PlanInfo(SAMPLE.number, SAMPLE.kind, SAMPLE.date, SAMPLE.issuer, SAMPLE.title)


def two_plan_digest() -> Digest:
    agency = DIRECTORY.by_code["so-tu-phap"]
    single = digest(agency, "reminder", "to")
    reference_line = single.sections[0].lines[0]
    sample_line = replace(
        reference_line, key="45-kh-ubnd.o9001.reminder-10", item_code="2", item_title=SAMPLE.by_code["2"].title
    )
    groups = (
        PlanGroup(SAMPLE_INFO, (Section("reminder", "to", (sample_line,)),)),
        PlanGroup(PLAN_INFO, (Section("reminder", "to", (reference_line,)),)),
    )
    return replace(single, plan=SAMPLE_INFO, sections=tuple(s for g in groups for s in g.sections), groups=groups)


def test_one_digest_holds_a_part_per_plan_headed_by_each_plans_citation():
    d = two_plan_digest()
    mail = render_digest(d)
    assert mail.subject.startswith("[45/KH-UBND; 86/KH-UBND] Nhắc việc: 2 nhiệm vụ")
    assert mail.text.count("Kính gửi:") == 1
    first = mail.text.index("I. KẾ HOẠCH SỐ 45/KH-UBND NGÀY 10/02/2026 CỦA ỦY BAN NHÂN DÂN TỈNH VĨNH LONG")
    second = mail.text.index("II. KẾ HOẠCH SỐ 86/KH-UBND NGÀY 15/9/2023 CỦA ỦY BAN NHÂN DÂN TỈNH TRÀ VINH")
    assert (
        first < mail.text.index("Mục 2") < second < mail.text.index(f"Mục {d.groups[1].sections[0].lines[0].item_code}")
    )
    page = html_text(mail.html)
    assert "I. Kế hoạch số 45/KH-UBND ngày 10/02/2026" in page and "II. Kế hoạch số 86/KH-UBND ngày 15/9/2023" in page


def test_the_closing_names_the_provinces_peoples_committee_when_the_plans_have_different_issuers():
    mail = render_digest(two_plan_digest())
    assert f"báo cáo Ủy ban nhân dân tỉnh {SENDER.province} theo quy định" in " ".join(mail.text.split())


def test_a_digest_of_one_plan_has_no_plan_headings():
    mail = render_digest(digest(DIRECTORY.by_code["so-tu-phap"], "reminder", "to"))
    assert "I. KẾ HOẠCH" not in mail.text and "Thực hiện Kế hoạch số 86/KH-UBND" in " ".join(mail.text.split())


def test_each_calendar_event_cites_its_own_plan():
    calendar = reminder_calendar(two_plan_digest(), "so-noi-vu.example").decode()
    unfolded = calendar.replace("\r\n ", "")
    assert "SUMMARY:[45/KH-UBND] Hạn mục 2" in unfolded and "SUMMARY:[86/KH-UBND] Hạn mục" in unfolded
    assert "X-WR-CALNAME:[45/KH-UBND\\; 86/KH-UBND]" in unfolded  # ";" escaped in iCalendar text


def test_a_plan_of_a_province_that_merged_reports_to_the_peoples_committee_of_the_province_today():
    agency = DIRECTORY.by_code["so-tu-phap"]
    after_merger = replace(digest(agency, "reminder", "to"), sender=replace(SENDER, province="Vĩnh Long"))
    assert after_merger.plan.issuer == "Ủy ban nhân dân tỉnh Trà Vinh"
    text = " ".join(render_digest(after_merger).text.split())
    assert "của Ủy ban nhân dân tỉnh Trà Vinh" in text  # the plan is cited as it was issued
    assert "để tổng hợp, báo cáo Ủy ban nhân dân tỉnh Vĩnh Long theo quy định" in text
    assert "báo cáo Ủy ban nhân dân tỉnh Trà Vinh" not in text
