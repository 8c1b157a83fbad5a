"""One App per process for the flows."""

from __future__ import annotations

from functools import lru_cache

from service_layer.bootstrap import App, Settings


@lru_cache(maxsize=1)
def current_app() -> App:
    """The app built from the environment of the process that runs the flows."""
    return App(Settings.from_env())
