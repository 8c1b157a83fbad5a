"""Reads for the report: every submission behind the obligations, and when each became owed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AgencyRow, ItemRow, ObligationRow, SubmissionRow
from .rules.states import Reported


@dataclass(frozen=True)
class SubmissionEvidence:
    """One submission as the report cites it: what was reported, with which document, and what the agency asked."""

    obligation_id: int
    item: str
    agency: str
    agency_name: str
    agency_kind: str
    period: str
    state: Reported
    reported_on: date
    document: str | None
    note: str | None
    difficulties: str | None
    proposals: str | None
    figures: dict | None = None


def submissions_as_of(session: Session, plan_number: str, as_of: date) -> list[SubmissionEvidence]:
    """Every submission dated on or before `as_of` for the plan's active obligations, oldest first."""
    query = (
        select(
            SubmissionRow.obligation_id,
            ItemRow.code,
            AgencyRow.code,
            AgencyRow.name,
            AgencyRow.kind,
            ObligationRow.period,
            SubmissionRow.state,
            SubmissionRow.reported_on,
            SubmissionRow.document,
            SubmissionRow.note,
            SubmissionRow.difficulties,
            SubmissionRow.proposals,
            SubmissionRow.figures,
        )
        .join(ObligationRow, SubmissionRow.obligation_id == ObligationRow.id)
        .join(ItemRow, ObligationRow.item_id == ItemRow.id)
        .join(AgencyRow, ObligationRow.agency_code == AgencyRow.code)
        .where(
            ItemRow.plan_number == plan_number,
            ItemRow.active,
            ObligationRow.active,
            SubmissionRow.reported_on <= as_of,
            SubmissionRow.rejected_on.is_(None),
        )
        .order_by(SubmissionRow.reported_on, SubmissionRow.id)
    )
    return [
        SubmissionEvidence(
            oid, item, agency, name, kind, period, Reported(state), day, document, note, hard, asks, nums
        )
        for oid, item, agency, name, kind, period, state, day, document, note, hard, asks, nums in session.execute(
            query
        )
    ]


def owed_from(session: Session, plan_number: str) -> dict[int, date]:
    """The first day each of the plan's obligations is owed (its `visible_from`), by obligation id."""
    query = (
        select(ObligationRow.id, ObligationRow.visible_from)
        .join(ItemRow, ObligationRow.item_id == ItemRow.id)
        .where(ItemRow.plan_number == plan_number)
    )
    return {oid: day for oid, day in session.execute(query)}
