"""Build the real things (paths, database engine, plan files, calendar) from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine

from dondoc.plan_definition.calendar import WorkingCalendar, load_calendar_config
from dondoc.plan_definition.loading import (
    REFERENCE_CALENDAR,
    REFERENCE_DIRECTORY,
    REFERENCE_PLAN,
    PlanFiles,
    load_plan_files,
)
from dondoc.tracking.database import make_engine


@dataclass
class Settings:
    """dondoc's configuration; every field has an environment variable and a working default."""

    home: Path
    database_url: str
    plan_path: Path
    directory_path: Path
    calendar_path: Path

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        home = Path(env.get("DONDOC_HOME") or "var").expanduser().resolve()
        return cls(
            home=home,
            database_url=env.get("DONDOC_DATABASE_URL") or f"sqlite:///{home / 'dondoc.db'}",
            plan_path=Path(env.get("DONDOC_PLAN") or REFERENCE_PLAN),
            directory_path=Path(env.get("DONDOC_DIRECTORY") or REFERENCE_DIRECTORY),
            calendar_path=Path(env.get("DONDOC_CALENDAR") or REFERENCE_CALENDAR),
        )


class App:
    """What a command or flow needs, built once from Settings and handed in."""

    def __init__(self, settings: Settings):
        self.settings = settings

    @cached_property
    def files(self) -> PlanFiles:
        return load_plan_files(self.settings.plan_path, self.settings.directory_path)

    @property
    def plan_number(self) -> str:
        return self.files.plan.number

    @cached_property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar.from_config(load_calendar_config(self.settings.calendar_path))

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)
