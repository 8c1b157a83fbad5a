"""What the CLI tests share: a fresh DONDOC_HOME and a way to run `dondoc` in-process."""

from __future__ import annotations

import os

import pytest

from cli import main
from plan_definition.loading import REFERENCE_PLAN


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path / "home"))
    for name in [n for n in os.environ if n.startswith("DONDOC_") and n != "DONDOC_HOME"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DONDOC_PLAN", str(REFERENCE_PLAN))  # the reference plan alone; tests of several plans unset it
    return tmp_path / "home"


def run(capsys, *args) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return exited.value.code, out, err
