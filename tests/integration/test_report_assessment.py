"""The assessment of a year in which nobody reported: no group called the quickest at 0 %, Sở Nội vụ's successor
is never told to chase itself, and the earlier periods' line does not count zero completions."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from reports.period import ReportPeriod
from service_layer.reporting import draft_report

pytestmark = pytest.mark.sqlite_only


def test_a_year_without_reports_is_assessed_without_a_quickest_group_or_sở_nội_vụ_chasing_itself(loaded, tmp_path):
    draft = draft_report(loaded, ReportPeriod.year(2025), date(2025, 12, 1), out_dir=tmp_path)
    [docx] = [p for p in draft.paths if p.suffix == ".docx"]
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "5. Nhận xét, đánh giá" in text
    assert "kịp thời nhất (tỷ lệ đúng hạn 0%)" not in text and "kịp thời nhất" not in text
    assert "Đôn đốc Sở Nội vụ" not in text
    assert "Sở Nội vụ (từ ngày 01/7/2025) tập trung hoàn thành nhiệm vụ tại mục" in text
    assert "Nhiệm vụ đến hạn trong các kỳ trước: chưa có nhiệm vụ nào được hoàn thành trong kỳ báo cáo;" in text
    assert " 0 nhiệm vụ đã hoàn thành" not in text
    assert "trước ngày 15/11/2026." in text
