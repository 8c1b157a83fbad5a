"""Deployments generated from the loaded plan: one per item, plus delivery, the report and the operator's forms.

The same specifications feed `dondoc serve` (RunnerDeployments) and
`dondoc deployments write` (prefect.yaml for a process work pool), so the two
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from plan_definition.plan import Item, plan_slug
from service_layer.bootstrap import App

TIMEZONE = "Asia/Ho_Chi_Minh"
CHECK_CRON = "0 7 * * 1-5"
DISPATCH_CRON = "30 7 * * 1-5"
REPORT_TIME = time(8, 0)
HORIZON_YEARS = 10  # schedules list single dates (make-up Saturdays, report days) this many years past the plan's start

# On the worker, run from the checkout that holds flows/ (the entrypoints are paths relative to it).
# The path is a Prefect variable, read when a run starts: every worker keeps the checkout at that path.
PULL_STEPS = [
    {"prefect.deployments.steps.set_working_directory": {"directory": "{{ prefect.variables.dondoc_checkout }}"}},
]


@dataclass(frozen=True)
class Schedule:
    cron: str | None = None
    rrule: str | None = None

    def as_yaml(self) -> dict:
        kind = {"cron": self.cron} if self.cron else {"rrule": self.rrule}
        return {**kind, "timezone": TIMEZONE, "active": True}


@dataclass(frozen=True)
class DeploymentSpec:
    name: str
    entrypoint: str  # "flows/check.py:check_item"
    description: str
    tags: tuple[str, ...]
    parameters: dict = field(default_factory=dict)
    schedules: tuple[Schedule, ...] = ()
    cancel_new: bool = True  # a second run while one is running is cancelled (else it waits)

    @property
    def flow_function(self) -> str:
        return self.entrypoint.rsplit(":", 1)[1]


def _rdates(days: list[date], at: time) -> str | None:
    """An RRULE set of single dates at a local time ("RDATE:20241115T080000,…")."""
    if not days:
        return None
    stamps = [datetime.combine(d, at).strftime("%Y%m%dT%H%M%S") for d in sorted(days)]
    return f"DTSTART:{stamps[0]}\nRDATE:{','.join(stamps)}"


def makeup_saturdays(app: App, first_year: int, last_year: int) -> list[date]:
    """Saturdays that are working days (the Prime Minister's swaps): the weekday cron misses them."""
    days = []
    for year in range(first_year, last_year + 1):
        day = date(year, 1, 1)
        while day.year == year:
            if day.weekday() == 5 and app.calendar.is_working_day(day):
                days.append(day)
            day = date.fromordinal(day.toordinal() + 1)
    return days


def report_days(app: App, first_year: int, last_year: int) -> list[date]:
    """The first working day after each year's reporting deadline (trước ngày 15/11 → after 14/11, art. 148)."""
    due = app.files.plan.reporting.yearly_due
    return [
        app.calendar.next_working_day(app.calendar.deadline_for(due.in_year(y)))
        for y in range(first_year, last_year + 1)
    ]


def _working_mornings(app: App, cron: str, at: time, years: tuple[int, int]) -> tuple[Schedule, ...]:
    extra = _rdates(makeup_saturdays(app, *years), at)
    return (Schedule(cron=cron),) + ((Schedule(rrule=extra),) if extra else ())


def item_description(app: App, item: Item) -> str:
    """The item as the plan writes it, for the deployment page in the UI."""
    plan = app.files.plan
    lines = [f"Mục {item.code}, {plan.kind} số {plan.number}: {item.title}", ""]
    if item.lead_text:
        lines.append(f"- Cơ quan chủ trì: {item.lead_text}")
    if item.coordinator_text:
        lines.append(f"- Cơ quan phối hợp: {item.coordinator_text}")
    if item.form:
        lines.append(f"- Hình thức: {item.form}")
    lines.append(f"- Thời gian thực hiện: {item.timeframe or 'không ghi'}")
    if item.precondition:
        lines.append(f"- Chờ điều kiện: {plan.preconditions_by_name[item.precondition].text}")
    directory = app.files.directory
    count = len(directory.on(directory.as_of or plan.date).expand(list(item.leads)))
    lines += ["", f"Kiểm tra lúc 7 giờ sáng các ngày làm việc: {count} cơ quan phải báo cáo."]
    return "\n".join(lines)


def deployment_specs(app: App) -> list[DeploymentSpec]:
    plan = app.files.plan
    tag = plan_slug(plan.number)
    years = (plan.start_year, plan.start_year + HORIZON_YEARS)
    specs = [
        DeploymentSpec(
            name=f"muc-{item.code}",
            entrypoint="flows/check.py:check_item",
            description=item_description(app, item),
            tags=(tag, f"muc-{item.code}", *(f"chu-tri:{code}" for code in item.leads)),
            parameters={"item": item.code},
            schedules=_working_mornings(app, CHECK_CRON, time(7, 0), years),
        )
        for item in plan.items
    ]
    specs.append(
        DeploymentSpec(
            name="gui-thu-hang-ngay",
            entrypoint="flows/dispatch.py:dispatch",
            description="Gửi các thông báo nhắc việc, đôn đốc đã quyết định trong buổi kiểm tra sáng "
            "(mỗi người nhận một thư tổng hợp) và cập nhật bảng tổng quan kế hoạch.",
            tags=(tag, "gui-thu"),
            schedules=_working_mornings(app, DISPATCH_CRON, time(7, 30), years),
        )
    )
    specs.append(
        DeploymentSpec(
            name="bao-cao-hang-nam",
            entrypoint="flows/report.py:compile_report",
            description=f"Tổng hợp báo cáo kết quả thực hiện {plan.kind} số {plan.number} gửi Ủy ban nhân dân tỉnh: "
            f"chạy vào ngày làm việc đầu tiên sau hạn báo cáo hằng năm ({plan.reporting.text}); "
            "có thể chạy bất kỳ lúc nào.",
            tags=(tag, "bao-cao"),
            schedules=(Schedule(rrule=_rdates(report_days(app, *years), REPORT_TIME)),),
        )
    )
    for name, entrypoint, description in (
        (
            "ghi-nhan-bao-cao",
            "flows/operator.py:record_submission",
            "Ghi nhận báo cáo của một cơ quan về một mục: chọn mục, cơ quan, trạng thái, ngày và số, ký hiệu văn bản.",
        ),
        (
            "yeu-cau-dot-xuat",
            "flows/operator.py:request_adhoc",
            "Yêu cầu các cơ quan chủ trì của một mục gửi kết quả đột xuất trước một hạn (khi có yêu cầu).",
        ),
        (
            "dap-ung-dieu-kien",
            "flows/operator.py:mark_precondition",
            "Ghi nhận một điều kiện đã được đáp ứng (ví dụ đã có hướng dẫn của Bộ Nội vụ).",
        ),
    ):
        specs.append(DeploymentSpec(name, entrypoint, description, (tag, "thao-tac"), cancel_new=False))
    return specs


def prefect_yaml(app: App, work_pool: str = "dondoc") -> dict:
    """prefect.yaml for `prefect deploy --all` on a process work pool, from the same specifications."""
    deployments = []
    for spec in deployment_specs(app):
        entry = {
            "name": spec.name,
            "description": spec.description,
            "entrypoint": spec.entrypoint,
            "tags": list(spec.tags),
            "parameters": dict(spec.parameters),
            "schedules": [s.as_yaml() for s in spec.schedules],
            "concurrency_limit": {"limit": 1, "collision_strategy": "CANCEL_NEW" if spec.cancel_new else "ENQUEUE"},
            "work_pool": {"name": work_pool, "work_queue_name": "default", "job_variables": {}},
        }
        deployments.append(entry)
    return {
        "name": "dondoc",
        "prefect-version": "3.9.1",
        "build": None,
        "push": None,
        "pull": PULL_STEPS,
        "deployments": deployments,
    }
