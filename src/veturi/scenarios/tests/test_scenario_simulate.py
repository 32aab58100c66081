import pytest
from django.urls import reverse

from veturi.jobs.models import Job
from veturi.jobs.worker import run_pending
from veturi.roadmap.models import RoadmapActivity
from veturi.scenarios.models import SimulationResult

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ("office", "expert"))
def test_it_simulates_and_stores_the_result(client, users, plan, role):
    client.force_login(users[role])
    response = client.post(reverse("scenario-simulate", args=[plan["scenario"].pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", args=[job.pk])
    assert not SimulationResult.objects.exists()  # queued, not simulated in the request
    (job,) = run_pending()
    assert job.status == "succeeded" and job.result_url == reverse("scenario-detail", args=[plan["scenario"].pk])
    assert job.progress == 1.0 and job.message == "2,000 runs simulated"
    result = SimulationResult.objects.get()
    assert result.created_by == users[role] and result.runs == 2000 and result.seed == 5
    assert set(result.result["kpis"]) >= {"jobs", "co2_avoided_t", "land_use_ha"}


def test_a_scenario_that_cannot_be_simulated_is_answered_with_the_reason(client, users, plan):
    RoadmapActivity.objects.all().delete()
    client.force_login(users["office"])
    response = client.post(reverse("scenario-simulate", args=[plan["scenario"].pk]))
    assert response.status_code == 400 and "has no activities yet" in response.content.decode()
    assert not Job.objects.exists() and not SimulationResult.objects.exists()


def test_it_needs_post_and_refuses_viewers(client, users, plan, refused):
    client.force_login(users["office"])
    assert client.get(reverse("scenario-simulate", args=[plan["scenario"].pk])).status_code == 405
    refused(reverse("scenario-simulate", args=[plan["scenario"].pk]), roles=("viewer", "company", "outsider"), method="post")
    assert not SimulationResult.objects.exists()
