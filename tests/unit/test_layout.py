"""The house as the design card draws it: top-level packages whose imports point one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["plan_definition", "tracking", "notifications", "reports", "service_layer", "web", "flows", "cli"]


def imports_of(package: str) -> dict[str, set[str]]:
    """Which other top-level packages (and third-party roots) each module of `package` imports."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        roots = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = roots
    return found


def package_graph() -> dict[str, set[str]]:
    graph = {}
    for package in PACKAGES:
        if (ROOT / package).is_dir():
            used = set().union(*imports_of(package).values())
            graph[package] = {p for p in PACKAGES if p in used and p != package}
    return graph


def test_the_card_top_level_is_there_and_nothing_is_left_under_dondoc():
    for name in ("flows", "plan_definition", "notifications", "tests"):
        assert (ROOT / name / "__init__.py").is_file() or name == "tests", name
    for name in ("prefect.yaml", "pyproject.toml", "README.md"):
        assert (ROOT / name).is_file(), name
    assert not (ROOT / "dondoc").exists()


def test_the_top_level_packages_import_each_other_without_a_cycle():
    graph = package_graph()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        assert node not in path, " → ".join([*path, node])
        if node not in done:
            for nxt in graph.get(node, ()):
                visit(nxt, [*path, node])
            done.add(node)

    for package in graph:
        visit(package, [])


def test_plan_definition_imports_nothing_of_ours_and_prefect_only_in_flows():
    assert package_graph()["plan_definition"] == set()
    for package in PACKAGES:
        if package != "flows" and (ROOT / package).is_dir():
            offenders = [m for m, roots in imports_of(package).items() if "prefect" in roots]
            assert offenders == [], offenders


def test_the_pure_rules_import_no_database_library():
    for module, roots in imports_of("tracking").items():
        if module.startswith("tracking/rules/"):
            assert not roots & {"sqlalchemy", "alembic", "yagmail", "prefect"}, module


def test_a_command_that_does_not_talk_to_prefect_starts_without_importing_it(tmp_path):
    script = (
        "import sys\n"
        "from cli import main\n"
        "try:\n    main(['plan', 'validate'])\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, 'prefect' in sys.modules)\n"
    )
    env = {"DONDOC_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.stdout.split()[-2:] == ["0", "False"], out.stdout + out.stderr
