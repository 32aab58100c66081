"""The demo's scenarios: made once over the roadmap, simulated, never overwriting the office's edits."""

import pytest

from veturi import analyses
from veturi.scenarios.demo import load_demo_scenarios
from veturi.scenarios.models import Assumption, Scenario, SimulationResult

pytestmark = pytest.mark.django_db


def test_it_is_registered_last_among_the_demo_analyses():
    assert analyses.ANALYSES[-1][0] == "scenarios"


def test_without_a_roadmap_it_skips(db):
    assert load_demo_scenarios() == "no roadmap yet: scenarios skipped"
    assert not Scenario.objects.exists()


def test_it_makes_and_simulates_two_scenarios_once(plan):
    summary = load_demo_scenarios()
    assert summary.startswith("1 made, 1 kept")  # the plan already has a "Base case"
    slow = Scenario.objects.get(external_id="demo-slow-start")
    kinds = {a.activity.kind: a for a in slow.assumptions.select_related("activity")}
    assert kinds["locomotive_settles"].probability == 0.55 and kinds["exchange_starts"].quantity_distribution == "triangular"
    assert SimulationResult.objects.filter(scenario=slow, runs=10_000).count() == 1
    slow.assumptions.filter(activity__kind="locomotive_settles").update(probability=0.9)
    again = load_demo_scenarios()
    assert again.startswith("0 made, 2 kept")
    assert Assumption.objects.get(scenario=slow, activity__kind="locomotive_settles").probability == 0.9
    assert SimulationResult.objects.filter(scenario=slow).count() == 2  # changed: simulated again
    load_demo_scenarios()
    assert SimulationResult.objects.filter(scenario=slow).count() == 2  # unchanged: kept
