"""The operator's actions as flows with forms in the Prefect UI: record a report, request, precondition."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger

from flows.choices import AgencyCode, ItemCode, PlanNumber, PreconditionName, ReportedState
from flows.runtime import current_app
from service_layer.actions import add_request, record_precondition, record_report
from service_layer.clock import today
from tracking.rules.states import Reported
from tracking.submissions import Report


@flow(name="ghi-nhan-bao-cao", flow_run_name="ghi-nhan · {item} · {agency}")
def record_submission(
    item: ItemCode,
    agency: AgencyCode,
    state: ReportedState,
    period: str | None = None,
    reported_on: date | None = None,
    document: str | None = None,
    note: str | None = None,
    difficulties: str | None = None,
    proposals: str | None = None,
    plan: PlanNumber | None = None,
) -> dict:
    """Ghi nhận báo cáo của một cơ quan về một mục (ghi thêm vào lịch sử, không ghi đè).

    Args:
        item: Mục của kế hoạch mà cơ quan báo cáo.
        agency: Mã cơ quan báo cáo (xem danh bạ: dondoc agencies).
        state: hoan-thanh (hoàn thành), dang-thuc-hien (đang thực hiện) hoặc chua-thuc-hien (chưa thực hiện).
        period: Kỳ báo cáo: once, năm (2024) hoặc adhoc-N; bỏ trống khi chỉ có một kỳ hoặc kỳ là năm của ngày báo cáo.
        reported_on: Ngày của văn bản báo cáo; bỏ trống là hôm nay.
        document: Số, ký hiệu văn bản báo cáo, ví dụ 125/BC-STP.
        note: Tóm tắt kết quả.
        difficulties: Khó khăn, vướng mắc cơ quan nêu.
        proposals: Đề xuất, kiến nghị cơ quan nêu.
        plan: Số kế hoạch; bỏ trống khi chỉ theo dõi một kế hoạch.
    """
    app = current_app().plan(plan)
    day = today()
    report = Report(
        item=item,
        agency=agency,
        state=state,
        reported_on=reported_on or day,
        period=period,
        document=document,
        note=note,
        difficulties=difficulties,
        proposals=proposals,
    )
    recorded = record_report(app, report, today=day, recorded_by="prefect-ui", source="ui")
    get_run_logger().info(
        "Đã ghi nhận: mục %s, %s: %s ngày %s.",
        item,
        agency,
        Reported(state).label.lower(),
        report.reported_on.strftime("%d/%m/%Y"),
    )
    return {
        "submission": recorded.submission_id,
        "item": item,
        "agency": agency,
        "period": recorded.period,
        "state": state,
    }


@flow(name="yeu-cau-dot-xuat", flow_run_name="yeu-cau · {item} · han {due}")
def request_adhoc(item: ItemCode, due: date, note: str | None = None, plan: PlanNumber | None = None) -> dict:
    """Yêu cầu các cơ quan chủ trì của một mục gửi kết quả đột xuất (khi có yêu cầu) trước một hạn.

    Args:
        item: Mục nhận yêu cầu đột xuất (theo kế hoạch: mục 5 và IV.2).
        due: Hạn gửi kết quả (ngày cuối cùng).
        note: Nội dung yêu cầu.
        plan: Số kế hoạch; bỏ trống khi chỉ theo dõi một kế hoạch.
    """
    app = current_app().plan(plan)
    period = add_request(app, item, due, today=today(), recorded_by="prefect-ui", note=note)
    get_run_logger().info("Đã tạo yêu cầu %s cho mục %s, hạn %s.", period, item, due.strftime("%d/%m/%Y"))
    return {"item": item, "period": period, "due": due.isoformat()}


@flow(name="dap-ung-dieu-kien", flow_run_name="dieu-kien · {name} · {met_on}")
def mark_precondition(
    name: PreconditionName, met_on: date, note: str | None = None, plan: PlanNumber | None = None
) -> dict:
    """Ghi nhận một điều kiện đã được đáp ứng (ví dụ đã có hướng dẫn của Bộ Nội vụ); các mục chờ bắt đầu được theo dõi.

    Args:
        name: Tên điều kiện trong kế hoạch.
        met_on: Ngày điều kiện được đáp ứng (ngày ban hành văn bản hướng dẫn).
        note: Văn bản hướng dẫn, ví dụ "Thông tư số …".
        plan: Số kế hoạch; bỏ trống khi chỉ theo dõi một kế hoạch.
    """
    app = current_app().plan(plan)
    waiting = record_precondition(app, name, met_on, today=today(), recorded_by="prefect-ui", note=note)
    get_run_logger().info(
        "Điều kiện %s đáp ứng ngày %s; các mục %s bắt đầu được theo dõi hạn.",
        name,
        met_on.strftime("%d/%m/%Y"),
        ", ".join(waiting),
    )
    return {"precondition": name, "met_on": met_on.isoformat(), "items": waiting}
