"""Plans as a collection: the shipped folder, choosing a plan, a broken plan refused alone, deployments per plan,
the second plan imported from its text, and retiring a plan in its file."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from flows.deployments import deployment_specs
from plan_definition.catalogue import UnknownPlan, plan_key
from plan_definition.importing import import_plan
from plan_definition.importing.plan_yaml import plan_yaml
from plan_definition.loading import (
    REFERENCE_DIRECTORY,
    REFERENCE_PLAN,
    REFERENCE_PLANS,
    SAMPLE_PLAN,
    SAMPLE_PLANS,
    load_directory,
    load_plan,
)
from plan_definition.retiring import retire_plan_file
from service_layer.bootstrap import App, Settings
from tests.plan_folders import both_plans

SAMPLE = SAMPLE_PLAN
SAMPLE_SOURCE = SAMPLE_PLANS / "ke-hoach-45-kh-ubnd-2026.txt"
BANNED = set("/%&<>")  # prefect.types.names.BANNED_CHARACTERS


def app_over(tmp_path: Path, **env: str) -> App:
    return App(Settings.from_env({"DONDOC_HOME": str(tmp_path / "home"), **env}))


def app_over_both(tmp_path: Path) -> App:
    return app_over(tmp_path, DONDOC_PLANS=str(both_plans(tmp_path / "plans")))


def test_the_shipped_folder_holds_the_reference_plan_alone_and_the_sample_stays_out(tmp_path):
    app = app_over(tmp_path)
    assert list(app.plans) == ["86/KH-UBND"]
    assert app.catalogue.refused == {}
    assert app.plan().files.plan_path == REFERENCE_PLAN
    assert SAMPLE.parent != REFERENCE_PLANS and not (REFERENCE_PLANS / SAMPLE.name).exists()


def test_the_reference_plan_and_the_sample_load_together_from_one_folder(tmp_path):
    app = app_over_both(tmp_path)
    assert list(app.plans) == ["45/KH-UBND", "86/KH-UBND"]
    assert app.catalogue.refused == {}


def test_dondoc_plan_still_means_that_one_file_only(tmp_path):
    app = app_over(tmp_path, DONDOC_PLAN=str(REFERENCE_PLAN))
    assert list(app.plans) == ["86/KH-UBND"]
    assert app.plan_number == "86/KH-UBND" and app.plan().plan_number == "86/KH-UBND"


def test_a_plan_is_found_by_its_number_in_any_case_by_its_key_or_by_its_slug(tmp_path):
    app = app_over_both(tmp_path)
    for name in ("45/KH-UBND", "45/kh-ubnd", "45-kh-ubnd-2026", "45-kh-ubnd"):
        assert app.plan(name).plan_number == "45/KH-UBND"


def test_without_a_number_several_plans_are_refused_with_the_numbers_loaded(tmp_path):
    app = app_over_both(tmp_path)
    with pytest.raises(UnknownPlan, match="--plan SỐ: 45/KH-UBND, 86/KH-UBND"):
        app.plan()
    with pytest.raises(
        UnknownPlan, match="không có kế hoạch '99/KH-UBND'; các kế hoạch đang nạp: 45/KH-UBND, 86/KH-UBND"
    ):
        app.plan("99/KH-UBND")
    with pytest.raises(UnknownPlan):
        app.plan_number  # noqa: B018  (the app over several plans speaks of none of them)


def test_a_broken_plan_is_refused_alone_with_its_errors_and_the_others_load(tmp_path):
    folder = both_plans(tmp_path / "plans")
    broken = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    broken["number"] = "46/KH-UBND"
    broken["items"][0]["leads"] = ["ubnd-cap-xaa"]
    (folder / "ke-hoach-46.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    app = app_over(tmp_path, DONDOC_PLANS=str(folder))
    assert list(app.plans) == ["45/KH-UBND", "86/KH-UBND"]
    [(path, problems)] = app.catalogue.refused.items()
    assert path == folder / "ke-hoach-46.yaml"
    assert any("mục 1: trường 'leads[0]': mã 'ubnd-cap-xaa' không có trong danh bạ" in p for p in problems)


def test_two_files_with_the_same_number_keep_the_first(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(REFERENCE_PLAN, folder / "a.yaml")
    shutil.copy(REFERENCE_PLAN, folder / "b.yaml")
    app = app_over(tmp_path, DONDOC_PLANS=str(folder))
    assert app.plans["86/KH-UBND"].plan_path == folder / "a.yaml"
    assert "số kế hoạch '86/KH-UBND' đã có trong" in app.catalogue.refused[folder / "b.yaml"][0]


def test_serve_deploys_every_item_of_both_plans_with_readable_names_tags_and_the_plan_number(tmp_path):
    app = app_over_both(tmp_path)
    specs = deployment_specs(app)
    checks = [s for s in specs if s.flow_function == "check_item"]
    expected = [(files.plan, item.code) for files in app.plans.values() for item in files.plan.items]
    assert [(s.name, s.parameters) for s in checks] == [
        (f"{plan_key(plan)} · muc-{code}", {"plan": plan.number, "item": code}) for plan, code in expected
    ]
    assert [s.name for s in checks[:1]] == ["45-kh-ubnd-2026 · muc-1"]
    for spec in specs:
        assert not BANNED & set(spec.name), spec.name
    for spec in specs:
        if spec.flow_function != "dispatch":
            assert spec.parameters["plan"] in app.plans
            assert plan_key(app.plans[spec.parameters["plan"]].plan) in spec.tags
    [dispatch] = [s for s in specs if s.flow_function == "dispatch"]
    assert set(dispatch.tags) == {"45-kh-ubnd-2026", "86-kh-ubnd-2023", "gui-thu"}
    reports = [s.name for s in specs if s.flow_function == "compile_report"]
    assert reports == ["45-kh-ubnd-2026 · bao-cao-hang-nam", "86-kh-ubnd-2023 · bao-cao-hang-nam"]
    assert len({s.name for s in specs}) == len(specs)


def test_adding_a_plan_file_adds_its_deployments(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(REFERENCE_PLAN, folder / REFERENCE_PLAN.name)
    alone = {s.name for s in deployment_specs(app_over(tmp_path, DONDOC_PLANS=str(folder)))}
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    both = {s.name for s in deployment_specs(app_over(tmp_path, DONDOC_PLANS=str(folder)))}
    assert alone < both
    assert {n for n in both - alone} == {n for n in both if n.startswith("45-kh-ubnd-2026 · ")}


def test_importing_the_sample_plans_text_reproduces_the_shipped_yaml():
    result = import_plan(SAMPLE_SOURCE, load_directory(REFERENCE_DIRECTORY))
    assert [p for p in result.problems if p.kind != "note"] == []
    assert yaml.safe_load(plan_yaml(result)) == yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def test_the_sample_plan_says_it_was_written_for_dondoc_and_uses_the_new_provinces_agencies():
    header = SAMPLE.read_text(encoding="utf-8").split("\nnumber:")[0]
    assert "MẪU VIẾT CHO DONDOC — KHÔNG PHẢI VĂN BẢN CHÍNH THỨC" in header
    plan = load_plan(SAMPLE)
    assert plan.monitor == "vl-so-noi-vu" and plan.escalation.provincial_chain == "vl-van-phong-ubnd-tinh"


def test_retiring_writes_the_last_day_into_the_file_and_keeps_its_comments(tmp_path):
    path = tmp_path / REFERENCE_PLAN.name
    shutil.copy(REFERENCE_PLAN, path)
    retire_plan_file(path, date(2026, 10, 31))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(REFERENCE_PLAN.read_text(encoding="utf-8").split("\n")[0])
    plan = load_plan(path)
    assert (plan.territory, plan.ends_on) == ("ends", date(2026, 10, 31))
    assert not plan.in_force_on(date(2026, 11, 1)) and plan.in_force_on(date(2026, 10, 31))
    retire_plan_file(path, date(2026, 12, 31))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith(("ends_on:", "territory:"))] == [
        "territory: ends",
        "ends_on: 2026-12-31",
    ]
    assert load_plan(path).ends_on == date(2026, 12, 31)


def test_the_overview_across_plans_has_a_row_per_plan_and_marks_an_ended_one():
    from types import SimpleNamespace

    from flows.artifacts import across_plans_markdown
    from tracking.rules.states import State

    rows = {
        "45/KH-UBND": [SimpleNamespace(state=State.OPEN_WITHIN_DEADLINE)] * 3,
        "86/KH-UBND": [SimpleNamespace(state=State.DONE_ON_TIME), SimpleNamespace(state=State.OPEN_OVERDUE)],
    }
    text = across_plans_markdown(date(2026, 11, 16), rows, {"86/KH-UBND": date(2026, 10, 31)})
    lines = text.splitlines()
    assert lines[0] == "# Các kế hoạch: tình hình thực hiện đến ngày 16/11/2026"
    assert [line.split(" | ")[0] for line in lines[4:]] == [
        "| 45/KH-UBND",
        "| 86/KH-UBND (đã kết thúc ngày 31/10/2026)",
        "| **Tổng**",
    ]
    assert lines[-1].endswith("| **5** |")
