"""The agency's report page and the operator's pages in a real Chromium, from the link in a real email."""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import func, select

from service_layer.bootstrap import App, Settings
from service_layer.links import make_token
from tests.integration.smtp_server import LoopbackSMTP, free_port
from tracking.database import transaction
from tracking.models import ObligationRow, OutboxRow, SubmissionRow
from web import create_app

from .conftest import run

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
TODAY = "2024-10-31"
PASSWORD = "mat-khau-can-bo"
CONTACT = "daumoi@so-tu-phap.travinh.example"


def minimal_pdf(text: str = "Bao cao so 15/BC-STP") -> bytes:
    """A small valid one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class WebServer:
    """dondoc's web app under uvicorn on a loopback port, in a thread of the test process."""

    def __init__(self, app: App, port: int):
        self.port = port
        self.server = uvicorn.Server(uvicorn.Config(create_app(app), host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> WebServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def site(home, capsys, monkeypatch):
    """A check and a delivery to a loopback SMTP server on 31/10/2024, then the web server."""
    smtp = LoopbackSMTP().start()
    port = free_port()
    for name, value in {
        "DONDOC_TODAY": TODAY,
        "DONDOC_MAIL_MODE": "smtp",
        "DONDOC_SMTP_PORT": str(smtp.port),
        "DONDOC_MAIL_RATE_PER_MINUTE": "0",
        "DONDOC_WEB_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "DONDOC_WEB_OPERATOR_PASSWORD": PASSWORD,
    }.items():
        monkeypatch.setenv(name, value)
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "check", "--item", "1.2.a", "--as-of", TODAY)[0] == 0
    code, out, _ = run(capsys, "dispatch", "--as-of", TODAY)
    assert code == 0, out
    app = App(Settings.from_env())
    with WebServer(app, port) as server:
        server.app, server.smtp = app, smtp
        yield server
    smtp.stop()
    app.engine.dispose()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def link_from_email(site: WebServer) -> str:
    [message] = site.smtp.recorder.to(CONTACT)
    text = message.get_body(("plain",)).get_content()
    [link] = re.findall(r"Quý cơ quan báo cáo kết quả tại: (\S+)", text)
    return link


def submissions(app: App) -> int:
    with transaction(app.engine) as session:
        return session.scalar(select(func.count()).select_from(SubmissionRow))


def status_of(capsys, item: str, agency: str, period: str) -> dict:
    code, out, _ = run(capsys, "status", "--item", item, "--agency", agency, "--json")
    assert code == 0
    return next(r for r in json.loads(out) if r["period"] == period)


def section(page, heading: str):
    return page.locator("section.obligation", has=page.get_by_role("heading", name=heading))


def test_an_agency_reports_through_the_link_in_its_email_with_figures_and_a_pdf(site, browser, capsys, tmp_path):
    link = link_from_email(site)
    assert link.startswith(site.url("/bao-cao/so-tu-phap."))
    page = browser.new_page()
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Báo cáo kết quả thực hiện của Sở Tư pháp"
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot(path=str(shots_dir(tmp_path) / "agency-page.png"), full_page=True)

    pdf = tmp_path / "bao-cao-15-BC-STP.pdf"
    pdf.write_bytes(minimal_pdf())
    form = section(page, "Mục 1.2.a – Năm 2024")
    form.get_by_label("Hoàn thành").check()
    form.get_by_label("Số, ký hiệu văn bản báo cáo").fill("15/BC-STP")
    form.get_by_label("Số tin, bài đã đăng tải (tin, bài)").fill("24")
    form.get_by_label("Khó khăn, vướng mắc").fill("Trang thông tin điện tử của Sở đang nâng cấp.")
    form.get_by_label("Tệp văn bản").set_input_files(str(pdf))
    form.get_by_role("button", name="Gửi báo cáo mục 1.2.a").click()
    page.wait_for_selector("text=Đã ghi nhận báo cáo")
    page.screenshot(path=str(shots_dir(tmp_path) / "agency-page-recorded.png"), full_page=True)
    assert page.get_by_role("heading", name="Mục 1.2.a – Năm 2024").count() == 0  # no longer open

    row = status_of(capsys, "1.2.a", "so-tu-phap", "2024")
    assert (row["state"], row["document"], row["source"], row["reported_on"]) == (
        "hoan-thanh-dung-han", "15/BC-STP", "web", TODAY,
    )  # fmt: skip
    with transaction(site.app.engine) as session:
        [stored] = session.scalars(select(SubmissionRow)).all()
        assert stored.figures == {"tin_bai": 24}
        assert stored.difficulties == "Trang thông tin điện tử của Sở đang nâng cấp."
        kept = site.app.settings.home / stored.file_path
        assert (
            stored.file_sha256
            == hashlib.sha256(pdf.read_bytes()).hexdigest()
            == hashlib.sha256(kept.read_bytes()).hexdigest()
        )
    assert kept.stat().st_mode & 0o777 == 0o600
    assert (site.app.settings.home / "uploads").stat().st_mode & 0o777 == 0o700


def test_a_tampered_link_is_refused_politely_and_writes_nothing(site, browser, tmp_path):
    link = link_from_email(site)
    tampered = link[:-1] + ("0" if link[-1] != "0" else "1")
    page = browser.new_page()
    answer = page.goto(tampered)
    assert answer.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Đường liên kết không hợp lệ"
    contact = page.locator(".refused").inner_text()
    assert "Để nhận đường liên kết mới, đề nghị Quý cơ quan liên hệ" in contact
    assert "daumoi@so-noi-vu.travinh.example" in contact and "Sở Nội vụ" in contact
    page.screenshot(path=str(shots_dir(tmp_path) / "refused-link.png"), full_page=True)
    assert page.locator("form").count() == 0
    assert submissions(site.app) == 0


def test_an_expired_link_is_refused_and_writes_nothing(site, browser):
    token = make_token(site.app.settings.web_secret, "so-tu-phap", date(2024, 10, 30))
    page = browser.new_page()
    answer = page.goto(site.url(f"/bao-cao/{token}"))
    assert answer.status == 410
    assert page.get_by_role("heading", level=1).inner_text() == "Đường liên kết đã hết hạn"
    assert submissions(site.app) == 0


def test_a_form_forged_for_another_agencys_obligation_is_refused_and_writes_nothing(site, browser):
    with transaction(site.app.engine) as session:
        other = session.scalar(select(ObligationRow.id).where(ObligationRow.agency_code == "so-y-te"))
    page = browser.new_page()
    page.goto(link_from_email(site))
    form = section(page, "Mục 1.2.a – Năm 2024")
    form.locator("input[name=obligation]").evaluate(f"element => element.value = '{other}'")
    form.get_by_label("Hoàn thành").check()
    form.get_by_role("button", name="Gửi báo cáo mục 1.2.a").click()
    page.wait_for_selector("text=Nhiệm vụ không thuộc Quý cơ quan")
    assert submissions(site.app) == 0


def test_a_form_without_its_anti_forgery_token_is_refused_and_writes_nothing(site, browser):
    page = browser.new_page()
    page.goto(link_from_email(site))
    form = section(page, "Mục 1.2.a – Năm 2024")
    form.locator("input[name=csrf]").evaluate("element => element.value = 'gia-mao'")
    form.get_by_label("Hoàn thành").check()
    form.get_by_role("button", name="Gửi báo cáo mục 1.2.a").click()
    page.wait_for_selector("text=Biểu mẫu không hợp lệ")
    assert submissions(site.app) == 0


def test_a_file_that_is_not_a_document_is_refused_by_its_content_and_nothing_is_kept(site, browser, tmp_path):
    fake = tmp_path / "bao-cao.pdf"
    fake.write_bytes(b"MZ\x90\x00 this is a program, not a report")
    page = browser.new_page()
    page.goto(link_from_email(site))
    form = section(page, "Mục 1.2.a – Năm 2024")
    form.get_by_label("Hoàn thành").check()
    form.get_by_label("Tệp văn bản").set_input_files(str(fake))
    form.get_by_role("button", name="Gửi báo cáo mục 1.2.a").click()
    page.wait_for_selector("text=không phải văn bản PDF, DOC, DOCX hoặc ODT")
    assert submissions(site.app) == 0
    assert not list((site.app.settings.home / "uploads").rglob("*.*"))


def test_the_operator_logs_in_sees_the_notices_sent_and_rejects_a_report(site, browser, capsys, tmp_path):
    assert run(capsys, "record", "1.2.a", "so-tu-phap", "--state", "hoan-thanh", "--document", "9/BC-STP")[0] == 0
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(site.url("/can-bo/"), timeout=10)
    assert refused.value.code == 401

    context = browser.new_context(http_credentials={"username": "chuyen-vien", "password": PASSWORD})
    page = context.new_page()
    page.goto(site.url("/can-bo/"))
    page.screenshot(path=str(shots_dir(tmp_path) / "operator-index.png"), full_page=True)
    page.get_by_role("link", name="Sở Tư pháp", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sở Tư pháp"
    notices = page.locator("table.notices").inner_text()
    assert "Nhắc việc (reminder-10)" in notices and "Đã gửi" in notices and CONTACT in notices
    page.screenshot(path=str(shots_dir(tmp_path) / "operator-agency.png"), full_page=True)

    page.get_by_label(re.compile("Lý do trả lại báo cáo")).fill("Văn bản chưa có chữ ký.")
    page.get_by_role("button", name="Trả lại").click()
    page.wait_for_selector("text=Đã trả lại ngày 31/10/2024")
    assert status_of(capsys, "1.2.a", "so-tu-phap", "2024")["state"] == "chua-hoan-thanh-trong-han"
    with transaction(site.app.engine) as session:
        [rejection] = session.scalars(select(OutboxRow).where(OutboxRow.kind == "rejection")).all()
    assert rejection.to_addrs == [CONTACT] and rejection.context["reason"] == "Văn bản chưa có chữ ký."
    assert run(capsys, "dispatch", "--as-of", TODAY)[0] == 0
    [mail] = [m for m in site.smtp.recorder.to(CONTACT) if "Trả lại báo cáo" in m["Subject"]]
    assert "Văn bản chưa có chữ ký." in mail.get_body(("plain",)).get_content()
