"""Who writes the report and to whom: names come from a YAML file, never from the template."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from plan_definition.fields import SingleLine

DEFAULT_REPORT_CONFIG = Path(str(resources.files("reports") / "data" / "report.yaml"))
_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được hỗ trợ",
    "string_type": "phải là chuỗi ký tự",
    "string_too_short": "không được để trống",
    "list_type": "phải là danh sách",
    "model_type": "phải là một bảng khóa: giá trị",
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
