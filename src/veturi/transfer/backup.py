"""Back up the whole database and the uploaded files into one versioned zip, and restore it.

An archive holds ``manifest.json`` (format and version, Veturi and Django versions, the
database it came from, the applied migrations, row counts per table and a SHA-256 checksum of
every other file), one ``data/<app>.<model>.json`` per table (Django's JSON serialisation,
primary keys kept, so every foreign key and many-to-many link survives) and the media files
under ``media/``. Every table is included: users with their password hashes, sessions,
permissions and the admin log too.

A restore goes only into an empty database (the one DATABASE_URL names): it migrates the
schema, refuses a database that already holds rows, checks every checksum first, then loads
all tables in one transaction with the rows' original keys, resets PostgreSQL's sequences and
writes the media files. A corrupt or incompatible archive is refused with a clear message and
nothing is changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import defaultdict
from datetime import datetime, time, timezone
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.sql import InsertQuery

import veturi

ARCHIVE_FORMAT = "veturi-backup"
ARCHIVE_VERSION = 1
MANIFEST = "manifest.json"

# Rows that `migrate` itself creates in a new database; the archive's own rows replace them.
_CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """An archive that cannot be made or restored; the message says why."""


def _models():
    """Every concrete table's model, in an order where referenced tables come first."""
    app_list = {config: None for config in apps.get_app_configs() if config.models_module is not None}
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [m for m in ordered if m._meta.managed and not m._meta.proxy and not m._meta.auto_created]


def _label(model) -> str:
    return model._meta.label_lower


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.exists():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file())


class _EveryMicrosecond(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps what the database holds
    (else a restored row differs from its original, and a second backup from the first)."""

    def default(self, o):
        if isinstance(o, datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, time) and not o.utcoffset():
            return o.isoformat()
        return super().default(o)


def create_backup(archive_path, *, media_root=None, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write a backup of the database and the media files to ``archive_path``; return its manifest.

    Parameters
    ----------
    archive_path : str or Path
        The zip file to write (overwritten).
    media_root : str or Path, optional
        The folder of uploaded files; ``settings.MEDIA_ROOT`` by default.
    """
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    archive_path = Path(archive_path)
    connection = connections[using]
    recorder = MigrationRecorder(connection)
    applied = sorted([app, name] for app, name in recorder.applied_migrations())
    counts, checksums = {}, {}
    archive_path.parent.mkdir(parents=True, exist_ok=True)
    with transaction.atomic(using=using), zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for model in _models():
            queryset = model._base_manager.using(using).order_by("pk")
            data = serializers.serialize("json", queryset.iterator(chunk_size=2000), indent=None,
                                         cls=_EveryMicrosecond).encode()
            name = f"data/{_label(model)}.json"
            archive.writestr(name, data)
            counts[_label(model)] = queryset.count()
            checksums[name] = _sha256(data)
        for path in _media_files(media_root):
            data = path.read_bytes()
            name = "media/" + path.relative_to(media_root).as_posix()
            archive.writestr(name, data)
            checksums[name] = _sha256(data)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "format_version": ARCHIVE_VERSION,
            "veturi_version": veturi.__version__,
            "django_version": ".".join(str(part) for part in __import__("django").VERSION[:3]),
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "migrations": applied,
            "tables": list(counts),
            "row_counts": counts,
            "checksums": checksums,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return manifest


def read_archive(archive_path) -> tuple[dict, dict[str, bytes]]:
    """Open an archive, check its manifest and every checksum; return the manifest and the files."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"no archive at {archive_path}")
    try:
        with zipfile.ZipFile(archive_path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names:
                raise BackupError(f"{archive_path.name} is not a Veturi backup: it has no {MANIFEST}")
            try:
                manifest = json.loads(archive.read(MANIFEST))
            except ValueError as exc:
                raise BackupError(f"{archive_path.name} is corrupt: its manifest is not valid JSON") from exc
            _check_manifest(manifest, archive_path.name)
            files = {}
            for name, checksum in manifest["checksums"].items():
                if name not in names:
                    raise BackupError(f"{archive_path.name} is corrupt: {name} is missing")
                data = archive.read(name)
                if _sha256(data) != checksum:
                    raise BackupError(f"{archive_path.name} is corrupt: {name} does not match its checksum")
                files[name] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise BackupError(f"{archive_path.name} is corrupt or not a zip archive ({exc})") from exc
    return manifest, files


def _check_manifest(manifest, archive_name: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(f"{archive_name} is not a Veturi backup")
    version = manifest.get("format_version")
    if version != ARCHIVE_VERSION:
        raise BackupError(
            f"{archive_name} has archive format version {version!r}; this Veturi ({veturi.__version__}) "
            f"restores version {ARCHIVE_VERSION}"
        )
    for key, kind in (("migrations", list), ("row_counts", dict), ("checksums", dict), ("tables", list)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"{archive_name} is corrupt: the manifest has no valid {key!r}")
    for name in manifest["checksums"]:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or path.parts[0] not in {"data", "media"}:
            raise BackupError(f"{archive_name} is corrupt: unsafe file name {name!r}")


def _check_migrations(manifest, connection) -> None:
    known = set(MigrationLoader(connection, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(tuple(pair) for pair in manifest["migrations"] if tuple(pair) not in known)
    if unknown:
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"the archive was made by a newer or different Veturi ({manifest.get('veturi_version')}): "
            f"this one does not know the migrations {shown}"
        )


def non_empty_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tables of the database that hold rows, besides those `migrate` fills by itself."""
    return [
        _label(model)
        for model in _models()
        if _label(model) not in _CREATED_BY_MIGRATE and model._base_manager.using(using).exists()
    ]


def _raw_insert(model, objects, using) -> None:
    """Insert rows exactly as stored: keys kept, no auto_now or save() logic applied."""
    if not objects:
        return
    connection = connections[using]
    fields = model._meta.local_concrete_fields
    batch = max(1, connection.ops.bulk_batch_size(fields, objects) or len(objects))
    for start in range(0, len(objects), batch):
        query = InsertQuery(model)
        query.insert_values(fields, objects[start:start + batch], raw=True)
        query.get_compiler(using=using).execute_sql()


def _check_media_target(files: dict[str, bytes], media_root: Path) -> None:
    for name, data in files.items():
        if not name.startswith("media/"):
            continue
        target = media_root / name[len("media/"):]
        if target.exists() and target.read_bytes() != data:
            raise BackupError(f"the media folder already has a different {target.relative_to(media_root)}; restore into an empty one")


def restore_backup(archive_path, *, media_root=None, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Restore an archive into the empty database ``using`` and the media folder; return row counts.

    Raises
    ------
    BackupError
        For a corrupt or incompatible archive, or a database that is not empty.
    """
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    manifest, files = read_archive(archive_path)
    connection = connections[using]
    _check_migrations(manifest, connection)
    call_command("migrate", interactive=False, verbosity=0, database=using)
    occupied = non_empty_tables(using)
    if occupied:
        raise BackupError(
            f"the database is not empty ({', '.join(occupied[:5])}{' …' if len(occupied) > 5 else ''} hold rows); "
            "restore only into an empty database"
        )
    _check_media_target(files, media_root)
    models_by_label = {_label(model): model for model in _models()}
    unknown_tables = [label for label in manifest["tables"] if label not in models_by_label]
    if unknown_tables:
        raise BackupError(f"the archive has tables this Veturi does not know: {', '.join(unknown_tables[:5])}")
    counts = {}
    with transaction.atomic(using=using):
        for label in _CREATED_BY_MIGRATE:
            models_by_label[label]._base_manager.using(using).all().delete()
        with connection.constraint_checks_disabled():
            for label in manifest["tables"]:
                counts[label] = _load_table(models_by_label[label], files[f"data/{label}.json"], using)
        tables = [m._meta.db_table for m in models_by_label.values()]
        try:
            connection.check_constraints(table_names=tables)
        except Exception as exc:
            raise BackupError(f"the archive's rows do not fit together: {exc}") from exc
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), _models_with_through(models_by_label.values())):
                cursor.execute(statement)
    for label, expected in manifest["row_counts"].items():
        if counts.get(label) != expected:
            raise BackupError(f"{label}: the archive lists {expected} rows but holds {counts.get(label)}")
    for name, data in files.items():
        if name.startswith("media/"):
            target = media_root / name[len("media/"):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return counts


def _models_with_through(models):
    found = list(models)
    for model in models:
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                found.append(field.remote_field.through)
    return found


def _load_table(model, data: bytes, using: str) -> int:
    try:
        objects = list(serializers.deserialize("json", io.BytesIO(data), using=using, ignorenonexistent=False))
    except serializers.base.DeserializationError as exc:
        raise BackupError(f"{_label(model)} cannot be read by this Veturi (incompatible archive): {exc}") from exc
    rows, links = [], defaultdict(list)
    for deserialized in objects:
        instance = deserialized.object
        if type(instance) is not model:
            raise BackupError(f"{_label(model)} holds a row of {_label(type(instance))}: the archive is corrupt")
        rows.append(instance)
        for field_name, targets in (deserialized.m2m_data or {}).items():
            field = model._meta.get_field(field_name)
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue  # an explicit through model is a table of its own in the archive
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            for target_pk in targets:
                links[through].append(through(**{f"{source}_id": instance.pk, f"{target}_id": target_pk}))
    _raw_insert(model, rows, using)
    for through, through_rows in links.items():
        through._default_manager.using(using).bulk_create(through_rows, batch_size=1000)
    return len(rows)
