import pytest
from django.urls import reverse
from rest_framework.test import APIClient


@pytest.fixture
def api(users):
    def as_role(role):
        client = APIClient()
        client.force_authenticate(users[role])
        return client

    return as_role


def test_viewers_read_public_pilots_without_results(api, pilots):
    data = api("viewer").get(reverse("api:pilot-list")).json()["results"]
    assert [p["name"] for p in data] == ["Ash carbonation pilot"]
    assert data[0]["results"] is None and data[0]["kpis"] is None


def test_a_company_records_a_pilot_with_kpis(api, park):
    response = api("company").post(reverse("api:pilot-list"), {
        "name": "Ash test bed", "technology": "Ash binder", "host": park["alpha"].pk, "start_date": "2026-01-01", "trl_before": 4,
        "kpis": [{"kpi": "co2_t", "change": -20}]}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["kpis"] == [{"kpi": "co2_t", "change": -20.0, "note": ""}]


def test_bad_trl_and_another_host_are_refused(api, park):
    response = api("company").post(reverse("api:pilot-list"), {
        "name": "X", "technology": "Y", "host": park["beta"].pk, "start_date": "2026-01-01", "trl_before": 4}, format="json")
    assert response.status_code == 400 and "host" in response.json()
    response = api("office").post(reverse("api:pilot-list"), {
        "name": "X", "technology": "Y", "host": park["beta"].pk, "start_date": "2026-01-01", "trl_before": 12}, format="json")
    assert response.status_code == 400 and "trl_before" in response.json()
