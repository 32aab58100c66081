"""VETURI_OFFICE_EMAIL (docs/configuration.md) is read from the environment and receives the consent mails."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from veturi.synergies.consent import office_recipients


def test_the_variable_is_read_from_the_environment(tmp_path):
    environment = {**os.environ, "VETURI_OFFICE_EMAIL": " symbiosis@office.example ", "VETURI_DATA_DIR": str(tmp_path),
                   "DJANGO_SETTINGS_MODULE": "veturi.web.settings"}
    script = "import django; django.setup(); from django.conf import settings; print(repr(settings.VETURI_OFFICE_EMAIL))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "'symbiosis@office.example'"


@pytest.mark.django_db
def test_the_mailbox_is_among_the_office_recipients(users):
    users["office"].email = "office-user@office.example"
    users["office"].save()
    with override_settings(VETURI_OFFICE_EMAIL="symbiosis@office.example"):
        assert office_recipients() == ["office-user@office.example", "symbiosis@office.example"]
    with override_settings(VETURI_OFFICE_EMAIL=""):
        assert office_recipients() == ["office-user@office.example"]


def _settings_in_a_fresh_process(tmp_path, extra: dict, expression: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "VETURI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "veturi.web.settings", **extra}
    script = f"import django; django.setup(); from django.conf import settings; print(repr({expression}))"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment, timeout=120)


def test_the_mail_server_is_read_from_the_environment(tmp_path):
    result = _settings_in_a_fresh_process(
        tmp_path,
        {"VETURI_EMAIL_HOST": "smtp.office.example", "VETURI_EMAIL_PORT": "587", "VETURI_EMAIL_USER": "veturi",
         "VETURI_EMAIL_USE_TLS": "yes", "VETURI_FROM_EMAIL": "veturi@office.example"},
        "(settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER, settings.EMAIL_USE_TLS, settings.DEFAULT_FROM_EMAIL)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('smtp.office.example', 587, 'veturi', True, 'veturi@office.example')"


@pytest.mark.parametrize(
    ("extra", "named"),
    [({"VETURI_EMAIL_PORT": "twenty-five"}, "VETURI_EMAIL_PORT"),
     ({"VETURI_EMAIL_USE_TLS": "1", "VETURI_EMAIL_USE_SSL": "1"}, "VETURI_EMAIL_USE_SSL"),
     ({"VETURI_JOB_STALE_AFTER_S": "an hour"}, "VETURI_JOB_STALE_AFTER_S")],
)
def test_a_bad_mail_setting_stops_the_start_naming_the_variable(tmp_path, extra, named):
    result = _settings_in_a_fresh_process(tmp_path, extra, "settings.EMAIL_HOST")
    assert result.returncode != 0
    assert named in result.stderr
