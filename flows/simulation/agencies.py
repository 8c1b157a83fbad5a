"""Simulated agencies: most report on time, some late, a few never; seeded and reproducible.

Every choice is drawn from a random generator seeded with the run's seed and the
thing being decided (an agency, an obligation), so the same seed gives the same
replay whatever order the days are processed in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from plan_definition.calendar import WorkingCalendar

# Share of agencies by habit, and for each habit the chance an obligation ends on time, late or never.
HABITS = {
    "dung-han": (0.60, (0.92, 0.06, 0.02)),
    "thuong-tre": (0.25, (0.55, 0.40, 0.05)),
    "cham": (0.10, (0.20, 0.60, 0.20)),
    "im-lang": (0.05, (0.05, 0.15, 0.80)),
}

DIFFICULTIES = (
    "Kinh phí tổ chức tập huấn còn hạn chế.",
    "Đội ngũ cán bộ làm công tác dân chủ ở cơ sở kiêm nhiệm nhiều việc.",
    "Chưa có hướng dẫn chi tiết về mẫu quy chế thực hiện dân chủ.",
)
PROPOSALS = (
    "Đề nghị bố trí kinh phí tập huấn cho cấp xã.",
    "Đề nghị Sở Nội vụ ban hành mẫu quy chế để các đơn vị tham khảo.",
)


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def habit_of(seed: int, agency: str) -> str:
    draw = _rng(seed, "habit", agency).random()
    for habit, (share, _) in HABITS.items():
        if draw < share:
            return habit
        draw -= share
    return "dung-han"


def symbol(agency: str) -> str:
    """The issuing body's abbreviation in a document number: so-noi-vu → SNV, any People's Committee → UBND."""
    if agency.startswith("ubnd"):
        return "UBND"
    return "".join(part[0] for part in agency.split("-")).upper()


@dataclass(frozen=True)
class Outcome:
    """When (if ever) an agency reports completion of one obligation, and what it writes."""

    completed_on: date | None
    progress_on: date | None
    document: str | None
    difficulties: str | None
    proposals: str | None


def outcome(
    seed: int, agency: str, item: str, period: str, deadline: date | None, owed_from: date, calendar: WorkingCalendar
) -> Outcome:
    rng = _rng(seed, "outcome", agency, item, period)
    on_time, late, _never = HABITS[habit_of(seed, agency)][1]
    draw = rng.random()
    if deadline is None:
        # No deadline (an agency's own plan): most finish within a few months of being asked.
        completed = calendar.add_working_days(owed_from, rng.randint(15, 90)) if draw < 0.8 else None
    elif draw < on_time:
        lead_time = min(rng.randint(0, 12), max(calendar.working_days_between(owed_from, deadline), 0))
        completed = calendar.add_working_days(deadline, -lead_time)
    elif draw < on_time + late:
        completed = calendar.add_working_days(deadline, rng.randint(1, 25))
    else:
        completed = None
    progress = (
        calendar.add_working_days(completed or deadline or owed_from, -rng.randint(3, 8))
        if rng.random() < 0.2
        else None
    )
    number = rng.randint(1, 250)
    return Outcome(
        completed_on=completed,
        progress_on=progress if progress and progress > owed_from else None,
        document=f"{number}/BC-{symbol(agency)}" if completed else None,
        difficulties=rng.choice(DIFFICULTIES) if rng.random() < 0.15 else None,
        proposals=rng.choice(PROPOSALS) if rng.random() < 0.10 else None,
    )
