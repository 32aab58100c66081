"""Run matching now: the stored streams through the stored rules, queued as a job the worker runs."""

import pytest
from django.urls import reverse

from veturi.jobs.models import Job
from veturi.jobs.worker import run_pending
from veturi.synergies.models import MatchRun, Proposal
from veturi.synergies.tests.factories import make_rule

pytestmark = pytest.mark.django_db


def test_an_expert_runs_the_matching_and_sees_the_new_run(client, users, park):
    make_rule()
    client.force_login(users["expert"])
    response = client.post(reverse("synergy-run-now"), {"top_k": 5})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", args=[job.pk])
    assert job.kind == "matching" and job.parameters == {"top_k": 5} and not MatchRun.objects.exists()
    (job,) = run_pending()
    run = MatchRun.objects.get()
    assert job.status == "succeeded" and job.result["run"] == run.pk and job.result_url == reverse("synergy-runs")
    assert run.started_by == users["expert"] and run.parameters["top_k"] == 5 and run.rules == 1
    pair = Proposal.objects.get(output=park["streams"]["alpha_office"], input=park["streams"]["beta_office"])
    assert pair.rule.rule_id == "ash_slag.fly_ash_cement" and pair.factors


def test_a_bad_number_is_named(client, users, park):
    client.force_login(users["office"])
    response = client.post(reverse("synergy-run-now"), {"top_k": 0})
    assert response.status_code == 400 and "top_k" in response.content.decode()
    assert not Job.objects.exists() and not MatchRun.objects.exists()


def test_other_roles_cannot_run(refused_to_others, park):
    refused_to_others(reverse("synergy-run-now"), method="post")
    assert not Job.objects.exists() and not MatchRun.objects.exists()
