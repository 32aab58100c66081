"""`veturi import` and `veturi export`, run in-process on the test database."""

import json

import pytest
from typer.testing import CliRunner

from veturi.cli import app
from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db

ROWS = "organisation,direction,kind,name,quantity,unit,external_id\nAlpha Ash Oy,output,by_product,Boiler slag,120,t/a,slag-1\n"


def _run(*args):
    return CliRunner().invoke(app, list(args))


def test_import_is_a_dry_run_by_default_and_commit_saves(park, tmp_path):
    path = tmp_path / "streams.csv"
    path.write_text(ROWS)
    dry = _run("import", str(path))
    assert dry.exit_code == 0, dry.output
    assert "Dry run only" in dry.output and not ResourceStream.objects.filter(external_id="slag-1").exists()
    saved = _run("import", str(path), "--commit")
    assert saved.exit_code == 0, saved.output
    assert ResourceStream.objects.filter(external_id="slag-1").count() == 1


def test_import_lists_problems_by_row_and_field_and_exits_non_zero(park, tmp_path):
    path = tmp_path / "streams.csv"
    path.write_text(ROWS.replace("t/a", "parsecs"))
    result = _run("import", str(path), "--commit", "--entity", "streams")
    assert result.exit_code == 1
    assert "unit" in result.output and "nothing was saved" in result.output
    assert not ResourceStream.objects.filter(external_id="slag-1").exists()


def test_import_refuses_an_unknown_entity_and_a_missing_file(park, tmp_path):
    assert _run("import", str(tmp_path / "none.csv")).exit_code == 2
    path = tmp_path / "x.csv"
    path.write_text(ROWS)
    assert _run("import", str(path), "--entity", "spaceships").exit_code == 2


def test_export_writes_the_package_as_a_user_sees_it(park, users, tmp_path):
    out = tmp_path / "package.json"
    result = _run("export", "--format", "package", "--out", str(out), "--as-user", "viewer")
    assert result.exit_code == 0, result.output
    names = {stream["name"] for stream in json.loads(out.read_text())["streams"]}
    assert "Alpha public bottom ash" in names and "Alpha secret fly ash" not in names
    assert _run("export", "--format", "package", "--out", str(out)).exit_code == 0
    assert "Alpha secret fly ash" in out.read_text()


def test_export_refuses_an_unknown_format(park, tmp_path):
    assert _run("export", "--format", "pdf", "--out", str(tmp_path / "x")).exit_code == 2
