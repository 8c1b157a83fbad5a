"""Signed report links, uploaded documents, figures and their sums: the rules behind the web pages."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from plan_definition.figures import FigureError, parse_pairs, read_figures
from plan_definition.loading import REFERENCE_PLAN, load_plan
from reports.figures import figure_lines, figures_from
from reports.period import ReportPeriod
from service_layer.links import LinkGrant, LinkMaker, check_form_token, form_token, make_token, read_token
from service_layer.settings import Settings
from service_layer.uploads import UploadRefused, document_kind, store_upload
from tests.unit.test_report_figures import row
from tracking.evidence import SubmissionEvidence
from tracking.rules.states import Reported, State

SECRET = b"k" * 48
PLAN = load_plan(REFERENCE_PLAN)


def test_a_signed_link_grants_its_agency_until_its_expiry_day_and_not_after():
    token = make_token(SECRET, "so-tu-phap", date(2024, 11, 30))
    grant = read_token(SECRET, token, date(2024, 11, 30))
    assert isinstance(grant, LinkGrant) and (grant.agency, grant.expires) == ("so-tu-phap", date(2024, 11, 30))
    assert read_token(SECRET, token, date(2024, 12, 1)).reason == "expired"


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("so-tu-phap", "so-y-te"),
        lambda t: t.replace("20241130", "20251130"),
        lambda t: t[:-1] + ("a" if t[-1] != "a" else "b"),
        lambda t: t.rsplit(".", 1)[0],
        lambda t: "",
    ],
)
def test_a_link_altered_anywhere_is_invalid(change):
    token = make_token(SECRET, "so-tu-phap", date(2024, 11, 30))
    assert read_token(SECRET, change(token), date(2024, 11, 1)).reason == "invalid"


def test_a_link_signed_with_another_secret_is_invalid():
    token = make_token(b"x" * 48, "so-tu-phap", date(2024, 11, 30))
    assert read_token(SECRET, token, date(2024, 11, 1)).reason == "invalid"


def test_the_form_token_belongs_to_one_link():
    first, second = (make_token(SECRET, "so-tu-phap", date(2024, 11, 30)) for _ in range(2))
    assert first != second  # a nonce per link
    assert check_form_token(SECRET, first, form_token(SECRET, first))
    assert not check_form_token(SECRET, second, form_token(SECRET, first))
    assert not check_form_token(SECRET, first, "")


def test_links_made_on_a_day_last_the_configured_number_of_days():
    link = LinkMaker(SECRET, "https://bao-cao.example/", 30)("so-tu-phap", date(2024, 10, 31))
    assert link.startswith("https://bao-cao.example/bao-cao/so-tu-phap.20241130.")
    assert read_token(SECRET, link.rsplit("/", 1)[1], date(2024, 11, 30)).agency == "so-tu-phap"


def test_without_a_configured_secret_one_is_generated_once_and_kept_owner_only(tmp_path):
    settings = Settings.from_env({"DONDOC_HOME": str(tmp_path)})
    first = settings.web_secret
    assert len(first) >= 32 and settings.web_secret == first
    assert (tmp_path / "web-secret").stat().st_mode & 0o777 == 0o600
    assert Settings.from_env({"DONDOC_HOME": str(tmp_path), "DONDOC_WEB_SECRET": "s" * 40}).web_secret == b"s" * 40


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DONDOC_WEB_PUBLIC_URL": "bao-cao.example"}, "DONDOC_WEB_PUBLIC_URL='bao-cao.example' không hợp lệ"),
        ({"DONDOC_LINK_DAYS": "0"}, "DONDOC_LINK_DAYS='0' không hợp lệ: phải không nhỏ hơn 1"),
        ({"DONDOC_WEB_PORT": "cổng"}, "DONDOC_WEB_PORT='cổng' không hợp lệ: phải là một số"),
        ({"DONDOC_WEB_SECRET": "ngan"}, "DONDOC_WEB_SECRET='***' không hợp lệ"),
    ],
)
def test_bad_web_settings_are_refused_naming_the_variable(env, message):
    from service_layer.settings import ConfigError

    with pytest.raises(ConfigError) as refused:
        Settings.from_env(env)
    assert message in str(refused.value)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content, kind",
    [
        (b"%PDF-1.4\n...", "pdf"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 100, "doc"),
        (docx_bytes(), "docx"),
        (odt_bytes(), "odt"),
        (b"MZ\x90\x00", None),
        (b"PK\x03\x04 not a zip", None),
        (b"<html>%PDF-</html>", None),
    ],
)
def test_a_document_is_recognised_by_its_content(content, kind):
    assert document_kind(content) == kind


def test_an_upload_is_kept_owner_only_with_its_checksum_and_a_wrong_one_keeps_nothing(tmp_path):
    stored = store_upload(tmp_path, "so-tu-phap", "../../Báo cáo.exe", b"%PDF-1.4 x", 1024)
    kept = tmp_path / stored.path
    assert kept.parent == tmp_path / "uploads" / "so-tu-phap" and kept.name.endswith("-Báo-cáo.pdf")
    assert kept.stat().st_mode & 0o777 == 0o600 and stored.created
    with pytest.raises(UploadRefused, match="vượt giới hạn"):
        store_upload(tmp_path, "so-tu-phap", "lon.pdf", b"%PDF-" + b"x" * 2000, 1024)
    with pytest.raises(UploadRefused, match="không phải văn bản PDF, DOC, DOCX hoặc ODT"):
        store_upload(tmp_path, "so-tu-phap", "a.pdf", b"MZ", 1024)
    assert len(list((tmp_path / "uploads").rglob("*.*"))) == 1


def test_figures_are_read_by_their_kind_and_unknown_or_wrong_ones_are_refused():
    item_3 = PLAN.by_code["3"]
    assert read_figures(item_3, {"da_ban_hanh": "Có", "so_quy_che": " 12/QĐ-UBND "}) == {
        "da_ban_hanh": True, "so_quy_che": "12/QĐ-UBND",
    }  # fmt: skip
    assert read_figures(PLAN.by_code["1.1"], {"hoi_nghi": "2", "nguoi_tham_du": ""}) == {"hoi_nghi": 2}
    with pytest.raises(FigureError, match="mục 1.1, số liệu 'hoi_nghi' = '-1': cần một số nguyên không âm"):
        read_figures(PLAN.by_code["1.1"], {"hoi_nghi": "-1"})
    with pytest.raises(FigureError, match="mục 2.1 không có số liệu 'hoi_nghi'; cần một trong: không có số liệu nào"):
        read_figures(PLAN.by_code["2.1"], {"hoi_nghi": "1"})
    with pytest.raises(FigureError, match="cần dạng khóa=giá_trị"):
        parse_pairs(["hoi_nghi"])


def test_the_plan_gives_the_conference_training_article_and_regulation_items_their_figures():
    keys = {code: [f.key for f in PLAN.by_code[code].figures] for code in ("1.1", "1.2.a", "1.3.a", "1.3.d", "3")}
    assert keys == {
        "1.1": ["hoi_nghi", "nguoi_tham_du"], "1.2.a": ["tin_bai"], "1.3.a": ["lop_tap_huan", "nguoi_tham_du"],
        "1.3.d": ["lop_tap_huan", "nguoi_tham_du"], "3": ["da_ban_hanh", "so_quy_che"],
    }  # fmt: skip


def evidence(n: int, item: str, figures: dict, day=date(2024, 10, 1)) -> SubmissionEvidence:
    return SubmissionEvidence(n, item, f"agency-{n}", f"Cơ quan {n}", "ubnd-cap-huyen", "2024", Reported.DONE, day,
                              None, None, None, None, figures)  # fmt: skip


def test_the_report_sums_each_items_figures_counting_each_obligations_latest_report_once():
    rows = [row(1, State.DONE_ON_TIME, item="1.3.b"), row(2, State.DONE_ON_TIME, item="1.3.b")]
    submissions = [
        evidence(1, "1.3.b", {"lop_tap_huan": 1, "nguoi_tham_du": 40}),
        evidence(1, "1.3.b", {"lop_tap_huan": 2, "nguoi_tham_du": 90}, day=date(2024, 10, 5)),  # replaces the first
        evidence(2, "1.3.b", {"lop_tap_huan": 3, "nguoi_tham_du": 1200}),
    ]
    computed = figures_from(rows, {1: date(2023, 9, 15), 2: date(2023, 9, 15)}, submissions, ReportPeriod.year(2024),
                            plan_number="86/KH-UBND", as_of=date(2024, 11, 20))  # fmt: skip
    assert figure_lines(PLAN.by_code["1.3.b"], computed) == [
        "Số lớp tập huấn: 5 lớp (2 cơ quan, đơn vị báo cáo)",
        "Số người tham dự: 1.290 người (2 cơ quan, đơn vị báo cáo)",
    ]


def test_the_web_package_never_imports_prefect():
    import subprocess
    import sys

    code = "import sys, web.app, web.server; print(sorted(m for m in sys.modules if m.split('.')[0] == 'prefect'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
