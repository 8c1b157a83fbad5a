"""Dropdown choices and Vietnamese field labels for the Prefect UI, built from the loaded plans and directory.

With several plans, the items are those of every plan; the flow checks the item against the chosen plan.
Prefect 3.9 titles every parameter with its Python name and takes the description from the docstring, but it
keeps a field's `json_schema_extra`, so that is where the Vietnamese title and description go (`label`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from flows.runtime import current_app
from tracking.rules.states import Reported

_catalogue = current_app().catalogue
_plans = [files.plan for files in _catalogue.plans.values()]
SEPARATOR = " — "


def label(title: str, description: str):
    """A form field's Vietnamese title and description, as Prefect's UI shows them."""
    return Field(json_schema_extra={"title": title, "description": description})


def agency_choice(code: str) -> str:
    """'so-tu-phap' → 'so-tu-phap — Sở Tư pháp': what the picker shows, so typing a name finds it."""
    return f"{code}{SEPARATOR}{_catalogue.directory.by_code[code].name}"


def agency_code(choice: str) -> str:
    """The agency code back from a picker value (a bare code is accepted too)."""
    return choice.split(SEPARATOR, 1)[0].strip()


def reported_value(choice: str) -> str:
    """'Hoàn thành' → 'hoan-thanh'."""
    return next((r.value for r in Reported if choice in (r.label, r.value)), choice)


def read_day(text: str, field: str) -> date | None:
    """'20/03/2024' or '2024-03-20' → a date; '' → None; raises ValueError with a Vietnamese sentence."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{field} '{text}' không đúng; cần dạng ngày/tháng/năm, ví dụ 20/03/2024")


_numbers = tuple(p.number for p in _plans) or ("-",)
ONLY_PLAN = _numbers[0] if len(_numbers) == 1 else ""  # the plan field's default: the only plan, or none chosen
PlanNumber = Literal[_numbers if ONLY_PLAN else ("", *_numbers)]  # type: ignore[valid-type]
ItemCode = Literal[tuple(dict.fromkeys(i.code for p in _plans for i in p.items)) or ("-",)]  # type: ignore[valid-type]
AgencyChoice = Literal[tuple(agency_choice(a.code) for a in _catalogue.directory.agencies)]  # type: ignore[valid-type]
PreconditionName = Literal[tuple(dict.fromkeys(c.name for p in _plans for c in p.preconditions)) or ("-",)]  # type: ignore[valid-type]
ReportedState = Literal[tuple(r.label for r in Reported)]  # type: ignore[valid-type]
ChosenPlan = Annotated[
    PlanNumber, label("Kế hoạch", "Số kế hoạch (ví dụ 86/KH-UBND); bỏ trống khi chỉ theo dõi một kế hoạch.")
]
