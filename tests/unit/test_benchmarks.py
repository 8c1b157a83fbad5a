"""The national data set is reproducible, and the benchmark runner completes and prints every row."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import national
from benchmarks.run import LABELS, STEPS

ROOT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.benchmark
def test_the_same_seed_gives_the_same_files_and_another_seed_other_ones(tmp_path):
    first = national.generate(tmp_path / "a", seed=7, employers=3, provinces=2)
    national.generate(tmp_path / "b", seed=7, employers=3, provinces=2)
    national.generate(tmp_path / "c", seed=8, employers=3, provinces=2)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b
    assert a != c
    assert first["provinces"] == 2 and first["plans"] == 4
    assert len(a) == 1 + 1 + 4  # directory, manifest, two plans per province


def test_the_national_list_is_the_34_provinces_and_3321_communes_of_1_july_2025():
    provinces = national.load_provinces()
    assert len(provinces) == 34
    assert sum(len(p["communes"]) for p in provinces) == 3321
    assert "Vĩnh Long" in {p["name"] for p in provinces}


@pytest.mark.benchmark
def test_a_generated_province_validates_against_its_plans(tmp_path):
    from plan_definition.catalogue import load_catalogue, plan_paths

    national.generate(tmp_path, seed=1, employers=4, province="vinh-long")
    catalogue = load_catalogue(plan_paths(tmp_path / "plans"), tmp_path / "directory.json")
    assert not catalogue.refused
    assert len(catalogue.plans) == 2
    employers = catalogue.directory.members("vinh-long-to-chuc-su-dung-lao-dong")
    assert len(employers) == 4
    assert len(catalogue.directory.members("vinh-long-ubnd-cap-xa")) == 124


@pytest.mark.benchmark
def test_the_runner_completes_at_a_tiny_size_and_prints_every_row(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_")}
    env |= {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "COLUMNS": "250"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--size", "tiny", "--workdir", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    for step in STEPS:
        assert LABELS[step] in done.stdout, step
    for target in ("≤ 1 s", "smtplib's rate", "≤ 30 s", "< 500 MB", "naive Prefect"):
        assert target in done.stdout, target
    assert (tmp_path / "results-tiny.json").is_file()
