"""The worker: exclusive claims, failures recorded with nothing written, stale jobs recovered."""

import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from veturi.jobs.models import Job
from veturi.jobs.worker import Worker, enqueue, recover_stale_jobs, run_pending
from veturi.roadmap.models import RoadmapActivity
from veturi.scenarios.models import SimulationResult

pytestmark = pytest.mark.django_db


def test_one_queued_job_is_claimed_by_one_worker_only(users):
    job = enqueue("matching", user=users["office"])
    first, second = Worker(name="a"), Worker(name="b")
    claimed = first.claim()
    assert claimed.pk == job.pk and claimed.status == "running" and claimed.worker == "a" and claimed.started_at
    assert second.claim() is None


def test_the_loser_of_a_race_for_a_row_does_not_take_it(users):
    """Both workers saw the job queued; the second conditional UPDATE finds it running and changes nothing."""
    job = enqueue("matching", user=users["office"])
    first, second = Worker(name="a"), Worker(name="b")
    assert first.take(job.pk) is True
    assert second.take(job.pk) is False
    assert Job.objects.get(pk=job.pk).worker == "a"


def test_jobs_are_claimed_oldest_first(users):
    older = enqueue("matching", user=users["office"])
    enqueue("value_networks", user=users["office"])
    assert Worker().claim().pk == older.pk


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_job_run_it_once(users):
    """Two threads, each with its own database connection, claim at the same moment (PostgreSQL: SKIP LOCKED)."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is one connection; the conditional UPDATE is tested above")
    job = enqueue("matching", user=users["office"])
    barrier, claims = threading.Barrier(8), []

    def claim(name):
        try:
            barrier.wait()
            claims.append((name, Worker(name=name).claim()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [(name, claimed) for name, claimed in claims if claimed is not None]
    assert len(claims) == 8 and len(winners) == 1 and winners[0][1].pk == job.pk
    assert Job.objects.get(pk=job.pk).worker == winners[0][0]


def test_a_failing_job_is_recorded_failed_with_its_error_and_writes_nothing(users, plan):
    job = enqueue("scenario_simulate", {"scenario": plan["scenario"].pk}, user=users["expert"])
    RoadmapActivity.objects.filter(roadmap=plan["roadmap"]).delete()  # the data changed after the launch
    (job,) = run_pending()
    assert job.status == "failed" and "has no activities yet" in job.error and job.finished_at
    assert job.result == {} and job.result_url == ""
    assert not SimulationResult.objects.exists()


def test_an_unknown_kind_or_bad_parameter_is_a_clear_error(users):
    from veturi.jobs.registry import JobInputError

    with pytest.raises(JobInputError, match="unknown job kind 'tea'"):
        enqueue("tea")
    enqueue("roadmap_solve", {"roadmap": "first"}, user=users["office"])
    (job,) = run_pending()
    assert job.status == "failed" and job.error == "parameter 'roadmap' must be the id of a roadmap, got 'first'"


def test_the_worker_goes_on_after_a_failed_job(users, park):
    from veturi.synergies.tests.factories import make_rule

    make_rule()
    enqueue("roadmap_solve", {"roadmap": 999}, user=users["office"])
    enqueue("matching", {"top_k": 3}, user=users["office"])
    failed, succeeded = run_pending()
    assert (failed.status, succeeded.status) == ("failed", "succeeded")


def test_a_job_whose_worker_died_is_marked_failed_when_a_worker_starts(users):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    host = socket.gethostname()
    orphan = Job.objects.create(kind="matching", status="running", worker=f"{host}:{dead}", started_at=timezone.now(),
                                heartbeat_at=timezone.now())
    alive = Job.objects.create(kind="matching", status="running", worker=f"{host}:{os.getpid()}", started_at=timezone.now(),
                               heartbeat_at=timezone.now())
    elsewhere = Job.objects.create(kind="matching", status="running", worker="other-host:1", started_at=timezone.now(),
                                   heartbeat_at=timezone.now())
    silent = Job.objects.create(kind="matching", status="running", worker="other-host:2", started_at=timezone.now() - timedelta(hours=3),
                                heartbeat_at=timezone.now() - timedelta(hours=2))
    recovered = recover_stale_jobs(stale_after_s=3600)
    assert {job.pk for job in recovered} == {orphan.pk, silent.pk}
    orphan.refresh_from_db()
    assert orphan.status == "failed" and f"{host}:{dead} stopped while the job ran" in orphan.error and orphan.finished_at
    assert "no sign of life for 3600 s" in Job.objects.get(pk=silent.pk).error
    assert Job.objects.get(pk=alive.pk).status == Job.Status.RUNNING
    assert Job.objects.get(pk=elsewhere.pk).status == Job.Status.RUNNING


def test_a_cancelled_job_is_not_run(users):
    job = enqueue("matching", user=users["office"])
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CANCELLED)
    assert run_pending() == []


def test_the_poll_interval_must_be_positive():
    with pytest.raises(ValueError, match="poll_interval_s must be positive, got 0"):
        Worker(poll_interval_s=0)


def test_the_audit_log_names_the_launcher_as_author_of_what_the_job_wrote(users, park):
    from veturi.audit.models import AuditEntry
    from veturi.synergies.models import MatchRun
    from veturi.synergies.tests.factories import make_rule

    make_rule()
    job = enqueue("matching", {"top_k": 3}, user=users["expert"])
    run_pending()
    entries = AuditEntry.objects.filter(model="synergies.matchrun", object_id=str(MatchRun.objects.get().pk))
    assert entries.exists()  # the run's creation, then its figures
    assert {(e.username, e.path, e.method) for e in entries} == {("expert", f"job {job.pk}: matching", "JOB")}
