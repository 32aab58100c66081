"""Synergy pages in headless Chromium: the proposal list, a decision through htmx, the factors."""

import re

import pytest
from playwright.sync_api import expect
from signing_in import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_rejects_a_proposal_in_the_list_without_leaving_the_page(page, live_server, users, park):
    from veturi.synergies.models import Proposal
    from veturi.synergies.tests.factories import synergy_objects

    proposal = synergy_objects(park)["proposal"]
    log_in(page, live_server, "/synergies/")
    expect(page.get_by_role("heading", name="Synergy proposals")).to_be_visible()
    row = page.locator(f"#proposal-{proposal.pk}")
    expect(row).to_contain_text("Alpha secret fly ash")
    expect(row).to_contain_text("Beta secret gypsum demand")
    expect(row).to_contain_text("50,000")
    url_before = page.url
    row.get_by_label("Reason").fill("Beta's kiln takes no fly ash")
    row.get_by_role("button", name="Reject").click()
    # htmx swapped the decision in place: the page did not reload, the row shows the new status.
    expect(row.locator(".stage")).to_have_text("Rejected")
    expect(row).to_contain_text("Beta's kiln takes no fly ash")
    assert page.url == url_before
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.reason == "Beta's kiln takes no fly ash"
    assert Proposal.objects.get(pk=proposal.pk).decided_by.username == "office"
    assert page.js_errors == []


def test_the_office_accepts_a_proposal_and_sees_every_factor_on_its_page(page, live_server, users, park):
    from veturi.synergies.tests.factories import synergy_objects

    proposal = synergy_objects(park)["proposal"]
    log_in(page, live_server, "/synergies/")
    page.locator(f"#proposal-{proposal.pk}").get_by_role("link", name="0.71").click()
    expect(page).to_have_url(re.compile(rf"/synergies/proposals/{proposal.pk}/$"))
    expect(page.get_by_role("heading", name="Alpha secret fly ash → Beta secret gypsum demand")).to_be_visible()
    factors = page.locator("table.factors")
    expect(factors).to_be_visible()
    expect(factors).to_contain_text("fly ash code 10 01 02 and cement works NACE 23.51")
    expect(page.get_by_text("12,345 t/a")).to_be_visible()
    decision = page.locator(f"#decision-{proposal.pk}")
    decision.get_by_role("button", name="Accept").click()
    expect(decision.locator(".stage")).to_have_text("Accepted")
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert page.js_errors == []


def test_a_decision_with_an_unknown_status_is_refused_in_place(page, live_server, users, park):
    from veturi.synergies.tests.factories import synergy_objects

    proposal = synergy_objects(park)["proposal"]
    log_in(page, live_server, f"/synergies/proposals/{proposal.pk}/")
    decision = page.locator(f"#decision-{proposal.pk}")
    # A status the form does not offer (a tampered page) comes back as an error, nothing saved.
    decision.locator("select[name=status]").evaluate("s => { s.options[0].value = 'approved'; s.selectedIndex = 0; }")
    decision.get_by_role("button", name="Save").click()
    expect(page.locator(f"#decision-{proposal.pk} .errorlist")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
