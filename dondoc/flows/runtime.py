"""One App per process for the flows, and "today" in Vietnam."""

from __future__ import annotations

import os
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from dondoc.flows.bootstrap import App, Settings

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@lru_cache(maxsize=1)
def current_app() -> App:
    """The app built from the environment of the process that runs the flows."""
    return App(Settings.from_env())


def today() -> date:
    """Today in Vietnam (DONDOC_TODAY=YYYY-MM-DD pins it, for replays and tests)."""
    pinned = os.environ.get("DONDOC_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(VIETNAM).date()


def day_or_today(as_of: date | None) -> date:
    """The day a run acts for: the one asked for, else today (never the stale scheduled date)."""
    return as_of or today()
