"""`veturi match`: with a package file no database is touched; without, the stored data are matched and saved."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from veturi.cli import app

PACKAGE = {
    "organisations": [
        {"id": "power", "name": "Power plant", "nace": "35.11", "lat": 61.50, "lon": 23.50},
        {"id": "cement", "name": "Cement works", "nace": "23.51", "lat": 61.52, "lon": 23.55},
    ],
    "streams": [
        {"id": "ash", "organisation": "power", "direction": "output", "name": "Fly ash", "ewc": "10 01 02", "quantity": 20000, "unit": "t/a"},
        {"id": "raw", "organisation": "cement", "direction": "input", "name": "Cement raw materials", "quantity": 50000, "unit": "t/a"},
    ],
}


@pytest.fixture
def package(tmp_path):
    path = tmp_path / "park.json"
    path.write_text(json.dumps(PACKAGE))
    return path


def test_a_package_as_json_csv_and_table(package, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["match", str(package), "--top", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    proposals = json.loads(result.output)["proposals"]
    assert (proposals[0]["output"], proposals[0]["input"], proposals[0]["rank"]) == ("ash", "raw", 1)
    out = tmp_path / "result.csv"
    assert runner.invoke(app, ["match", str(package), "--format", "csv", "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[0]["output"] == "ash" and float(rows[0]["score"]) > 0
    table = runner.invoke(app, ["match", str(package), "--format", "table"])
    assert table.exit_code == 0 and "Fly ash" in table.output


def test_bad_input_is_a_clear_error(package, tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**PACKAGE, "streams": [{**PACKAGE["streams"][0], "direction": "out"}]}))
    result = runner.invoke(app, ["match", str(bad)])
    assert result.exit_code == 1 and "direction" in result.output and "ash" in result.output
    wrong_format = runner.invoke(app, ["match", str(package), "--format", "xml"])
    assert wrong_format.exit_code == 2 and "--format" in wrong_format.output


@pytest.mark.django_db
def test_without_a_package_the_stored_data_are_matched_and_saved(park, capsys):
    from rich.console import Console

    from veturi.synergies.commandline import match_database
    from veturi.synergies.models import MatchRun, Proposal
    from veturi.synergies.tests.factories import make_rule

    make_rule()
    console = Console(file=io.StringIO(), width=160)
    assert match_database(top_k=5, console=console, err_console=console) == 0
    output = console.file.getvalue()
    run = MatchRun.objects.get()
    assert f"Matching run #{run.pk}" in output and "Alpha secret fly ash" in output
    assert Proposal.objects.filter(run=run).count() == run.proposals >= 1
