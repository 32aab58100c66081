"""The allocation map's what-if controls in headless Chromium: pin a company elsewhere, close a plot, compare."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


def _allocated(page, live_server, park):
    from veturi.plugplay.tests.factories import plugplay_park

    objects = plugplay_park(park)
    page.goto(f"{live_server.url}/accounts/login/?next=/plug-and-play/allocation/")
    page.locator("#id_username").fill("office")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#id_time_limit_s").fill("1")
    page.get_by_role("button", name="Allocate now").click()
    page.get_by_role("link", name="See the result", exact=True).click(timeout=60_000)  # the job page, once the worker is done
    expect(page.locator("#allocation-map")).to_have_attribute("data-loaded", "4")
    return objects


def test_pinning_a_partner_far_away_is_compared_with_the_allocation(page, live_server, users, park, job_worker):
    objects = _allocated(page, live_server, park)
    far = objects["plots"]["T-3"]
    page.locator("#id_kind").select_option("pin")
    page.locator("#id_organisation").select_option(label="Beta Cement Oy")
    page.locator("#id_plot").select_option(str(far.pk))
    page.get_by_role("button", name="Try it").click()
    expect(page.get_by_role("heading", name="What-if: Beta Cement Oy → T-3")).to_be_visible()
    # The comparison names the move, and pulling the partners apart costs transport.
    moved = page.locator("table.comparison tr", has_text="moved").filter(has_text="Beta Cement Oy")
    expect(moved).to_contain_text("T-3")
    assert float(page.locator("#total-change").inner_text().replace(",", "").replace("\u00a0", "")) > 0
    # The variant's map is drawn too: four plots and the flow line between the partners.
    expect(page.locator("#allocation-map")).to_have_attribute("data-loaded", "4")
    expect(page.locator("#allocation-map path.leaflet-interactive")).to_have_count(5)
    assert page.js_errors == []


def test_closing_the_only_plots_left_says_why_nothing_fits(page, live_server, users, park, job_worker):
    objects = _allocated(page, live_server, park)
    # Close T-1, then (on the variant) T-2: two companies for one T plot.
    for identifier in ("T-1", "T-2"):
        page.locator("#id_kind").select_option("close")
        page.locator("#id_plot").select_option(str(objects["plots"][identifier].pk))
        page.get_by_role("button", name="Try it").click()
        expect(page.get_by_role("heading", name=f"What-if: {identifier} closed")).to_be_visible()
    expect(page.locator("#run-status")).to_contain_text("infeasible")
    expect(page.locator(".messages")).to_contain_text("T-3")
    assert page.js_errors == []
