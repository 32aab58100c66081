"""Backup and restore: a round trip into an empty database of the suite's kind, and clear refusals.

The round trip backs up the test database in-process, restores the archive with `veturi restore`
into a new, empty database (a SQLite file, or a new PostgreSQL database on the suite's server)
and backs that up with `veturi backup`: both archives must hold the same rows and files.
"""

import json
import os
import subprocess
import sys
import uuid
import zipfile
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission

from veturi.transfer.backup import BackupError, create_backup, read_archive, restore_backup

pytestmark = pytest.mark.django_db


@contextmanager
def _empty_database(tmp_path):
    """A URL of a new, empty database of the same kind as the suite's."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"veturi_restore_{uuid.uuid4().hex[:12]}"
    params = {"host": database.get("HOST") or "127.0.0.1", "port": database.get("PORT") or 5432,
              "user": database.get("USER"), "password": database.get("PASSWORD") or None, "dbname": "postgres"}
    with psycopg.connect(**params, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{params['password']}" if params["password"] else ""
        yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _veturi(*args, database_url, data_dir):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database_url, VETURI_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "veturi.cli", *args], capture_output=True, text=True, env=env, timeout=300)


def _contents(archive_path):
    manifest, files = read_archive(archive_path)
    data = {name: json.loads(content) for name, content in files.items() if name.startswith("data/")}
    media = {name: content for name, content in files.items() if name.startswith("media/")}
    return manifest, data, media


@pytest.fixture
def rich_park(park, users, settings, tmp_path):
    """The test park with users, a group with permissions (many-to-many rows) and an uploaded file."""
    group = Group.objects.create(name="Facilitators")
    group.permissions.set(Permission.objects.filter(codename__in=["add_organisation", "change_organisation"]))
    users["expert"].groups.add(group)
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "attachments").mkdir(parents=True)
    (settings.MEDIA_ROOT / "attachments" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes of the kick-off")
    return park


def test_a_backup_restores_into_an_empty_database_with_nothing_lost(rich_park, users, tmp_path):
    first = tmp_path / "first.zip"
    manifest = create_backup(first)
    assert manifest["row_counts"]["streams.resourcestream"] == 5
    assert manifest["row_counts"]["accounts.user"] == 5
    with _empty_database(tmp_path) as url:
        restored = _veturi("restore", str(first), database_url=url, data_dir=tmp_path / "restored")
        assert restored.returncode == 0, restored.stdout + restored.stderr
        second = tmp_path / "second.zip"
        backed_up = _veturi("backup", str(second), database_url=url, data_dir=tmp_path / "restored")
        assert backed_up.returncode == 0, backed_up.stdout + backed_up.stderr
        # New rows get new keys: the restore moved PostgreSQL's sequences past the restored keys.
        new_rows = tmp_path / "organisations.csv"
        new_rows.write_text("name,business_id\nGamma Bio Oy,0112038-9\n")
        imported = _veturi("import", str(new_rows), "--commit", database_url=url, data_dir=tmp_path / "restored")
        assert imported.returncode == 0, imported.stdout + imported.stderr
    manifest_1, data_1, media_1 = _contents(first)
    manifest_2, data_2, media_2 = _contents(second)
    assert manifest_2["row_counts"] == manifest_1["row_counts"]
    assert data_2 == data_1
    assert media_2 == media_1 == {"media/attachments/minutes.pdf": b"%PDF-1.4 minutes of the kick-off"}
    user_rows = {row["fields"]["username"]: row["fields"] for row in data_2["data/accounts.user.json"]}
    assert user_rows["expert"]["password"] == users["expert"].password
    assert user_rows["expert"]["groups"] and user_rows["company"]["organisation"] == rich_park["alpha"].pk


def _archive(tmp_path, **changes):
    path = tmp_path / "archive.zip"
    create_backup(path, media_root=tmp_path / "no-media")
    if not changes:
        return path
    with zipfile.ZipFile(path) as source:
        files = {name: source.read(name) for name in source.namelist()}
    manifest = json.loads(files["manifest.json"])
    if "manifest" in changes:
        manifest.update(changes["manifest"])
    files["manifest.json"] = json.dumps(manifest).encode()
    files.update(changes.get("files", {}))
    for name in changes.get("drop", []):
        files.pop(name)
    with zipfile.ZipFile(path, "w") as target:
        for name, content in files.items():
            target.writestr(name, content)
    return path


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "backup.zip"
    path.write_bytes(b"this is not a zip")
    with pytest.raises(BackupError, match="corrupt or not a zip"):
        read_archive(path)


def test_a_zip_without_manifest_is_not_a_backup(tmp_path, park):
    path = _archive(tmp_path, drop=["manifest.json"])
    with pytest.raises(BackupError, match="not a Veturi backup"):
        read_archive(path)


def test_a_changed_table_fails_its_checksum(tmp_path, park):
    path = _archive(tmp_path, files={"data/streams.resourcestream.json": b"[]"})
    with pytest.raises(BackupError, match="does not match its checksum"):
        read_archive(path)


def test_a_missing_table_is_corrupt(tmp_path, park):
    path = _archive(tmp_path, drop=["data/plots.plot.json"])
    with pytest.raises(BackupError, match="plots.plot.json is missing"):
        read_archive(path)


def test_a_newer_archive_format_is_incompatible(tmp_path, park):
    path = _archive(tmp_path, manifest={"format_version": 99})
    with pytest.raises(BackupError, match="format version 99"):
        restore_backup(path)


def test_an_archive_with_unknown_migrations_is_incompatible(tmp_path, park):
    migrations = [["streams", "0001_initial"], ["streams", "0099_from_the_future"]]
    path = _archive(tmp_path, manifest={"migrations": migrations})
    with pytest.raises(BackupError, match="0099_from_the_future"):
        restore_backup(path)


def test_a_database_with_rows_is_refused(tmp_path, park):
    path = _archive(tmp_path)
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(path, media_root=tmp_path / "media")


def test_unsafe_file_names_are_refused(tmp_path, park):
    path = _archive(tmp_path, manifest={"checksums": {"../evil": "0"}})
    with pytest.raises(BackupError, match="unsafe file name"):
        read_archive(path)


def test_the_restore_command_refuses_a_database_with_rows(tmp_path, park):
    from typer.testing import CliRunner

    from veturi.cli import app

    path = _archive(tmp_path)
    result = CliRunner().invoke(app, ["restore", str(path)])
    assert result.exit_code == 1
    assert "not empty" in result.output and "nothing was restored" in result.output


def test_the_backup_command_reports_what_it_wrote(tmp_path, park):
    from typer.testing import CliRunner

    from veturi.cli import app

    result = CliRunner().invoke(app, ["backup", str(tmp_path / "b.zip")])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    manifest, _files = read_archive(tmp_path / "b.zip")
    assert manifest["row_counts"]["organisations.organisation"] == 3


def test_a_backup_keeps_every_microsecond_of_a_time(tmp_path, park):
    """Django's JSON keeps milliseconds: 12:00:00.000400 came back as 12:00:00 and a second
    backup of the restored database differed from the first."""
    import datetime as dt

    from django.core import serializers

    from veturi.audit.models import AuditEntry

    at = dt.datetime(2026, 11, 27, 12, 0, 0, 400, tzinfo=dt.timezone.utc)
    entry = AuditEntry.objects.create(action="create", at=at)  # the log is append-only
    create_backup(tmp_path / "b.zip")
    _manifest, files = read_archive(tmp_path / "b.zip")
    restored = {item.object.pk: item.object.at for item in serializers.deserialize(
        "json", files["data/audit.auditentry.json"])}
    assert restored[entry.pk] == at
    assert b"2026-11-27T12:00:00.000400Z" in files["data/audit.auditentry.json"]

