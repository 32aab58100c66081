"""`veturi allocate` and `veturi offer`, run as a user would, on the test database."""

import io
import json

import pytest
from openpyxl import load_workbook
from rich.console import Console

from veturi.plugplay import commandline
from veturi.plugplay.tests.factories import plugplay_park

pytestmark = pytest.mark.django_db


def _consoles():
    out, err = io.StringIO(), io.StringIO()
    return Console(file=out, width=200), Console(file=err, width=200), out, err


def test_allocate_prints_json_with_every_placement(park):
    plugplay_park(park)
    console, err_console, out, _err = _consoles()
    assert commandline.allocate_database(time_limit_s=1, seed=0, min_score=None, fmt="json", console=console, err_console=err_console) == 0
    result = json.loads(out.getvalue())
    assert {p["company"] for p in result["placements"]} == {"Alpha Ash Oy", "Beta Cement Oy"}
    assert result["status"] in ("optimal", "feasible")


def test_allocate_refuses_a_bad_format_and_an_empty_park(park):
    console, err_console, _out, err = _consoles()
    assert commandline.allocate_database(time_limit_s=1, seed=0, min_score=None, fmt="csv", console=console, err_console=err_console) == 2
    assert commandline.allocate_database(time_limit_s=1, seed=0, min_score=None, fmt="table", console=console, err_console=err_console) == 1
    assert "plot requirement" in err.getvalue()


def test_offer_writes_a_workbook(park, tmp_path):
    plugplay_park(park)
    console, err_console, _out, err = _consoles()
    target = tmp_path / "offer.xlsx"
    assert commandline.offer_file("Alpha Ash Oy", out=target, console=console, err_console=err_console) == 0
    assert load_workbook(target)["Plots"]["B2"].value in ("T-1", "T-2", "T-3")
    assert commandline.offer_file("Nobody Oy", out=None, console=console, err_console=err_console) == 1
    assert commandline.offer_file("Alpha Ash Oy", out=tmp_path / "offer.doc", console=console, err_console=err_console) == 2
