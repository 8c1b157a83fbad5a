"""Every Vietnamese word for a state, a stage, a delivery and a period: the CLI, the artifacts, the emails,
the report and the annex all read them here."""

from __future__ import annotations

from .period_names import parse_period, roman
from .states import Reported, State

STATE_LABELS = {
    State.DONE_ON_TIME: "Hoàn thành đúng hạn",
    State.DONE_LATE: "Hoàn thành quá hạn",
    State.OPEN_WITHIN_DEADLINE: "Chưa hoàn thành – trong hạn",
    State.OPEN_OVERDUE: "Chưa hoàn thành – quá hạn",
    State.WAITING_FOR_CONDITION: "Chờ điều kiện",
    State.NO_DEADLINE: "Không thời hạn",
    State.ENDED: "Chấm dứt (sắp xếp tổ chức)",
}

REPORTED_LABELS = {
    Reported.NOT_STARTED: "Chưa thực hiện",
    Reported.IN_PROGRESS: "Đang thực hiện",
    Reported.DONE: "Hoàn thành",
}

# What a notice is, by the kind of its stage (and the mail kinds that are not stages).
STAGE_LABELS = {
    "reminder": "Nhắc việc",
    "overdue": "Thông báo quá hạn",
    "escalation": "Đôn đốc người đứng đầu",
    "chain": "Báo cáo cấp trên",
    "report": "Dự thảo báo cáo định kỳ",
    "alert": "Cảnh báo vận hành",
    "rejection": "Trả lại báo cáo",
}
# The same stages as a subject line names them to the recipient; bodies the plan only requests
# (Đề nghị …) are never "reminded" or "urged".
SUBJECT_LABELS = {
    "reminder": "Nhắc việc",
    "overdue": "Thông báo quá hạn",
    "escalation": "Đôn đốc",
    "chain": "Thông tin nhiệm vụ quá hạn",
}
REQUESTED_SUBJECT_LABELS = {**SUBJECT_LABELS, "reminder": "Đề nghị phối hợp", "escalation": "Đề nghị phối hợp"}

# Where a notice or one of its deliveries stands in the outbox.
DELIVERY_STATE_LABELS = {
    "pending": "Chờ gửi",
    "sending": "Đang gửi",
    "sent": "Đã gửi",
    "failed": "Bị từ chối",
    "cancelled": "Đã hủy (không còn đúng khi đến lượt gửi)",
}


def period_label(period: str) -> str:
    """How a period reads in Vietnamese: "Một lần", "Năm 2024", "Tháng 6/2026", "Quý III/2026",
    "6 tháng đầu năm 2026", "Yêu cầu đột xuất số 1"."""
    name = parse_period(period)
    if name.kind == "year":
        return f"Năm {name.year}"
    if name.kind == "month":
        return f"Tháng {name.number}/{name.year}"
    if name.kind == "quarter":
        return f"Quý {roman(name.number)}/{name.year}"
    if name.kind == "half":
        return f"6 tháng {'đầu' if name.number == 1 else 'cuối'} năm {name.year}"
    if name.kind == "adhoc":
        return f"Yêu cầu đột xuất số {name.number}"
    return "Một lần"
