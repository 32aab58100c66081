"""GET /api/jobs/{id}/: the launcher follows the job a 202 named; the office reads all; others nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from veturi.jobs.worker import enqueue, run_pending

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_launch_answers_202_and_the_job_url_follows_it_to_the_result(users, plan):
    client = _api(users["expert"])
    response = client.post(reverse("api:scenario-simulate", args=[plan["scenario"].pk]))
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    assert (job["status"], job["progress"], job["kind"], job["created_by"]) == ("queued", 0.0, "scenario_simulate", "expert")
    assert job["page"] == reverse("job-detail", args=[job["id"]])
    run_pending()
    job = client.get(response["Location"]).json()
    assert job["status"] == "succeeded" and job["progress"] == 1.0 and job["result"]["runs"] == 2000
    assert job["result_url"] == reverse("scenario-detail", args=[plan["scenario"].pk]) and job["finished_at"]


def test_roles_see_only_their_jobs(users):
    office_job = enqueue("matching", user=users["office"])
    expert_job = enqueue("matching", user=users["expert"])
    assert {j["id"] for j in _api(users["office"]).get(reverse("api:job-list")).json()["results"]} == {office_job.pk, expert_job.pk}
    expert = _api(users["expert"])
    assert [j["id"] for j in expert.get(reverse("api:job-list")).json()["results"]] == [expert_job.pk]
    assert expert.get(reverse("api:job-detail", args=[office_job.pk])).status_code == 404
    for role in ("company", "outsider", "viewer"):
        assert _api(users[role]).get(reverse("api:job-detail", args=[expert_job.pk])).status_code == 403, role


def test_the_list_filters_by_status(users):
    enqueue("matching", user=users["office"])
    client = _api(users["office"])
    assert client.get(reverse("api:job-list"), {"status": "queued"}).json()["count"] == 1
    assert client.get(reverse("api:job-list"), {"status": "failed"}).json()["count"] == 0
