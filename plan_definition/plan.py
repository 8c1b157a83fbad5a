"""The plan schema: a Kế hoạch with its items, reporting rule and escalation policy."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .fields import SingleLine, Slug
from .text import slug
from .timeframes import MonthDay, Timeframe, normalise, parse_timeframe


class Heading(BaseModel):
    """A numbered heading of the plan that holds items but owes nothing itself (II, 1, 1.2 …)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: SingleLine
    title: SingleLine
    parent: SingleLine | None = None


class Precondition(BaseModel):
    """A condition an item waits for, e.g. *sau khi có hướng dẫn cụ thể của Bộ Nội vụ*."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Slug
    text: SingleLine


class ReportingRule(BaseModel):
    """Who collects results, by when each year, and to whom they are reported."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: SingleLine
    yearly_due: MonthDay = Field(description="last allowed day each year (trước ngày 15/11 → 14/11)")
    collector: Slug
    report_to: Slug
    binds: list[Slug] = Field(
        default=[],
        description="agencies or groups the reporting rule binds; a continuing duty's yearly result is due only "
        "from them (empty: from every lead)",
    )
    binds_note: str | None = None
    requested_note: str | None = Field(
        default=None, description="why a requested (Đề nghị) body is asked for results and never called late"
    )
    compiled_by_monitor: list[SingleLine] = Field(
        default=[], description="the monitor's items that compile the agencies' results (item codes)"
    )
    compiled_due: MonthDay | None = Field(
        default=None,
        description="when the compiling items are due each year; None: the plan gives no day, so they fall due "
        "on the first working day after the agencies' deadline and are never late",
    )
    compiled_note: str | None = None


class EscalationPolicy(BaseModel):
    """The escalation ladder, counted in working days from the deadline."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    reminders_before: list[int] = [10, 5, 2]
    overdue_after: int = 1
    head_after: int = 5
    head_repeat_every: int = 5
    head_repeat_limit: int | None = None
    slow_after: int | None = Field(
        default=None,
        ge=0,
        description="head repeats at the `head_repeat_every` pace before chasing slows down (None: never slows)",
    )
    slow_repeat_every: int = Field(
        default=20, ge=1, description="working days between head repeats once chasing has slowed (about a month)"
    )
    weekly: bool = Field(
        default=False,
        description="chasing (escalation and chain notices, their copies to the leadership) waits for the "
        "recipient's weekday: at most one chasing email a week per address; first reminders and the overdue "
        "notice still go on their day",
    )
    chain_after: int = 15
    leadership: list[Slug] = ["so-noi-vu"]
    provincial_chain: Slug = "van-phong-ubnd-tinh"
    monitor_self: Literal["reminders", "none"] = Field(
        default="reminders",
        description="what the monitor gets about its own duties: reminders to its focal contact, or nothing; "
        "never an overdue notice to its own head, an escalation or the chain",
    )
    monitor_self_note: str | None = None

    @model_validator(mode="after")
    def _ladder_climbs(self) -> EscalationPolicy:
        if any(n <= 0 for n in self.reminders_before):
            raise ValueError("reminders_before: số ngày làm việc trước hạn phải dương")
        if not 0 < self.overdue_after < self.head_after < self.chain_after:
            raise ValueError("cần 0 < overdue_after < head_after < chain_after")
        if self.head_repeat_every <= 0:
            raise ValueError("head_repeat_every phải dương")
        return self


class Figure(BaseModel):
    """A figure an item asks agencies to report: a count with its unit, a yes/no, or a short text."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: SingleLine
    unit: SingleLine | None = None
    kind: Literal["count", "yes_no", "text"] = "count"


class Item(BaseModel):
    """One trackable item of the plan, with its code as printed."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: SingleLine
    parent: SingleLine | None = None
    title: str
    lead_text: str | None = None
    leads: list[Slug] = Field(min_length=1)
    requested: bool = False
    coordinator_text: str | None = None
    coordinators: list[Slug] = []
    form: str | None = None
    product: str | None = None
    undated_product: str | None = Field(
        default=None,
        description="a one-off product the plan gives no deadline for (IV.2: each body's own plan)",
    )
    timeframe: str | None = None
    meaning: Timeframe | None = None
    precondition: Slug | None = None
    figures: list[Figure] = []

    @model_validator(mode="after")
    def _figure_keys_are_unique(self) -> Item:
        keys = [f.key for f in self.figures]
        if len(keys) != len(set(keys)):
            raise ValueError(f"mục {self.code}: khóa số liệu bị trùng trong {keys}")
        return self


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    number: SingleLine
    kind: SingleLine = "Kế hoạch"
    issuer: SingleLine
    place: SingleLine
    date: date
    title: SingleLine
    legal_basis: list[str] = []
    monitor: Slug
    start_year: int
    reporting: ReportingRule
    escalation: EscalationPolicy = EscalationPolicy()
    territory: Literal["continues", "ends"] = Field(
        default="continues",
        description="when the plan's agencies are reorganised: 'continues' binds their successors over the old "
        "territory; 'ends' stops the plan on `ends_on`",
    )
    ends_on: date | None = Field(default=None, description="the plan's last day, when it does not continue")
    handover_working_days: int = Field(
        default=20,
        ge=1,
        description="working days after a hand-over for a successor to finish a duty whose deadline had passed",
    )
    preconditions: list[Precondition] = []
    headings: list[Heading] = []
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _ended_plan_ends(cls, raw):
        # A plan retired with only `ends_on` (dondoc plan retire) ends there: no successors take it on.
        if isinstance(raw, dict) and raw.get("ends_on") is not None and "territory" not in raw:
            raw = {**raw, "territory": "ends"}
        return raw

    @model_validator(mode="after")
    def _ends_when_it_says(self) -> Plan:
        if (self.territory == "ends") != (self.ends_on is not None):
            raise ValueError("territory: 'ends' cần ngày 'ends_on', và 'ends_on' chỉ dùng với territory: 'ends'")
        return self

    @cached_property
    def by_code(self) -> dict[str, Item]:
        return {i.code: i for i in self.items}

    def in_force_on(self, day: date) -> bool:
        return self.ends_on is None or day <= self.ends_on

    @cached_property
    def preconditions_by_name(self) -> dict[str, Precondition]:
        return {p.name: p for p in self.preconditions}

    def timeframe(self, item: Item) -> Timeframe:
        """The item's timeframe as the parser reads its text."""
        return parse_timeframe(item.timeframe, start_year=self.start_year, item=item.code)

    def is_continuing(self, item: Item) -> bool:
        """A continuing duty: *Thường xuyên* or *Định kỳ*, recurring every year with no day of its own."""
        meaning = self.timeframe(item)
        if meaning.kind != "yearly" or meaning.yearly_due is not None:
            return False
        return meaning.continuous or "định kỳ" in normalise(item.timeframe or "")


def plan_slug(number: str) -> str:
    """A key fragment for a plan number: "86/KH-UBND" → "86-kh-ubnd" (lowercase letters, digits, dashes)."""
    return slug(number)
