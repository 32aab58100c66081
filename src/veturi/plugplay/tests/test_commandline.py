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


def _only_live_proposal(objects, score):
    """The park's one flow becomes a live proposal nobody agreed to yet, scoring ``score``."""
    objects["proposal"].status = "proposed"
    objects["proposal"].score = score
    objects["proposal"].save()


def test_allocate_counts_agreed_exchanges_and_says_nothing_when_there_are_some(park):
    plugplay_park(park)
    console, err_console, out, _err = _consoles()
    assert commandline.allocate_database(time_limit_s=1, seed=0, min_score=None, fmt="json", console=console, err_console=err_console) == 0
    result = json.loads(out.getvalue())
    assert (result["min_score"], result["flows"], result["note"]) == (None, 1, None)


def test_allocate_without_agreed_exchanges_uses_the_demo_threshold_and_says_so(park):
    from veturi.plugplay.demo import DEMO_MIN_SCORE
    from veturi.plugplay.models import AllocationRun
    from veturi.plugplay.offers import build_offer

    objects = plugplay_park(park)
    _only_live_proposal(objects, score=DEMO_MIN_SCORE + 0.05)
    console, err_console, out, _err = _consoles()
    assert commandline.allocate_database(time_limit_s=1, seed=0, min_score=None, fmt="table", console=console, err_console=err_console) == 0
    assert "No agreed exchange" in out.getvalue() and f"at least {DEMO_MIN_SCORE:g}" in out.getvalue()
    run = AllocationRun.objects.get()
    assert run.parameters["min_score"] == DEMO_MIN_SCORE and len(run.flows) == 1
    # A later offer counts the same flows: Beta is Alpha's partner.
    assert [p.partner for p in build_offer(park["alpha"]).partners] == [park["beta"]]


def test_allocate_threshold_leaves_out_weaker_proposals_and_min_score_overrides_it(park):
    from veturi.plugplay.demo import DEMO_MIN_SCORE

    objects = plugplay_park(park)
    _only_live_proposal(objects, score=DEMO_MIN_SCORE - 0.05)
    console, err_console, out, _err = _consoles()
    assert commandline.allocate_database(time_limit_s=1, seed=0, min_score=None, fmt="json", console=console, err_console=err_console) == 0
    result = json.loads(out.getvalue())
    assert (result["min_score"], result["flows"]) == (DEMO_MIN_SCORE, 0) and "No agreed exchange" in result["note"]
    console, err_console, out, _err = _consoles()
    assert commandline.allocate_database(time_limit_s=1, seed=0, min_score=0.5, fmt="json", console=console, err_console=err_console) == 0
    result = json.loads(out.getvalue())
    assert (result["min_score"], result["flows"], result["note"]) == (0.5, 1, None)


def test_allocate_refuses_a_min_score_outside_0_to_1(park):
    plugplay_park(park)
    console, err_console, _out, err = _consoles()
    assert commandline.allocate_database(time_limit_s=1, seed=0, min_score=1.5, fmt="table", console=console, err_console=err_console) == 2
    assert "--min-score" in err.getvalue() and "1.5" in err.getvalue()
