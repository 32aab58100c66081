import pytest
from django.urls import reverse

from veturi.scenarios.adapters import simulate_and_store

pytestmark = pytest.mark.django_db


def test_it_shows_the_fan_charts_table_and_assumptions_to_the_office(client, users, plan):
    simulate_and_store(plan["scenario"])
    client.force_login(users["office"])
    body = client.get(reverse("scenario-detail", args=[plan["scenario"].pk])).content.decode()
    assert body.count("<svg") >= 4 and "CO2 avoided" in body and "2031" in body
    assert "Board decision in spring" in body and "Probability it happens" in body
    assert "changed since" not in body


def test_a_viewer_sees_aggregated_kpis_only(client, users, plan):
    simulate_and_store(plan["scenario"])
    client.force_login(users["viewer"])
    body = client.get(reverse("scenario-detail", args=[plan["scenario"].pk])).content.decode()
    assert "<svg" in body and "CO2 avoided" in body
    assert "Board decision in spring" not in body and "Probability it happens" not in body
    assert "Simulate now" not in body


def test_it_says_when_the_roadmap_changed_since_the_simulation(client, users, plan):
    simulate_and_store(plan["scenario"])
    plan["exchanges"].co2_t_per_year = 2000
    plan["exchanges"].save()
    client.force_login(users["expert"])
    body = client.get(reverse("scenario-detail", args=[plan["scenario"].pk])).content.decode()
    assert "changed since" in body


def test_an_unknown_scenario_is_404_and_others_are_refused(client, users, plan, refused):
    client.force_login(users["office"])
    assert client.get(reverse("scenario-detail", args=[9999])).status_code == 404
    refused(reverse("scenario-detail", args=[plan["scenario"].pk]))
