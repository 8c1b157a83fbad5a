"""Named refusals: each message carries the bad value and, where it helps, what would be right."""

from __future__ import annotations

import difflib


class TrackingError(Exception):
    """Input the tracking database refuses; nothing was written."""


def nearest_hint(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    return "; gần nhất: " + ", ".join(f"'{c}'" for c in close) if close else ""


class UnknownItem(TrackingError):
    def __init__(self, code: str, plan: str, known: list[str]):
        super().__init__(f"mục '{code}' không có trong Kế hoạch {plan}{nearest_hint(code, known)}")


class UnknownAgency(TrackingError):
    def __init__(self, code: str, known: list[str]):
        super().__init__(f"cơ quan '{code}' không có trong danh bạ{nearest_hint(code, known)}")


class NotOwed(TrackingError):
    def __init__(self, item: str, agency: str, owers: list[str]):
        shown = ", ".join(owers[:8]) + (f" và {len(owers) - 8} cơ quan khác" if len(owers) > 8 else "")
        super().__init__(f"cơ quan '{agency}' không có nhiệm vụ ở mục {item}; cơ quan chủ trì: {shown}")


class UnknownPeriod(TrackingError):
    def __init__(self, item: str, agency: str, period: str | None, periods: list[str]):
        what = f"kỳ '{period}' không có" if period else "cần chọn kỳ (--period)"
        super().__init__(f"mục {item}, cơ quan {agency}: {what}; các kỳ hiện có: {', '.join(periods) or '(không có)'}")


class FutureDate(TrackingError):
    def __init__(self, what: str, day, today):
        super().__init__(f"{what} {day.isoformat()} ở tương lai (hôm nay là {today.isoformat()})")


class PlanNotLoaded(TrackingError):
    def __init__(self, plan: str):
        super().__init__(f"Kế hoạch {plan} chưa được nạp vào cơ sở dữ liệu; hãy chạy 'dondoc init'")
