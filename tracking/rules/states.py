"""The seven states of an obligation on a given day, and what an agency can report."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class State(StrEnum):
    """Status as of a date: the Government Office's four states plus two."""

    DONE_ON_TIME = "hoan-thanh-dung-han"
    DONE_LATE = "hoan-thanh-qua-han"
    OPEN_WITHIN_DEADLINE = "chua-hoan-thanh-trong-han"
    OPEN_OVERDUE = "chua-hoan-thanh-qua-han"
    WAITING_FOR_CONDITION = "cho-dieu-kien"
    NO_DEADLINE = "khong-thoi-han"
    ENDED = "cham-dut"

    @property
    def label(self) -> str:
        from .labels import STATE_LABELS

        return STATE_LABELS[self]

    @property
    def is_done(self) -> bool:
        return self in (State.DONE_ON_TIME, State.DONE_LATE)


class Reported(StrEnum):
    """What an agency says of its own work (the state of a submission)."""

    NOT_STARTED = "chua-thuc-hien"
    IN_PROGRESS = "dang-thuc-hien"
    DONE = "hoan-thanh"

    @property
    def label(self) -> str:
        from .labels import REPORTED_LABELS

        return REPORTED_LABELS[self]


def state_on(
    as_of: date, *, deadline: date | None, completed_on: date | None, gated: bool, agency_ended: date | None = None
) -> State:
    """Which state an obligation is in on `as_of`.

    `completed_on` is the date of the latest report of completion made by
    `as_of`; `gated` means the item's precondition was not met by `as_of`;
    an obligation left open by an agency that had ended by `as_of` is ended
    by the reorganisation (its open duties passed to its successors).
    """
    if completed_on is not None:
        late = deadline is not None and completed_on > deadline
        return State.DONE_LATE if late else State.DONE_ON_TIME
    if agency_ended is not None and agency_ended < as_of:
        return State.ENDED
    if gated:
        return State.WAITING_FOR_CONDITION
    if deadline is None:
        return State.NO_DEADLINE
    return State.OPEN_WITHIN_DEADLINE if as_of <= deadline else State.OPEN_OVERDUE
