"""What each mail template is given: small declared classes, filled from the outbox.

A digest is one email to one recipient for one day, across every plan followed.
It holds one group per plan, each group holds sections, one per kind of notice,
and each section lists its notices as table rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

NoticeKind = Literal["reminder", "overdue", "escalation", "chain"]
Role = Literal["to", "cc"]


@dataclass(frozen=True)
class PlanInfo:
    """The plan a notice quotes: "Kế hoạch số 86/KH-UBND ngày 15/9/2023 của UBND tỉnh Trà Vinh"."""

    number: str  # "86/KH-UBND"
    kind: str  # "Kế hoạch"
    date: date
    issuer: str  # "Ủy ban nhân dân tỉnh Trà Vinh"
    title: str  # "Triển khai thi hành Luật Thực hiện dân chủ ở cơ sở"


@dataclass(frozen=True)
class Sender:
    """The body that sends every notice (the plan's monitor, Sở Nội vụ)."""

    name: str  # "Sở Nội vụ"
    province: str  # "Trà Vinh"
    reply_to: str  # the focal contact's address, for questions
    contact_title: str  # "Cán bộ đầu mối thực hiện dân chủ ở cơ sở, Sở Nội vụ"


@dataclass(frozen=True)
class Recipient:
    """Who the email is addressed to, by position ("Kính gửi: Giám đốc Sở Tư pháp")."""

    address: str
    title: str  # the position: "Giám đốc Sở Tư pháp", "Cán bộ đầu mối …, Sở Tư pháp"
    name: str | None  # person's name when the directory has it
    agency_name: str  # "Sở Tư pháp"


@dataclass(frozen=True)
class NoticeLine:
    """One notice (one obligation at one stage) as a row of the digest table."""

    key: str  # stable notice key, e.g. "86-kh-ubnd.o123.reminder-10"
    item_code: str  # "2.1"
    item_title: str  # the item's text as printed in the plan
    lead_text: str | None  # "Cơ quan chủ trì" as printed
    period: str  # "once", "2024", "2026-06", "2026-Q3", "2026-H1", "adhoc-1"
    period_label: str  # "Một lần", "Năm 2024", "Tháng 6/2026", "Quý III/2026", "Yêu cầu đột xuất số 1"
    timeframe_text: str | None  # as printed: "Quý I năm 2024."
    due: date  # last allowed day
    deadline: date  # art. 148 deadline
    state_label: str  # "Chưa hoàn thành – trong hạn"
    stage: str  # "reminder-10", "overdue-1", "escalation-5", "chain-15"
    working_days: int  # signed working days from the deadline to the notice day (-10, 1, 5 …)
    agency_code: str
    agency_name: str  # the agency that owes the result
    agency_head_title: str  # its head's position
    requested: bool  # the plan only requests (Đề nghị …) this agency: polite wording, never above its head
    copied_to: tuple[str, ...] = ()  # positions also informed of this notice ("Giám đốc Sở Nội vụ")
    addressed_to: tuple[str, ...] = ()  # positions the notice was addressed to, named in copies ("để biết")

    def __post_init__(self) -> None:
        # Contexts come back from the outbox as JSON, where tuples are lists.
        object.__setattr__(self, "copied_to", tuple(self.copied_to))
        object.__setattr__(self, "addressed_to", tuple(self.addressed_to))


@dataclass(frozen=True)
class Section:
    """The notices of one kind in a digest, and whether the recipient is addressed or copied."""

    kind: NoticeKind
    role: Role
    lines: tuple[NoticeLine, ...]
    report_link: str | None = None  # the agency's personal report page, for an addressed section about one agency
    report_channel: str | None = None  # else how to send the result (DONDOC_REPORT_CHANNEL), for an addressed section
    weekly: bool = False  # copies held for the recipient's weekday: a weekly summary, not a notice of the day

    @property
    def requested_only(self) -> bool:
        return all(line.requested for line in self.lines)


@dataclass(frozen=True)
class PlanVoice:
    """A plan as its notices cite it, and the body that signs them on the day."""

    plan: PlanInfo
    sender: Sender


@dataclass(frozen=True)
class PlanGroup:
    """The sections of a digest that concern one plan."""

    plan: PlanInfo
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Overflow:
    """A digest too large for one email: it lists only its first notices (or none) and says so."""

    full: tuple[Section, ...]  # every section with all its notices
    spreadsheet: str | None  # the attached .xlsx with every notice; None when even that was too large
    groups: tuple[PlanGroup, ...] = ()  # every plan's full sections, when the digest speaks of several plans

    @property
    def total(self) -> int:
        return sum(len(s.lines) for s in self.full)


@dataclass(frozen=True)
class Digest:
    """One email: every notice of one day for one recipient, grouped by plan.

    `plan` is the first group's plan and `sections` every group's sections in order; with a single plan,
    `groups` may be left out and is that one group.
    """

    plan: PlanInfo
    sender: Sender
    recipient: Recipient
    day: date
    sections: tuple[Section, ...]
    calendar_attached: bool = False  # an .ics with the reminders' deadlines is attached
    groups: tuple[PlanGroup, ...] = ()
    overflow: Overflow | None = None  # set when the sections list only the first notices

    @property
    def parts(self) -> tuple[PlanGroup, ...]:
        """The groups, or the one group of `plan` and `sections` when none were given."""
        return self.groups or (PlanGroup(self.plan, self.sections),)

    @property
    def plan_numbers(self) -> tuple[str, ...]:
        return tuple(g.plan.number for g in self.parts)

    def plan_of(self, line: NoticeLine) -> PlanInfo:
        """The plan a notice line belongs to."""
        for group in self.parts:
            if any(line in section.lines for section in group.sections):
                return group.plan
        return self.plan


@dataclass(frozen=True)
class ReportMail:
    """The draft periodic report sent to Sở Nội vụ's leadership for review."""

    plan: PlanInfo
    sender: Sender
    recipient: Recipient
    day: date
    period_label: str  # "năm 2024"
    as_of: date
    attachments: tuple[str, ...]  # file names
    summary_lines: tuple[str, ...] = field(default_factory=tuple)  # a few figures, one per line
    left_out: tuple[str, ...] = ()  # files too large to attach, by their path where dondoc keeps them


@dataclass(frozen=True)
class OperatorAlert:
    """A flow run failed or crashed: tell the operator."""

    sender: Sender
    recipient: Recipient
    day: date
    flow_name: str
    run_name: str
    state: str  # "Failed", "Crashed"
    message: str
    ui_url: str | None = None
    plan_number: str | None = None  # "86/KH-UBND" when the run belongs to a plan: the subject's prefix


@dataclass(frozen=True)
class Rejection:
    """Sở Nội vụ returns an agency's report (made on the report page) with the reason."""

    plan: PlanInfo
    sender: Sender
    recipient: Recipient
    day: date
    item_code: str
    item_title: str
    period_label: str
    agency_name: str
    reported_on: date
    document: str | None
    reason: str
    report_link: str | None = None
