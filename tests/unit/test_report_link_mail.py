"""The personal report link in notices, and the email that returns a rejected report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from notifications.contexts import Recipient, Rejection
from notifications.envelopes import _link_for
from notifications.rendering import render_digest, render_rejection
from tests.unit.test_templates import DIRECTORY, PLAN_INFO, SENDER, digest

LINK = "https://dondoc.example/bao-cao/so-tu-phap.20241214.abc.def"


def with_link(d, link=LINK):
    return replace(d, sections=tuple(replace(s, report_link=link) for s in d.sections))


def test_an_addressed_digest_carries_the_agency_report_link_in_text_and_html():
    agency = DIRECTORY.by_code["so-tu-phap"]
    mail = render_digest(with_link(digest(agency, "reminder", "to")))
    assert f"Quý cơ quan báo cáo kết quả tại: {LINK}" in mail.text
    assert f'<a href="{LINK}">{LINK}</a>' in mail.html


def test_a_digest_without_a_link_says_nothing_about_one():
    agency = DIRECTORY.by_code["so-tu-phap"]
    mail = render_digest(digest(agency, "reminder", "to"))
    assert "báo cáo kết quả tại" not in mail.text


def test_only_an_addressed_section_about_one_agency_gets_a_link():
    agency = DIRECTORY.by_code["so-tu-phap"]
    lines = list(digest(agency, "overdue", "to").sections[0].lines)
    make = lambda code: f"link:{code}"  # noqa: E731
    assert _link_for("overdue", "to", lines, make) == "link:so-tu-phap"
    assert _link_for("overdue", "cc", lines, make) is None
    assert _link_for("chain", "to", lines, make) is None
    assert _link_for("overdue", "to", lines, None) is None


def sample_rejection(**changes) -> Rejection:
    rejection = Rejection(
        plan=PLAN_INFO,
        sender=SENDER,
        recipient=Recipient("daumoi@so-tu-phap.travinh.example", "Cán bộ đầu mối, Sở Tư pháp", None, "Sở Tư pháp"),
        day=date(2024, 11, 20),
        item_code="1.2.a",
        item_title="Đăng tải tin, bài",
        period_label="Năm 2024",
        agency_name="Sở Tư pháp",
        reported_on=date(2024, 11, 10),
        document="125/BC-STP",
        reason="Chưa kèm số liệu tin, bài đã đăng tải.",
        report_link=LINK,
    )
    return replace(rejection, **changes)


def test_a_rejection_names_the_report_the_reason_and_where_to_report_again():
    mail = render_rejection(sample_rejection())
    assert mail.subject == "[86/KH-UBND] Trả lại báo cáo: mục 1.2.a, năm 2024"
    for text in (mail.text, mail.html):
        assert "Chưa kèm số liệu tin, bài đã đăng tải." in text
        assert "125/BC-STP" in text
        assert LINK in text
    assert "Kính gửi: Cán bộ đầu mối, Sở Tư pháp." in mail.text


def test_a_hostile_rejection_reason_is_escaped_in_html():
    mail = render_rejection(sample_rejection(reason="<script>x</script>"))
    assert "&lt;script&gt;x&lt;/script&gt;" in mail.html
    assert "<script>x</script>" in mail.text
