"""Every mail template rendered for every kind of agency, in both roles, assigned and requested.

The sample contexts come from the reference plan and the Trà Vinh directory, as
the outbox would record them; the checks read the Vietnamese an agency receives.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from dataclasses import replace
from datetime import date
from types import SimpleNamespace
from typing import get_args

import jinja2
import pytest
from markupsafe import escape

from notifications.contexts import (
    Digest,
    NoticeLine,
    OperatorAlert,
    PlanInfo,
    Recipient,
    Rejection,
    ReportMail,
    Section,
    Sender,
)
from notifications.rendering import (
    QUOTED_AT_MOST,
    TEMPLATES,
    TemplateRenderingError,
    brief,
    environment,
    render_alert,
    render_digest,
    render_rejection,
    render_report_mail,
    render_template,
)
from plan_definition.calendar import WorkingCalendar, load_calendar_config
from plan_definition.directory import Agency, AgencyKind, Person
from plan_definition.loading import (
    REFERENCE_CALENDAR,
    REFERENCE_DIRECTORY,
    REFERENCE_PLAN,
    load_directory,
    load_plan,
)
from plan_definition.text import cited_date as vn_cited_date
from plan_definition.text import join_names
from plan_definition.text import long_date as vn_long_date
from plan_definition.text import numeric_date as vn_date
from tracking.rules.labels import period_label
from tracking.rules.periods import regular_periods
from tracking.rules.recipients import chain_target as rules_chain_target

# ─────────────────────────── sample contexts ───────────────────────────

DIRECTORY = load_directory(REFERENCE_DIRECTORY).on(date(2024, 1, 1))  # the province before the 2025 reforms
PLAN = load_plan(REFERENCE_PLAN)
CALENDAR = WorkingCalendar.from_config(load_calendar_config(REFERENCE_CALENDAR))

AGENCY_KINDS: tuple[str, ...] = get_args(AgencyKind)
NOTICE_KINDS = ("reminder", "overdue", "escalation", "chain")
ROLES = ("to", "cc")
# Working days from the deadline on which the ladder sends each kind.
STAGE_DAYS = {"reminder": -10, "overdue": 1, "escalation": 5, "chain": 15}

# One agency of each kind, and an item it plausibly owes (requested ones owe 1.3.c).
AGENCY_OF_KIND: dict[str, Agency] = {
    k: next(a for a in DIRECTORY.agencies if a.kind == k and a.code != PLAN.monitor) for k in AGENCY_KINDS
}
ITEM_OF_KIND = {
    "ubnd-cap-tinh": "IV.2",
    "co-quan-chuyen-mon": "IV.2",
    "don-vi-truc-thuoc": "3",
    "don-vi-su-nghiep": "1.2.a",
    "co-quan-bao-chi": "1.2.b",
    "to-chuc-chinh-tri-xa-hoi": "IV.2",
    "hoi-dong": "1.2.a",
    "ubnd-cap-huyen": "2.2",
    "ubnd-cap-xa": "2.2",
    "to-chuc-su-dung-lao-dong": "3",
}
REQUESTED_ITEM = "1.3.c"

SNV = DIRECTORY.by_code["so-noi-vu"]
OFFICE = DIRECTORY.by_code[PLAN.escalation.provincial_chain]

PLAN_INFO = PlanInfo(PLAN.number, PLAN.kind, PLAN.date, PLAN.issuer, PLAN.title)
SENDER = Sender(SNV.name, DIRECTORY.province, SNV.contact.email, SNV.contact.title)
CITATION = (
    "Kế hoạch số 86/KH-UBND ngày 15/9/2023 của Ủy ban nhân dân tỉnh Trà Vinh "
    "về triển khai thi hành Luật Thực hiện dân chủ ở cơ sở"
)


def person(agency: Agency, who: Person) -> Recipient:
    return Recipient(who.email, who.title, who.name, agency.name)


def as_stored(agency: Agency) -> SimpleNamespace:
    """The directory entry in the shape the rules read (an AgencyRow's fields)."""
    return SimpleNamespace(
        code=agency.code, name=agency.name, kind=agency.kind, parent_code=agency.parent,
        head_email=agency.head.email, head_title=agency.head.title, head_name=agency.head.name,
        contact_email=agency.contact.email, contact_title=agency.contact.title, contact_name=agency.contact.name,
        began=agency.began, ended=agency.ended, successors=list(agency.successors),
    )  # fmt: skip


STORED = {a.code: as_stored(a) for a in DIRECTORY.agencies}


def chain_target(agency: Agency) -> Agency:
    """Whom the ladder reports an agency to (the production rule)."""
    return DIRECTORY.by_code[rules_chain_target(STORED[agency.code], STORED, PLAN.escalation, DIRECTORY.as_of).code]


def deadline_of(item_code: str, year: int = 2024) -> tuple[str, str, date, date]:
    """(period, period label, due, deadline) of an item: its one-off period or the given year's, as tracking owes it."""
    item = PLAN.by_code[item_code]
    periods = regular_periods(
        PLAN.timeframe(item),
        plan_date=PLAN.date,
        reporting_due=PLAN.reporting.yearly_due,
        has_undated_product=bool(item.undated_product),
        through_year=year,
        calendar=CALENDAR,
    )
    by_name = {p.name: p for p in periods}
    period = by_name.get(str(year)) or by_name["once"]
    return period.name, period_label(period.name), period.due, period.deadline


def obligation_number(agency: Agency, item_code: str) -> int:
    """A stable made-up obligation id for (agency, item)."""
    return DIRECTORY.agencies.index(agency) * 100 + [i.code for i in PLAN.items].index(item_code)


def notice(
    agency: Agency, kind: str, *, requested: bool = False, item_code: str | None = None, **changes
) -> NoticeLine:
    """The notice an agency gets at the stage of `kind`, as the outbox would record it."""
    code = item_code or (REQUESTED_ITEM if requested else ITEM_OF_KIND[agency.kind])
    item = PLAN.by_code[code]
    period, label, due, deadline = deadline_of(code)
    days = STAGE_DAYS[kind]
    addressed = {
        "reminder": (agency.contact.title,),
        "overdue": (agency.contact.title, agency.head.title),
        "escalation": (agency.head.title,),
        "chain": (chain_target(agency).head.title,),
    }[kind]
    copied = {"escalation": (SNV.head.title,), "chain": (agency.head.title, SNV.head.title)}.get(kind, ())
    stage = f"{'reminder' if kind == 'reminder' else kind}-{abs(days)}"
    line = NoticeLine(
        key=f"86-kh-ubnd.o{obligation_number(agency, code)}.{stage}",
        item_code=code,
        item_title=item.title,
        lead_text=item.lead_text,
        period=period,
        period_label=label,
        timeframe_text=item.timeframe,
        due=due,
        deadline=deadline,
        state_label="Chưa hoàn thành – trong hạn" if days < 0 else "Chưa hoàn thành – quá hạn",
        stage=stage,
        working_days=days,
        agency_code=agency.code,
        agency_name=agency.name,
        agency_head_title=agency.head.title,
        requested=requested,
        copied_to=copied,
        addressed_to=addressed,
    )
    return replace(line, **changes)


def recipient_for(agency: Agency, kind: str, role: str) -> Recipient:
    """Who receives a notice of `kind` about `agency` in `role`, following the escalation ladder."""
    if role == "to":
        if kind == "reminder":
            return person(agency, agency.contact)
        if kind == "chain":
            target = chain_target(agency)
            return person(target, target.head)
        return person(agency, agency.head)
    if kind == "chain":
        return person(agency, agency.head)  # the head is told his agency was reported up
    return person(SNV, SNV.head)  # Sở Nội vụ's director sees what was sent


def digest(agency: Agency, kind: str, role: str, *, requested: bool = False, lines=None, recipient=None) -> Digest:
    """A digest with one section: the notice of `kind` about `agency`, to its recipient in `role`."""
    lines = tuple(lines or (notice(agency, kind, requested=requested),))
    day = CALENDAR.add_working_days(lines[0].deadline, lines[0].working_days)
    return Digest(
        plan=PLAN_INFO,
        sender=SENDER,
        recipient=recipient or recipient_for(agency, kind, role),
        day=day,
        sections=(Section(kind=kind, role=role, lines=lines),),
        calendar_attached=kind == "reminder" and role == "to",
    )


def render(agency_kind: str, kind: str, role: str, requested: bool):
    d = digest(AGENCY_OF_KIND[agency_kind], kind, role, requested=requested)
    return d, render_digest(d)


def html_text(markup: str) -> str:
    """What a reader sees of an HTML mail: inline tags dropped, other tags as spaces, entities decoded."""
    markup = re.sub(r"</?(strong|a|code)\b[^>]*>", "", markup)
    markup = re.sub(r"<[^>]+>", " ", markup)
    return " ".join(html_lib.unescape(markup).split())


def flat(text: str) -> str:
    return " ".join(text.split())


CASES = [
    pytest.param(a, k, r, q, id=f"{a}-{k}-{r}-{'requested' if q else 'assigned'}")
    for a in AGENCY_KINDS
    for k in NOTICE_KINDS
    for r in ROLES
    for q in (False, True)
]

SUBJECT_LABELS = {
    ("reminder", False): "Nhắc việc",
    ("reminder", True): "Đề nghị phối hợp",
    ("overdue", False): "Thông báo quá hạn",
    ("overdue", True): "Thông báo quá hạn",
    ("escalation", False): "Đôn đốc",
    ("escalation", True): "Đề nghị phối hợp",
    ("chain", False): "Thông tin nhiệm vụ quá hạn",
    ("chain", True): "Thông tin nhiệm vụ quá hạn",
}

# Words of reproach or sanction that no notice may use.
HARSH_WORDS = ("kỷ luật", "xử phạt", "chế tài", "nghiêm khắc", "phê bình", "cảnh cáo", "truy cứu", "vi phạm")


# ─────────────────────────── every template, every agency kind ───────────────────────────


@pytest.mark.parametrize("agency_kind, kind, role, requested", CASES)
def test_every_notice_reads_as_an_official_letter_for_every_agency_kind(agency_kind, kind, role, requested):
    d, mail = render(agency_kind, kind, role, requested)
    [line] = d.sections[0].lines
    seen = html_text(mail.html)
    label = SUBJECT_LABELS[(kind, requested)] + (" (để biết)" if role == "cc" else "")
    agency = f" – {line.agency_name}" if role == "cc" or kind == "chain" else ""
    assert mail.subject == f"[86/KH-UBND] {label}: mục {line.item_code}{agency}, hạn {vn_date(line.deadline)}"
    assert f"Kính gửi: {d.recipient.title}." in mail.text
    assert f"<strong>Kính gửi:</strong> {escape(d.recipient.title)}." in mail.html
    assert f"Trà Vinh, {vn_long_date(d.day)}" in mail.text
    for body in (mail.text, seen):
        assert CITATION in body
        # the item is quoted briefly (at most QUOTED_AT_MOST characters), without the lead text naming other agencies
        assert f"Mục {line.item_code}: “{brief(line.item_title)}”" in flat(body)
        quoted = flat(body).split(f"Mục {line.item_code}: “", 1)[1].split("”", 1)[0]
        assert len(quoted) <= QUOTED_AT_MOST + 1
        assert "Cơ quan chủ trì:" not in body
        assert vn_long_date(line.deadline) in body  # in prose: "ngày 01 tháng 4 năm 2024"
        assert vn_date(line.deadline) in body  # in the table: "01/04/2024"
        assert line.agency_name in body
        assert line.state_label in body
        assert "daumoi@so-noi-vu.travinh.example" in body
        assert body.count("gửi tự động từ dondoc") == 1
        assert "Trân trọng./." in body
        assert not any(word in body.casefold() for word in HARSH_WORDS)


@pytest.mark.parametrize("agency_kind, kind, role, requested", CASES)
def test_the_text_and_html_versions_say_the_same_words(agency_kind, kind, role, requested):
    _, mail = render(agency_kind, kind, role, requested)
    seen = html_text(mail.html).casefold()
    table = re.compile(r" \| |-\+-")
    lines = [line.removeprefix("- ") for line in mail.text.splitlines() if line.strip() not in ("", "--")]
    missing = [line for line in lines if not table.search(line) and flat(line).casefold() not in seen]
    assert missing == []


@pytest.mark.parametrize("kind", NOTICE_KINDS)
@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_the_section_partial_renders_each_kind_on_its_own_with_its_declared_context(kind, fmt):
    d = digest(AGENCY_OF_KIND["co-quan-chuyen-mon"], kind, "to")
    [section] = d.sections
    out = render_template(
        f"_section.{fmt}.j2", section=section, plan=d.plan, sender=d.sender, recipient=d.recipient, day=d.day
    )
    assert f"Mục {section.lines[0].item_code}" in out
    assert vn_date(section.lines[0].deadline) in out


def top_level_sample(base: str):
    """A rendered mail for each top-level template, from the renderer that production calls."""
    renderers = {
        "digest": lambda: render_digest(digest(AGENCY_OF_KIND["ubnd-cap-xa"], "escalation", "to")),
        "report": lambda: render_report_mail(sample_report()),
        "alert": lambda: render_alert(sample_alert()),
        "rejection": lambda: render_rejection(sample_rejection()),
    }
    return renderers[base]()


@pytest.mark.parametrize("base", sorted({p.name.split(".")[0] for p in TEMPLATES.glob("*.j2") if p.name[0] != "_"}))
def test_every_top_level_template_has_a_text_and_an_html_version_and_renders_here(base):
    assert (TEMPLATES / f"{base}.txt.j2").exists() and (TEMPLATES / f"{base}.html.j2").exists()
    mail = top_level_sample(base)  # a KeyError here: a new template without a sample in this test
    assert mail.subject and mail.text.strip() and "</p>" in mail.html


def sample_rejection() -> Rejection:
    agency = AGENCY_OF_KIND["ubnd-cap-xa"]
    return Rejection(
        plan=PLAN_INFO,
        sender=SENDER,
        recipient=person(agency, agency.contact),
        day=date(2024, 11, 20),
        item_code="2.2",
        item_title=PLAN.by_code["2.2"].title,
        period_label="Một lần",
        agency_name=agency.name,
        reported_on=date(2024, 11, 18),
        document="15/BC-UBND",
        reason="Tệp đính kèm không phải văn bản báo cáo của đơn vị.",
        report_link="http://127.0.0.1:8765/bao-cao/ma-thu",
    )


def test_a_rejection_names_the_report_the_reason_and_the_way_to_report_again():
    mail = render_rejection(sample_rejection())
    assert "15/BC-UBND" in mail.text and "Tệp đính kèm không phải văn bản báo cáo của đơn vị." in mail.text
    assert "http://127.0.0.1:8765/bao-cao/ma-thu" in mail.text


# ─────────────────────────── who is addressed, who is informed ───────────────────────────


@pytest.mark.parametrize("agency_kind", AGENCY_KINDS)
@pytest.mark.parametrize("kind", NOTICE_KINDS)
@pytest.mark.parametrize("requested", [False, True])
def test_a_copy_says_it_is_for_information_names_whom_the_notice_went_to_and_asks_nothing(agency_kind, kind, requested):
    d, mail = render(agency_kind, kind, "cc", requested)
    [line] = d.sections[0].lines
    assert "Nội dung dưới đây gửi để đồng chí biết" in mail.text
    assert "\nĐỂ BIẾT: " in mail.text and ">Để biết: " in mail.html
    assert f"tới {join_names(line.addressed_to)} về nhiệm vụ" in mail.text
    assert "Thư này gửi để đồng chí biết, không cần trả lời." in mail.text
    for ask in ("Đề nghị Quý cơ quan", "Đề nghị đồng chí", "Kính đề nghị đồng chí", "trân trọng đề nghị"):
        assert ask not in mail.text


@pytest.mark.parametrize(
    "kind, fallback",
    [
        ("reminder", "cán bộ đầu mối của Sở Tư pháp"),
        ("overdue", "cán bộ đầu mối và Giám đốc Sở Tư pháp"),
        ("escalation", "Giám đốc Sở Tư pháp"),
        ("chain", "cấp trên trực tiếp của Sở Tư pháp"),
    ],
)
def test_a_copy_without_recorded_addressees_names_who_the_ladder_sends_that_kind_to(kind, fallback):
    agency = DIRECTORY.by_code["so-tu-phap"]
    line = notice(agency, kind, addressed_to=())
    mail = render_digest(digest(agency, kind, "cc", lines=[line]))
    assert f"tới {fallback} về nhiệm vụ" in mail.text


def test_the_director_of_home_affairs_gets_one_digest_of_every_escalation_with_each_item_quoted_once():
    districts = [a for a in DIRECTORY.agencies if a.kind == "ubnd-cap-huyen"][:6]
    lines = [notice(a, "escalation") for a in districts]
    d = digest(districts[0], "escalation", "cc", lines=lines)
    mail = render_digest(d)
    assert mail.subject == "[86/KH-UBND] Đôn đốc (để biết): 6 nhiệm vụ"
    assert mail.text.count("Mục 2.2: “") == 1
    assert "tới người nhận ghi tại cột “Đã gửi tới” của bảng dưới đây" in mail.text
    for agency in districts:
        assert f"2.2 | {agency.name}" in mail.text
        assert mail.html.count(f">{agency.head.title}</td>") == 1


def test_the_addressed_notice_names_who_was_copied():
    agency = DIRECTORY.by_code["ubnd-xa-long-duc"]
    mail = render_digest(digest(agency, "chain", "to"))
    assert "Nội dung này được đồng gửi Chủ tịch Ủy ban nhân dân xã Long Đức và Giám đốc Sở Nội vụ để biết." in mail.text


def test_a_commune_is_reported_to_its_district_chairman_who_is_asked_to_direct_it():
    agency = DIRECTORY.by_code["ubnd-xa-long-duc"]
    d = digest(agency, "chain", "to")
    mail = render_digest(d)
    assert d.recipient.title == "Chủ tịch Ủy ban nhân dân thành phố Trà Vinh"
    assert (
        "Kính đề nghị đồng chí Chủ tịch Ủy ban nhân dân thành phố Trà Vinh quan tâm, xem xét, chỉ đạo theo thẩm quyền "
        "để Ủy ban nhân dân xã Long Đức khẩn trương hoàn thành" in mail.text
    )


# ─────────────────────────── wording: assigned and requested ───────────────────────────


@pytest.mark.parametrize(
    "kind, ask",
    [
        (
            "reminder",
            "Đề nghị Quý cơ quan tổ chức thực hiện, bảo đảm hoàn thành đúng thời hạn và gửi kết quả thực hiện về Sở Nội vụ.",
        ),
        ("overdue", "Đề nghị Quý cơ quan khẩn trương hoàn thành và gửi kết quả thực hiện về Sở Nội vụ."),
        (
            "escalation",
            "Đề nghị đồng chí Giám đốc Sở Tư pháp quan tâm chỉ đạo bộ phận chuyên môn khẩn trương hoàn thành",
        ),
    ],
)
def test_an_assigned_agency_is_asked_to_complete_and_its_head_to_direct_his_staff(kind, ask):
    mail = render_digest(digest(DIRECTORY.by_code["so-tu-phap"], kind, "to"))
    assert ask in mail.text
    assert "Kết quả thực hiện đề nghị gửi bằng văn bản (ghi rõ số, ký hiệu, ngày ban hành) về Sở Nội vụ" in mail.text
    assert "để tổng hợp, báo cáo Ủy ban nhân dân tỉnh Trà Vinh" in mail.text


@pytest.mark.parametrize("agency_kind", AGENCY_KINDS)
@pytest.mark.parametrize("kind", NOTICE_KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_a_requested_agency_is_never_given_chi_dao_language(agency_kind, kind, role):
    _, mail = render(agency_kind, kind, role, True)
    assert "chỉ đạo" not in mail.text.casefold()
    assert "chỉ đạo" not in html_text(mail.html).casefold()


@pytest.mark.parametrize(
    "kind, ask",
    [
        ("reminder", "Sở Nội vụ trân trọng đề nghị Quý cơ quan quan tâm, phối hợp thực hiện"),
        ("overdue", "Sở Nội vụ trân trọng đề nghị Quý cơ quan quan tâm, phối hợp sớm hoàn thành"),
        (
            "escalation",
            "Sở Nội vụ trân trọng đề nghị đồng chí Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Trà Vinh quan tâm, phối hợp",
        ),
    ],
)
def test_the_fatherland_front_gets_the_wording_of_a_request(kind, ask):
    mail = render_digest(digest(DIRECTORY.by_code["mttq-tinh"], kind, "to", requested=True))
    assert ask in mail.text
    front = "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Trà Vinh"
    assert f"được Kế hoạch đề nghị {front} chủ trì thực hiện" in mail.text
    assert "kính đề nghị Quý cơ quan trao đổi với Sở Nội vụ để cùng phối hợp giải quyết" in mail.text
    assert "để được hướng dẫn" not in mail.text


def test_a_section_mixing_assigned_and_requested_items_words_each_its_own_way():
    agency = DIRECTORY.by_code["lien-doan-lao-dong-tinh"]
    lines = [
        notice(agency, "escalation", item_code="IV.2"),
        notice(agency, "escalation", requested=True, item_code="1.3.d"),
    ]
    mail = render_digest(digest(agency, "escalation", "to", lines=lines))
    paragraphs = mail.text.split("\n\n")
    [request] = [p for p in paragraphs if "quan tâm, phối hợp, tạo điều kiện" in p]
    [order] = [p for p in paragraphs if "quan tâm chỉ đạo" in p]
    assert "chỉ đạo" not in request
    positions = [mail.text.index(part) for part in ("Mục IV.2", order, "Mục 1.3.d", request)]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "agency_kind, kind, role, requested",
    [c for c in CASES if c.values[2] == "to" or c.values[1] == "chain"],
)
def test_a_notice_about_the_recipients_own_agency_says_to_ignore_it_if_the_result_was_already_sent(
    agency_kind, kind, role, requested
):
    _, mail = render(agency_kind, kind, role, requested)
    assert (
        "Nếu kết quả thực hiện đã được gửi về Sở Nội vụ, xin bỏ qua thư này và báo cho đầu mối liên hệ nêu trên"
        in mail.text
    )


def test_the_director_copied_on_other_agencies_is_not_told_to_ignore_the_mail():
    _, mail = render("co-quan-chuyen-mon", "escalation", "cc", False)
    assert "xin bỏ qua thư này" not in mail.text


# ─────────────────────────── digest layout and subjects ───────────────────────────


def test_a_digest_greets_once_numbers_its_sections_and_gets_a_summary_subject():
    agency = DIRECTORY.by_code["so-tu-phap"]
    reminders = (notice(agency, "reminder", item_code="IV.2"), notice(agency, "reminder", item_code="1.2.a"))
    escalations = tuple(notice(agency, "escalation", item_code=code) for code in ("4", "2.1", "5"))
    d = replace(
        digest(agency, "reminder", "to"),
        recipient=person(agency, agency.head),
        sections=(Section("reminder", "to", reminders), Section("escalation", "to", escalations)),
    )
    mail = render_digest(d)
    assert mail.subject == "[86/KH-UBND] Nhắc việc, đôn đốc: 5 nhiệm vụ"
    assert mail.text.count("Kính gửi:") == 1 and mail.html.count("Kính gửi:") == 1
    assert "\n1. NHẮC VIỆC: NHIỆM VỤ SẮP ĐẾN THỜI HẠN\n" in mail.text
    assert "\n2. ĐÔN ĐỐC THỰC HIỆN NHIỆM VỤ ĐÃ QUÁ THỜI HẠN\n" in mail.text
    assert ">1. Nhắc việc: nhiệm vụ sắp đến thời hạn</h3>" in mail.html
    assert "Các nhiệm vụ dưới đây được giao cho Sở Tư pháp tại Kế hoạch sắp đến thời hạn hoàn thành:" in mail.text


@pytest.mark.parametrize(
    "sections, subject",
    [
        (
            (("overdue", "to", False), ("escalation", "cc", False)),
            "[86/KH-UBND] Thông báo quá hạn (kèm nội dung để biết): 2 nhiệm vụ",
        ),
        (
            (("escalation", "cc", False), ("chain", "cc", False)),
            "[86/KH-UBND] Đôn đốc, thông tin nhiệm vụ quá hạn (để biết): 2 nhiệm vụ",
        ),
        ((("reminder", "to", True), ("escalation", "to", True)), "[86/KH-UBND] Đề nghị phối hợp: 2 nhiệm vụ"),
    ],
)
def test_a_summary_subject_names_the_kinds_and_counts_the_notices(sections, subject):
    agency = DIRECTORY.by_code["mttq-tinh"]
    d = replace(
        digest(agency, "reminder", "to"),
        sections=tuple(Section(k, r, (notice(agency, k, requested=q),)) for k, r, q in sections),
    )
    assert render_digest(d).subject == subject


@pytest.mark.parametrize("hostile", ["2.1\r\nBcc: x@example.com", "2.1\n", "2.1\u2028x", "2.1\x85x", "2.1\tx\x00"])
@pytest.mark.parametrize("kind", NOTICE_KINDS)
def test_the_subject_stays_on_one_line_whatever_the_data_holds(hostile, kind):
    agency = DIRECTORY.by_code["ubnd-xa-long-duc"]
    line = notice(agency, kind, item_code="2.2", agency_name=f"Ủy ban nhân dân\r\nxã {hostile}")
    line = replace(line, item_code=hostile)
    subject = render_digest(digest(agency, kind, "to", lines=[line])).subject
    assert subject.startswith("[86/KH-UBND] ")
    assert len(subject.splitlines()) == 1
    assert not any(ch in subject for ch in "\r\n\u2028\x85\t\x00")


def test_a_summary_subject_stays_on_one_line_even_when_the_plan_number_does_not():
    agency = DIRECTORY.by_code["so-tu-phap"]
    lines = (notice(agency, "reminder", item_code="IV.2"), notice(agency, "reminder", item_code="1.2.a"))
    d = digest(agency, "reminder", "to", lines=lines)
    d = replace(d, plan=replace(d.plan, number="86/KH-UBND\r\nX-Injected: 1"))
    assert render_digest(d).subject == "[86/KH-UBND X-Injected: 1] Nhắc việc: 2 nhiệm vụ"


def test_a_digest_without_any_notice_is_an_error_not_an_empty_mail():
    d = replace(digest(DIRECTORY.by_code["so-tu-phap"], "reminder", "to"), sections=(Section("reminder", "to", ()),))
    with pytest.raises(TemplateRenderingError, match="không có thông báo nào"):
        render_digest(d)


def test_text_table_columns_line_up_even_for_names_in_decomposed_unicode():
    districts = [a for a in DIRECTORY.agencies if a.kind == "ubnd-cap-huyen"][:2]
    lines = [notice(a, "escalation", agency_name=unicodedata.normalize("NFD", a.name)) for a in districts]
    text = render_digest(digest(districts[0], "escalation", "cc", lines=lines)).text
    # As a screen shows them: one column per letter, however the letter is encoded.
    rows = [unicodedata.normalize("NFC", row) for row in text.splitlines() if row.startswith(("Mục ", "2.2 "))]
    assert len(rows) == 3
    assert len({row.index(" | Một lần") for row in rows[1:]}) == 1
    assert len({row.index(" | Kỳ") for row in rows[:1]} | {row.index(" | Một lần") for row in rows[1:]}) == 1


# ─────────────────────────── escaping ───────────────────────────

HOSTILE = '<script>alert("x")</script> & <b>đậm</b>'


@pytest.mark.parametrize("kind", NOTICE_KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_hostile_values_are_escaped_once_in_html_and_left_as_written_in_text(kind, role):
    agency = DIRECTORY.by_code["so-tu-phap"]
    line = notice(agency, kind, agency_name=HOSTILE, item_title=HOSTILE, addressed_to=(HOSTILE,), copied_to=(HOSTILE,))
    recipient = Recipient("x@so-tu-phap.travinh.example", HOSTILE, None, "Sở Tư pháp")
    mail = render_digest(digest(agency, kind, role, lines=[line], recipient=recipient))
    assert "<script>" not in mail.html and "<b>đậm" not in mail.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in mail.html
    assert "&amp;lt;" not in mail.html and "&amp;amp;" not in mail.html
    assert HOSTILE in mail.text
    assert mail.text.count(HOSTILE) >= 3  # greeting, the item quoted, the table


def test_a_hostile_alert_message_is_escaped_in_html_and_kept_verbatim_in_text():
    alert = replace(sample_alert(), message='File "<module>", line 1\n  raise ValueError("<b>")')
    mail = render_alert(alert)
    assert "&lt;module&gt;" in mail.html and "<module>" not in mail.html
    assert 'File "<module>", line 1\n  raise ValueError("<b>")' in mail.text


# ─────────────────────────── template errors ───────────────────────────


def test_an_undefined_variable_raises_an_error_naming_the_template_and_the_variable():
    d = digest(DIRECTORY.by_code["so-tu-phap"], "escalation", "to")
    with pytest.raises(TemplateRenderingError) as error:
        render_template("_section.txt.j2", section=d.sections[0], plan=d.plan, recipient=d.recipient, day=d.day)
    assert "_section.txt.j2" in str(error.value)
    assert "'sender' is undefined" in str(error.value)
    assert isinstance(error.value.__cause__, jinja2.UndefinedError)


def test_a_missing_field_in_a_context_raises_instead_of_printing_nothing():
    d = digest(DIRECTORY.by_code["so-tu-phap"], "reminder", "to")
    incomplete = SimpleNamespace(item_code="2.1")  # a line without its other fields
    section = SimpleNamespace(kind="reminder", role="to", requested_only=False, lines=[incomplete])
    with pytest.raises(TemplateRenderingError) as error:
        render_template(
            "_section.html.j2", section=section, plan=d.plan, sender=d.sender, recipient=d.recipient, day=d.day
        )
    assert "_section.html.j2" in str(error.value)
    assert "has no attribute" in str(error.value)


def test_a_section_of_an_unknown_kind_names_the_digest_and_the_kind_without_wording():
    d = digest(DIRECTORY.by_code["so-tu-phap"], "reminder", "to")
    d = replace(d, sections=(Section("bogus", "to", d.sections[0].lines),))  # type: ignore[arg-type]
    with pytest.raises(TemplateRenderingError) as error:
        render_digest(d)
    assert "'digest.txt.j2'" in str(error.value)
    assert "không có lời văn cho loại thông báo 'bogus'" in str(error.value)


def test_a_missing_template_raises_an_error_naming_it():
    with pytest.raises(TemplateRenderingError, match="khong-co.txt.j2"):
        render_template("khong-co.txt.j2")


def test_the_environment_is_built_once_strict_and_escapes_html_templates_only():
    env = environment()
    assert env is environment()
    assert env.undefined is jinja2.StrictUndefined
    assert env.trim_blocks and env.lstrip_blocks
    assert env.autoescape("digest.html.j2") is True
    assert env.autoescape("digest.txt.j2") is False


# ─────────────────────────── dates ───────────────────────────


@pytest.mark.parametrize(
    "day, long, short, cited",
    [
        (date(2024, 1, 5), "ngày 05 tháng 01 năm 2024", "05/01/2024", "05/01/2024"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024", "29/02/2024", "29/02/2024"),
        (date(2024, 4, 1), "ngày 01 tháng 4 năm 2024", "01/04/2024", "01/4/2024"),
        (date(2023, 9, 15), "ngày 15 tháng 9 năm 2023", "15/09/2023", "15/9/2023"),
        (date(2024, 11, 14), "ngày 14 tháng 11 năm 2024", "14/11/2024", "14/11/2024"),
        (date(2023, 12, 31), "ngày 31 tháng 12 năm 2023", "31/12/2023", "31/12/2023"),
    ],
)
def test_dates_are_written_as_decree_30_writes_them_in_prose_and_as_dd_mm_yyyy_in_tables(day, long, short, cited):
    assert (vn_long_date(day), vn_date(day), vn_cited_date(day)) == (long, short, cited)


def test_a_deadline_moved_past_new_year_is_written_with_a_zero_padded_january():
    mail = render_digest(digest(DIRECTORY.by_code["ban-quan-ly-khu-kinh-te"], "reminder", "to"))  # item 3: 31/12/2023
    assert "Thời hạn: ngày 02 tháng 01 năm 2024" in mail.text
    assert "| 02/01/2024 |" in mail.text


# ─────────────────────────── report and alert ───────────────────────────


def sample_report(**changes) -> ReportMail:
    mail = ReportMail(
        plan=PLAN_INFO,
        sender=SENDER,
        recipient=person(SNV, SNV.head),
        day=date(2024, 11, 18),
        period_label="năm 2024",
        as_of=date(2024, 11, 14),
        attachments=("bao-cao-86-kh-ubnd-2024.docx", "phu-luc-86-kh-ubnd-2024.xlsx"),
        summary_lines=("Số nhiệm vụ của kỳ báo cáo: 152", "Tỷ lệ hoàn thành: 85,5%; đúng hạn: 77,6%"),
    )
    return replace(mail, **changes)


def sample_alert(**changes) -> OperatorAlert:
    alert = OperatorAlert(
        sender=SENDER,
        recipient=Recipient(
            "vanhanh@so-noi-vu.travinh.example", "Cán bộ vận hành dondoc, Sở Nội vụ", None, "Sở Nội vụ"
        ),
        day=date(2024, 11, 18),
        flow_name="check-item",
        run_name="check-2-1-quiet-fox",
        state="Crashed",
        message="sqlalchemy.exc.OperationalError: could not connect to server",
        ui_url="http://127.0.0.1:4200/runs/flow-run/abc",
        plan_number="86/KH-UBND",
    )
    return replace(alert, **changes)


def test_the_draft_report_mail_cites_the_plan_lists_its_figures_and_attachments():
    mail = render_report_mail(sample_report())
    assert mail.subject == "[86/KH-UBND] Dự thảo báo cáo kết quả thực hiện năm 2024 (số liệu đến 14/11/2024)"
    assert "Kính gửi: Giám đốc Sở Nội vụ." in mail.text
    assert CITATION in mail.text and CITATION in html_text(mail.html)
    assert "Báo cáo kết quả triển khai thi hành Luật Thực hiện dân chủ ở cơ sở năm 2024" in mail.text
    assert "số liệu tính đến ngày 14 tháng 11 năm 2024" in mail.text
    for expected in ("- bao-cao-86-kh-ubnd-2024.docx", "- phu-luc-86-kh-ubnd-2024.xlsx", "- Tỷ lệ hoàn thành: 85,5%"):
        assert expected in mail.text
    assert "<li>phu-luc-86-kh-ubnd-2024.xlsx</li>" in mail.html
    assert "trước khi ký ban hành, gửi Ủy ban nhân dân tỉnh Trà Vinh." in mail.text


def test_the_draft_report_mail_speaks_as_so_noi_vu_not_as_the_software():
    mail = render_report_mail(sample_report())
    for body in (mail.text, html_text(mail.html)):
        assert "Sở Nội vụ kính gửi đồng chí dự thảo Báo cáo kết quả" in body
        assert "dondoc" not in body.lower()
        assert "tự động" not in body and "hệ thống" not in body
        assert "nghĩa vụ" not in body and "tỷ lệ báo cáo" not in body.lower()


def test_a_report_mail_without_figures_or_files_says_so_instead_of_leaving_a_gap():
    mail = render_report_mail(sample_report(summary_lines=(), attachments=()))
    assert "Một số số liệu chính" not in mail.text
    assert "- (không có tệp đính kèm)" in mail.text


@pytest.mark.parametrize(
    "state, plan_number, subject",
    [
        ("Crashed", "86/KH-UBND", "[86/KH-UBND] Lượt chạy bị dừng do sự cố: check-item – check-2-1-quiet-fox"),
        ("Failed", "86/KH-UBND", "[86/KH-UBND] Lượt chạy thất bại: check-item – check-2-1-quiet-fox"),
        ("Failed", None, "[dondoc] Lượt chạy thất bại: check-item – check-2-1-quiet-fox"),
    ],
)
def test_an_operator_alert_names_the_flow_the_run_and_what_happened(state, plan_number, subject):
    mail = render_alert(sample_alert(state=state, plan_number=plan_number))
    assert mail.subject == subject
    assert "- Luồng công việc (flow): check-item" in mail.text
    assert "- Lượt chạy: check-2-1-quiet-fox" in mail.text
    assert f"- Trạng thái: {state} (" in mail.text
    assert "- Xem chi tiết: http://127.0.0.1:4200/runs/flow-run/abc" in mail.text
    assert '<a href="http://127.0.0.1:4200/runs/flow-run/abc">' in mail.html
    assert "could not connect to server" in mail.text


def test_an_alert_subject_stays_on_one_line_and_a_non_http_link_is_not_clickable():
    mail = render_alert(sample_alert(run_name="quiet\r\nfox", ui_url="javascript:alert(1)"))
    assert len(mail.subject.splitlines()) == 1 and "quiet fox" in mail.subject
    assert 'href="javascript' not in mail.html
