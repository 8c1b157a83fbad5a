"""The operator's other records: preconditions met and ad-hoc requests (khi có yêu cầu)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from plan_definition.calendar import WorkingCalendar

from .errors import FutureDate, TrackingError, nearest_hint
from .models import AdhocRequestRow, ItemRow, PreconditionEventRow
from .plan_store import plan_row, sync_obligations
from .submissions import find_item


def mark_precondition(
    session: Session,
    plan_number: str,
    known: list[str],
    name: str,
    met_on: date,
    *,
    today: date,
    recorded_by: str,
    note: str | None = None,
) -> PreconditionEventRow:
    """Record that a precondition (e.g. the ministry's guidance) was met on `met_on`."""
    plan_row(session, plan_number)
    if name not in known:
        raise TrackingError(
            f"điều kiện '{name}' không có trong kế hoạch {plan_number}{nearest_hint(name, known)}; "
            f"các điều kiện: {', '.join(known) or '(không có)'}"
        )
    if met_on > today:
        raise FutureDate("ngày đáp ứng điều kiện", met_on, today)
    row = PreconditionEventRow(plan_number=plan_number, name=name, met_on=met_on, note=note, recorded_by=recorded_by)
    session.add(row)
    session.flush()
    return row


def request_adhoc(
    session: Session,
    plan_number: str,
    item_code: str,
    due: date,
    *,
    today: date,
    calendar: WorkingCalendar,
    recorded_by: str,
    note: str | None = None,
) -> AdhocRequestRow:
    """Ask every lead agency of an item for an ad-hoc result by `due`: a new period adhoc-N."""
    item = find_item(session, plan_number, item_code)
    if not item.meaning.get("adhoc"):
        accepting = [
            i.code
            for i in session.scalars(
                select(ItemRow).where(ItemRow.plan_number == plan_number, ItemRow.active).order_by(ItemRow.position)
            )
            if i.meaning.get("adhoc")
        ]
        raise TrackingError(
            f"mục {item_code} không có yêu cầu đột xuất theo kế hoạch (thời gian: '{item.timeframe_text}'); "
            f"các mục nhận yêu cầu: {', '.join(accepting) or '(không có)'}"
        )
    if due < today:
        raise TrackingError(f"hạn {due.isoformat()} đã qua (hôm nay là {today.isoformat()})")
    seq = (session.scalar(select(func.max(AdhocRequestRow.seq)).where(AdhocRequestRow.item_id == item.id)) or 0) + 1
    row = AdhocRequestRow(item_id=item.id, seq=seq, due=due, requested_on=today, note=note, recorded_by=recorded_by)
    session.add(row)
    session.flush()
    sync_obligations(session, plan_number, calendar, today.year)
    return row
