"""Load a plan and its directory into the database, and keep obligations in step with them.

Loading is idempotent: loading the same files twice changes nothing. Rows that
the files no longer name are retired (active = false), never deleted, so every
submission keeps its obligation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from plan_definition.calendar import WorkingCalendar
from plan_definition.loading import PlanFiles
from plan_definition.timeframes import MonthDay, Timeframe

from .chunks import chunked
from .database import transaction
from .errors import PlanNotLoaded
from .models import AdhocRequestRow, AgencyRow, ItemRow, ObligationRow, PlanRow
from .rules.periods import DeadlineRules, Period, adhoc_period_for, owed_period, regular_periods


@dataclass
class LoadSummary:
    """How many rows of each kind were added, updated and retired."""

    changes: Counter = field(default_factory=Counter)

    def count(self, kind: str, outcome: str | None) -> None:
        if outcome:
            self.changes[(kind, outcome)] += 1


def _apply(row, values: dict) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _upsert(session: Session, existing, model, values: dict) -> str | None:
    if existing is None:
        session.add(model(**values))
        return "added"
    return "updated" if _apply(existing, values) else None


def store_plan(session: Session, files: PlanFiles, calendar: WorkingCalendar, through_year: int) -> LoadSummary:
    """Write plan, directory and obligations through `through_year`; report what changed."""
    plan, directory = files.plan, files.directory
    summary = LoadSummary()
    summary.count(
        "plan",
        _upsert(
            session,
            session.get(PlanRow, plan.number),
            PlanRow,
            dict(
                number=plan.number,
                kind=plan.kind,
                title=plan.title,
                issuer=plan.issuer,
                issued_on=plan.date,
                monitor=plan.monitor,
                start_year=plan.start_year,
                reporting_due=f"{plan.reporting.yearly_due.month:02d}-{plan.reporting.yearly_due.day:02d}",
                deadline_rules=DeadlineRules(
                    monitor=plan.monitor,
                    binds=frozenset(plan.reporting.binds),
                    continuing=frozenset(i.code for i in plan.items if plan.is_continuing(i)),
                    compiled=frozenset(plan.reporting.compiled_by_monitor),
                    compiled_due=plan.reporting.compiled_due,
                ).as_json(),
            ),
        ),
    )
    session.flush()

    agencies = {a.code: a for a in session.scalars(select(AgencyRow))}
    for position, agency in enumerate(directory.agencies):
        values = dict(
            code=agency.code,
            position=position,
            name=agency.name,
            kind=agency.kind,
            parent_code=agency.parent,
            gso_code=agency.gso_code,
            groups=directory.groups_of(agency.code),
            head_name=agency.head.name,
            head_title=agency.head.title,
            head_email=agency.head.email,
            contact_name=agency.contact.name,
            contact_title=agency.contact.title,
            contact_email=agency.contact.email,
            active=True,
        )
        summary.count("agency", _upsert(session, agencies.get(agency.code), AgencyRow, values))
    for code, row in agencies.items():
        if code not in directory.by_code and row.active:
            row.active = False
            summary.count("agency", "retired")
    session.flush()

    items = {i.code: i for i in session.scalars(select(ItemRow).where(ItemRow.plan_number == plan.number))}
    for position, item in enumerate(plan.items):
        meaning = plan.timeframe(item)
        if meaning.kind == "yearly" and meaning.yearly_due is None:
            meaning = meaning.model_copy(update={"yearly_due": plan.reporting.yearly_due})
        values = dict(
            plan_number=plan.number,
            code=item.code,
            position=position,
            parent=item.parent,
            title=item.title,
            lead_text=item.lead_text,
            leads=list(item.leads),
            lead_agencies=directory.expand(list(item.leads)),
            coordinators=list(item.coordinators),
            requested=item.requested,
            form=item.form,
            timeframe_text=item.timeframe,
            meaning=meaning.model_dump(mode="json", exclude_defaults=True),
            undated_product=item.undated_product,
            precondition=item.precondition,
            active=True,
        )
        summary.count("item", _upsert(session, items.get(item.code), ItemRow, values))
    for code, row in items.items():
        if code not in plan.by_code and row.active:
            row.active = False
            summary.count("item", "retired")
    session.flush()

    for outcome, n in sync_obligations(session, plan.number, calendar, through_year).items():
        summary.changes[("obligation", outcome)] += n
    return summary


def expected_periods(
    item: ItemRow, plan: PlanRow, adhoc: list[AdhocRequestRow], calendar: WorkingCalendar, through_year: int
) -> list[Period]:
    meaning = Timeframe.model_validate(item.meaning)
    month, day = (int(x) for x in plan.reporting_due.split("-"))
    periods = regular_periods(
        meaning,
        plan_date=plan.issued_on,
        reporting_due=MonthDay(month=month, day=day),
        has_undated_product=bool(item.undated_product),
        through_year=through_year,
        calendar=calendar,
    )
    periods += [adhoc_period_for(r.seq, r.due, r.requested_on, calendar) for r in adhoc]
    return periods


def sync_obligations(session: Session, plan_number: str, calendar: WorkingCalendar, through_year: int) -> Counter:
    """Add the obligations the plan now implies through `through_year`, update dates, retire the rest."""
    plan = session.get(PlanRow, plan_number)
    if plan is None:
        raise PlanNotLoaded(plan_number)
    items = list(session.scalars(select(ItemRow).where(ItemRow.plan_number == plan_number)))
    active_agencies = dict(session.execute(select(AgencyRow.code, AgencyRow.groups).where(AgencyRow.active)).all())
    rules = DeadlineRules.from_json(plan.monitor, plan.deadline_rules)
    month, day = (int(x) for x in plan.reporting_due.split("-"))
    requests: dict[int, list[AdhocRequestRow]] = {}
    for request in session.scalars(
        select(AdhocRequestRow).join(ItemRow).where(ItemRow.plan_number == plan_number).order_by(AdhocRequestRow.seq)
    ):
        requests.setdefault(request.item_id, []).append(request)

    existing = {
        (o.item_id, o.agency_code, o.period): o
        for o in session.scalars(select(ObligationRow).join(ItemRow).where(ItemRow.plan_number == plan_number))
    }
    # Years already made by an earlier sync for a later date stay: syncing never shrinks the horizon.
    through_year = max([through_year] + [int(k[2]) for k in existing if k[2].isdigit()])
    expected: dict[tuple[int, str, str], Period] = {}
    for item in items:
        if not item.active:
            continue
        for period in expected_periods(item, plan, requests.get(item.id, []), calendar, through_year):
            for agency in item.lead_agencies:
                if agency in active_agencies:
                    expected[(item.id, agency, period.name)] = owed_period(
                        period,
                        item=item.code,
                        requested=item.requested,
                        agency=agency,
                        groups=active_agencies[agency] or (),
                        rules=rules,
                        reporting_due=MonthDay(month=month, day=day),
                        calendar=calendar,
                    )

    counts: Counter = Counter()
    for key, period in expected.items():
        values = dict(due=period.due, deadline=period.deadline, visible_from=period.visible_from, active=True)
        row = existing.get(key)
        if row is None:
            session.add(ObligationRow(item_id=key[0], agency_code=key[1], period=key[2], **values))
            counts["added"] += 1
        elif _apply(row, values):
            counts["updated"] += 1
    for key, row in existing.items():
        if key not in expected and row.active:
            row.active = False
            counts["retired"] += 1
    session.flush()
    return counts


def plan_row(session: Session, plan_number: str) -> PlanRow:
    plan = session.get(PlanRow, plan_number)
    if plan is None:
        raise PlanNotLoaded(plan_number)
    return plan


def ensure_year(engine: Engine, plan_number: str, calendar: WorkingCalendar, as_of: date) -> None:
    """Make sure yearly obligations exist for the year of `as_of`, in a transaction of its own.

    On the first working day of a year every morning check wants the new year's
    rows at once; when another run inserted them first, ours retries and finds
    them there.
    """
    for attempt in (1, 2):
        try:
            with transaction(engine) as session:
                if _missing_year(session, plan_number, as_of.year):
                    sync_obligations(session, plan_number, calendar, as_of.year)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def _missing_year(session: Session, plan_number: str, year: int) -> bool:
    yearly_items = [
        i
        for i in session.scalars(select(ItemRow).where(ItemRow.plan_number == plan_number, ItemRow.active))
        if i.meaning.get("kind") == "yearly" and i.meaning.get("from_year", year) <= year
    ]
    if not yearly_items:
        return False
    return not any(
        session.scalar(
            select(ObligationRow.id).where(ObligationRow.item_id.in_(ids), ObligationRow.period == str(year)).limit(1)
        )
        is not None
        for ids in chunked(i.id for i in yearly_items)
    )
