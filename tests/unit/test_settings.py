"""Settings read once from the environment: defaults, validation at start, the password kept secret."""

from __future__ import annotations

import pytest

from service_layer.settings import ConfigError, Settings


def test_every_setting_has_a_working_default(tmp_path):
    settings = Settings.from_env({"DONDOC_HOME": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'dondoc.db'}"
    assert settings.mail.mode == "outbox" and settings.mail.outbox_dir == tmp_path / "outbox"
    assert settings.mail.smtp_port == 25 and settings.report_recipients == ()


@pytest.mark.parametrize("security, port", [("none", 25), ("starttls", 587), ("ssl", 465)])
def test_the_smtp_port_follows_the_security_unless_given(security, port):
    assert Settings.from_env({"DONDOC_SMTP_SECURITY": security}).mail.smtp_port == port
    given = Settings.from_env({"DONDOC_SMTP_SECURITY": security, "DONDOC_SMTP_PORT": "2525"})
    assert given.mail.smtp_port == 2525


def test_the_smtp_password_is_a_secret_that_no_repr_shows():
    settings = Settings.from_env({"DONDOC_SMTP_USER": "dondoc", "DONDOC_SMTP_PASSWORD": "mat-khau-bi-mat"})
    assert settings.mail.smtp_password.get_secret_value() == "mat-khau-bi-mat"
    assert "mat-khau-bi-mat" not in repr(settings) and "mat-khau-bi-mat" not in repr(settings.mail)


def test_report_recipients_are_a_comma_separated_list_of_addresses():
    settings = Settings.from_env({"DONDOC_REPORT_RECIPIENTS": " gd@snv.example ,pgd@snv.example,"})
    assert settings.report_recipients == ("gd@snv.example", "pgd@snv.example")


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DONDOC_REPORT_RECIPIENTS": "gd@snv.example;pgd"}, "DONDOC_REPORT_RECIPIENTS='gd@snv.example;pgd'"),
        ({"DONDOC_MAIL_FROM": "dondoc"}, "DONDOC_MAIL_FROM='dondoc' không hợp lệ"),
        ({"DONDOC_MAIL_RATE_PER_MINUTE": "-1"}, "DONDOC_MAIL_RATE_PER_MINUTE='-1' không hợp lệ: phải không nhỏ hơn 0"),
        (
            {"DONDOC_SMTP_SECURITY": "tls"},
            "DONDOC_SMTP_SECURITY='tls' không hợp lệ: chọn một trong: none, starttls, ssl",
        ),
        ({"DONDOC_SMTP_PASSWORD": "x", "DONDOC_SMTP_PORT": "0"}, "DONDOC_SMTP_PORT='0' không hợp lệ"),
    ],
)
def test_a_bad_value_is_refused_at_start_naming_the_variable_and_the_value(env, message):
    with pytest.raises(ConfigError) as error:
        Settings.from_env(env)
    assert message in str(error.value)


def test_the_process_environment_is_read_when_no_mapping_is_given(monkeypatch, tmp_path):
    monkeypatch.setenv("DONDOC_HOME", str(tmp_path))
    monkeypatch.setenv("DONDOC_OPERATOR_EMAIL", "")  # empty counts as unset
    monkeypatch.setenv("DONDOC_MAIL_MODE", "smtp")
    settings = Settings.from_env()
    assert settings.home == tmp_path and settings.operator_email is None and settings.mail.mode == "smtp"
