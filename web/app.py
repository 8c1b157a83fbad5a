"""dondoc's web server: agencies report through their signed links; operators log in to see each agency.

Built by `create_app(app)` from the composition root's App; it never imports prefect.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

from service_layer.bootstrap import App
from service_layer.clock import today

from .agency_routes import agency_router
from .limits import LinkBudget
from .operator_routes import operator_router
from .rendering import Pages

STATIC = Path(__file__).with_name("static")
REQUESTS_PER_LINK = 300


def create_app(app: App, *, requests_per_link: int = REQUESTS_PER_LINK) -> FastAPI:
    """The web application; the operator pages exist only when DONDOC_WEB_OPERATOR_PASSWORD is set."""
    web = FastAPI(title="dondoc", docs_url=None, redoc_url=None, openapi_url=None)
    pages = Pages(app)
    web.state.app = app
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    web.include_router(agency_router(app, pages, LinkBudget(requests_per_link)))
    if app.settings.web_operator_password is not None:
        web.include_router(operator_router(app, pages))
    else:

        @web.get("/can-bo/{rest:path}", response_class=HTMLResponse)
        def operator_disabled(request: Request, rest: str = ""):
            return pages.render(
                request,
                "message.html.j2",
                status_code=503,
                title="Trang dành cho cán bộ chưa được bật",
                lines=["Máy chủ chưa đặt mật khẩu cán bộ (biến môi trường DONDOC_WEB_OPERATOR_PASSWORD)."],
            )

    @web.get("/", response_class=HTMLResponse)
    def home(request: Request):
        return pages.render(
            request,
            "message.html.j2",
            title="Theo dõi thực hiện " + "; ".join(f"{s.files.plan.kind} số {s.plan_number}" for s in app.each_plan()),
            lines=[
                "Các cơ quan, đơn vị mở đường liên kết riêng trong thư nhắc việc của "
                f"{app.first_plan().sender_on(today()).name} để báo cáo kết quả thực hiện.",
                "Cán bộ theo dõi đăng nhập tại trang dành cho cán bộ.",
            ],
            links=[("/can-bo/", "Trang dành cho cán bộ")],
        )

    @web.get("/healthz", response_class=PlainTextResponse)
    def health():
        return "ok"

    return web
