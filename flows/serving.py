"""`dondoc serve`: a local Prefect server with its UI as a child process, and every deployment served."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from flows.deployments import DeploymentSpec, deployment_specs
from service_layer.bootstrap import App


class ServerDidNotStart(RuntimeError):
    pass


def server_environment(home: Path, port: int) -> dict[str, str]:
    api = f"http://127.0.0.1:{port}/api"
    prefect_home = home / "prefect"
    prefect_home.mkdir(parents=True, exist_ok=True, mode=0o700)
    return {
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_API_URL": api,
        "PREFECT_UI_API_URL": api,
        "PREFECT_UI_URL": f"http://127.0.0.1:{port}",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_RUNNER_POLL_FREQUENCY": os.environ.get("PREFECT_RUNNER_POLL_FREQUENCY", "5"),
    }


# What `prefect server start` may inherit: how to run Python and find files, locale and time zone, and the
# server's own settings. Nothing else, so the SMTP password and every other secret of dondoc stay with dondoc.
_INHERITED = {
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT",
    "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "SSL_CERT_FILE", "SSL_CERT_DIR", "DO_NOT_TRACK",
}  # fmt: skip
_INHERITED_PREFIXES = ("LC_", "PREFECT_SERVER_", "PREFECT_LOGGING_", "PREFECT_UI_")


def child_environment(parent: dict[str, str], home: Path, port: int) -> dict[str, str]:
    """The server child's environment: an allow-list of the parent's, then the server's own settings."""
    kept = {k: v for k, v in parent.items() if k in _INHERITED or k.startswith(_INHERITED_PREFIXES)}
    return kept | server_environment(home, port)


def require_api_auth(environ: dict[str, str]) -> str | None:
    """With PREFECT_SERVER_API_AUTH_STRING set, the server demands it and our runner sends it (PREFECT_API_AUTH_STRING)."""
    auth = environ.get("PREFECT_SERVER_API_AUTH_STRING")
    if auth:
        environ.setdefault("PREFECT_API_AUTH_STRING", auth)
    return auth or None


def _wait_healthy(process: subprocess.Popen, url: str, name: str, log: Path, timeout: float, auth: str | None = None):
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerDidNotStart(f"{name} dừng ngay khi khởi động (mã {process.returncode}); xem {log}")
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise ServerDidNotStart(f"{name} chưa sẵn sàng sau {timeout:.0f} giây; xem {log}")


def start_server(home: Path, port: int, timeout: float = 120.0) -> subprocess.Popen:
    """Start `prefect server start` on 127.0.0.1:port in its own process group; wait until it is healthy."""
    env = child_environment(dict(os.environ), home, port)
    log_path = home / "prefect" / "server.log"
    log = open(os.open(log_path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600), "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        umask=0o077,  # the server's database and logs: owner only
    )
    url = f"http://127.0.0.1:{port}/api/health"
    return _wait_healthy(process, url, "máy chủ Prefect", log_path, timeout, env.get("PREFECT_SERVER_API_AUTH_STRING"))


def start_web(home: Path, host: str, port: int, timeout: float = 60.0) -> subprocess.Popen:
    """Start dondoc's own web server (`python -m web`) on host:port beside the Prefect server; wait until it answers."""
    env = {**os.environ, "DONDOC_HOME": str(home), "DONDOC_WEB_HOST": host, "DONDOC_WEB_PORT": str(port)}
    log_path = home / "web.log"
    log = open(log_path, "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "web"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    probe = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return _wait_healthy(process, f"http://{probe}:{port}/healthz", "máy chủ trang báo cáo", log_path, timeout)


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _flows() -> dict[str, object]:
    from flows.check import check_item
    from flows.dispatch import dispatch
    from flows.operator import mark_precondition, record_submission, request_adhoc
    from flows.report import compile_report

    return {
        f.__name__: f
        for f in (check_item, dispatch, record_submission, request_adhoc, mark_precondition, compile_report)
    }


def to_runner(spec: DeploymentSpec, flows: dict):
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron, RRule

    from flows.deployments import TIMEZONE

    strategy = ConcurrencyLimitStrategy.CANCEL_NEW if spec.cancel_new else ConcurrencyLimitStrategy.ENQUEUE
    return flows[spec.flow_function].to_deployment(
        name=spec.name,
        description=spec.description,
        tags=list(spec.tags),
        parameters=dict(spec.parameters),
        schedules=[
            Cron(s.cron, timezone=TIMEZONE) if s.cron else RRule(s.rrule, timezone=TIMEZONE) for s in spec.schedules
        ],
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=strategy),
    )


def serve_deployments(app: App) -> None:
    """Serve every deployment until SIGTERM or Ctrl-C; schedules stay active afterwards."""
    from prefect import serve

    flows = _flows()
    runners = [to_runner(spec, flows) for spec in deployment_specs(app)]
    # Ctrl-C as SIGTERM: the runner then cancels in-flight runs cleanly instead of leaving them Running.
    signal.signal(signal.SIGINT, lambda *_: os.kill(os.getpid(), signal.SIGTERM))
    serve(*runners, pause_on_shutdown=False, limit=len(runners), print_starting_message=False)
