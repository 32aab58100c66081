"""The documented production settings pass Django's deployment checks and refuse unsafe starts."""

import os
import secrets
import subprocess
import sys


def _check_deploy(tmp_path, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "VETURI_SECRET_KEY", "VETURI_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "veturi.web.production", "VETURI_DATA_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "-m", "veturi.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=environment, timeout=300,
    )


def test_check_deploy_is_clean(tmp_path):
    result = _check_deploy(tmp_path, VETURI_SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode != 0
    assert "VETURI_SECRET_KEY" in result.stderr


def test_it_refuses_a_short_or_default_looking_key(tmp_path):
    assert _check_deploy(tmp_path, VETURI_SECRET_KEY="django-insecure-" + "x" * 60).returncode != 0
    assert _check_deploy(tmp_path, VETURI_SECRET_KEY="short").returncode != 0


def test_it_refuses_to_start_with_debug_on(tmp_path):
    result = _check_deploy(tmp_path, VETURI_SECRET_KEY=secrets.token_urlsafe(64), VETURI_DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr
