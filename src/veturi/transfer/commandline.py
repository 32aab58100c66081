"""The work behind `veturi import`, `veturi export`, `veturi backup` and `veturi restore`.

Each function prints to a rich console and returns the process exit code (0 on success), so
the commands in veturi.cli stay a few lines each.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from veturi.transfer.entities import ENTITY_ORDER
from veturi.transfer.exporter import FORMATS

MAX_PROBLEMS_PRINTED = 200


def run_import(path: Path, *, entity: str | None, commit: bool, console: Console, err_console: Console) -> int:
    from veturi.transfer.importer import Importer

    if entity is not None and entity not in ENTITY_ORDER:
        err_console.print(f"[bold red]Error:[/] --entity must be one of {', '.join(ENTITY_ORDER)}; got {entity!r}")
        return 2
    if not path.is_file():
        err_console.print(f"[bold red]Error:[/] no file at {path}")
        return 2
    from django.db import DatabaseError

    try:
        with console.status(f"Checking {path.name}…"):
            report = Importer(None).run_file(path.read_bytes(), path.name, entity=entity, commit=commit)
    except DatabaseError as exc:  # the server went away mid-import: the transaction was rolled back
        err_console.print(f"[bold red]Error:[/] the database failed during the import ({exc}); nothing was saved. Run it again.")
        return 1
    counts = Table(title=f"{path.name} ({report.seconds:.1f} s)", show_edge=False)
    for column in ("records", "rows", "new", "updated"):
        counts.add_column(column, justify="right" if column != "records" else "left")
    for name in ENTITY_ORDER:
        if report.rows[name]:
            counts.add_row(name, str(report.rows[name]), str(report.created[name]), str(report.updated[name]))
    console.print(counts)
    if report.problems:
        problems = Table(title=f"{len(report.problems)} problems: nothing was saved", show_edge=False)
        for column in ("sheet", "row", "field", "problem"):
            problems.add_column(column)
        for problem in report.problems[:MAX_PROBLEMS_PRINTED]:
            problems.add_row(problem.sheet, "" if problem.row is None else str(problem.row), problem.field, problem.message)
        console.print(problems)
        if len(report.problems) > MAX_PROBLEMS_PRINTED:
            console.print(f"… and {len(report.problems) - MAX_PROBLEMS_PRINTED} more")
        return 1
    if report.committed:
        console.print(f"[green]Imported:[/] {report.summary()}")
    else:
        console.print(f"[green]No problems.[/] Dry run only: {report.summary()}. Run again with --commit to save.")
    return 0


def run_export(format: str, out: Path, *, username: str | None, console: Console, err_console: Console) -> int:
    from veturi.accounts.models import User
    from veturi.transfer.exporter import export

    if format not in FORMATS:
        err_console.print(f"[bold red]Error:[/] --format must be one of {', '.join(FORMATS)}; got {format!r}")
        return 2
    user = None
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            err_console.print(f"[bold red]Error:[/] no user {username!r}")
            return 2
    data = export(user, format)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    console.print(f"[green]Exported[/] {format} to {out} ({len(data):,} bytes{'' if user is None else f', as {username}'})")
    return 0


def run_backup(archive: Path, *, console: Console, err_console: Console) -> int:
    from veturi.transfer.backup import BackupError, create_backup

    try:
        with console.status("Backing up…"):
            manifest = create_backup(archive)
    except (BackupError, OSError) as exc:
        err_console.print(f"[bold red]Error:[/] {exc}")
        return 1
    rows = sum(manifest["row_counts"].values())
    media = sum(1 for name in manifest["checksums"] if name.startswith("media/"))
    console.print(f"[green]Backed up[/] {rows} rows in {len(manifest['row_counts'])} tables and {media} files to {archive}")
    return 0


def run_restore(archive: Path, *, console: Console, err_console: Console) -> int:
    from veturi.transfer.backup import BackupError, restore_backup

    try:
        with console.status("Restoring…"):
            counts = restore_backup(archive)
    except BackupError as exc:
        err_console.print(f"[bold red]Error:[/] {exc}; nothing was restored")
        return 1
    console.print(f"[green]Restored[/] {sum(counts.values())} rows in {len(counts)} tables from {archive}")
    return 0
