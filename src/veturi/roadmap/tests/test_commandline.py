"""`veturi roadmap` on the stored data: solve with progress, table and JSON, clear errors."""

import io
import json

import pytest
from rich.console import Console

from veturi.roadmap import commandline
from veturi.roadmap.models import RoadmapSolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def consoles():
    out, err = io.StringIO(), io.StringIO()
    return Console(file=out, width=200), Console(file=err, width=200), out, err


def _run(consoles, **options):
    console, err_console, _, _ = consoles
    values = {"roadmap_id": None, "solve": False, "time_limit_s": None, "seed": 0, "fmt": "table"}
    values.update(options)
    return commandline.roadmap_command(console=console, err_console=err_console, **values)


def test_solve_as_json_reports_status_bound_gap_and_starts(roadmap, consoles):
    assert _run(consoles, solve=True, time_limit_s=5, fmt="json") == 0
    data = json.loads(consoles[2].getvalue())
    assert data["status"] == "optimal" and data["bound"] == data["objective_value"] and data["gap_percent"] == 0
    starts = {a["name"]: a for a in data["activities"]}
    assert starts["Ash exchanges start"]["start_month"] >= starts["Build the heat branch"]["finish_month"]
    assert data["critical_path"] == ["Build the heat branch", "Ash exchanges start"]
    assert RoadmapSolve.objects.count() == 1


def test_the_table_shows_the_latest_plan_without_solving_again(roadmap, consoles):
    _run(consoles, solve=True, time_limit_s=5)
    assert _run(consoles) == 0
    assert "Build the heat branch" in consoles[2].getvalue() and "optimal" in consoles[2].getvalue()
    assert RoadmapSolve.objects.count() == 1


def test_an_infeasible_roadmap_lists_the_conflicts_and_exits_3(roadmap, consoles):
    resource = roadmap.resources.get()
    resource.yearly_limits = [1.0, 1.0]
    resource.save()
    assert _run(consoles, solve=True, time_limit_s=5) == 3
    assert "Office staff time limit 1 in year 1" in consoles[2].getvalue()


def test_bad_options_are_refused(roadmap, consoles):
    assert _run(consoles, fmt="xml") == 2 and "--format 'xml'" in consoles[3].getvalue()
    assert _run(consoles, time_limit_s=-1) == 2
    assert _run(consoles, roadmap_id=999) == 1 and "no roadmap 999" in consoles[3].getvalue()
    assert _run(consoles) == 1 and "has not been solved yet" in consoles[3].getvalue()
