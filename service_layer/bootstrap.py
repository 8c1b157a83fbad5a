"""Build the real things (paths, database engine, plan files, calendar) from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine

from notifications.contexts import PlanInfo, Sender
from notifications.senders import MailSender, MailSettings, OutboxFolder, YagmailSender
from plan_definition.calendar import WorkingCalendar, load_calendar_config
from plan_definition.errors import PlanError
from plan_definition.loading import (
    REFERENCE_CALENDAR,
    REFERENCE_DIRECTORY,
    REFERENCE_PLAN,
    PlanFiles,
    load_plan_files,
)
from reports.config import report_config_path
from tracking.database import make_engine


class ConfigError(PlanError):
    """An environment variable has a value dondoc cannot use."""


def _choice(env: dict, name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in allowed:
        raise ConfigError(f"biến môi trường {name}='{value}' không hợp lệ; chọn một trong: {', '.join(allowed)}")
    return value


def _number(env: dict, name: str, default: float, kind=float):
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"biến môi trường {name}='{raw}' phải là một số") from None
    if value < 0:
        raise ConfigError(f"biến môi trường {name}='{raw}' không được âm")
    return value


def mail_settings(env: dict, home: Path) -> MailSettings:
    """Mail configuration from DONDOC_MAIL_* and DONDOC_SMTP_* (the password is never printed)."""
    security = _choice(env, "DONDOC_SMTP_SECURITY", "none", ("none", "starttls", "ssl"))
    user = env.get("DONDOC_SMTP_USER") or None
    password = env.get("DONDOC_SMTP_PASSWORD") or None
    if user and not password:
        raise ConfigError("đã đặt DONDOC_SMTP_USER nhưng chưa đặt DONDOC_SMTP_PASSWORD")
    default_port = {"none": 25, "starttls": 587, "ssl": 465}[security]
    return MailSettings(
        mode=_choice(env, "DONDOC_MAIL_MODE", "outbox", ("outbox", "smtp")),
        outbox_dir=home / "outbox",
        mail_from=env.get("DONDOC_MAIL_FROM") or MailSettings.mail_from,
        from_name=env.get("DONDOC_MAIL_FROM_NAME") or MailSettings.from_name,
        smtp_host=env.get("DONDOC_SMTP_HOST") or "127.0.0.1",
        smtp_port=int(_number(env, "DONDOC_SMTP_PORT", default_port, int)),
        smtp_user=user,
        smtp_password=password,
        smtp_security=security,
        rate_per_minute=_number(env, "DONDOC_MAIL_RATE_PER_MINUTE", 60.0),
        retries=max(1, int(_number(env, "DONDOC_MAIL_RETRIES", 3, int))),
        backoff_seconds=_number(env, "DONDOC_MAIL_BACKOFF_SECONDS", 2.0),
        max_bytes=int(_number(env, "DONDOC_MAIL_MAX_BYTES", MailSettings.max_bytes, int)),
    )


@dataclass
class Settings:
    """dondoc's configuration; every field has an environment variable and a working default."""

    home: Path
    database_url: str
    plan_path: Path
    directory_path: Path
    calendar_path: Path
    mail: MailSettings
    operator_email: str | None = None
    report_config_path: Path | None = None
    report_recipients: tuple[str, ...] = ()

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
            mail=mail_settings(env, home),
            operator_email=env.get("DONDOC_OPERATOR_EMAIL") or None,
            report_config_path=report_config_path(env),
            report_recipients=tuple(
                a.strip() for a in (env.get("DONDOC_REPORT_RECIPIENTS") or "").split(",") if a.strip()
            ),
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

    @cached_property
    def plan_info(self) -> PlanInfo:
        plan = self.files.plan
        return PlanInfo(plan.number, plan.kind, plan.date, plan.issuer, plan.title)

    @cached_property
    def sender_body(self) -> Sender:
        """The monitoring agency, which signs every notice."""
        monitor = self.files.directory.by_code[self.files.plan.monitor]
        return Sender(
            name=monitor.name,
            province=self.files.directory.province,
            reply_to=monitor.contact.email,
            contact_title=monitor.contact.title,
        )

    def mail_sender(self) -> MailSender:
        """The outbox folder or SMTP through yagmail, as configured; use it as a context manager."""
        mail = self.settings.mail
        return OutboxFolder(mail) if mail.mode == "outbox" else YagmailSender(mail)
