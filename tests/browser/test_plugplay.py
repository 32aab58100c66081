"""Plug and play in headless Chromium: the allocation map and the zone's public page, under the CSP."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


def test_the_office_allocates_and_sees_tenants_and_flows_on_the_map(page, live_server, users, park, job_worker):
    from veturi.plugplay.tests.factories import plugplay_park

    plugplay_park(park)
    page.goto(f"{live_server.url}/accounts/login/?next=/plug-and-play/allocation/")
    page.locator("#id_username").fill("office")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Plot allocation")).to_be_visible()
    page.locator("#id_time_limit_s").fill("1")
    page.get_by_role("button", name="Allocate now").click()
    page.get_by_role("link", name="See the result", exact=True).click(timeout=60_000)  # the job page, once the worker is done
    expect(page.locator("#allocation-map")).to_have_attribute("data-loaded", "4")
    # Four plots and one flow line drawn as SVG paths by Leaflet.
    expect(page.locator("#allocation-map path.leaflet-interactive")).to_have_count(5)
    expect(page.get_by_role("cell", name="Alpha Ash Oy")).to_be_visible()
    assert page.js_errors == []


def test_a_visitor_sees_the_free_plots_and_sends_an_enquiry(page, live_server, park):
    from veturi.plugplay.tests.factories import plugplay_park

    plugplay_park(park)
    page.goto(f"{live_server.url}/zone/")
    expect(page.locator("#zone-map")).to_have_attribute("data-loaded", "4")
    expect(page.locator("#id_website")).not_to_be_in_viewport()
    page.locator("#id_company").fill("Gamma Recycling Oy")
    page.locator("#id_name").fill("Greta")
    page.locator("#id_email").fill("greta@example.com")
    page.locator("#id_message").fill("A battery recycling line.")
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"sent=1"))
    expect(page.locator("#enquiry-sent")).to_be_visible()
    assert page.js_errors == []
