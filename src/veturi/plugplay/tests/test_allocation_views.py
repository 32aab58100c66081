"""The allocation page: run, what-if, comparison, and the map's data."""

import pytest
from django.urls import reverse

from veturi.jobs.models import Job
from veturi.jobs.worker import run_pending
from veturi.plugplay.models import AllocationRun
from veturi.plugplay.tests.factories import plugplay_park

pytestmark = pytest.mark.django_db


def test_the_office_allocates_and_sees_the_placements(login, park):
    plugplay_park(park)
    client = login("office")
    response = client.post(reverse("allocation-run"), {"time_limit_s": "1", "seed": "0"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", args=[job.pk])
    assert not AllocationRun.objects.exists()  # queued, not run in the request
    (job,) = run_pending()
    run = AllocationRun.objects.get()
    assert job.status == "succeeded" and job.result_url.endswith(f"?run={run.pk}") and job.result["run"] == run.pk
    assert run.created_by == job.created_by
    body = client.get(job.result_url).content.decode()
    assert "Alpha Ash Oy" in body and run.status in body


def test_a_what_if_is_stored_and_compared(login, park):
    objects = plugplay_park(park)
    client = login("expert")
    client.post(reverse("allocation-run"), {"time_limit_s": "1", "seed": "0"})
    run_pending()
    base = AllocationRun.objects.get()
    response = client.post(reverse("allocation-what-if", args=[base.pk]), {"kind": "pin", "organisation": park["beta"].pk, "plot": objects["plots"]["T-3"].pk})
    variant = AllocationRun.objects.exclude(pk=base.pk).get()
    assert variant.base == base and variant.kind == "pin"
    body = client.get(response["Location"]).content.decode()
    assert 'id="total-change"' in body and "moved" in body


def test_bad_input_is_explained(login, park):
    plugplay_park(park)
    client = login("office")
    response = client.post(reverse("allocation-run"), {"time_limit_s": "-1", "seed": "x"}, follow=True)
    assert "time_limit_s" in response.content.decode() and not Job.objects.exists()
    client.post(reverse("allocation-run"), {"time_limit_s": "1", "seed": "0"})
    run_pending()
    base = AllocationRun.objects.get()
    response = client.post(reverse("allocation-what-if", args=[base.pk]), {"kind": "pin"}, follow=True)
    assert "Pick the company" in response.content.decode()


def test_without_requirements_the_page_says_what_to_do(login, park):
    response = login("office").post(reverse("allocation-run"), {"time_limit_s": "1", "seed": "0"}, follow=True)
    assert "plot requirement" in response.content.decode() and not Job.objects.exists()


def test_the_map_data_colours_plots_by_tenant_and_draws_the_flow(login, park):
    plugplay_park(park)
    client = login("office")
    client.post(reverse("allocation-run"), {"time_limit_s": "1", "seed": "0"})
    run_pending()
    data = client.get(reverse("allocation-data", args=[AllocationRun.objects.get().pk])).json()
    tenants = {f["properties"]["tenant"] for f in data["plots"]["features"]}
    assert {"Alpha Ash Oy", "Beta Cement Oy", ""} == tenants
    (flow,) = data["flows"]
    assert flow["tonnes_per_year"] == 50_000


def test_a_new_run_starts_from_the_latest_runs_settings(login, park):
    plugplay_park(park)
    client = login("office")
    client.post(reverse("allocation-run"), {"time_limit_s": "2", "seed": "7", "min_score": "0.6"})
    run_pending()
    form = client.get(reverse("allocation")).context["run_form"]
    assert form.initial == {"time_limit_s": 2.0, "seed": 7, "min_score": 0.6}
