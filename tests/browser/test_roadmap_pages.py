"""The other roadmap and pilot pages in headless Chromium under the CSP: network priorities re-ranked
by the weight controls (htmx), a company's monitoring entry and plan vs actual, a pilot with a KPI
reaching the public zone page."""

import pytest
from playwright.sync_api import expect
from signing_in import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_weights_reorder_the_networks_in_place(page, live_server, users, park):
    from veturi.valuenets.tests.factories import make_network, valuenet_objects

    valuenet_objects(park)
    make_network(park, key="template:test", name="Heat cascade", method="template", template="waste_heat_cascade",
                 members=[park["beta"].pk, park["city"].pk], locomotives=[park["beta"].pk], value_eur_per_year=10, co2_t_per_year=1,
                 jobs=500)
    log_in(page, live_server, "/roadmap/priorities/")
    first_cell = page.locator("table.priorities tbody tr").first.locator("td").nth(1)
    expect(page.locator(".sensitivity-chart svg")).to_be_visible()
    for criterion in ("value", "co2", "validated", "locomotive_stage", "land_ready", "infrastructure_ready", "cost"):
        page.locator(f"#id_w_{criterion}").fill("0")
    page.locator("#id_w_jobs").fill("1")
    page.get_by_role("button", name="Rank").click()
    expect(first_cell).to_have_text("Heat cascade")
    page.locator("#id_w_jobs").fill("0")
    page.locator("#id_w_value").fill("1")
    page.get_by_role("button", name="Rank").click()
    expect(first_cell).to_have_text("Ash network around Alpha Ash Oy")
    assert page.js_errors == []


def test_a_company_enters_a_quarter_and_sees_it_in_plan_vs_actual(page, live_server, users, park):
    from veturi.roadmap.tests.factories import roadmap_objects

    objects = roadmap_objects(park)
    log_in(page, live_server, "/roadmap/monitoring/", username="company")
    page.locator("#id_proposal").select_option(str(objects["entry"].proposal_id))
    page.locator("#id_period_kind").select_option("quarter")
    page.locator("#id_period_start").fill("2026-07-01")
    page.locator("#id_quantity").fill("120")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.locator("table.entries")).to_contain_text("2026 Q3")
    page.goto(f"{live_server.url}/roadmap/monitoring/plan-vs-actual/")
    expect(page.locator(".plan-actual-charts svg").first).to_be_visible()
    expect(page.locator("table.kpi-totals")).to_contain_text("Waste diverted")
    assert page.js_errors == []


def test_a_consented_pilot_reaches_the_public_page(page, live_server, users, park):
    log_in(page, live_server, "/pilots/add/", username="company")
    page.locator("#id_name").fill("Heat pump test bed")
    page.locator("#id_technology").fill("High-temperature heat pump")
    page.locator("#id_start_date").fill("2026-02-01")
    page.locator("#id_trl_before").fill("5")
    page.locator("#id_public_consent").check()
    page.locator("#id_public_summary").fill("Alpha tests a heat pump on its ash line.")
    page.locator("#id_kpis-0-kpi").select_option("energy_mwh")
    page.locator("#id_kpis-0-change").fill("800")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Heat pump test bed")
    expect(page.locator("main")).to_contain_text("Energy recirculated")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/zone/")
    expect(page.locator(".public-pilots")).to_contain_text("Alpha tests a heat pump on its ash line.")
    assert page.js_errors == []
