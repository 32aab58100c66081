"""The `veturi` command, run as a newcomer would run it: in a fresh process."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veturi.cli import app


def _veturi(*args, data_dir: Path, timeout=600):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["VETURI_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "veturi.cli", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def test_help_lists_every_command_with_one_line():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0, result.output
    for command in ("demo", "serve", "migrate", "manage"):
        assert command in result.output


def test_migrate_creates_the_embedded_database(tmp_path):
    result = _veturi("migrate", "--data-dir", str(tmp_path), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "veturi.sqlite3").exists()
    assert "Database ready" in result.stdout


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """One `veturi demo --no-serve` into a fresh data folder, shared by the tests that read it."""
    data_dir = tmp_path_factory.mktemp("demo")
    result = _veturi("demo", "--no-serve", data_dir=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return data_dir, result


@pytest.fixture
def demo_copy(demo_run, tmp_path):
    """A private copy of the demo data folder, for a test that changes it."""
    shutil.copytree(demo_run[0], tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_demo_prints_the_url_and_the_logins(demo_run):
    output = demo_run[1].stdout
    assert "http://127.0.0.1:8000/" in output
    for username in ("office", "expert", "company", "viewer"):
        assert f"{username}-demo-veturi" in output
    assert "classify stream names" in output


def test_demo_allocates_the_plots_of_its_companies(demo_run):
    import sqlite3

    assert "plot allocation" in demo_run[1].stdout
    with sqlite3.connect(demo_run[0] / "veturi.sqlite3") as connection:
        (status, placements), = connection.execute(
            "select status, (select count(*) from plugplay_allocationplacement where run_id = r.id) from plugplay_allocationrun r"
        ).fetchall()
        requirements = connection.execute("select count(*) from plugplay_plotrequirement").fetchone()[0]
    assert status in ("optimal", "feasible") and placements == requirements > 0


def test_a_second_demo_run_changes_nothing(demo_copy):
    tmp_path = demo_copy
    database = tmp_path / "veturi.sqlite3"
    size_after_first = database.stat().st_size

    import sqlite3

    def snapshot():
        with sqlite3.connect(database) as connection:
            tables = [row[0] for row in connection.execute("select name from sqlite_master where type='table' and name not like 'django_%'")]
            return {table: connection.execute(f'select * from "{table}" order by 1').fetchall() for table in tables}

    before = snapshot()
    second = _veturi("demo", "--no-serve", "--port", "8123", data_dir=tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "http://127.0.0.1:8123/" in second.stdout
    assert snapshot() == before
    assert database.stat().st_size == size_after_first


def test_demo_keeps_what_the_office_changed(demo_copy):
    tmp_path = demo_copy
    import sqlite3

    database = tmp_path / "veturi.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("update organisations_organisation set notes = 'edited by the office' where id = 1")
        connection.execute("delete from streams_resourcestream where id = (select max(id) from streams_resourcestream)")
        streams_before = connection.execute("select count(*) from streams_resourcestream").fetchone()[0]
    assert _veturi("demo", "--no-serve", data_dir=tmp_path).returncode == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("select notes from organisations_organisation where id = 1").fetchone()[0] == "edited by the office"
        # The deleted stream comes back from the demo files; nothing else is touched.
        assert connection.execute("select count(*) from streams_resourcestream").fetchone()[0] == streams_before + 1


def test_a_bad_database_url_is_a_clear_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/nowhere"
    env["VETURI_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "veturi.cli", "migrate"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_manage_runs_a_django_command(tmp_path):
    result = _veturi("manage", "check", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_token_prints_a_working_api_token(demo_copy):
    tmp_path = demo_copy
    first = _veturi("token", "office", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) == 40
    # The same token on a second call, and a clear error for an unknown user.
    assert _veturi("token", "office", data_dir=tmp_path).stdout.strip() == key
    missing = _veturi("token", "nobody", data_dir=tmp_path)
    assert missing.returncode == 1 and "nobody" in missing.stderr
