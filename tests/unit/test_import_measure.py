"""The share of trackable items found with the right numbering, lead and timeframe, against a hand count."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from plan_definition.directory import Directory
from plan_definition.importing import import_plan
from plan_definition.importing.directory_list import read_directory_list

from .test_import_shapes import word_plan_with_an_appendix_table

FIXTURES = Path(__file__).parent.parent / "fixtures"
HAND_COUNT = yaml.safe_load((FIXTURES / "hinh-dang-dem-tay.yaml").read_text(encoding="utf-8"))


def found_right(path: Path, directory: Directory, expected: list[dict]) -> tuple[int, list[str]]:
    result = import_plan(path, directory)
    items = {i.code: i for i in result.plan.items}
    right, wrong = 0, []
    for want in expected:
        item = items.get(want["code"])
        got = item and (list(item.leads), item.meaning.model_dump(mode="json", exclude_defaults=True))
        if got == (want["leads"], want["meaning"]):
            right += 1
        else:
            wrong.append(f"{path.name} {want['code']}: {got}")
    return right, wrong


def test_at_least_nine_in_ten_hand_counted_items_are_found_with_numbering_lead_and_timeframe(tmp_path, capsys):
    directory = Directory.model_validate(read_directory_list(FIXTURES / "danh-ba-vinh-long-2025.csv"))
    total = right = 0
    wrong: list[str] = []
    for name, expected in HAND_COUNT.items():
        path = FIXTURES / "hinh-dang" / name
        if name.endswith(".docx"):
            path = word_plan_with_an_appendix_table(tmp_path / name)
        ok, missed = found_right(path, directory, expected)
        total, right, wrong = total + len(expected), right + ok, wrong + missed
    with capsys.disabled():
        print(f"\nđúng {right}/{total} mục ({right / total:.1%}); sai: {wrong}")
    assert total == 60
    assert right / total >= 0.9, wrong


@pytest.mark.parametrize("name", [n for n in HAND_COUNT if not n.endswith(".docx")])
def test_the_importer_finds_no_item_the_hand_count_lacks(name):
    directory = Directory.model_validate(read_directory_list(FIXTURES / "danh-ba-vinh-long-2025.csv"))
    codes = [i.code for i in import_plan(FIXTURES / "hinh-dang" / name, directory).plan.items]
    assert codes == [e["code"] for e in HAND_COUNT[name]]
