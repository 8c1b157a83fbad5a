"""prefect.yaml is generated from the plan; it must not drift from it."""

from pathlib import Path

import yaml

from cli.prefect_commands import render_prefect_yaml
from plan_definition.catalogue import plan_key
from service_layer.bootstrap import App, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_prefect_yaml_matches_the_plan(tmp_path):
    app = App(Settings.from_env({"DONDOC_HOME": str(tmp_path)}))
    assert (ROOT / "prefect.yaml").read_text(encoding="utf-8") == render_prefect_yaml(app), (
        "prefect.yaml lệch với kế hoạch: chạy 'dondoc deployments write' rồi commit lại"
    )


def test_prefect_yaml_has_one_deployment_per_item_of_the_shipped_plan_on_a_process_pool(tmp_path):
    app = App(Settings.from_env({"DONDOC_HOME": str(tmp_path)}))
    data = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    checks = [(d["name"], d["parameters"]) for d in data["deployments"] if " · muc-" in d["name"]]
    assert list(app.plans) == ["86/KH-UBND"]  # the sample plan is not shipped in the plans folder
    assert checks == [
        (f"{plan_key(files.plan)} · muc-{i.code}", {"plan": files.plan.number, "item": i.code})
        for files in app.plans.values()
        for i in files.plan.items
    ]
    assert {d["work_pool"]["name"] for d in data["deployments"]} == {"dondoc"}
    assert all(d["concurrency_limit"]["limit"] == 1 for d in data["deployments"])


def test_every_entrypoint_is_a_flow_under_flows_and_a_pull_step_sets_the_checkout():
    data = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    for deployment in data["deployments"]:
        path, function = deployment["entrypoint"].split(":")
        assert path.startswith("flows/") and (ROOT / path).is_file(), deployment["entrypoint"]
        assert f"def {function}(" in (ROOT / path).read_text(encoding="utf-8"), deployment["entrypoint"]
    [step] = data["pull"]
    assert step["prefect.deployments.steps.set_working_directory"]["directory"] == (
        "{{ prefect.variables.dondoc_checkout }}"
    )
