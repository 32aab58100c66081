"""The roadmap API: solve through it, clear errors on bad input, the same access as the pages."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from veturi.jobs.worker import run_pending
from veturi.roadmap.adapters import plan_violations
from veturi.roadmap.models import MonitoringEntry, RoadmapSolve


@pytest.fixture
def api(users):
    def as_role(role):
        client = APIClient()
        client.force_authenticate(users[role])
        return client

    return as_role


def test_staff_solve_and_read_the_stored_result(api, roadmap):
    client = api("expert")
    response = client.post(reverse("api:roadmap-solve", args=[roadmap.pk]), {"time_limit_s": 5, "seed": 3}, format="json")
    assert response.status_code == 202, response.content
    job_url = response["Location"]
    assert response.json()["status"] == "queued" and job_url.endswith(reverse("api:job-detail", args=[response.json()["id"]]))
    assert not RoadmapSolve.objects.exists()  # queued, not solved in the request
    run_pending()
    job = client.get(job_url).json()
    assert job["status"] == "succeeded" and job["progress"] == 1.0, job
    assert job["result_url"] == reverse("roadmap-detail", args=[roadmap.pk])
    data = client.get(reverse("api:roadmap-result-detail", args=[job["result"]["solve"]])).json()
    assert data["status"] == "optimal" and data["gap_percent"] == 0 and data["seed"] == 3
    assert {p["name"] for p in data["planned"]} == {"Build the heat branch", "Alpha settles", "Ash exchanges start"}
    assert plan_violations(RoadmapSolve.objects.get(pk=data["id"])) == []
    viewer = api("viewer").get(reverse("api:roadmap-result-detail", args=[data["id"]]))
    assert viewer.status_code == 200 and viewer.json()["objective_value"] == data["objective_value"]


def test_bad_solve_parameters_and_activities_are_named(api, roadmap):
    response = api("office").post(reverse("api:roadmap-solve", args=[roadmap.pk]), {"time_limit_s": -1}, format="json")
    assert response.status_code == 400 and "time_limit_s" in response.json()
    response = api("office").post(reverse("api:roadmap-activity-list"), {
        "roadmap": roadmap.pk, "name": "Wind", "duration_months": 30, "demands": {"Crane": 1}}, format="json")
    assert response.status_code == 400 and "Crane" in response.json()["demands"][0]
    response = api("office").post(reverse("api:roadmap-activity-list"), {
        "roadmap": roadmap.pk, "name": "Wind", "duration_months": 30, "earliest_start_month": 0}, format="json")
    assert response.status_code == 400 and "earliest_start_month" in response.json()
    response = api("office").post(reverse("api:roadmap-resource-list"), {
        "roadmap": roadmap.pk, "name": "Land", "category": "land", "usage": "from_start", "yearly_limits": [1]}, format="json")
    assert response.status_code == 400 and "give 2 limits" in response.json()["yearly_limits"][0]


def test_an_activity_with_demands_is_created(api, roadmap):
    response = api("office").post(reverse("api:roadmap-activity-list"), {
        "roadmap": roadmap.pk, "name": "Storage yard", "duration_months": 9, "kind": "infrastructure", "infrastructure_kind": "storage_yard",
        "demands": {"Office staff time": 0.25}}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["demands"] == {"Office staff time": 0.25}


def test_a_company_enters_its_consented_exchange_and_viewers_cannot(api, objects):
    entry = objects["entry"]
    payload = {"proposal": entry.proposal_id, "period_kind": "month", "period_start": "2026-09-01", "quantity": 40}
    response = api("company").post(reverse("api:monitoring-entry-list"), payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == "t" and response.json()["supplier"] == entry.supplier_id
    again = api("company").post(reverse("api:monitoring-entry-list"), payload, format="json")
    assert again.status_code == 400 and "already has an entry" in again.json()["period_start"][0]
    assert api("viewer").get(reverse("api:monitoring-entry-list")).status_code == 403
    assert MonitoringEntry.objects.count() == 2


def test_companies_cannot_read_roadmaps(api, roadmap):
    assert api("company").get(reverse("api:roadmap-list")).status_code == 403
