"""Journeys through the web app in headless Chromium, as people would take them."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PASSWORD = "correct-horse-battery-staple"  # the root conftest's fixture users' password


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Park dashboard")).to_be_visible()


def test_office_finds_a_company_and_reads_its_streams(page, live_server, users):
    _log_in(page, live_server, "office")
    expect(page.locator('[data-figure="organisations"]')).to_have_text("3")

    page.get_by_role("link", name="Organisations").first.click()
    page.get_by_role("textbox", name="Search").fill("alpha")
    # htmx replaces the rows as the user types.
    expect(page.locator("#organisation-rows tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Alpha Ash Oy").click()
    expect(page.get_by_role("heading", name="Alpha Ash Oy")).to_be_visible()
    expect(page.get_by_text("Alpha secret fly ash")).to_be_visible()
    assert page.js_errors == []


def test_company_adds_a_stream_and_sees_a_clear_unit_error(page, live_server, users):
    _log_in(page, live_server, "company")
    page.goto(f"{live_server.url}/organisations/{users['company'].organisation_id}/")
    page.get_by_role("link", name="Add a stream").click()
    page.locator("#id_name").fill("Hukkalämpö 45 astetta")
    page.locator("#id_direction").select_option("output")
    page.locator("#id_kind").select_option("energy")
    page.locator("#id_quantity").fill("1.5")
    page.locator("#id_unit").fill("megaparsec")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".has-error").get_by_text(re.compile("megaparsec"))).to_be_visible()

    page.locator("#id_unit").fill("MW")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Alpha Ash Oy")).to_be_visible()
    row = page.locator("tr", has_text="Hukkalämpö 45 astetta")
    expect(row).to_contain_text("13,140 MWh/a")


def test_viewer_sees_the_map_with_zones_and_plots(page, live_server, users):
    _log_in(page, live_server, "viewer")
    page.get_by_role("link", name="Map", exact=True).click()
    expect(page.locator("#park-map")).to_have_attribute("data-loaded", re.compile(r"\d+"))
    # One zone, one plot and two sites drawn as SVG paths by Leaflet.
    assert page.locator("#park-map path.leaflet-interactive").count() >= 4
    assert page.js_errors == []


def test_the_interface_speaks_finnish(page, live_server, users):
    _log_in(page, live_server, "office")
    page.get_by_role("button", name="FI").click()
    expect(page.get_by_role("heading", name="Puiston tilannekuva")).to_be_visible()
    expect(page.get_by_role("link", name="Organisaatiot")).to_be_visible()
