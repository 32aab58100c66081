import pytest
from django.urls import reverse

from veturi.scenarios.adapters import simulate_and_store
from veturi.scenarios.models import Assumption, Scenario

pytestmark = pytest.mark.django_db


def test_it_draws_the_chosen_scenarios_in_one_chart_per_kpi(client, users, plan):
    slow = Scenario.objects.create(name="Slow start", roadmap=plan["roadmap"], runs=1000, seed=1)
    Assumption.objects.create(scenario=slow, activity=plan["locomotive"], probability=0.4)
    simulate_and_store(plan["scenario"])
    simulate_and_store(slow)
    client.force_login(users["viewer"])
    response = client.get(reverse("scenario-compare"), {"scenario": [plan["scenario"].pk, slow.pk]})
    body = response.content.decode()
    assert response.status_code == 200 and "Base case" in body and "Slow start" in body
    co2 = next(c for c in response.context["charts"] if c["kpi"] == "co2_avoided_t")
    assert co2["svg"].count("<polyline") == 2
    only = client.get(reverse("scenario-compare"), {"scenario": [slow.pk]})
    assert next(c for c in only.context["charts"] if c["kpi"] == "co2_avoided_t")["svg"].count("<polyline") == 1


def test_without_simulations_it_says_so(client, users, plan):
    client.force_login(users["office"])
    assert "No scenario has been simulated yet" in client.get(reverse("scenario-compare")).content.decode()


def test_it_refuses_companies_and_outsiders(refused):
    refused(reverse("scenario-compare"))


def test_the_summary_gives_each_scenarios_last_year_and_cumulative_medians(client, users, plan):
    simulate_and_store(plan["scenario"])
    certain = Scenario.objects.create(name="Certain", roadmap=plan["roadmap"], runs=500, seed=1)
    simulate_and_store(certain)
    client.force_login(users["office"])
    response = client.get(reverse("scenario-compare"), {"scenario": [certain.pk]})
    co2 = next(row for row in response.context["summary"] if str(row["label"]) == "CO2 avoided")
    # No uncertainty: 1200 t/a in the last year; cumulative 2029-2031 = 3 years x 1200 (finish at month 24).
    assert co2["cells"] == [(1200.0, 1200.0, 1200.0, 3600.0)]
