"""When a run fails or crashes, tell the operator by email, through the outbox."""

from __future__ import annotations

import logging

from flows.runtime import current_app
from notifications.outbox import Person, enqueue_message
from service_layer.clock import today
from tracking.database import transaction

log = logging.getLogger(__name__)


def operator(app, day) -> Person:
    """DONDOC_OPERATOR_EMAIL, else the focal contact of the monitoring agency as it stands on `day`."""
    monitor = app.files.directory.body_on(app.files.plan.monitor, day)
    address = app.settings.operator_email or monitor.contact.email
    return Person(address, "Cán bộ vận hành dondoc", None, monitor.name)


def alert_operator(flow, flow_run, state) -> None:
    """Prefect on_failure / on_crashed hook: enqueue an alert and try to send it at once."""
    from service_layer.actions import deliver

    app = current_app()
    day = today()
    try:
        with transaction(app.engine) as session:
            added = enqueue_message(
                session,
                key=f"alert.{flow_run.id}",
                kind="alert",
                context={
                    "flow_name": flow.name,
                    "run_name": flow_run.name,
                    "state": state.name,
                    "message": str(state.message or "")[:2000],
                    "ui_url": _ui_url(flow_run.id),
                },
                to=[operator(app, day)],
                as_of=day,
                domain=app.settings.mail.domain,
            )
        if added is not None:
            deliver(app, day, kinds=("alert",))
    except Exception:  # the hook must never hide the run's own failure
        log.exception("không gửi được cảnh báo cho cán bộ vận hành về lượt chạy %s", flow_run.name)


def _ui_url(flow_run_id) -> str | None:
    from prefect.settings import PREFECT_UI_URL

    base = PREFECT_UI_URL.value()
    return f"{base}/runs/flow-run/{flow_run_id}" if base else None
