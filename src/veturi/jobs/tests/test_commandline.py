"""`veturi worker --once`: runs the queue through the same worker as the pages' jobs, a line per job."""

import io

import pytest
from rich.console import Console
from typer.testing import CliRunner

from veturi.cli import app
from veturi.jobs.commandline import run_worker
from veturi.jobs.models import Job
from veturi.jobs.worker import enqueue
from veturi.synergies.models import MatchRun
from veturi.synergies.tests.factories import make_rule

pytestmark = pytest.mark.django_db


def _console():
    return Console(file=io.StringIO(), width=160)


def test_worker_once_runs_every_queued_job_and_exits(users, park):
    make_rule()
    job = enqueue("matching", {"top_k": 3}, user=users["expert"])
    console = _console()
    assert run_worker(once=True, poll_interval_s=1, console=console, err_console=console) == 0
    output = console.file.getvalue()
    assert f"job {job.pk} Matching" in output and "proposals stored" in output and "1 job(s) run" in output
    assert Job.objects.get(pk=job.pk).status == "succeeded" and MatchRun.objects.get().started_by == users["expert"]


def test_worker_once_exits_1_when_a_job_failed(users):
    enqueue("roadmap_solve", {"roadmap": 12345}, user=users["office"])
    console = _console()
    assert run_worker(once=True, poll_interval_s=1, console=console, err_console=console) == 1
    assert "roadmap 12345 no longer exists" in console.file.getvalue()


def test_the_command_is_listed_with_its_options():
    result = CliRunner().invoke(app, ["worker", "--help"])
    assert result.exit_code == 0 and "--once" in result.output and "--poll-interval" in result.output
    for command in ("serve", "demo"):
        assert "--no-worker" in CliRunner().invoke(app, [command, "--help"]).output
