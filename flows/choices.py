"""Dropdown choices for the Prefect UI, built from the loaded plans and directory at import time.

With several plans, the items are those of every plan; the flow checks the item against the chosen plan.
"""

from __future__ import annotations

from typing import Literal

from flows.runtime import current_app
from tracking.rules.states import Reported

_catalogue = current_app().catalogue
_plans = [files.plan for files in _catalogue.plans.values()]

PlanNumber = Literal[tuple(p.number for p in _plans) or ("-",)]  # type: ignore[valid-type]
ItemCode = Literal[tuple(dict.fromkeys(i.code for p in _plans for i in p.items)) or ("-",)]  # type: ignore[valid-type]
AgencyCode = Literal[tuple(agency.code for agency in _catalogue.directory.agencies)]  # type: ignore[valid-type]
PreconditionName = Literal[tuple(dict.fromkeys(c.name for p in _plans for c in p.preconditions)) or ("-",)]  # type: ignore[valid-type]
ReportedState = Literal[tuple(r.value for r in Reported)]  # type: ignore[valid-type]
