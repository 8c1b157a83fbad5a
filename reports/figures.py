"""The figures behind the report, counted from the same rows as `dondoc status --as-of`.

Which obligations belong to a period is `ReportPeriod.holds`: those due in [start,
end], plus those with no due date (IV.1, IV.2's own plans, IV.3) owed by `end`.
Every count below is over those rows of `status_as_of(session, plan, as_of)`.

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
- **reported on time** (DHIS2 *reports on time*): *hoàn thành đúng hạn*; an
  obligation with no deadline that is done counts as on time, as in `status`.
- **reporting rate** = reported / expected; **on-time rate** = reported on time /
  expected. Both are None (printed '—') when nothing is expected.
- **silent**: overdue and no submission of any kind by `as_of`.
- **ranking**: agencies with something expected, by on-time rate, then reporting
  rate; equal rates share a rank (1, 1, 3).
- **carried over**: one-off and ad-hoc obligations due before the period and still
  not done; named in the report, never counted in the period's figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from sqlalchemy.orm import Session

from plan_definition.plan import Item
from tracking.evidence import SubmissionEvidence, owed_from, submissions_as_of
from tracking.rules.period_names import is_recurring
from tracking.rules.states import State
from tracking.status import ObligationStatus, status_as_of

from .period import ReportPeriod

EXPECTED = (State.DONE_ON_TIME, State.DONE_LATE, State.OPEN_OVERDUE)
REPORTED = (State.DONE_ON_TIME, State.DONE_LATE)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Counts:
    """How many obligations are in each state, and the DHIS2 rates they give."""

    total: int = 0
    done_on_time: int = 0
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
        return cls(
            total=len(rows),
            done_on_time=states[State.DONE_ON_TIME],
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
        return self.done_on_time + self.done_late

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
class AgencyRank:
    rank: int
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
    """Everything counted for one plan, one period and one `as_of` day."""

    plan_number: str
    period: ReportPeriod
    as_of: date
    rows: list[ObligationStatus]
    submissions: list[SubmissionEvidence]
    earlier: list[ObligationStatus]

    @cached_property
    def carried_over(self) -> list[ObligationStatus]:
        """One-off and ad-hoc obligations due before the period and still not done on `as_of`.

        They are named in the report but not counted in the period's figures. A
        recurring item's earlier years, months, quarters and half-years belong to the reports of those periods.
        """
        return [r for r in self.earlier if not r.state.is_done and not is_recurring(r.period)]

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
    def ranking(self) -> list[AgencyRank]:
        """Agencies with something expected, most timely first; equal rates share a rank."""
        first_row = {}
        for row in self.rows:
            first_row.setdefault(row.agency, row)
        ranked = sorted(
            (row for code, row in first_row.items() if self.by_agency[code].expected),
            key=lambda r: (*_timeliness(self.by_agency[r.agency]), r.agency_position),
        )
        result: list[AgencyRank] = []
        for position, row in enumerate(ranked, start=1):
            counts = self.by_agency[row.agency]
            tied = result and _timeliness(result[-1].counts) == _timeliness(counts)
            rank = result[-1].rank if tied else position
            result.append(AgencyRank(rank, row.agency, row.agency_label, row.agency_kind, counts))
        return result

    @cached_property
    def documents(self) -> dict[int, list[SubmissionEvidence]]:
        """The submissions that cite a document, by obligation id, oldest first."""
        cited: dict[int, list[SubmissionEvidence]] = {}
        for submission in self.submissions:
            if submission.document:
                cited.setdefault(submission.obligation_id, []).append(submission)
        return cited

    @cached_property
    def difficulties(self) -> list[Remark]:
        return _remarks(self.submissions, "difficulties")

    @cached_property
    def proposals(self) -> list[Remark]:
        return _remarks(self.submissions, "proposals")

    @cached_property
    def reported_values(self) -> dict[str, dict[str, list[tuple[str, object]]]]:
        """Per item and figure key, (agency name, value) from each obligation's latest report that gave figures.

        A later report replaces an earlier one of the same obligation, so a supplementary report is not counted twice.
        """
        latest: dict[int, SubmissionEvidence] = {}
        for submission in self.submissions:
            if submission.figures:
                latest[submission.obligation_id] = submission
        values: dict[str, dict[str, list[tuple[str, object]]]] = {}
        for submission in latest.values():
            for key, value in submission.figures.items():
                values.setdefault(submission.item, {}).setdefault(key, []).append((submission.agency_name, value))
        return values


def figure_lines(item: Item, figures: Figures) -> list[str]:
    """The item's figures summed over the agencies that reported them: 'Số hội nghị: 12 hội nghị (3 cơ quan, đơn vị báo cáo)'."""
    values = figures.reported_values.get(item.code, {})
    lines = []
    for figure in item.figures:
        reported = values.get(figure.key)
        if not reported:
            continue
        count = f"{len(reported)} cơ quan, đơn vị báo cáo"
        if figure.kind == "count":
            total = sum(int(v) for _, v in reported)
            lines.append(
                f"{figure.label}: {total:,}".replace(",", ".")
                + (f" {figure.unit}" if figure.unit else "")
                + f" ({count})"
            )
        elif figure.kind == "yes_no":
            yes = sum(1 for _, v in reported if v is True)
            lines.append(f"{figure.label}: {yes}/{len(reported)} cơ quan, đơn vị báo cáo “có”")
        else:
            shown = "; ".join(f"{v} ({name})" for name, v in reported[:10])
            more = f"; và {len(reported) - 10} cơ quan, đơn vị khác" if len(reported) > 10 else ""
            lines.append(f"{figure.label}: {shown}{more}")
    return lines


def _timeliness(counts: Counts) -> tuple[float, float]:
    """Sort key: higher on-time rate first, then higher reporting rate."""
    return (-(counts.on_time_rate or 0.0), -(counts.reporting_rate or 0.0))


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
) -> Figures:
    """Pick the period's obligations out of a day's status rows, with their submissions."""
    rows = [s for s in statuses if period.holds(s, owed[s.obligation_id])]
    ids = {r.obligation_id for r in rows}
    return Figures(
        plan_number=plan_number,
        period=period,
        as_of=as_of,
        rows=rows,
        submissions=[s for s in submissions if s.obligation_id in ids],
        earlier=[s for s in statuses if s.due is not None and s.due < period.start],
    )


def compute_figures(session: Session, plan_number: str, period: ReportPeriod, as_of: date) -> Figures:
    """The period's figures on `as_of`, from `status_as_of` so they always match `dondoc status`."""
    return figures_from(
        status_as_of(session, plan_number, as_of),
        owed_from(session, plan_number),
        submissions_as_of(session, plan_number, as_of),
        period,
        plan_number=plan_number,
        as_of=as_of,
    )
