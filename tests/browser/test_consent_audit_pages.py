"""Double opt-in and the audit log in headless Chromium: two companies say yes, the office reads the log."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


def log_in(page, live_server, next_url, username):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_two_companies_say_yes_and_the_office_sees_it_in_the_audit_log(browser, page, live_server, users, park):
    from veturi.synergies.tests.factories import synergy_objects

    proposal = synergy_objects(park)["proposal"]
    for username in ("company", "outsider"):
        context = browser.new_context(locale="en-GB")
        company_page = context.new_page()
        log_in(company_page, live_server, "/synergies/mine/", username)
        card = company_page.locator(f"#proposal-{proposal.pk}")
        expect(card).to_contain_text("anonymous until both say yes")
        expect(card).not_to_contain_text("Beta Cement Oy" if username == "company" else "Alpha Ash Oy")
        card.get_by_role("button", name="Yes, introduce us").click()
        expect(company_page.locator(f"#proposal-{proposal.pk}")).to_contain_text("Yes")
        if username == "outsider":
            expect(company_page.locator(f"#proposal-{proposal.pk}")).to_contain_text("Alpha Ash Oy")
        context.close()

    # The office, in the CSP-checked page: the answers are in the audit log.
    log_in(page, live_server, "/audit/?model=synergies.consentrecord", "office")
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    table = page.locator("table.audit")
    expect(table).to_contain_text("company")
    expect(table).to_contain_text("outsider")
    page.locator("#id_action").select_option("update")
    page.locator("#id_model").select_option("synergies.proposal")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.audit")).to_contain_text("supplier_answer")
    assert page.js_errors == []
