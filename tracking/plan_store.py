"""Load a plan and its directory into the database, and keep obligations in step with them.

Loading is idempotent: loading the same files twice changes nothing. Rows that
the files no longer name are retired (active = false), never deleted, so every
submission keeps its obligation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import Engine, String, cast, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from plan_definition.calendar import WorkingCalendar
from plan_definition.loading import PlanFiles
from plan_definition.timeframes import SUB_YEARLY, MonthDay, Timeframe

from .chunks import chunked
from .database import transaction
from .errors import PlanNotLoaded
from .models import AdhocRequestRow, AgencyRow, ItemRow, ObligationRow, PlanRow
from .rules.period_names import names_in_year, period_year
from .rules.periods import DeadlineRules, Period, adhoc_period_for, owed_period, regular_periods
from .rules.states import Reported
from .rules.transfers import existed_during, handed_over, heirs, in_order_of_ending, passes_on, period_end, territory
from .status import latest_submissions

RECURRING_KINDS = ("yearly", *SUB_YEARLY)


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


def store_plan(
    session: Session,
    files: PlanFiles,
    calendar: WorkingCalendar,
    through_year: int,
    *,
    agencies: dict[str, AgencyRow] | None = None,
) -> LoadSummary:
    """Write plan, directory and obligations through `through_year`; report what changed.

    `agencies`, the active agency rows already stored from this very directory (by code), spares loading
    the directory again: several plans share one directory, and at national scale each pass over its tens
    of thousands of rows costs seconds.
    """
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
                territory=plan.territory,
                ends_on=plan.ends_on,
                handover_working_days=plan.handover_working_days,
            ),
        ),
    )
    session.flush()

    if agencies is None:
        _store_directory(session, directory, summary)
    _store_items(session, plan, directory, summary)
    for outcome, n in sync_obligations(session, plan.number, calendar, through_year, agencies=agencies).items():
        summary.changes[("obligation", outcome)] += n
    return summary


def _store_directory(session: Session, directory, summary: LoadSummary) -> None:
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
            began=directory.lives[agency.code].began,
            ended=directory.lives[agency.code].ended,
            successors=list(directory.lives[agency.code].successors),
        )
        summary.count("agency", _upsert(session, agencies.get(agency.code), AgencyRow, values))
    for code, row in agencies.items():
        if code not in directory.by_code and row.active:
            row.active = False
            summary.count("agency", "retired")
    session.flush()


def _store_items(session: Session, plan, directory, summary: LoadSummary) -> None:
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
            lead_agencies=directory.expand_lineage(list(item.leads)),
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


def sync_obligations(
    session: Session,
    plan_number: str,
    calendar: WorkingCalendar,
    through_year: int,
    *,
    agencies: dict[str, AgencyRow] | None = None,
) -> Counter:
    """Add the obligations the plan now implies through `through_year`, update dates, retire the rest.

    An agency owes a period only if it existed during it; when it ends, its open duties of the period under
    way and its open one-off duties pass to its successors (see rules.transfers), earliest reform first.
    """
    plan = session.get(PlanRow, plan_number)
    if plan is None:
        raise PlanNotLoaded(plan_number)
    items = list(session.scalars(select(ItemRow).where(ItemRow.plan_number == plan_number)))
    lives = agencies if agencies is not None else active_agencies(session)
    bound = territory(lives, plan.issued_on)
    rules = replace(
        DeadlineRules.from_json(plan.monitor, plan.deadline_rules), monitor_heirs=frozenset(heirs(plan.monitor, lives))
    )
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
    through_year = max([through_year] + [y for k in existing if (y := period_year(k[2])) is not None])
    expected: dict[tuple[int, str, str], dict] = {}
    for item in items:
        if not item.active:
            continue
        took_over = takeover_days(item, lives)
        for period in expected_periods(item, plan, requests.get(item.id, []), calendar, through_year):
            if plan.ends_on is not None and period.visible_from > plan.ends_on:
                continue
            end = period_end(period.name, period.due)
            for agency in item.lead_agencies:
                life = lives.get(agency)
                if life is None or agency not in bound or not existed_during(life, period.visible_from, end):
                    continue
                if agency in took_over and period.visible_from < took_over[agency]:
                    continue  # a period under way when it took the item over: only as passed on (_pass_on)
                if plan.ends_on is not None and life.began is not None and life.began > plan.ends_on:
                    continue  # a body set up after the plan ended never owed it
                owed = owed_period(
                    period,
                    item=item.code,
                    requested=item.requested,
                    agency=agency,
                    groups=life.groups or (),
                    rules=rules,
                    reporting_due=MonthDay(month=month, day=day),
                    calendar=calendar,
                )
                expected[(item.id, agency, period.name)] = dict(
                    due=owed.due,
                    deadline=owed.deadline,
                    visible_from=max(owed.visible_from, life.began or owed.visible_from),
                    inherited_from=[],
                )

    _pass_on(session, plan, lives, bound, expected, existing, calendar)

    counts: Counter = Counter()
    rows: dict[tuple[int, str, str], ObligationRow] = {}
    changed: set[tuple[int, str, str]] = set()
    for key, values in expected.items():
        plain = {k: v for k, v in values.items() if k != "inherited_from"} | {"active": True}
        row = existing.get(key)
        if row is None:
            row = ObligationRow(item_id=key[0], agency_code=key[1], period=key[2], **plain)
            session.add(row)
            counts["added"] += 1
        elif _apply(row, plain):
            changed.add(key)
        rows[key] = row
    session.flush()
    for key, values in expected.items():
        sources = [[rows[k].id, k[1]] for k in values["inherited_from"]]
        if _apply(rows[key], {"inherited_from": sources}) and key in existing:
            changed.add(key)
    counts["updated"] += len(changed)
    for key, row in existing.items():
        if key not in expected and row.active:
            row.active = False
            counts["retired"] += 1
    session.flush()
    return +counts


def takeover_days(item: ItemRow, lives: dict[str, AgencyRow]) -> dict[str, date]:
    """The agencies that lead `item` only as successors of its leads, with the day each took it over.

    `lead_agencies` lists every agency that may ever owe the item, successors included. One that existed
    before (Sở Khoa học và Công nghệ, which took over Sở Thông tin và Truyền thông's duties on 1/3/2025)
    owes nothing of the item's periods before that day, except the open duties passed on to it."""
    leads = set(item.leads)
    candidates = set(item.lead_agencies)
    direct = {code for code in candidates if code in leads or (code in lives and leads & set(lives[code].groups or ()))}
    took: dict[str, date] = {}
    changed = True
    while changed:  # through chains of reforms: the earliest hand-over that reaches each successor
        changed = False
        for code in candidates:
            life = lives.get(code)
            if life is None or life.ended is None or (code not in direct and code not in took):
                continue
            handover = max(life.ended + timedelta(days=1), took.get(code, date.min))
            for successor in life.successors:
                if successor in candidates and successor not in direct and handover < took.get(successor, date.max):
                    took[successor] = handover
                    changed = True
    return took


def active_agencies(session: Session) -> dict[str, AgencyRow]:
    """The active agency rows, by code."""
    return {a.code: a for a in session.scalars(select(AgencyRow).where(AgencyRow.active))}


def _pass_on(session, plan: PlanRow, lives, bound, expected, existing, calendar: WorkingCalendar) -> None:
    """Hand the open duties of each agency that ended on to its successors, in `expected` (by key).

    Agencies are taken in the order they ended, so a duty can pass through several reforms (Sở Nông nghiệp
    và Phát triển nông thôn → Sở Nông nghiệp và Môi trường → the new province's). One query per end date
    tells which duties were done by then; a duty not yet in the database has no report, so it is open."""
    by_agency: dict[str, list[tuple[int, str, str]]] = {}
    for key in expected:
        by_agency.setdefault(key[1], []).append(key)
    done_by: dict[date, set[tuple[int, str, str]]] = {}
    keys_of = {row.id: key for key, row in existing.items()}
    for code in in_order_of_ending(lives):
        life = lives[code]
        keys = by_agency.get(code, [])
        handover = life.ended + timedelta(days=1)
        if not keys or (plan.ends_on is not None and handover > plan.ends_on):
            continue
        if life.ended not in done_by:
            done_by[life.ended] = {keys_of[i] for i in _done_on(session, plan.number, life.ended) if i in keys_of}
        successors = [s for s in life.successors if s in lives and s in bound]
        for key in keys:
            values = expected[key]
            if key in done_by[life.ended] or not passes_on(key[2], values["due"], life.ended):
                continue
            handed = handed_over(
                values["deadline"], values["due"], life.ended, plan.handover_working_days, calendar.add_working_days
            )
            for successor in successors:
                target = (key[0], successor, key[2])
                taken = expected.get(target)
                if taken is None:
                    taken = expected[target] = dict(
                        due=handed.due, deadline=handed.deadline, visible_from=handed.visible_from, inherited_from=[]
                    )
                    by_agency.setdefault(successor, []).append(target)
                if key not in taken["inherited_from"]:
                    taken["inherited_from"].append(key)


def _done_on(session: Session, plan_number: str, day: date) -> set[int]:
    """The obligations whose latest report dated by `day` says done."""
    latest = latest_submissions(day)
    return set(
        session.scalars(
            select(latest.c.obligation_id)
            .join(ObligationRow, ObligationRow.id == latest.c.obligation_id)
            .join(ItemRow, ItemRow.id == ObligationRow.item_id)
            .where(ItemRow.plan_number == plan_number, latest.c.state == Reported.DONE.value)
        )
    )


def plan_row(session: Session, plan_number: str) -> PlanRow:
    plan = session.get(PlanRow, plan_number)
    if plan is None:
        raise PlanNotLoaded(plan_number)
    return plan


def ensure_year(engine: Engine, plan_number: str, calendar: WorkingCalendar, as_of: date) -> None:
    """Make sure recurring obligations (yearly, monthly, quarterly, half-yearly) exist for the year of `as_of`,
    in a transaction of its own.

    On the first working day of a year every morning check wants the new year's
    rows at once; when another run inserted them first, ours retries and finds
    them there.
    """
    for attempt in (1, 2):
        try:
            with transaction(engine) as session:
                if _missing_year(session, plan_number, as_of.year) or _passed_on_too_early(session, plan_number, as_of):
                    sync_obligations(session, plan_number, calendar, as_of.year)
            return
        except IntegrityError:
            if attempt == 2:
                raise


def _passed_on_too_early(session: Session, plan_number: str, as_of: date) -> bool:
    """Whether a successor holds, on or after the hand-over day, a duty its predecessor completed by its end.

    A sync before an agency ends (the yearly one, an ad-hoc request) can only guess that its open duties stay
    open until then, and passes them on; when the agency reports before it ends, the successor owes nothing.
    Judged once the hand-over day is reached (`as_of` after the end), so the morning check of that day syncs
    again before anything is sent, and a later sync finds nothing to change in the past."""
    sources: dict[int, str] = {}
    for inherited in session.scalars(
        select(ObligationRow.inherited_from)
        .join(ItemRow, ItemRow.id == ObligationRow.item_id)
        .where(
            ItemRow.plan_number == plan_number,
            ObligationRow.active,
            ObligationRow.visible_from <= as_of,
            cast(ObligationRow.inherited_from, String) != "[]",
        )
    ):
        sources.update({source_id: code for source_id, code in inherited or ()})
    if not sources:
        return False
    ended = dict(
        session.execute(
            select(AgencyRow.code, AgencyRow.ended).where(
                AgencyRow.code.in_(set(sources.values())), AgencyRow.ended.is_not(None), AgencyRow.ended < as_of
            )
        ).all()
    )
    by_end: dict[date, list[int]] = {}
    for source_id, code in sources.items():
        if code in ended:
            by_end.setdefault(ended[code], []).append(source_id)
    for day, ids in by_end.items():
        latest = latest_submissions(day, plan_number)
        for chunk in chunked(sorted(ids)):
            done = session.scalar(
                select(latest.c.obligation_id)
                .where(latest.c.obligation_id.in_(chunk), latest.c.state == Reported.DONE.value)
                .limit(1)
            )
            if done is not None:
                return True
    return False


def _missing_year(session: Session, plan_number: str, year: int) -> bool:
    recurring_items = [
        i
        for i in session.scalars(select(ItemRow).where(ItemRow.plan_number == plan_number, ItemRow.active))
        if i.meaning.get("kind") in RECURRING_KINDS and i.meaning.get("from_year", year) <= year
    ]
    if not recurring_items:
        return False
    names = names_in_year(year)
    return not any(
        session.scalar(
            select(ObligationRow.id).where(ObligationRow.item_id.in_(ids), ObligationRow.period.in_(names)).limit(1)
        )
        is not None
        for ids in chunked(i.id for i in recurring_items)
    )
