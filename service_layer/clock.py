"""Today in Vietnam: the one place that reads the clock."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracking.errors import TrackingError

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today in Vietnam (DONDOC_TODAY=YYYY-MM-DD pins it, for replays and tests)."""
    pinned = os.environ.get("DONDOC_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(VIETNAM).date()


class FutureCheck(TrackingError):
    """A check asked for a day still to come: its notices would count as given and hold back the real ones."""


def checked_day(as_of: date | None) -> date:
    """The day a check decides for: the one asked for, else today; never a day after today, since a notice
    decided ahead of its day would stand in for the reminders due before it."""
    now = today()
    day = as_of or now
    if day > now:
        raise FutureCheck(
            f"không kiểm tra trước cho ngày {day:%d/%m/%Y}: hôm nay mới là ngày {now:%d/%m/%Y}; "
            "thông báo quyết định trước sẽ thay cho các lần nhắc đến hạn trước đó "
            "(xem trước: dondoc status --as-of NGÀY)"
        )
    return day


def day_or_today(as_of: date | None) -> date:
    """The day a run acts for: the one asked for, else today (never the stale scheduled date)."""
    return as_of or today()
