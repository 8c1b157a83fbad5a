"""Who writes the report and to whom: names come from a YAML file, never from the template."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from plan_definition.fields import SingleLine
from plan_definition.timeframes import MonthDay

from .period import ReportPeriod

DEFAULT_REPORT_CONFIG = Path(str(resources.files("reports") / "data" / "report.yaml"))
_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được hỗ trợ",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "không được để trống",
    "list_type": "phải là danh sách",
    "model_type": "phải là một bảng khóa: giá trị",
    "literal_error": "giá trị không được hỗ trợ",
    "int_type": "phải là số nguyên",
}


class InvalidReportConfig(ValueError):
    """The report configuration file cannot be read or does not match the schema."""


class Signature(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    authority: SingleLine | None = None
    title: SingleLine
    name: SingleLine | None = None


class Era(BaseModel):
    """Who the report was from and to until a day, before a reorganisation (the old province)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    until: date
    parent_body: SingleLine | None = None
    place: SingleLine | None = None
    recipient: SingleLine | None = None


class PeriodRule(BaseModel):
    """Which days a yearly report covers and the day its figures are taken on.

    `yearly`: `calendar` (01/01 to 31/12) or `decree-09` (Decree 09/2019/NĐ-CP: 15/12 of the previous
    year to 14/12). `cutoff`: `period-end` (the last day of the period), `plan` (the plan's own yearly
    deadline for results, e.g. 14/11), or a day of the year {month, day}; never later than the day the
    report is drafted."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    yearly: Literal["calendar", "decree-09"] = "calendar"
    cutoff: Literal["period-end", "plan"] | MonthDay = "period-end"

    def year(self, year: int, plan_yearly_due: MonthDay | None = None) -> ReportPeriod:
        if self.yearly == "decree-09":
            start, end = date(year - 1, 12, 15), date(year, 12, 14)
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
        if self.cutoff == "plan" and plan_yearly_due is not None:
            cutoff = date(year, plan_yearly_due.month, plan_yearly_due.day)
        elif isinstance(self.cutoff, MonthDay):
            cutoff = date(year, self.cutoff.month, self.cutoff.day)
        else:
            cutoff = end
        cutoff = min(max(cutoff, start), end)
        return ReportPeriod(start, end, cutoff=cutoff, year_of=year)

    def applied(self, period: ReportPeriod, plan_yearly_due: MonthDay | None = None) -> ReportPeriod:
        """A yearly period asked for by its year, as this rule defines it; any other period ends its figures on its end."""
        if period.year_of is not None:
            return self.year(period.year_of, plan_yearly_due)
        return ReportPeriod(period.start, period.end, cutoff=period.cutoff or period.end)


class ReportConfig(BaseModel):
    """The reporting body, its parent, the recipient, the copies and the signer."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    parent_body: SingleLine
    body: SingleLine
    body_name: SingleLine
    body_abbreviation: SingleLine
    place: SingleLine
    recipient: SingleLine
    recipient_short: SingleLine
    copies: list[SingleLine] = []
    archive: SingleLine = "VT"
    signature: Signature
    template: Path | None = None
    earlier: list[Era] = []
    # The report's number (Số: 05/BC-SNV); None leaves the blank the clerk fills in when it is issued.
    number: int | None = None
    period: PeriodRule = PeriodRule()

    def on(self, day: date) -> ReportConfig:
        """The configuration for a report dated `day`: the earliest era that had not ended by then, else this."""
        for era in sorted(self.earlier, key=lambda e: e.until):
            if day <= era.until:
                changes = {k: v for k, v in era.model_dump(exclude={"until"}).items() if v is not None}
                return self.model_copy(update=changes)
        return self

    def template_path(self, config_path: Path) -> Path | None:
        """The Word template the operator chose, relative paths read from the configuration file's folder."""
        if self.template is None:
            return None
        return self.template if self.template.is_absolute() else config_path.parent / self.template

    @property
    def number_line(self) -> str:
        """'Số: 05/BC-SNV' (numbers under 10 get a leading zero, Decree 30), or 'Số:          /BC-SNV'."""
        if self.number is None:
            return f"Số:          /BC-{self.body_abbreviation}"
        return f"Số: {self.number:02d}/BC-{self.body_abbreviation}"

    @property
    def distribution(self) -> list[str]:
        """The *Nơi nhận* list: '- Như trên;' first, '- Lưu: …' last, each line punctuated."""
        return ["- Như trên;"] + [f"- {copy.rstrip(';.')};" for copy in self.copies] + [f"- Lưu: {self.archive}."]


def load_report_config(path: Path) -> ReportConfig:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidReportConfig(f"{path}: không đọc được tệp cấu hình báo cáo: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise InvalidReportConfig(f"{path}: YAML không hợp lệ: {exc}") from exc
    try:
        return ReportConfig.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        problems = "; ".join(
            f"trường '{'.'.join(str(p) for p in e['loc']) or '(gốc)'}': {_MESSAGES.get(e['type'], e['msg'])}"
            for e in exc.errors()
        )
        raise InvalidReportConfig(f"{path}: cấu hình báo cáo không hợp lệ: {problems}") from exc
