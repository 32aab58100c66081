"""Long work in headless Chromium: launching matching shows the job's progress, then reaches the result."""

import re

import pytest
from playwright.sync_api import expect
from signing_in import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_launching_matching_shows_progress_and_reaches_the_result(page, live_server, users, park, job_worker):
    from veturi.synergies.models import MatchRun
    from veturi.synergies.tests.factories import make_rule

    make_rule()
    log_in(page, live_server, "/synergies/runs/", username="expert")
    page.locator("#id_top_k").fill("4")
    page.get_by_role("button", name="Run matching now").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile(r"Matching #\d+"))).to_be_visible()
    expect(page.locator("#job-progress progress")).to_be_attached()
    result = page.get_by_role("link", name="See the result", exact=True)
    expect(result).to_be_visible(timeout=30_000)  # the fragment polled until the worker finished
    expect(page.locator("#job-progress")).to_have_attribute("data-status", "succeeded")
    expect(page.locator("#job-progress progress")).to_have_attribute("value", "100")
    result.click()
    expect(page.get_by_role("heading", name="Matching runs")).to_be_visible()
    run = MatchRun.objects.get()
    expect(page.locator("table.runs tbody tr").first).to_contain_text("expert")
    assert run.parameters["top_k"] == 4
    assert page.js_errors == []


def test_the_office_follows_every_job_in_the_list(page, live_server, users, park, job_worker):
    from veturi.jobs.worker import enqueue

    job = enqueue("value_networks", user=users["expert"])
    log_in(page, live_server, "/jobs/")
    expect(page.get_by_role("heading", name="Jobs")).to_be_visible()
    page.get_by_role("link", name=str(job.pk), exact=True).click()
    expect(page.get_by_role("link", name="See the result", exact=True)).to_be_visible(timeout=30_000)
    assert page.js_errors == []
