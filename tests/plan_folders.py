"""A plans folder holding the reference plan and the sample plan, for the tests of several plans at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from plan_definition.loading import REFERENCE_PLANS, SAMPLE_PLAN


def both_plans(folder: Path) -> Path:
    """`folder`, made a copy of the shipped plans plus the sample 45/KH-UBND (retiring writes into the copy)."""
    shutil.copytree(REFERENCE_PLANS, folder)
    shutil.copy(SAMPLE_PLAN, folder / SAMPLE_PLAN.name)
    return folder
