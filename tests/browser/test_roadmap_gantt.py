"""The roadmap page in headless Chromium: solve, the Gantt chart with its critical path, and the
conflicts of an infeasible plan, under the CSP."""

import pytest
from playwright.sync_api import expect
from signing_in import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _box(page, name):
    return page.locator(f'#gantt rect.bar[data-activity="{name}"]').bounding_box()


def test_solving_draws_the_plan_with_the_critical_path(page, live_server, users, job_worker):
    from veturi.roadmap.tests.factories import make_roadmap

    roadmap = make_roadmap()
    url = f"/roadmap/{roadmap.pk}/"
    log_in(page, live_server, url)
    expect(page.get_by_text("Not solved yet.")).to_be_visible()
    page.locator("#solve").click()
    page.get_by_role("link", name="See the result", exact=True).click(timeout=60_000)  # the job page, once the worker is done
    expect(page.locator("#solve-status")).to_have_text("Optimal")
    expect(page.locator("#solve-gap")).to_contain_text("0.00")
    expect(page.locator("#gantt rect.bar")).to_have_count(3)
    expect(page.locator("#gantt rect.bar.critical")).to_have_count(2)
    # The exchanges' bar starts where both predecessors' bars have ended (drawn on one time axis);
    # a critical bar's 3-pixel outline overlaps its neighbour by up to 3 pixels.
    heat, alpha, exchanges = _box(page, "Build the heat branch"), _box(page, "Alpha settles"), _box(page, "Ash exchanges start")
    assert exchanges["x"] >= heat["x"] + heat["width"] - 3.5
    assert exchanges["x"] >= alpha["x"] + alpha["width"] - 3.5
    assert alpha["x"] + alpha["width"] < heat["x"] + heat["width"]  # Alpha (4 months) ends before the heat branch (6)
    assert page.js_errors == []

    # A viewer sees the same chart, without the controls.
    page.context.clear_cookies()
    log_in(page, live_server, url, username="viewer")
    expect(page.locator("#gantt rect.bar")).to_have_count(3)
    expect(page.locator("#solve")).to_have_count(0)


def test_an_infeasible_roadmap_shows_the_conflicting_constraints(page, live_server, users, job_worker):
    from veturi.roadmap.tests.factories import make_roadmap

    roadmap = make_roadmap()
    resource = roadmap.resources.get()
    resource.yearly_limits = [1.0, 1.0]
    resource.save()
    log_in(page, live_server, f"/roadmap/{roadmap.pk}/")
    page.locator("#solve").click()
    page.get_by_role("link", name="See the result", exact=True).click(timeout=60_000)  # the job page, once the worker is done
    expect(page.locator("#solve-status")).to_have_text("Infeasible")
    expect(page.locator("#conflicts")).to_contain_text("Office staff time limit 1 in year 1")
    expect(page.locator("#gantt")).to_have_count(0)
