import pytest
from django.urls import reverse

from veturi.jobs.models import Job
from veturi.jobs.worker import Worker, enqueue, run_pending

pytestmark = pytest.mark.django_db


def test_a_queued_job_is_cancelled_and_never_runs(client, users):
    job = enqueue("matching", user=users["expert"])
    client.force_login(users["expert"])
    response = client.post(reverse("job-cancel", args=[job.pk]), follow=True)
    assert Job.objects.get(pk=job.pk).status == "cancelled" and "Job cancelled." in response.content.decode()
    assert run_pending() == []


def test_a_running_job_cannot_be_cancelled(client, users):
    job = enqueue("matching", user=users["office"])
    Worker().claim()
    client.force_login(users["office"])
    response = client.post(reverse("job-cancel", args=[job.pk]), follow=True)
    assert Job.objects.get(pk=job.pk).status == "running" and "cannot be cancelled" in response.content.decode()


def test_an_expert_cannot_cancel_another_persons_job(client, users):
    job = enqueue("matching", user=users["office"])
    client.force_login(users["expert"])
    assert client.post(reverse("job-cancel", args=[job.pk])).status_code == 404
    client.force_login(users["viewer"])
    assert client.post(reverse("job-cancel", args=[job.pk])).status_code == 403
    assert Job.objects.get(pk=job.pk).status == "queued"
