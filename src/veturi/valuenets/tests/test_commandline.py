"""`veturi networks` and `veturi locomotives` on the stored data: table and JSON, bad options refused."""

import io
import json

import pytest
from rich.console import Console

from veturi.synergies.tests.factories import synergy_objects
from veturi.valuenets import commandline

pytestmark = pytest.mark.django_db


@pytest.fixture
def consoles():
    out, err = io.StringIO(), io.StringIO()
    return Console(file=out, width=200), Console(file=err, width=200), out, err


@pytest.fixture
def proposal(park):
    return synergy_objects(park)["proposal"]


def test_networks_as_json_list_the_fields_the_issue_names(proposal, consoles):
    console, err_console, out, _ = consoles
    assert commandline.networks(fmt="json", console=console, err_console=err_console) == 0
    networks = json.loads(out.getvalue())
    community = next(n for n in networks if n["method"] == "community")
    assert {"name", "members", "exchanges", "locomotive", "value_eur_per_year", "co2_t_per_year", "maturity"} <= set(community)
    assert sorted(community["members"]) == ["Alpha Ash Oy", "Beta Cement Oy"]
    assert community["exchanges"] == 1 and community["maturity"]["proposed"] == 1 and len(community["locomotive"]) == 1


def test_networks_as_a_table(proposal, consoles):
    console, err_console, out, _ = consoles
    assert commandline.networks(fmt="table", console=console, err_console=err_console) == 0
    assert "Value networks" in out.getvalue() and "50,000" in out.getvalue()


def test_locomotives_as_json_with_rank_organisation_score_and_criteria(proposal, consoles):
    console, err_console, out, _ = consoles
    assert commandline.locomotives(fmt="json", method="promethee", console=console, err_console=err_console) == 0
    rows = json.loads(out.getvalue())
    assert [r["rank"] for r in rows] == [1, 2]
    assert {r["organisation"] for r in rows} == {"Alpha Ash Oy", "Beta Cement Oy"}
    assert -1 <= rows[0]["score"] <= 1 and "symbiosis_value" in rows[0]["criteria"]


def test_locomotives_as_a_table(proposal, consoles):
    console, err_console, out, _ = consoles
    assert commandline.locomotives(fmt="table", method="topsis", console=console, err_console=err_console) == 0
    assert "TOPSIS" in out.getvalue() and "Beta Cement Oy" in out.getvalue()


@pytest.mark.parametrize("call, message", [
    (lambda c, e: commandline.networks(fmt="xml", console=c, err_console=e), "--format 'xml' is not one of table, json"),
    (lambda c, e: commandline.locomotives(fmt="json", method="electre", console=c, err_console=e), "--method 'electre' is not one of topsis, promethee"),
])
def test_bad_options_are_refused(proposal, consoles, call, message):
    console, err_console, out, err = consoles
    assert call(console, err_console) == 2
    assert message in err.getvalue() and out.getvalue() == ""


def test_too_few_candidates_is_a_clear_error(db, consoles):
    console, err_console, _, err = consoles
    assert commandline.locomotives(fmt="json", method="topsis", console=console, err_console=err_console) == 1
    assert "at least 2 candidate companies" in err.getvalue()
