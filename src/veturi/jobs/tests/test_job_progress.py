"""The progress fragment the job page polls: what the job reported last, as a bar and a message."""

import pytest
from django.urls import reverse

from veturi.jobs.models import Job
from veturi.jobs.worker import ProgressReporter, Worker, enqueue, run_pending

pytestmark = pytest.mark.django_db


def test_progress_reported_by_a_running_job_shows_in_the_fragment(login, users):
    job = enqueue("matching", user=users["expert"])
    job = Worker(name="test-worker").claim()
    report = ProgressReporter(job, every_s=0)
    report(0.37, "Matching 12 streams")
    response = login("expert").get(reverse("job-progress", args=[job.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and 'value="37"' in body and "Matching 12 streams" in body
    assert 'hx-trigger="every 1s"' in body  # still running: keep polling
    assert Job.objects.get(pk=job.pk).heartbeat_at is not None


def test_progress_is_written_at_most_every_interval_but_the_end_always(users):
    job = enqueue("matching", user=users["office"])
    report = ProgressReporter(job, every_s=3600)
    report(0.2)
    report(0.4)  # within the interval, same message: not written
    assert Job.objects.get(pk=job.pk).progress == 0.2
    report(0.5, "A new stage")  # a new message is always written
    report(1.0)
    job.refresh_from_db()
    assert (job.progress, job.message) == (1.0, "A new stage")
    report(7)  # clamped
    assert Job.objects.get(pk=job.pk).progress == 1.0


def test_a_scenario_simulation_reports_its_runs_as_it_goes(login, users, plan):
    client = login("office")
    client.post(reverse("scenario-simulate", args=[plan["scenario"].pk]))
    seen = []
    (job,) = Worker(progress_every_s=0, on_progress=lambda job: seen.append((job.progress, job.message))).run_pending()
    stored = Job.objects.values_list("progress", "message").get()
    fractions = [fraction for fraction, _ in seen]
    assert job.status == "succeeded" and fractions == sorted(fractions) and fractions[-1] == 1.0 and stored == (1.0, "2,000 runs simulated")
    assert any("of 2,000 runs simulated" in message for _, message in seen) and len(set(fractions)) >= 3


def test_a_job_no_worker_took_asks_whether_one_runs(login, users):
    from datetime import timedelta

    from django.utils import timezone

    fresh = enqueue("matching", user=users["office"])
    old = enqueue("matching", user=users["office"])
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    client = login("office")
    assert "No worker has taken it yet" not in client.get(reverse("job-progress", args=[fresh.pk])).content.decode()
    assert "No worker has taken it yet" in client.get(reverse("job-progress", args=[old.pk])).content.decode()
