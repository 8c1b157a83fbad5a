"""Build the real things (database engine, plan files, calendar, mail sender) from the settings."""

from __future__ import annotations

from datetime import date
from functools import cached_property

from sqlalchemy import Engine

from notifications.contexts import PlanInfo, Sender
from notifications.senders import MailSender, OutboxFolder, YagmailSender
from plan_definition.calendar import WorkingCalendar, load_calendar_config
from plan_definition.catalogue import PlanCatalogue, load_catalogue, plan_paths
from plan_definition.directory import Directory
from plan_definition.loading import PlanFiles
from tracking.database import make_engine

from .links import LinkMaker
from .settings import ConfigError, Settings

__all__ = ["App", "ConfigError", "Settings"]


class App:
    """What a command or flow needs, built once from Settings and handed in.

    dondoc follows every plan of the plans folder (DONDOC_PLANS), or only the file DONDOC_PLAN when set.
    `app.plan(number)` is the same app narrowed to one plan: `files`, `plan_number`, `plan_info` and
    `sender_on` then speak of that plan. On the app itself they speak of the only plan loaded, and
    refuse with the list of plans when several are.
    """

    def __init__(self, settings: Settings, plan_number: str | None = None):
        self.settings = settings
        self._plan_number = plan_number

    @cached_property
    def catalogue(self) -> PlanCatalogue:
        """Every plan file checked against the directory; a broken plan is refused alone."""
        paths = [self.settings.plan_path] if self.settings.plan_path else plan_paths(self.settings.plans_path)
        return load_catalogue(paths, self.settings.directory_path)

    @property
    def plans(self) -> dict[str, PlanFiles]:
        """The plans loaded, by number, in file order."""
        return self.catalogue.plans

    def plan(self, number: str | None = None) -> App:
        """This app narrowed to one plan (by number, key or slug); with no number, the only plan loaded."""
        files = self.catalogue.find(number)
        scoped = App(self.settings, files.plan.number)
        scoped.__dict__.update(catalogue=self.catalogue, engine=self.engine, files=files)
        if "calendar" in self.__dict__:
            scoped.__dict__["calendar"] = self.calendar
        return scoped

    def each_plan(self) -> list[App]:
        """The app narrowed to each plan in turn (only the chosen one when this app is narrowed)."""
        if self._plan_number is not None:
            return [self]
        return [self.plan(number) for number in self.plans]

    def first_plan(self) -> App:
        """The chosen plan, or the first plan followed: its monitor signs what dondoc's own pages say."""
        return self.each_plan()[0]

    @property
    def directory(self) -> Directory:
        """The one directory every plan is checked against."""
        return self.catalogue.directory

    @cached_property
    def files(self) -> PlanFiles:
        return self.catalogue.find(self._plan_number)

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
