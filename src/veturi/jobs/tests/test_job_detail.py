"""The job page: a launched job shows its progress, polls while unfinished, then links to its result."""

import pytest
from django.urls import reverse

from veturi.jobs.models import Job
from veturi.jobs.worker import enqueue, run_pending
from veturi.synergies.models import MatchRun
from veturi.synergies.tests.factories import make_rule

pytestmark = pytest.mark.django_db


def test_matching_launched_from_the_page_runs_in_the_worker_and_the_page_links_the_result(login, park):
    make_rule()
    client = login("expert")
    response = client.post(reverse("synergy-run-now"), {"top_k": 4}, follow=True)
    job = Job.objects.get()
    body = response.content.decode()
    assert job.status == "queued" and job.created_by.username == "expert"
    assert f'hx-get="{reverse("job-progress", args=[job.pk])}"' in body and 'hx-trigger="every 1s"' in body
    assert "Waiting for a worker" in body and not MatchRun.objects.exists()

    (job,) = run_pending()
    run = MatchRun.objects.get()
    assert job.status == "succeeded" and job.result["run"] == run.pk and job.result["proposals"] == run.proposals >= 1
    body = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert 'hx-trigger' not in body  # finished: the page stops polling
    assert f'href="{reverse("synergy-runs")}"' in body and "See the result" in body and 'value="100"' in body


def test_a_failed_job_shows_its_error(login, park):
    from veturi.roadmap.tests.factories import roadmap_objects

    roadmap = roadmap_objects(park)["roadmap"]
    client = login("office")
    response = client.post(reverse("roadmap-solve", args=[roadmap.pk]))
    pk = roadmap.pk
    roadmap.delete()  # gone before the worker got to it
    (job,) = run_pending()
    body = client.get(response["Location"]).content.decode()
    assert job.status == "failed" and job.error == f"roadmap {pk} no longer exists"
    assert "The job failed; nothing it computed was kept." in body and "no longer exists" in body


def test_an_expert_does_not_see_another_persons_job_and_the_office_sees_every_job(client, users):
    job = enqueue("matching", {"top_k": 2}, user=users["office"])
    client.force_login(users["expert"])
    assert client.get(reverse("job-detail", args=[job.pk])).status_code == 404
    own = enqueue("matching", {"top_k": 2}, user=users["expert"])
    assert client.get(reverse("job-detail", args=[own.pk])).status_code == 200
    client.force_login(users["office"])
    assert client.get(reverse("job-detail", args=[own.pk])).status_code == 200


def test_company_representatives_and_viewers_are_refused(client, users):
    job = enqueue("matching", user=users["office"])
    for role in ("company", "outsider", "viewer"):
        client.force_login(users[role])
        assert client.get(reverse("job-detail", args=[job.pk])).status_code == 403, role
    client.logout()
    assert reverse("login") in client.get(reverse("job-detail", args=[job.pk]))["Location"]
