"""The Word template: the shipped one asks only for what the report has; a broken one is named, never blank."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from plan_definition.loading import REFERENCE_DIRECTORY, REFERENCE_PLAN, load_plan_files
from reports.config import DEFAULT_REPORT_CONFIG, InvalidReportConfig, load_report_config
from reports.context import report_context
from reports.docx_report import DEFAULT_TEMPLATE, ReportTemplateError, _environment, render_docx
from reports.figures import figures_from
from reports.period import ReportPeriod
from reports.templates.build_template import build
from service_layer.settings import Settings


@pytest.fixture(scope="module")
def context():
    files = load_plan_files(REFERENCE_PLAN, REFERENCE_DIRECTORY)
    empty = figures_from([], {}, [], ReportPeriod.year(2024), plan_number="86/KH-UBND", as_of=date(2024, 11, 20))
    return report_context(files, empty, load_report_config(DEFAULT_REPORT_CONFIG))


def template_with(tmp_path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "mau-hong.docx"
    doc.save(path)
    return path


def cell_texts(doc) -> list[str]:
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def test_the_shipped_template_asks_only_for_names_the_report_provides(context):
    missing = DocxTemplate(str(DEFAULT_TEMPLATE)).get_undeclared_template_variables(
        jinja_env=_environment(), context=context.as_mapping()
    )
    assert missing == set()


def test_the_committed_template_is_what_the_generator_builds(tmp_path):
    rebuilt = Document(str(build(tmp_path / "bao-cao-nam.docx")))
    committed = Document(str(DEFAULT_TEMPLATE))
    assert [p.text for p in rebuilt.paragraphs] == [p.text for p in committed.paragraphs]
    assert [s.name for s in rebuilt.styles] == [s.name for s in committed.styles]
    assert cell_texts(rebuilt) == cell_texts(committed)


def test_a_misspelt_name_fails_naming_the_template_and_the_placeholder(context, tmp_path):
    template = template_with(tmp_path, "{{ summary_line }}", "{{ sumary_line }}")
    with pytest.raises(ReportTemplateError) as failure:
        render_docx(context, tmp_path / "out.docx", template)
    message = str(failure.value)
    assert message.startswith(f"mẫu báo cáo {template}: trường 'sumary_line' không có trong dữ liệu báo cáo")
    assert "summary_line" in message  # the names that would be right are listed
    assert not (tmp_path / "out.docx").exists()


def test_a_misspelt_attribute_inside_a_loop_fails_naming_it(context, tmp_path):
    template = template_with(tmp_path, "{%p for b in results %}", "{{ b.titel }}", "{%p endfor %}")
    with pytest.raises(ReportTemplateError, match=r"mẫu báo cáo .*mau-hong\.docx: trường 'titel' không có"):
        render_docx(context, tmp_path / "out.docx", template)


def test_an_unclosed_placeholder_is_a_syntax_error_naming_the_template(context, tmp_path):
    template = template_with(tmp_path, "{{ summary_line }}", "{% if overview %}{{ overview }}")
    with pytest.raises(ReportTemplateError, match=r"mẫu báo cáo .*mau-hong\.docx: lỗi cú pháp"):
        render_docx(context, tmp_path / "out.docx", template)


def test_a_missing_template_file_is_named(context, tmp_path):
    with pytest.raises(ReportTemplateError, match="không tìm thấy mẫu báo cáo .*khong-co.docx"):
        render_docx(context, tmp_path / "out.docx", tmp_path / "khong-co.docx")


def test_report_text_is_escaped_for_word(context, tmp_path):
    template = template_with(tmp_path, "{{ distribution[-1] }}")
    out = render_docx(context, tmp_path / "out.docx", template)
    assert Document(str(out)).paragraphs[0].text == "- Lưu: VT, XDCQ&CTTN."


def test_the_config_path_comes_from_the_environment(tmp_path):
    assert Settings.from_env({}).report_config_path == DEFAULT_REPORT_CONFIG
    chosen = Settings.from_env({"DONDOC_REPORT_CONFIG": str(tmp_path / "r.yaml")})
    assert chosen.report_config_path == tmp_path / "r.yaml"


def test_a_config_without_the_signer_is_refused_naming_the_field(tmp_path):
    path = tmp_path / "report.yaml"
    path.write_text("parent_body: UBND TỈNH TRÀ VINH\nbody: SỞ NỘI VỤ\n", encoding="utf-8")
    with pytest.raises(InvalidReportConfig, match=r"report\.yaml: cấu hình báo cáo không hợp lệ: .*'signature': thiếu"):
        load_report_config(path)


def test_the_distribution_runs_from_nhu_tren_to_luu():
    config = load_report_config(DEFAULT_REPORT_CONFIG)
    assert config.distribution[0] == "- Như trên;"
    assert config.distribution[-1].startswith("- Lưu: VT")
    assert all(line.endswith(";") for line in config.distribution[:-1])
