"""Today in Vietnam: the one place that reads the clock."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today in Vietnam (DONDOC_TODAY=YYYY-MM-DD pins it, for replays and tests)."""
    pinned = os.environ.get("DONDOC_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(VIETNAM).date()


def day_or_today(as_of: date | None) -> date:
    """The day a run acts for: the one asked for, else today (never the stale scheduled date)."""
    return as_of or today()
