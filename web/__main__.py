"""`python -m web`: serve dondoc's web pages with uvicorn, configured from the DONDOC_* environment."""

from __future__ import annotations

import sys

from plan_definition.errors import PlanError
from service_layer.bootstrap import App, Settings

from .server import run


def main() -> int:
    try:
        app = App(Settings.from_env())
        app.first_plan()  # fail here, with the message, when no plan or the directory cannot be read
    except PlanError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    run(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
