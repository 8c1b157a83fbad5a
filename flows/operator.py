"""The operator's actions as flows with forms in the Prefect UI: record a report, request, precondition.

Every field has a Vietnamese title and description; optional fields default to "" so the form needs no
type toggle; a refused input ends the run Failed with one Vietnamese sentence and no traceback.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from prefect import flow, get_run_logger
from prefect.states import Failed

from flows.choices import (
    ONLY_PLAN,
    AgencyChoice,
    ChosenPlan,
    ItemCode,
    PreconditionName,
    ReportedState,
    agency_code,
    label,
    read_day,
    reported_value,
)
from flows.runtime import current_app
from plan_definition.errors import PlanError
from plan_definition.figures import parse_pairs
from service_layer.actions import add_request, record_precondition, record_report
from service_layer.clock import today
from tracking.errors import TrackingError
from tracking.rules.states import Reported
from tracking.submissions import Report


def refused(reason: str):
    """End the run Failed with one Vietnamese sentence (no traceback in the UI)."""
    sentence = reason[:1].upper() + reason[1:]
    sentence = sentence if sentence.endswith(".") else sentence + "."
    get_run_logger().error("Không ghi nhận: %s", sentence)
    return Failed(message=f"Không ghi nhận: {sentence}")


def _optional(text: str) -> str | None:
    return text.strip() or None if text else None


@flow(name="ghi-nhan-bao-cao", flow_run_name="ghi-nhan · {item} · {agency}")
def record_submission(
    item: Annotated[ItemCode, label("Mục", "Mục của kế hoạch mà cơ quan báo cáo.")],
    agency: Annotated[
        AgencyChoice, label("Cơ quan, đơn vị", "Cơ quan báo cáo; gõ tên (ví dụ “Tư pháp”) hoặc mã để tìm.")
    ],
    state: Annotated[ReportedState, label("Tình trạng thực hiện", "Tình trạng cơ quan báo cáo.")],
    period: Annotated[
        str,
        label(
            "Kỳ báo cáo",
            "once, năm (2024), tháng (2026-06), quý (2026-Q3), 6 tháng đầu năm (2026-H1) hoặc adhoc-N; "
            "bỏ trống khi chỉ có một kỳ hoặc kỳ là năm của ngày báo cáo.",
        ),
    ] = "",
    reported_on: Annotated[
        str, label("Ngày văn bản báo cáo", "Dạng ngày/tháng/năm, ví dụ 20/03/2024; bỏ trống là hôm nay.")
    ] = "",
    document: Annotated[str, label("Số, ký hiệu văn bản", "Ví dụ 125/BC-STP.")] = "",
    figures: Annotated[
        str,
        label(
            "Số liệu kết quả", "Dạng khóa=giá trị, cách nhau bằng dấu chấm phẩy, ví dụ hoi_nghi=2; nguoi_tham_du=150."
        ),
    ] = "",
    note: Annotated[str, label("Tóm tắt kết quả", "Kết quả cơ quan đã thực hiện.")] = "",
    difficulties: Annotated[str, label("Khó khăn, vướng mắc", "Khó khăn, vướng mắc cơ quan nêu.")] = "",
    proposals: Annotated[str, label("Đề xuất, kiến nghị", "Đề xuất, kiến nghị cơ quan nêu.")] = "",
    plan: ChosenPlan = ONLY_PLAN,
):
    """Ghi nhận báo cáo của một cơ quan về một mục (ghi thêm vào lịch sử, không ghi đè)."""
    day = today()
    code = agency_code(agency)
    try:
        app = current_app().plan(plan)
        report = Report(
            item=item,
            agency=code,
            state=reported_value(state),
            reported_on=read_day(reported_on, "ngày văn bản báo cáo") or day,
            period=_optional(period),
            document=_optional(document),
            note=_optional(note),
            difficulties=_optional(difficulties),
            proposals=_optional(proposals),
            figures=parse_pairs([p for p in re.split(r"[;\n]", figures) if p.strip()]) or None,
        )
        recorded = record_report(app, report, today=day, recorded_by="prefect-ui", source="ui")
    except (TrackingError, PlanError, ValueError) as exc:
        return refused(str(exc))
    get_run_logger().info(
        "Đã ghi nhận: mục %s, %s: %s ngày %s.",
        item,
        code,
        Reported(report.state).label.lower(),
        report.reported_on.strftime("%d/%m/%Y"),
    )
    return {
        "submission": recorded.submission_id,
        "item": item,
        "agency": code,
        "period": recorded.period,
        "state": report.state,
    }


@flow(name="yeu-cau-dot-xuat", flow_run_name="yeu-cau · {item} · han {due}")
def request_adhoc(
    item: Annotated[ItemCode, label("Mục", "Mục nhận yêu cầu đột xuất (theo kế hoạch: mục 5 và IV.2).")],
    due: Annotated[date, label("Hạn gửi kết quả", "Ngày cuối cùng các cơ quan gửi kết quả.")],
    note: Annotated[str, label("Nội dung yêu cầu", "Nội dung yêu cầu báo cáo đột xuất.")] = "",
    plan: ChosenPlan = ONLY_PLAN,
):
    """Yêu cầu các cơ quan chủ trì của một mục gửi kết quả đột xuất (khi có yêu cầu) trước một hạn."""
    try:
        app = current_app().plan(plan)
        period = add_request(app, item, due, today=today(), recorded_by="prefect-ui", note=_optional(note))
    except (TrackingError, PlanError) as exc:
        return refused(str(exc))
    get_run_logger().info("Đã tạo yêu cầu %s cho mục %s, hạn %s.", period, item, due.strftime("%d/%m/%Y"))
    return {"item": item, "period": period, "due": due.isoformat()}


@flow(name="dap-ung-dieu-kien", flow_run_name="dieu-kien · {name} · {met_on}")
def mark_precondition(
    name: Annotated[PreconditionName, label("Điều kiện", "Tên điều kiện trong kế hoạch.")],
    met_on: Annotated[date, label("Ngày đáp ứng", "Ngày điều kiện được đáp ứng (ngày ban hành văn bản hướng dẫn).")],
    note: Annotated[str, label("Văn bản hướng dẫn", "Ví dụ “Thông tư số …”.")] = "",
    plan: ChosenPlan = ONLY_PLAN,
):
    """Ghi nhận một điều kiện đã được đáp ứng (ví dụ đã có hướng dẫn của Bộ Nội vụ); các mục chờ bắt đầu được theo dõi."""
    try:
        app = current_app().plan(plan)
        waiting = record_precondition(app, name, met_on, today=today(), recorded_by="prefect-ui", note=_optional(note))
    except (TrackingError, PlanError) as exc:
        return refused(str(exc))
    get_run_logger().info(
        "Điều kiện %s đáp ứng ngày %s; các mục %s bắt đầu được theo dõi hạn.",
        name,
        met_on.strftime("%d/%m/%Y"),
        ", ".join(waiting),
    )
    return {"precondition": name, "met_on": met_on.isoformat(), "items": waiting}
