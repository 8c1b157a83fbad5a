"""dondoc's configuration, read once from the DONDOC_* environment through pydantic-settings."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from notifications.senders import MailSettings
from plan_definition.errors import PlanError
from plan_definition.loading import REFERENCE_CALENDAR, REFERENCE_DIRECTORY, REFERENCE_PLANS
from reports.config import DEFAULT_REPORT_CONFIG


class ConfigError(PlanError):
    """An environment variable has a value dondoc cannot use."""


def email_address(value: str) -> str:
    """An address a mail server will accept (the reserved .example domain included); raises ValueError."""
    try:
        return validate_email(value, check_deliverability=False, globally_deliverable=False).normalized
    except EmailNotValidError:
        raise ValueError(f"'{value}' không phải địa chỉ thư điện tử hợp lệ (cần dạng ten@ten-mien)") from None


def _address_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


Address = Annotated[str, AfterValidator(email_address)]
AddressList = Annotated[tuple[Address, ...], NoDecode, BeforeValidator(_address_list)]


def _http_url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not value.startswith(("http://", "https://")) or len(value.split("://", 1)[1]) == 0:
        raise ValueError(f"'{value}' không phải địa chỉ web (cần dạng https://ten-mien hoặc http://127.0.0.1:8765)")
    return value


HttpUrlText = Annotated[str, AfterValidator(_http_url)]
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


class Settings(BaseSettings):
    """Every setting has an environment variable and a working default."""

    model_config = SettingsConfigDict(env_ignore_empty=True, extra="ignore", arbitrary_types_allowed=True)

    home: Path = Field(Path("var"), validation_alias="DONDOC_HOME")
    database_url: str = Field("", validation_alias="DONDOC_DATABASE_URL")  # default: SQLite in home
    plans_path: Path = Field(REFERENCE_PLANS, validation_alias="DONDOC_PLANS")  # a folder of plan files
    plan_path: Path | None = Field(None, validation_alias="DONDOC_PLAN")  # this one plan file only, when set
    directory_path: Path = Field(REFERENCE_DIRECTORY, validation_alias="DONDOC_DIRECTORY")
    calendar_path: Path = Field(REFERENCE_CALENDAR, validation_alias="DONDOC_CALENDAR")
    report_config_path: Path = Field(DEFAULT_REPORT_CONFIG, validation_alias="DONDOC_REPORT_CONFIG")
    report_recipients: AddressList = Field((), validation_alias="DONDOC_REPORT_RECIPIENTS")
    operator_email: Address | None = Field(None, validation_alias="DONDOC_OPERATOR_EMAIL")
    mail_mode: Literal["outbox", "smtp"] = Field("outbox", validation_alias="DONDOC_MAIL_MODE")
    mail_from: Address = Field(MailSettings.mail_from, validation_alias="DONDOC_MAIL_FROM")
    mail_from_name: str = Field(MailSettings.from_name, validation_alias="DONDOC_MAIL_FROM_NAME")
    smtp_host: str = Field("127.0.0.1", validation_alias="DONDOC_SMTP_HOST")
    smtp_port: int | None = Field(None, ge=1, le=65535, validation_alias="DONDOC_SMTP_PORT")
    smtp_security: Literal["none", "starttls", "ssl"] = Field("none", validation_alias="DONDOC_SMTP_SECURITY")
    smtp_user: str | None = Field(None, validation_alias="DONDOC_SMTP_USER")
    smtp_password: SecretStr | None = Field(None, validation_alias="DONDOC_SMTP_PASSWORD")
    mail_rate_per_minute: float = Field(60.0, ge=0, validation_alias="DONDOC_MAIL_RATE_PER_MINUTE")
    mail_retries: int = Field(3, ge=1, validation_alias="DONDOC_MAIL_RETRIES")
    mail_backoff_seconds: float = Field(2.0, ge=0, validation_alias="DONDOC_MAIL_BACKOFF_SECONDS")
    mail_max_bytes: int = Field(MailSettings.max_bytes, ge=10_000, validation_alias="DONDOC_MAIL_MAX_BYTES")
    mail_max_listed: int = Field(MailSettings.max_listed, ge=10, validation_alias="DONDOC_MAIL_MAX_LISTED")
    web_secret_setting: SecretStr | None = Field(None, min_length=32, validation_alias="DONDOC_WEB_SECRET")
    web_public_url: HttpUrlText = Field("http://127.0.0.1:8765", validation_alias="DONDOC_WEB_PUBLIC_URL")
    web_host: str = Field("127.0.0.1", validation_alias="DONDOC_WEB_HOST")
    web_port: int = Field(8765, ge=1, le=65535, validation_alias="DONDOC_WEB_PORT")
    link_days: int = Field(30, ge=1, le=366, validation_alias="DONDOC_LINK_DAYS")
    upload_max_bytes: int = Field(10 * 1024 * 1024, ge=1024, validation_alias="DONDOC_UPLOAD_MAX_BYTES")
    web_operator_password: SecretStr | None = Field(None, validation_alias="DONDOC_WEB_OPERATOR_PASSWORD")
    # The day of the week (1 = thứ Hai … 5 = thứ Sáu) chasing reaches every address; empty: each address's own
    # day, derived from the address (see tracking.rules.cadence).
    chase_weekday: int | None = Field(None, ge=1, le=5, validation_alias="DONDOC_CHASE_WEEKDAY")
    # How an agency without a report link sends its result (an address, a portal, the document system),
    # said in every notice; empty: "bằng văn bản về <Sở Nội vụ>".
    report_channel: str | None = Field(None, max_length=300, validation_alias="DONDOC_REPORT_CHANNEL")
    mail: MailSettings | None = Field(None, validation_alias="_mail", exclude=True)  # built from the fields above

    @model_validator(mode="after")
    def _login_is_complete(self) -> Settings:
        if self.smtp_user and self.smtp_password is None:
            raise ValueError("đã đặt DONDOC_SMTP_USER nhưng chưa đặt DONDOC_SMTP_PASSWORD")
        self.home = self.home.expanduser().resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'dondoc.db'}"
        if self.mail is None:
            self.mail = self._mail_settings()
        return self

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read the process environment, or only `env` when given; a bad value raises ConfigError."""
        try:
            if env is None:
                settings = cls()
            else:
                settings = cls.model_validate({k: v for k, v in env.items() if k.startswith("DONDOC_") and v != ""})
        except ValidationError as exc:
            raise ConfigError(_describe(exc, os.environ if env is None else env)) from None
        return settings

    @property
    def web_secret(self) -> bytes:
        """The key that signs agencies' links: DONDOC_WEB_SECRET, else one generated once under DONDOC_HOME."""
        if self.web_secret_setting is not None:
            return self.web_secret_setting.get_secret_value().encode()
        return stored_secret(self.home / "web-secret")

    @property
    def operator_pages_url(self) -> str | None:
        """dondoc's web address for links to operators' pages (/can-bo/…), or None while those pages are off
        (no DONDOC_WEB_OPERATOR_PASSWORD)."""
        return self.web_public_url if self.web_operator_password is not None else None

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    def _mail_settings(self) -> MailSettings:
        """How mail leaves (the password stays a SecretStr)."""
        return MailSettings(
            mode=self.mail_mode,
            outbox_dir=self.home / "outbox",
            mail_from=self.mail_from,
            from_name=self.mail_from_name,
            smtp_host=self.smtp_host,
            smtp_port=self.smtp_port or DEFAULT_PORTS[self.smtp_security],
            smtp_user=self.smtp_user,
            smtp_password=self.smtp_password,
            smtp_security=self.smtp_security,
            rate_per_minute=self.mail_rate_per_minute,
            retries=self.mail_retries,
            backoff_seconds=self.mail_backoff_seconds,
            max_bytes=self.mail_max_bytes,
            max_listed=self.mail_max_listed,
            report_channel=self.report_channel,
        )


def stored_secret(path: Path) -> bytes:
    """A random key kept in an owner-only file, made on first use (an existing file is never replaced)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


def _describe(exc: ValidationError, env: dict[str, str]) -> str:
    """One line per bad variable: its name, its value (never a password's or a secret's) and what was expected."""
    lines = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        reason = str(error["msg"]).removeprefix("Value error, ")
        if not name:
            lines.append(reason)
            continue
        shown = "***" if "PASSWORD" in name or "SECRET" in name else env.get(name, "")
        lines.append(f"biến môi trường {name}='{shown}' không hợp lệ: {_vietnamese(error, reason)}")
    return "\n".join(lines)


def _vietnamese(error: dict, reason: str) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        return "chọn một trong: " + str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
    if kind in ("int_parsing", "float_parsing", "int_from_float"):
        return "phải là một số"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"phải {'không nhỏ hơn' if kind == 'greater_than_equal' else 'không lớn hơn'} {bound}"
    return reason
