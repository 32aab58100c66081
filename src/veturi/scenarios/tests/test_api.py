"""The scenarios API per role: staff read, write and simulate; viewers read simulated KPIs only; companies 403;
bad input names the field."""

import pytest

from veturi.jobs.worker import run_pending
from veturi.scenarios.adapters import simulate_and_store
from veturi.scenarios.models import Assumption, Scenario, SimulationResult

pytestmark = pytest.mark.django_db


def _results(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_staff_read_scenarios_with_assumptions_results_and_the_framework(client, users, plan):
    simulate_and_store(plan["scenario"])
    for role in ("office", "expert"):
        client.force_login(users[role])
        scenario = _results(client.get("/api/scenarios/"))[0]
        assert scenario["latest_result"]["years"] == [2027, 2028, 2029, 2030, 2031]
        assert "Biogas plant settles" in scenario["latest_result"]["activity_probability"]
        assert _results(client.get("/api/scenario-assumptions/"))[0]["probability"] == 0.7
        framework = client.get("/api/kpi-framework/").json()
        assert {row["category"] for row in framework["indicators"]} == {"management", "environmental", "social", "economic"}
        assert framework["counts"]["environmental"]["no_data"] >= 1


def test_a_viewer_reads_simulated_kpis_only(client, users, plan):
    simulate_and_store(plan["scenario"])
    client.force_login(users["viewer"])
    response = client.get(f"/api/scenarios/{plan['scenario'].pk}/")
    data = response.json()
    assert response.status_code == 200 and "co2_avoided_t" in data["latest_result"]["kpis"]
    assert "activity_probability" not in data["latest_result"] and "runs" not in data
    assert "Biogas plant settles" not in response.content.decode()
    assert client.get("/api/scenario-assumptions/").status_code == 403
    assert client.post(f"/api/scenarios/{plan['scenario'].pk}/simulate/").status_code == 403
    assert client.get("/api/kpi-framework/").status_code == 200


def test_companies_and_outsiders_get_nothing(client, users, plan):
    for role in ("company", "outsider"):
        client.force_login(users[role])
        for path in ("/api/scenarios/", "/api/scenario-assumptions/", "/api/kpi-framework/"):
            assert client.get(path).status_code == 403, (role, path)


def test_an_expert_creates_a_scenario_adds_an_assumption_and_simulates(client, users, plan):
    client.force_login(users["expert"])
    response = client.post("/api/scenarios/", {"name": "Late", "roadmap": plan["roadmap"].pk, "runs": 1000, "seed": 2},
                           content_type="application/json")
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.post("/api/scenario-assumptions/", {"scenario": pk, "activity": plan["locomotive"].pk, "delay_distribution": "fixed",
                                                          "delay_likely": 6}, content_type="application/json")
    assert response.status_code == 201
    response = client.post(f"/api/scenarios/{pk}/simulate/")
    assert response.status_code == 202 and response.json()["kind"] == "scenario_simulate"
    run_pending()
    assert client.get(response["Location"]).json()["status"] == "succeeded"
    response = client.get(f"/api/scenarios/{pk}/")
    finish = response.json()["latest_result"]["activity_finish"]["Digestate exchanges start"]
    assert finish["p50"] == 30  # 6 months late: 0+6+18 then 6 more


@pytest.mark.parametrize(("payload", "field"), [
    ({"probability": 2}, "probability"),
    ({"delay_distribution": "triangular", "delay_low": 5, "delay_likely": 1, "delay_high": 9}, "delay_distribution"),
    ({"delay_distribution": "lognormal", "delay_likely": 3}, "delay_sigma"),
    ({"quantity_distribution": "uniform", "quantity_low": -1, "quantity_high": 2}, "quantity_low"),
    ({"quantity_kpi": "happiness"}, "quantity_kpi"),
])
def test_bad_assumptions_are_refused_with_the_field_named(client, users, plan, payload, field):
    client.force_login(users["office"])
    response = client.post("/api/scenario-assumptions/", {"scenario": plan["scenario"].pk, "activity": plan["heat"].pk, **payload},
                           content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert Assumption.objects.count() == 1


def test_simulating_a_scenario_without_roadmap_answers_400_with_the_reason(client, users, db):
    scenario = Scenario.objects.create(name="Nothing")
    client.force_login(users["office"])
    response = client.post(f"/api/scenarios/{scenario.pk}/simulate/")
    assert response.status_code == 400 and "no roadmap" in response.json()["scenario"]
    assert not SimulationResult.objects.exists()
