"""Checks on what people type or send in: days that do not exist, text too long or not on one line, duplicates."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from plan_definition.errors import InvalidFiles
from plan_definition.loading import REFERENCE_DIRECTORY, load_directory
from plan_definition.text import parse_date as parse_day
from tracking.submissions import TEXT_FIELDS, text_problem


@pytest.mark.parametrize(
    "text, day", [("2024-02-29", date(2024, 2, 29)), ("29/02/2024", date(2024, 2, 29)), ("1-3-2024", date(2024, 3, 1))]
)
def test_a_day_is_read_in_either_written_form(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize(
    "text, message",
    [
        ("2024-02-30", "ngày '2024-02-30' không có: tháng 2 năm 2024 có 29 ngày"),
        ("31/04/2025", "ngày '31/04/2025' không có: tháng 4 năm 2025 có 30 ngày"),
        ("2023-02-29", "ngày '2023-02-29' không có: tháng 2 năm 2023 có 28 ngày"),
        ("14/13/2024", "ngày '14/13/2024' không có: không có tháng 13"),
        ("mai", "ngày 'mai' không đúng dạng YYYY-MM-DD hoặc dd/mm/yyyy"),
    ],
)
def test_a_day_that_does_not_exist_is_called_that(text, message):
    with pytest.raises(ValueError) as refused:
        parse_day(text)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("char", ["\x00", "\n", "\r", "\x85", "\u2028", "\u2029", "\x0b"])
def test_a_one_line_field_refuses_control_and_separator_characters(char):
    assert "không được dùng (chỉ một dòng)" in text_problem(TEXT_FIELDS["document"], f"12/BC{char}-STP")


@pytest.mark.parametrize("char", ["\x00", "\x85", "\u2028", "\x1b"])
def test_a_note_refuses_control_and_separator_characters_but_keeps_line_breaks_and_tabs(char):
    note = TEXT_FIELDS["note"]
    assert text_problem(note, "Dòng một.\r\nDòng hai.\tHết.") is None
    assert "không được dùng" in text_problem(note, f"Dòng một.{char}Dòng hai.")


def test_each_free_text_field_has_a_limit_and_one_character_more_is_refused():
    for field in TEXT_FIELDS.values():
        assert text_problem(field, "a" * field.max_chars) is None
        assert text_problem(field, "a" * (field.max_chars + 1)).endswith(
            f"tối đa {field.max_chars:,} ký tự".replace(",", ".")
        )


def test_a_duplicate_agency_code_is_one_line_naming_the_code_and_both_places(tmp_path):
    tra_vinh = REFERENCE_DIRECTORY.with_name("directory-tra-vinh.yaml")  # self-contained: no include
    data = yaml.safe_load(tra_vinh.read_text(encoding="utf-8"))
    data["agencies"].append(dict(data["agencies"][2]))
    path = tmp_path / "danh-ba.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InvalidFiles) as refused:
        load_directory(path)
    [problem] = refused.value.problems
    code, last = data["agencies"][2]["code"], len(data["agencies"])
    assert (
        problem
        == f"{path}: trường '(gốc)': mã '{code}' bị trùng: cơ quan thứ 3 (agencies) và cơ quan thứ {last} (agencies)"
    )
