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
