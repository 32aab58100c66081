"""Scenario rows to the engine and back: planned starts, impacts, assumptions, stored results."""

import pytest

from veturi.roadmap.models import RoadmapSolve
from veturi.scenarios.adapters import ScenarioInputError, scenario_to_engine, simulate_and_store
from veturi.scenarios.models import Assumption, Scenario

pytestmark = pytest.mark.django_db


def test_the_engine_scenario_follows_the_plan_and_the_assumptions(plan):
    built = scenario_to_engine(plan["scenario"])
    engine = built.scenario
    by_name = {a.name: a for a in engine.activities}
    exchanges = by_name["Digestate exchanges start"]
    assert exchanges.start_month == 18 and exchanges.predecessors == ("Biogas plant settles",)
    # 1000 t of waste diverted, 80 % of which would otherwise have been incinerated.
    assert exchanges.impacts["waste_diverted_incineration_t"] == pytest.approx(800)
    assert exchanges.impacts["waste_diverted_landfill_t"] == pytest.approx(200)
    assert exchanges.impacts["synergies_realised"] == 1
    assert by_name["Biogas plant settles"].impacts["land_use_ha"] == 4
    assert [(o.target, o.probability) for o in engine.occurrences] == [("Biogas plant settles", 0.7)]
    assert engine.delays[0].distribution.as_dict() == {"kind": "triangular", "low": 0.0, "mode": 3.0, "high": 12.0}
    assert engine.start_year == 2027 and engine.years == 5
    assert "solve of" in built.plan and built.notes == []


def test_without_a_solved_plan_the_earliest_starts_are_used_and_said(plan):
    RoadmapSolve.objects.all().delete()
    built = scenario_to_engine(plan["scenario"])
    assert {a.start_month for a in built.scenario.activities} == {0}
    assert any("no solved plan" in note for note in built.notes)


def test_a_stored_simulation_keeps_its_figures_and_an_unchanged_one_is_reused(plan, users):
    result, reused = simulate_and_store(plan["scenario"], user=users["office"])
    assert not reused and result.runs == 2000 and result.years == [2027, 2028, 2029, 2030, 2031]
    co2 = result.result["kpis"]["co2_avoided_t"]
    # The exchanges start at month 18 at the earliest and finish at month 24: nothing in 2027-2028.
    assert co2["p95"][:2] == [0.0, 0.0] and co2["p95"][4] == pytest.approx(1200)
    # The locomotive comes with probability 0.7, so the median of the last year is 1200, p5 is 0.
    assert co2["p50"][4] == pytest.approx(1200) and co2["p5"][4] == 0
    again, reused = simulate_and_store(plan["scenario"], reuse=True)
    assert reused and again.pk == result.pk
    plan["scenario"].seed = 6
    plan["scenario"].save()
    assert simulate_and_store(plan["scenario"], reuse=True)[1] is False


def test_a_scenario_without_roadmap_is_refused_with_a_clear_message(db):
    with pytest.raises(ScenarioInputError, match="no roadmap"):
        scenario_to_engine(Scenario.objects.create(name="Empty"))


def test_a_network_assumption_outside_the_roadmap_is_ignored_and_said(plan):
    from veturi.valuenets.models import ValueNetwork

    network = ValueNetwork.objects.create(key="n1", name="Ash", engine_name="Ash", method="community")
    Assumption.objects.create(scenario=plan["scenario"], network=network, probability=0.5)
    notes = scenario_to_engine(plan["scenario"]).notes
    assert any("network 'Ash' ignored" in note for note in notes)


def test_a_network_assumption_decides_for_all_its_activities(plan):
    from veturi.valuenets.models import ValueNetwork

    network = ValueNetwork.objects.create(key="n1", name="Biogas", engine_name="Biogas", method="community")
    plan["locomotive"].network = network
    plan["locomotive"].save()
    plan["exchanges"].network = network
    plan["exchanges"].save()
    plan["assumption"].delete()
    Assumption.objects.create(scenario=plan["scenario"], network=network, probability=0.5)
    engine = scenario_to_engine(plan["scenario"]).scenario
    assert [(o.target, o.probability) for o in engine.occurrences] == [(f"network#{network.pk}", 0.5)]
    assert {a.group for a in engine.activities if a.name != "Heat network extension"} == {f"network#{network.pk}"}


def test_realised_synergies_count_each_output_once_across_overlapping_networks(park, plan):
    from veturi.roadmap.models import ActivityKind, PlannedActivity, RoadmapActivity
    from veturi.synergies.tests.factories import synergy_objects
    from veturi.valuenets.models import ValueNetwork

    proposal = synergy_objects(park)["proposal"]
    first = ValueNetwork.objects.create(key="a", name="A", engine_name="A", method="community", exchanges=[proposal.pk])
    second = ValueNetwork.objects.create(key="b", name="B", engine_name="B", method="community", exchanges=[proposal.pk])
    plan["exchanges"].network = first
    plan["exchanges"].save()
    later = RoadmapActivity.objects.create(roadmap=plan["roadmap"], name="B exchanges start", kind=ActivityKind.EXCHANGE_STARTS,
                                           network=second, duration_months=6)
    PlannedActivity.objects.create(solve=plan["solve"], activity=later, start_month=30, finish_month=36)
    by_name = {a.name: a for a in scenario_to_engine(plan["scenario"]).scenario.activities}
    assert by_name["Digestate exchanges start"].impacts["synergies_realised"] == 1
    assert "synergies_realised" not in by_name["B exchanges start"].impacts  # its one output is already counted
