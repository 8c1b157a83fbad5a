"""SQLAlchemy models: what was loaded, what is owed, and what agencies reported."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class PlanRow(Base):
    __tablename__ = "plans"
    number: Mapped[str] = mapped_column(String(60), primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    monitor: Mapped[str] = mapped_column(String(80))
    start_year: Mapped[int] = mapped_column(Integer)
    reporting_due: Mapped[str] = mapped_column(String(5), comment="MM-DD, last allowed day of the yearly report")
    deadline_rules: Mapped[dict | None] = mapped_column(
        JSON, nullable=True, comment="who the plan gives a deadline (tracking.rules.periods.DeadlineRules)"
    )
    territory: Mapped[str] = mapped_column(String(20), default="continues", server_default="continues")
    ends_on: Mapped[date | None] = mapped_column(Date)
    handover_working_days: Mapped[int] = mapped_column(Integer, default=20, server_default="20")


class AgencyRow(Base):
    __tablename__ = "agencies"
    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    parent_code: Mapped[str | None] = mapped_column(String(80))
    gso_code: Mapped[str | None] = mapped_column(String(10))
    groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    head_name: Mapped[str | None] = mapped_column(String(200))
    head_title: Mapped[str] = mapped_column(String(300))
    head_email: Mapped[str] = mapped_column(String(254))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_title: Mapped[str] = mapped_column(String(300))
    contact_email: Mapped[str] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    began: Mapped[date | None] = mapped_column(Date)
    ended: Mapped[date | None] = mapped_column(Date)
    successors: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class ItemRow(Base):
    """A plan item as loaded, with its timeframe meaning and its expanded lead agencies."""

    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("plan_number", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_number: Mapped[str] = mapped_column(ForeignKey("plans.number"))
    code: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    parent: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    lead_text: Mapped[str | None] = mapped_column(Text)
    leads: Mapped[list[str]] = mapped_column(JSON)
    lead_agencies: Mapped[list[str]] = mapped_column(JSON)
    coordinators: Mapped[list[str]] = mapped_column(JSON)
    requested: Mapped[bool] = mapped_column(Boolean, default=False)
    form: Mapped[str | None] = mapped_column(Text)
    timeframe_text: Mapped[str | None] = mapped_column(Text)
    meaning: Mapped[dict] = mapped_column(JSON)
    undated_product: Mapped[str | None] = mapped_column(Text)
    precondition: Mapped[str | None] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ObligationRow(Base):
    """One agency owes one result for one period of one item."""

    __tablename__ = "obligations"
    __table_args__ = (UniqueConstraint("item_id", "agency_code", "period"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    period: Mapped[str] = mapped_column(String(20))
    due: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    visible_from: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    inherited_from: Mapped[list] = mapped_column(
        JSON,
        default=list,
        server_default="[]",
        comment="the predecessors' obligations this one took over, as [id, agency code] pairs",
    )


class SubmissionRow(Base):
    """What an agency reported: appended, never changed; the history is the audit trail."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id"), index=True)
    state: Mapped[str] = mapped_column(String(20))
    reported_on: Mapped[date] = mapped_column(Date)
    document: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    difficulties: Mapped[str | None] = mapped_column(Text)
    proposals: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    figures: Mapped[dict | None] = mapped_column(JSON)
    file_path: Mapped[str | None] = mapped_column(Text, comment="relative to DONDOC_HOME")
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    # A rejected report stays in the history but no longer counts.
    rejected_on: Mapped[date | None] = mapped_column(Date)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    rejected_by: Mapped[str | None] = mapped_column(String(120))


class PreconditionEventRow(Base):
    """A precondition recorded as met; the latest record for a name is the one that counts."""

    __tablename__ = "precondition_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_number: Mapped[str] = mapped_column(ForeignKey("plans.number"))
    name: Mapped[str] = mapped_column(String(80))
    met_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AdhocRequestRow(Base):
    """An ad-hoc request (*khi có yêu cầu*): a new period `adhoc-<seq>` with its own due date."""

    __tablename__ = "adhoc_requests"
    __table_args__ = (UniqueConstraint("item_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    seq: Mapped[int] = mapped_column(Integer)
    due: Mapped[date] = mapped_column(Date)
    requested_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    @property
    def period(self) -> str:
        return f"adhoc-{self.seq}"


class OutboxRow(Base):
    """One notice to send: unique per (obligation, stage, deadline), or per report or alert key.

    Its recipients are OutboxDeliveryRow rows. States: pending, sent (every
    addressee got it), failed (refused for good), cancelled (the obligation was
    completed, retired or gated again before the notice went out).
    """

    __tablename__ = "outbox"
    # A changed deadline starts the ladder afresh: its stages are new notices beside the old ones.
    __table_args__ = (
        UniqueConstraint("obligation_id", "stage", "deadline", name="uq_outbox_obligation_stage_deadline"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"), index=True)
    stage: Mapped[str] = mapped_column(String(40))
    deadline: Mapped[date | None] = mapped_column(Date, comment="the obligation's deadline the stage was counted from")
    decided_on: Mapped[date] = mapped_column(Date, index=True)
    context: Mapped[dict] = mapped_column(JSON)
    to_addrs: Mapped[list[str]] = mapped_column(JSON)
    cc_addrs: Mapped[list[str]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(250))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OutboxDeliveryRow(Base):
    """One recipient of one notice, delivered in that recipient's daily digest.

    States: pending, sending (claimed by a dispatch; left so only by a crash
    between the server's answer and the commit), sent, failed, cancelled.
    """

    __tablename__ = "outbox_deliveries"
    __table_args__ = (UniqueConstraint("outbox_id", "address"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    address: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(300))
    name: Mapped[str | None] = mapped_column(String(200))
    agency_name: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="when a dispatch took it for sending (state 'sending')"
    )
    claimed_by: Mapped[str | None] = mapped_column(
        String(200), comment="the dispatch process holding the claim: host, process id and its start time"
    )
    email_message_id: Mapped[str | None] = mapped_column(String(250))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
