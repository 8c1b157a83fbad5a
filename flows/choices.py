"""Dropdown choices for the Prefect UI, built from the loaded plan and directory at import time."""

from __future__ import annotations

from typing import Literal

from flows.runtime import current_app
from tracking.rules.states import Reported

_files = current_app().files

ItemCode = Literal[tuple(item.code for item in _files.plan.items)]  # type: ignore[valid-type]
AgencyCode = Literal[tuple(agency.code for agency in _files.directory.agencies)]  # type: ignore[valid-type]
PreconditionName = Literal[tuple(p.name for p in _files.plan.preconditions) or ("-",)]  # type: ignore[valid-type]
ReportedState = Literal[tuple(r.value for r in Reported)]  # type: ignore[valid-type]
