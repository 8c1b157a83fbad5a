"""Days as people write them: YYYY-MM-DD or dd/mm/yyyy, and a day that does not exist called that."""

from __future__ import annotations

import calendar
import re
from datetime import date

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VIETNAMESE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")


def parse_day(text: str) -> date:
    """The day `text` names; ValueError in Vietnamese when it is not a date or names a day that does not exist."""
    text = text.strip()
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _VIETNAMESE.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(f"ngày '{text}' không đúng dạng YYYY-MM-DD hoặc dd/mm/yyyy (ví dụ 2024-11-14)")
    if not 1 <= month <= 12:
        raise ValueError(f"ngày '{text}' không có: không có tháng {month}")
    if year < 1:
        raise ValueError(f"ngày '{text}' không có: không có năm {year}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"ngày '{text}' không có: tháng {month} năm {year} có {last} ngày")
    return date(year, month, day)
