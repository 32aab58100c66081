"""Scenario pages in headless Chromium: an expert adds an assumption, simulates, reads the fan
charts and compares two scenarios; a viewer reads the KPI framework table; all under the CSP."""

import pytest
from playwright.sync_api import expect
from signing_in import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_expert_sets_an_assumption_simulates_and_compares(page, live_server, users, job_worker):
    from veturi.scenarios.models import Scenario
    from veturi.scenarios.tests.factories import roadmap_objects

    plan = roadmap_objects()
    scenario = plan["scenario"]
    log_in(page, live_server, f"/scenarios/{scenario.pk}/edit/", username="expert")
    page.locator("#id_assumptions-1-activity").select_option(label="Digestate exchanges start")
    page.locator("#id_assumptions-1-quantity_kpi").select_option(value="co2_avoided_t")
    page.locator("#id_assumptions-1-quantity_distribution").select_option(value="uniform")
    page.locator("#id_assumptions-1-quantity_low").fill("0.6")
    page.locator("#id_assumptions-1-quantity_high").fill("1.1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Base case")).to_be_visible()
    page.get_by_role("button", name="Simulate now").click()
    page.get_by_role("link", name="See the result", exact=True).click(timeout=60_000)  # the job page, once the worker is done
    expect(page.get_by_text("2,000 runs, seed 5")).to_be_visible()
    charts = page.locator(".fan-charts svg")
    assert charts.count() >= 4
    assert page.locator(".fan-charts svg polygon").count() >= 8
    expect(page.locator("table.kpi-years")).to_contain_text("2031")

    slow = Scenario.objects.create(name="Slow start", roadmap=plan["roadmap"], runs=1000, seed=1)
    page.goto(f"{live_server.url}/scenarios/{slow.pk}/")
    page.get_by_role("button", name="Simulate now").click()
    expect(page.get_by_role("link", name="See the result", exact=True)).to_be_visible(timeout=60_000)
    page.goto(f"{live_server.url}/scenarios/compare/")
    expect(page.locator(".fan-charts svg").first).to_contain_text("Slow start")
    assert page.locator(".fan-charts svg").first.locator("polyline").count() == 2
    assert page.js_errors == []


def test_a_viewer_reads_the_kpi_framework_table(page, live_server, users):
    log_in(page, live_server, "/scenarios/kpis/", username="viewer")
    expect(page.get_by_role("heading", name="Environmental performance")).to_be_visible()
    expect(page.locator("table.kpi-framework").first).to_contain_text("no data")
    assert page.get_by_role("button", name="Save figure").count() == 0
    assert page.js_errors == []
