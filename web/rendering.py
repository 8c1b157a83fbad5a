"""The pages' Jinja2 environment (every value escaped) and what every page is given."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from plan_definition.text import numeric_date
from service_layer.bootstrap import App
from service_layer.clock import today
from tracking.rules.labels import REPORTED_LABELS, STATE_LABELS, period_label
from tracking.rules.states import Reported, State

TEMPLATES = Path(__file__).with_name("templates")


def _vn_date(day) -> str:
    return numeric_date(day) if day else ""


def _reported_label(value: str) -> str:
    return REPORTED_LABELS[Reported(value)] if value in set(Reported) else value


class Pages:
    def __init__(self, app: App):
        self.app = app
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(vn_date=_vn_date, reported_label=_reported_label, period_label=period_label)
        self.env.globals.update(
            REPORTED=[(r.value, REPORTED_LABELS[r]) for r in Reported],
            STATE_LABELS={s.value: STATE_LABELS[s] for s in State},
            plans=[scoped.files.plan for scoped in app.each_plan()],
            several_plans=len(app.each_plan()) > 1,
        )

    def render(self, request: Request, name: str, *, status_code: int = 200, **context) -> HTMLResponse:
        context.setdefault("links", [])
        context.setdefault("sender", self.app.first_plan().sender_on(today()))  # Sở Nội vụ as it stands today
        html = self.env.get_template(name).render(request=request, **context)
        response = HTMLResponse(html, status_code=status_code)
        response.headers["Content-Security-Policy"] = "default-src 'self'; form-action 'self'; frame-ancestors 'none'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"  # the link is a secret: never leak it to another site
        response.headers["Cache-Control"] = "no-store"
        return response
