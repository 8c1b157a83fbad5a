"""The drafted yearly report as a clerk opens it: rendered by LibreOffice to PDF, and its text read back.

Skipped only when `soffice` is not on PATH and DONDOC_REQUIRE_LIBREOFFICE is not set (CI sets it and
installs libreoffice-writer-nogui and poppler-utils)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .conftest import run

REQUIRED = bool(os.environ.get("DONDOC_REQUIRE_LIBREOFFICE"))


@pytest.fixture
def soffice():
    found = shutil.which("soffice")
    tools = found and shutil.which("pdftotext") and shutil.which("pdfinfo")
    if not tools:
        if REQUIRED:
            pytest.fail("DONDOC_REQUIRE_LIBREOFFICE is set but soffice, pdftotext or pdfinfo is not on PATH")
        pytest.skip("LibreOffice (soffice) or poppler-utils not installed")
    return found


def render(soffice: str, document, out_dir):
    profile = out_dir / "lo-profile"  # a profile of its own: no clash with another soffice running
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(document)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = out_dir / (document.stem + ".pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = next(int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:"))
    return " ".join(text.split()), pages


def test_the_yearly_report_renders_in_libreoffice_with_its_title_body_and_numbers(home, capsys, tmp_path, soffice):
    run(capsys, "init")
    for args in (
        ["4", "so-noi-vu", "--date", "2023-10-02", "--document", "30/BC-SNV"],
        ["1.3.a", "so-noi-vu", "--period", "2023", "--date", "2023-11-06", "--document", "81/BC-SNV"],
        ["1.3.b", "ubnd-tp-tra-vinh", "--period", "2023", "--date", "2023-11-10", "--document", "301/BC-UBND"],
    ):
        code, _, err = run(capsys, "record", *args[:2], "--state", "hoan-thanh", *args[2:])
        assert code == 0, err
    out_dir = tmp_path / "report"
    code, out, err = run(capsys, "report", "--year", "2023", "--as-of", "2023-12-20", "--out", str(out_dir))
    assert code == 0, err
    [document] = [p for p in out_dir.iterdir() if p.suffix == ".docx"]
    text, pages = render(soffice, document, tmp_path)
    assert pages >= 2  # the body and the per-item tables do not fit one A4 page
    for expected in (
        "UBND TỈNH TRÀ VINH",
        "SỞ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kết quả triển khai thi hành Luật Thực hiện dân chủ ở cơ sở năm 2023",
        "Kính gửi: Ủy ban nhân dân tỉnh Trà Vinh.",
        "Kỳ báo cáo: từ ngày 01/01/2023 đến ngày 31/12/2023; số liệu tính đến ngày 20/12/2023.",
        "Sở Nội vụ đã hoàn thành đúng hạn (văn bản số 30/BC-SNV ngày 02/10/2023)",
        "NHIỆM VỤ ĐẾN HẠN TRONG CÁC KỲ TRƯỚC",
        "Bảng 2. Kết quả thực hiện theo từng mục của Kế hoạch trong kỳ báo cáo",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
    ):
        assert expected in text, expected
    assert "sở Nội vụ" not in text  # Decree 30 capitalises the name
    # Table 2 renders its figures: items 1.3.a and 4, one obligation each, done on time; 1.3.b, 1 of 9 agencies.
    assert "1.3.a 1 1 0 0 0 0 0 0 1 100% 100%" in text
    assert "4 1 1 0 0 0 0 0 0 1 100% 100%" in text
    assert "1.3.b 9 1 0 0 0 8 0 0 9" in text
