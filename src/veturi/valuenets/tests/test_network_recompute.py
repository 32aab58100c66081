import pytest
from django.urls import reverse

from veturi.jobs.models import Job
from veturi.jobs.worker import run_pending
from veturi.valuenets.models import AnalysisRun, ValueNetwork

pytestmark = pytest.mark.django_db


def test_the_office_recomputes_and_the_fly_ash_exchange_forms_a_network(login, valuenet):
    response = login("office").post(reverse("valuenet-recompute"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", args=[job.pk])
    (job,) = run_pending()
    assert job.status == "succeeded" and job.result_url == reverse("valuenet-list")
    assert AnalysisRun.objects.count() == 1 and job.result["run"] == AnalysisRun.objects.get().pk
    community = ValueNetwork.objects.filter(method="community", current=True).get()
    assert set(community.members) == {valuenet["network"].members[0], valuenet["network"].members[1]}
    assert community.locomotives and community.exchanges == [valuenet["network"].edges[0][2]]


def test_experts_and_others_may_not_recompute(refused, valuenet):
    refused(reverse("valuenet-recompute"), roles=("expert", "company", "outsider", "viewer"), method="post")
    assert not Job.objects.exists() and not AnalysisRun.objects.exists()
