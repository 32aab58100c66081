"""Faults: the database failing in the middle of an import and of a matching run rolls everything back
with a clear error, and the rerun completes; a `veturi match` killed mid-run leaves the previous
proposals as they were."""

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import OperationalError, connection

from veturi.transfer.entities import ENTITIES
from veturi.transfer.importer import Importer

# django_db is marked per test: the killed-match test runs `veturi` on its own SQLite file and needs
# no test database, so the PostgreSQL pass of the suite skips it (see conftest.py).


@contextmanager
def database_goes_away(table: str, after: int):
    """The connection fails (OperationalError, as when the server is gone) on the `after`-th write to `table`."""
    writes = {"count": 0}

    def wrapper(execute, sql, params, many, context):
        if table in sql and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes["count"] += 1
            if writes["count"] >= after:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield writes


def organisations_csv(count: int) -> bytes:
    spec = ENTITIES["organisations"]
    example = {column.name: column.example for column in spec.columns}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=spec.column_names)
    writer.writeheader()
    for number in range(count):
        writer.writerow({**example, spec.column_names[0]: f"Fault Test {number} Oy", "business_id": ""})
    return out.getvalue().encode()


@pytest.mark.django_db
def test_the_database_going_away_mid_import_saves_nothing_and_a_rerun_completes(users):
    from veturi.organisations.models import Organisation

    data = organisations_csv(30)
    before = Organisation.objects.count()
    with database_goes_away("organisations_", after=2), pytest.raises(OperationalError):
        Importer(users["office"]).run_file(data, "many.csv", entity="organisations", commit=True)
    assert Organisation.objects.count() == before, "a failed import left rows behind"
    report = Importer(users["office"]).run_file(data, "many.csv", entity="organisations", commit=True)
    assert report.committed and report.created["organisations"] == 30, report.problems
    assert Organisation.objects.count() == before + 30


@pytest.mark.django_db
def test_the_import_command_names_the_database_failure(users, tmp_path, capsys):
    from rich.console import Console

    from veturi.organisations.models import Organisation
    from veturi.transfer.commandline import run_import

    path = tmp_path / "many.csv"
    path.write_bytes(organisations_csv(5))
    out, err = io.StringIO(), io.StringIO()
    before = Organisation.objects.count()
    with database_goes_away("organisations_", after=1):
        code = run_import(path, entity="organisations", commit=True, console=Console(file=out), err_console=Console(file=err, width=200))
    assert code == 1
    assert "database" in err.getvalue().lower() and "nothing was saved" in err.getvalue().lower()
    assert Organisation.objects.count() == before


def _proposals():
    from veturi.synergies.models import Proposal

    return sorted(Proposal.objects.values_list("pk", "output_id", "input_id", "score", "status", "stale"))


@pytest.mark.django_db
def test_the_database_going_away_mid_matching_keeps_the_previous_run(park):
    from veturi.synergies.adapters import run_matching
    from veturi.synergies.models import MatchRun
    from veturi.synergies.tests.factories import make_rule

    make_rule()
    first, _ = run_matching(force=True)
    previous, runs = _proposals(), MatchRun.objects.count()
    assert previous, "the park has at least one fly ash -> cement proposal"
    with database_goes_away("synergies_", after=2), pytest.raises(OperationalError):
        run_matching(force=True)
    assert _proposals() == previous and MatchRun.objects.count() == runs
    from rich.console import Console

    from veturi.synergies.commandline import match_database

    err = io.StringIO()
    with database_goes_away("synergies_", after=2):
        code = match_database(top_k=10, console=Console(file=io.StringIO()), err_console=Console(file=err, width=200))
    assert code == 1 and "previous proposals are kept" in err.getvalue()
    assert _proposals() == previous
    rerun, reused = run_matching(force=True)
    assert not reused and rerun.pk != first.pk and rerun.status == "ok"


def _sqlite_proposals(path: Path):
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return sorted(db.execute("SELECT id, output_id, input_id, score, status, stale FROM synergies_proposal").fetchall())


def fault_park_xlsx(path: Path, pairs: int = 40) -> None:
    """Ash producers and cement works, in one workbook the importer reads sheet by sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheets = {name: book.create_sheet(name) for name in ("organisations", "sites", "streams")}
    book.remove(book.active)
    for name, sheet in sheets.items():
        sheet.append(ENTITIES[name].column_names)
    for number in range(pairs):
        for kind, nace in (("Ash", "35.11"), ("Cement", "23.51")):
            organisation = f"{kind} {number} Oy"
            row = {"name": organisation, "kind": "company", "country": "FI", "nace_codes": nace}
            sheets["organisations"].append([row.get(column, "") for column in ENTITIES["organisations"].column_names])
            site = {"organisation": organisation, "name": f"{organisation} plant", "latitude": 61.5 + number / 1000, "longitude": 23.5}
            sheets["sites"].append([site.get(column, "") for column in ENTITIES["sites"].column_names])
            stream = {"organisation": organisation, "site": f"{organisation} plant", "name": "Fly ash", "quantity": 1000 + number, "unit": "t/a",
                      "ewc_code": "10 01 02", "direction": "output" if kind == "Ash" else "input", "kind": "by_product" if kind == "Ash" else "material"}
            sheets["streams"].append([stream.get(column, "") for column in ENTITIES["streams"].column_names])
    book.save(path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL")
def test_a_killed_match_leaves_the_previous_proposals_intact(tmp_path):
    """A real `veturi match` process on its own SQLite database, killed at several points of its run."""
    env = {**os.environ, "VETURI_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "veturi.web.settings"}
    env.pop("DATABASE_URL", None)
    veturi = [sys.executable, "-m", "veturi.cli"]
    fault_park_xlsx(tmp_path / "park.xlsx")
    subprocess.run([*veturi, "migrate"], env=env, check=True, capture_output=True, timeout=300)
    imported = subprocess.run([*veturi, "import", str(tmp_path / "park.xlsx"), "--commit"], env=env, capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    subprocess.run([*veturi, "match"], env=env, check=True, capture_output=True, timeout=300)
    database = next((tmp_path / "data").glob("*.sqlite3"))
    previous = _sqlite_proposals(database)
    assert previous, "the park yields proposals"
    journal = Path(f"{database}-journal")  # exists exactly while a write transaction is open (rollback journal)
    killed_inside = 0
    for after_journal_s in (None, 0.0, 0.02):
        process = subprocess.Popen([*veturi, "match"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if after_journal_s is None:
            time.sleep(1.0)  # during start-up, before anything is written
        else:
            deadline = time.monotonic() + 240
            while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(after_journal_s)
        inside = journal.exists() and process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        killed_inside += inside and process.returncode == -signal.SIGKILL
        # Killed before or inside its transaction: anything else than the previous set is a half-written run.
        assert _sqlite_proposals(database) == previous, f"killed {after_journal_s} s after the journal appeared"
    assert killed_inside >= 1, "no kill landed inside the matching run's write transaction"
    finished = subprocess.run([*veturi, "match"], env=env, capture_output=True, timeout=300)
    assert finished.returncode == 0 and _sqlite_proposals(database) == previous
