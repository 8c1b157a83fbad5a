"""Run the web application with uvicorn on the configured host and port."""

from __future__ import annotations

import uvicorn

from service_layer.bootstrap import App

from .app import create_app


def run(app: App, host: str | None = None, port: int | None = None) -> None:
    uvicorn.run(
        create_app(app),
        host=host or app.settings.web_host,
        port=port or app.settings.web_port,
        log_level="warning",
        proxy_headers=False,
        server_header=False,
    )
