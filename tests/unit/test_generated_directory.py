"""The generated large directory (benchmarks/generate_directory.py) and the parser that reads it in seconds."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from plan_definition import loading
from plan_definition.loading import REFERENCE_DIRECTORY, REFERENCE_PLAN, TRA_VINH_DIRECTORY, load_plan_files

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_directory.py"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("generate_directory", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_directory_files_are_parsed_by_libyaml_when_pyyaml_has_it():
    # The pure-Python parser took 107 s of `dondoc init`'s 160 s on a 60,000-agency directory.
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    assert loading.YAML_LOADER is yaml.CSafeLoader


@pytest.mark.parametrize("path", [REFERENCE_PLAN, REFERENCE_DIRECTORY, TRA_VINH_DIRECTORY], ids=lambda p: p.name)
def test_the_fast_parser_reads_the_shipped_files_exactly_as_the_pure_python_one(path):
    text = path.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=loading.YAML_LOADER) == yaml.safe_load(text)  # noqa: S506


def test_the_generated_directory_is_a_valid_directory_whose_employers_owe_item_ii_3(generator, tmp_path):
    out = tmp_path / "nested" / "directory.yaml"
    assert generator.main(["--employers", "300", "--seed", "7", "--output", str(out)]) == 0
    files = load_plan_files(REFERENCE_PLAN, out)
    directory = files.directory
    employers = [a for a in directory.agencies if a.code.startswith("vl-sdld-")]
    assert len(employers) == 300
    assert len({a.name for a in employers}) == 300
    assert set(directory.members("to-chuc-su-dung-lao-dong")) >= {a.code for a in employers}
    assert {a.parent for a in employers} <= set(directory.by_code)
    item = next(i for i in files.plan.items if i.code == "3")
    assert "to-chuc-su-dung-lao-dong" in item.leads


def test_the_same_seed_gives_the_same_file_and_a_larger_count_keeps_the_smaller_ones_agencies(generator, tmp_path):
    first, again, larger, other = (tmp_path / f"{n}.yaml" for n in ("first", "again", "larger", "other"))
    generator.main(["--employers", "50", "--seed", "3", "--output", str(first)])
    generator.main(["--employers", "50", "--seed", "3", "--output", str(again)])
    generator.main(["--employers", "80", "--seed", "3", "--output", str(larger)])
    generator.main(["--employers", "50", "--seed", "4", "--output", str(other)])
    assert first.read_bytes() == again.read_bytes()
    agencies = [yaml.safe_load(p.read_text(encoding="utf-8"))["agencies"] for p in (first, larger, other)]
    assert agencies[1][:50] == agencies[0]
    assert agencies[2] != agencies[0]
