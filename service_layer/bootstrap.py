"""Build the real things (database engine, plan files, calendar, mail sender) from the settings."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from sqlalchemy import Engine

from notifications.contexts import PlanInfo, Sender
from notifications.senders import MailSender, OutboxFolder, YagmailSender
from plan_definition.calendar import WorkingCalendar, load_calendar_config
from plan_definition.loading import PlanFiles, load_plan_files
from tracking.database import make_engine

from .links import LinkMaker
from .settings import ConfigError, Settings

__all__ = ["App", "ConfigError", "Settings"]


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

    def sender_on(self, day: date) -> Sender:
        """The monitoring agency as it stands on `day` (its successor after a reorganisation), which signs notices."""
        directory = self.files.directory
        monitor = directory.body_on(self.files.plan.monitor, day)
        return Sender(
            name=monitor.name,
            province=directory.province_on(day),
            reply_to=monitor.contact.email,
            contact_title=monitor.contact.title,
        )

    @cached_property
    def link_maker(self) -> LinkMaker:
        return LinkMaker(self.settings.web_secret, self.settings.web_public_url, self.settings.link_days)

    def report_link(self, agency: str, day: date) -> str:
        """The agency's personal link to its report page, valid DONDOC_LINK_DAYS from `day`."""
        return self.link_maker(agency, day)

    def mail_sender(self) -> MailSender:
        """The outbox folder or SMTP through yagmail, as configured; use it as a context manager."""
        mail = self.settings.mail
        return OutboxFolder(mail) if mail.mode == "outbox" else YagmailSender(mail)
