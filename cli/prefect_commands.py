"""`dondoc serve` and `dondoc deployments write`: run the plan on Prefect."""

from __future__ import annotations

import os
from pathlib import Path

import click
import yaml

from .common import all_plans_app, chosen_plan, console, get_app, plan_option, today
from .tracking_commands import initialise

YAML_HEADER = """\
# Sinh tự động bởi `dondoc deployments write` từ kế hoạch {number}; đừng sửa tay,
# hãy sửa kế hoạch rồi sinh lại (một bài kiểm thử báo lỗi khi tệp này lệch với các kế hoạch).
# Triển khai: prefect work-pool create {pool} --type process
#             prefect --no-prompt deploy --all      (chạy tại thư mục gốc của mã nguồn)
#             prefect worker start --pool {pool}
"""


@click.command("serve")
@click.option(
    "--port", default=4200, show_default=True, help="Cổng của máy chủ Prefect cục bộ (khi chưa đặt PREFECT_API_URL)."
)
@click.option(
    "--web-port", type=int, default=None, help="Cổng của trang báo cáo dondoc (mặc định: DONDOC_WEB_PORT, 8765)."
)
@click.pass_context
def serve(ctx, port, web_port):
    """Khởi động máy chủ Prefect cục bộ (giao diện web), trang báo cáo của dondoc và mọi lịch kiểm tra của kế hoạch."""
    from flows.serving import (
        require_api_auth,
        serve_deployments,
        server_environment,
        start_server,
        start_web,
        stop_server,
    )

    app = all_plans_app(ctx)
    initialise(app)
    for path, problems in app.catalogue.refused.items():
        console.print(f"Bỏ qua tệp kế hoạch có lỗi {path}: {len(problems)} lỗi (xem dondoc init).", markup=False)
    server = None
    if require_api_auth(os.environ):
        console.print("Máy chủ Prefect yêu cầu xác thực (PREFECT_SERVER_API_AUTH_STRING).")
    if not os.environ.get("PREFECT_API_URL"):
        os.environ.update(server_environment(app.settings.home, port))
        console.print(f"Đang khởi động máy chủ Prefect tại 127.0.0.1:{port} …")
        server = start_server(app.settings.home, port)
    web_port = web_port or app.settings.web_port
    web = start_web(app.settings.home, app.settings.web_host, web_port)
    try:
        api = os.environ["PREFECT_API_URL"]
        ui = os.environ.get("PREFECT_UI_URL") or api.removesuffix("/api")
        console.print(f"Giao diện Prefect: {ui}", markup=False)
        console.print(
            f"Trang báo cáo của dondoc: http://{app.settings.web_host}:{web_port} "
            f"(đường liên kết trong thư trỏ tới {app.settings.web_public_url})",
            markup=False,
        )
        if app.settings.web_operator_password is None:
            console.print("Chưa đặt DONDOC_WEB_OPERATOR_PASSWORD: trang dành cho cán bộ không bật.", markup=False)
        from flows.dashboard import refresh_dashboard  # imports prefect: only once its environment is set

        refresh_dashboard(as_of=today())
        served = ", ".join(f"{len(p.files.plan.items)} mục của Kế hoạch {p.plan_number}" for p in app.each_plan())
        console.print(
            f"Đang phục vụ {served} và các thao tác của cán bộ. Nhấn Ctrl-C để dừng (lịch vẫn giữ nguyên).",
            markup=False,
        )
        serve_deployments(app)
    finally:
        stop_server(web)
        if server is not None:
            stop_server(server)
    console.print("Đã dừng.")


@click.group("deployments")
def deployments_group():
    """Các bản triển khai Prefect sinh từ kế hoạch."""


@deployments_group.command("write")
@plan_option
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("prefect.yaml"), show_default=True)
@click.option("--work-pool", default="dondoc", show_default=True, help="Tên work pool kiểu process.")
@click.pass_context
def write(ctx, output, work_pool):
    """Sinh prefect.yaml (mỗi mục của mỗi kế hoạch một bản triển khai) để chạy bằng work pool và worker."""
    from flows.deployments import prefect_yaml

    app = get_app(ctx) if chosen_plan(ctx) else all_plans_app(ctx)
    output.write_text(render_prefect_yaml(app, work_pool), encoding="utf-8")
    console.print(f"Đã ghi {output} ({len(prefect_yaml(app, work_pool)['deployments'])} bản triển khai).", markup=False)


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text (descriptions, rrules) as readable `|` blocks."""


_BlockDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def render_prefect_yaml(app, work_pool: str = "dondoc") -> str:
    from flows.deployments import prefect_yaml

    numbers = ", ".join(p.plan_number for p in app.each_plan())
    header = YAML_HEADER.format(number=numbers, pool=work_pool)
    body = yaml.dump(prefect_yaml(app, work_pool), Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100)
    return header + body
