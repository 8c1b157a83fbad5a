"""The figures behind the report, counted from the same rows as `dondoc status --as-of`.

Which obligations belong to a period is `ReportPeriod.holds`: those due in [start,
end], plus those with no due date (IV.1, IV.2's own plans, IV.3) owed by `end` and not
completed before `start` (a completion counts in the period it happened in, once).
Every count below is over those rows of `status_as_of(session, plan, as_of)`, `as_of`
being the period's cut-off day.

Definitions (DHIS2's data-set reporting rates, carried over to obligations):

- **total**: every obligation of the period owed on `as_of`, whatever its state.
- **expected** (DHIS2 *expected reports*): obligations whose deadline has passed by
  `as_of`, plus those already done: *hoàn thành đúng hạn* + *hoàn thành quá hạn* +
  *chưa hoàn thành – quá hạn*. DHIS2 expects every period in the range; we leave
  out obligations still within their deadline (nobody can be blamed for them yet),
  those waiting for a precondition (the plan does not let them start) and those
  with no deadline (they can never be late), unless they are already done.
  Counting them would make every report drafted before the deadline look bad.
- **reported** (DHIS2 *actual reports*): obligations whose completion has been
  reported: *hoàn thành đúng hạn* + *hoàn thành quá hạn*. A progress report
  (*đang thực hiện*, *chưa thực hiện*) is not a result: the obligation stays open
  and is listed as having reported progress, not as silent.
- **reported on time** (DHIS2 *reports on time*): *hoàn thành đúng hạn* of an
  obligation that has a deadline. One with no deadline (a requested body, an undated
  duty) that is done is counted apart (`done_undated`): `status` shows it as *hoàn
  thành đúng hạn*, but it could never have been late, so it is neither expected nor on
  time.
- **reporting rate** = reported / expected; **on-time rate** = reported on time /
  expected. Both are None (printed '—') when nothing is expected.
- **silent**: overdue and no submission of any kind by `as_of`.
- **agencies**: those with something expected, those most behind first (most
  obligations overdue, then most silent, then lowest on-time rate); no rank is printed,
  since most agencies would share it.
- **carried over**: obligations due before the period (any item, recurring ones
  included) still open on the cut-off day, or completed within the period; a section
  of their own, never counted in the period's figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy.orm import Session

from plan_definition.plan import Item
from tracking.evidence import SubmissionEvidence, owed_from, submissions_as_of
from tracking.rules.states import State
from tracking.status import ObligationStatus, status_as_of

from .period import ReportPeriod


def kind_plural(kind: str) -> str:
    from .narrative import kind_plural as plural

    return plural(kind)


EXPECTED = (State.DONE_ON_TIME, State.DONE_LATE, State.OPEN_OVERDUE)
REPORTED = (State.DONE_ON_TIME, State.DONE_LATE)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Counts:
    """How many obligations are in each state, and the DHIS2 rates they give."""

    total: int = 0
    done_on_time: int = 0
    done_undated: int = 0
    done_late: int = 0
    open_within_deadline: int = 0
    open_overdue: int = 0
    waiting: int = 0
    no_deadline: int = 0
    ended: int = 0
    silent: int = 0

    @classmethod
    def of(cls, rows: Iterable[ObligationStatus]) -> Counts:
        rows = list(rows)
        states = Counter(r.state for r in rows)
        undated = sum(1 for r in rows if r.state is State.DONE_ON_TIME and r.deadline is None)
        return cls(
            total=len(rows),
            done_on_time=states[State.DONE_ON_TIME] - undated,
            done_undated=undated,
            done_late=states[State.DONE_LATE],
            open_within_deadline=states[State.OPEN_WITHIN_DEADLINE],
            open_overdue=states[State.OPEN_OVERDUE],
            waiting=states[State.WAITING_FOR_CONDITION],
            no_deadline=states[State.NO_DEADLINE],
            ended=states[State.ENDED],
            silent=sum(1 for r in rows if r.state is State.OPEN_OVERDUE and r.reported is None),
        )

    def of_state(self, state: State) -> int:
        return {
            State.DONE_ON_TIME: self.done_on_time,
            State.DONE_LATE: self.done_late,
            State.OPEN_WITHIN_DEADLINE: self.open_within_deadline,
            State.OPEN_OVERDUE: self.open_overdue,
            State.WAITING_FOR_CONDITION: self.waiting,
            State.NO_DEADLINE: self.no_deadline,
            State.ENDED: self.ended,
        }[state]

    @property
    def done(self) -> int:
        """Every completion, with or without a deadline."""
        return self.done_on_time + self.done_late + self.done_undated

    @property
    def open(self) -> int:
        return self.open_within_deadline + self.open_overdue + self.waiting + self.no_deadline

    @property
    def expected(self) -> int:
        return sum(self.of_state(s) for s in EXPECTED)

    @property
    def reported(self) -> int:
        return sum(self.of_state(s) for s in REPORTED)

    @property
    def reporting_rate(self) -> float | None:
        return _rate(self.reported, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.done_on_time, self.expected)


@dataclass(frozen=True)
class AgencyResult:
    agency: str
    agency_name: str
    agency_kind: str
    counts: Counts


@dataclass(frozen=True)
class Remark:
    """A difficulty or a proposal an agency wrote in a submission."""

    item: str
    agency: str
    agency_name: str
    agency_kind: str
    reported_on: date
    text: str


@dataclass(frozen=True)
class Figures:
    """Everything counted for one plan, one period and one `as_of` day (the period's cut-off)."""

    plan_number: str
    period: ReportPeriod
    as_of: date
    rows: list[ObligationStatus]
    submissions: list[SubmissionEvidence]
    earlier: list[ObligationStatus]
    drafted_on: date | None = None  # the report's own date, when later than the cut-off `as_of`

    @cached_property
    def carried_over(self) -> list[ObligationStatus]:
        """Obligations due before the period, still open on `as_of` or completed within the period.

        Recurring items included: a 2023 duty still open at the end of 2024 is in the 2024 report. They
        have a section of their own and are never counted in the period's figures; one completed before
        the period began belongs to an earlier report and is left out.
        """
        return [
            r
            for r in self.earlier
            if (r.state.is_done and r.reported_on is not None and r.reported_on >= self.period.start)
            or (not r.state.is_done and r.state is not State.ENDED)
        ]

    @cached_property
    def ended_earlier(self) -> list[ObligationStatus]:
        """Obligations due before the period, left open by an agency that ended within the period or later.

        Only the duties of the period under way pass to successors, so these were never completed and are
        chased no more (state ENDED); the report says how many, once, in the year their agency ended."""
        return [
            r
            for r in self.earlier
            if r.state is State.ENDED and r.agency_ended is not None and r.agency_ended >= self.period.start
        ]

    @cached_property
    def earlier_total(self) -> Counts:
        return Counts.of(self.carried_over)

    @cached_property
    def earlier_by_item(self) -> dict[str, Counts]:
        return {code: Counts.of(rows) for code, rows in _group(self.carried_over, lambda r: r.item).items()}

    @cached_property
    def total(self) -> Counts:
        return Counts.of(self.rows)

    @cached_property
    def by_item(self) -> dict[str, Counts]:
        return {code: Counts.of(rows) for code, rows in _group(self.rows, lambda r: r.item).items()}

    @cached_property
    def by_agency(self) -> dict[str, Counts]:
        return {code: Counts.of(rows) for code, rows in _group(self.rows, lambda r: r.agency).items()}

    @cached_property
    def by_kind(self) -> dict[str, Counts]:
        """Counts per kind of agency, kinds in directory order."""
        ordered = sorted(self.rows, key=lambda r: r.agency_position)
        return {kind: Counts.of(rows) for kind, rows in _group(ordered, lambda r: r.agency_kind).items()}

    @cached_property
    def by_item_and_kind(self) -> dict[str, dict[str, Counts]]:
        """Per item, counts per kind of agency (kinds in directory order)."""
        ordered = sorted(self.rows, key=lambda r: r.agency_position)
        return {
            code: {kind: Counts.of(rs) for kind, rs in _group(rows, lambda r: r.agency_kind).items()}
            for code, rows in _group(ordered, lambda r: r.item).items()
        }

    @cached_property
    def agencies(self) -> list[AgencyResult]:
        """Agencies with something expected, those most behind first: most overdue, most silent, lowest on-time rate."""
        first_row: dict[str, ObligationStatus] = {}
        for row in self.rows:
            first_row.setdefault(row.agency, row)
        chosen = [row for code, row in first_row.items() if self.by_agency[code].expected]
        chosen.sort(key=lambda r: (*_behind(self.by_agency[r.agency]), r.agency_position))
        return [AgencyResult(r.agency, r.agency_label, r.agency_kind, self.by_agency[r.agency]) for r in chosen]

    @cached_property
    def documents(self) -> dict[int, list[SubmissionEvidence]]:
        """The submissions that cite a document, by obligation id, oldest first."""
        cited: dict[int, list[SubmissionEvidence]] = {}
        for submission in self.submissions:
            if submission.document:
                cited.setdefault(submission.obligation_id, []).append(submission)
        return cited

    @cached_property
    def in_period(self) -> list[SubmissionEvidence]:
        """Submissions dated within the period (up to the cut-off), of its obligations and the carried-over ones."""
        return [s for s in self.submissions if s.reported_on >= self.period.start]

    @cached_property
    def difficulties(self) -> list[Remark]:
        return _remarks(self.in_period, "difficulties")

    @cached_property
    def proposals(self) -> list[Remark]:
        return _remarks(self.in_period, "proposals")

    @cached_property
    def reported_values(self) -> dict[str, dict[str, list[tuple[str, object]]]]:
        """Per item and figure key, (agency name, value) from each obligation's latest report that gave figures.

        A later report replaces an earlier one of the same obligation, so a supplementary report is not counted twice.
        """
        values: dict[str, dict[str, list[tuple[str, object]]]] = {}
        for submission in self.latest_figures.values():
            for key, value in submission.figures.items():
                values.setdefault(submission.item, {}).setdefault(key, []).append((submission.agency_name, value))
        return values

    @cached_property
    def latest_figures(self) -> dict[int, SubmissionEvidence]:
        """Per obligation, its latest report within the period that gave figures (one report per obligation counts)."""
        latest: dict[int, SubmissionEvidence] = {}
        for submission in self.in_period:
            if submission.figures:
                latest[submission.obligation_id] = submission
        return latest

    @cached_property
    def figure_sums(self) -> dict[str, dict[str, FigureSum]]:
        """Per item and figure key, the figure summed over all agencies and per kind of agency."""
        sums: dict[str, dict[str, FigureSum]] = {}
        for submission in sorted(self.latest_figures.values(), key=lambda s: s.obligation_id):
            for key, value in submission.figures.items():
                entry = sums.setdefault(submission.item, {}).setdefault(key, FigureSum())
                entry.add(submission.agency_kind, value)
        return sums


@dataclass
class FigureSum:
    """One figure summed: a count's total, or how many said yes; per kind of agency too."""

    reports: int = 0
    total: int = 0
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind -> [reports, total]

    def add(self, kind: str, value: object) -> None:
        amount = (1 if value is True else 0) if isinstance(value, bool) else (value if isinstance(value, int) else 0)
        self.reports += 1
        self.total += amount
        entry = self.kinds.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += amount


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def figure_lines(item: Item, figures: Figures, *, by_kind: bool = True) -> list[str]:
    """The item's figures summed over the agencies that reported them: 'Số hội nghị: 12 hội nghị (3 cơ quan, đơn vị báo cáo)'."""
    values = figures.reported_values.get(item.code, {})
    lines = []
    for figure in item.figures:
        reported = values.get(figure.key)
        if not reported:
            continue
        count = f"{len(reported)} cơ quan, đơn vị báo cáo"
        summed = figures.figure_sums.get(item.code, {}).get(figure.key)
        per_kind = ""
        if by_kind and summed is not None and len(summed.kinds) > 1:
            unit = f" {figure.unit}" if figure.unit and figure.kind == "count" else ""
            per_kind = "; trong đó: " + "; ".join(
                f"{kind_plural(kind)} {_number(total)}{unit} ({n} báo cáo)"
                if figure.kind == "count"
                else f"{kind_plural(kind)} {total}/{n}"
                for kind, (n, total) in summed.kinds.items()
            )
        if figure.kind == "count":
            total = sum(int(v) for _, v in reported)
            lines.append(
                f"{figure.label}: {_number(total)}"
                + (f" {figure.unit}" if figure.unit else "")
                + f" ({count}){per_kind}"
            )
        elif figure.kind == "yes_no":
            yes = sum(1 for _, v in reported if v is True)
            lines.append(f"{figure.label}: {yes}/{len(reported)} cơ quan, đơn vị báo cáo “có”{per_kind}")
        else:
            shown = "; ".join(f"{v} ({name})" for name, v in reported[:10])
            more = f"; và {len(reported) - 10} cơ quan, đơn vị khác" if len(reported) > 10 else ""
            lines.append(f"{figure.label}: {shown}{more}")
    return lines


def _behind(counts: Counts) -> tuple[int, int, float, float]:
    """Sort key, those most behind first: more overdue, more silent, lower on-time rate, lower reporting rate."""
    return (-counts.open_overdue, -counts.silent, counts.on_time_rate or 0.0, counts.reporting_rate or 0.0)


def _group(rows: list[ObligationStatus], key) -> dict[str, list[ObligationStatus]]:
    groups: dict[str, list[ObligationStatus]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def _remarks(submissions: list[SubmissionEvidence], field: str) -> list[Remark]:
    """Each distinct text an agency wrote for an item, in the order it was first written."""
    seen: set[tuple[str, str, str]] = set()
    remarks = []
    for s in submissions:
        text = getattr(s, field)
        if text and (s.item, s.agency, text) not in seen:
            seen.add((s.item, s.agency, text))
            remarks.append(Remark(s.item, s.agency, s.agency_name, s.agency_kind, s.reported_on, text))
    return remarks


def figures_from(
    statuses: list[ObligationStatus],
    owed: dict[int, date],
    submissions: list[SubmissionEvidence],
    period: ReportPeriod,
    *,
    plan_number: str,
    as_of: date,
    drafted_on: date | None = None,
) -> Figures:
    """Pick the period's obligations out of a day's status rows, with their submissions."""
    rows = [s for s in statuses if period.holds(s, owed[s.obligation_id])]
    earlier = [s for s in statuses if s.due is not None and s.due < period.start]
    ids = {r.obligation_id for r in rows} | {r.obligation_id for r in earlier}
    return Figures(
        plan_number=plan_number,
        period=period,
        as_of=as_of,
        rows=rows,
        submissions=[s for s in submissions if s.obligation_id in ids],
        earlier=earlier,
        drafted_on=drafted_on,
    )


def compute_figures(session: Session, plan_number: str, period: ReportPeriod, as_of: date) -> Figures:
    """The period's figures on its cut-off day (never after `as_of`, the day the report is drafted), from
    `status_as_of` so they always match `dondoc status --as-of CUT-OFF`."""
    day = period.cutoff_for(as_of)
    return figures_from(
        status_as_of(session, plan_number, day),
        owed_from(session, plan_number),
        submissions_as_of(session, plan_number, day),
        period,
        plan_number=plan_number,
        as_of=day,
        drafted_on=as_of,
    )
