"""`veturi scenario` on the stored data: table and JSON, progress, bad options refused."""

import io
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from veturi.scenarios import commandline
from veturi.scenarios.models import SimulationResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def consoles():
    out, err = io.StringIO(), io.StringIO()
    return Console(file=out, width=200), Console(file=err, width=200), out, err


def test_json_gives_the_yearly_percentiles_and_stores_the_result(plan, consoles):
    console, err_console, out, _ = consoles
    assert commandline.scenario("Base case", runs=3000, seed=9, fmt="json", console=console, err_console=err_console) == 0
    [data] = json.loads(out.getvalue())
    assert data["runs"] == 3000 and data["seed"] == 9 and data["years"][0] == 2027
    assert set(data["kpis"]["co2_avoided_t"]) == {"p5", "p25", "p50", "p75", "p95", "mean"}
    assert SimulationResult.objects.get().runs == 3000


def test_the_same_seed_gives_the_same_figures(plan, consoles):
    console, err_console, out, _ = consoles
    commandline.scenario(None, runs=1000, seed=3, fmt="json", console=console, err_console=err_console)
    first = json.loads(out.getvalue())[0]["kpis"]
    out.truncate(0), out.seek(0)
    commandline.scenario(None, runs=1000, seed=3, fmt="json", console=console, err_console=err_console)
    assert json.loads(out.getvalue())[0]["kpis"] == first


def test_a_table_per_scenario(plan, consoles):
    console, err_console, out, err = consoles
    assert commandline.scenario(None, runs=None, seed=None, fmt="table", console=console, err_console=err_console) == 0
    text = out.getvalue()
    assert "Base case" in text and "CO2 = CO2 avoided (t/a)" in text and "2031" in text and "2,000 runs" in text
    assert "Base case" in err.getvalue()  # the progress bar


@pytest.mark.parametrize(("name", "options", "message"), [
    ("Nope", {}, "no scenario called 'Nope'; the scenarios are: Base case"),
    (None, {"fmt": "xml"}, "--format 'xml' is not one of table, json"),
    (None, {"runs": 0}, "--runs must be from 1"),
    (None, {"seed": -1}, "--seed must be 0 or more"),
])
def test_bad_input_exits_non_zero_with_a_clear_message(plan, consoles, name, options, message):
    console, err_console, _, err = consoles
    arguments = {"runs": None, "seed": None, "fmt": "table", **options}
    assert commandline.scenario(name, console=console, err_console=err_console, **arguments) == 2
    assert message in err.getvalue() and not SimulationResult.objects.exists()


def test_the_command_is_wired_into_veturi(plan, monkeypatch):
    from veturi import cli

    monkeypatch.setattr(cli, "_setup_django", lambda data_dir=None: None)
    monkeypatch.setattr(cli, "_migrate", lambda: None)
    result = CliRunner().invoke(cli.app, ["scenario", "Base case", "--runs", "500", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout[result.stdout.index("["):])[0]["runs"] == 500
    assert CliRunner().invoke(cli.app, ["scenario", "Missing"]).exit_code == 2
