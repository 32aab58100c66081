"""The office's htmx pages in headless Chromium: moving a card on the board from the keyboard."""

import os
import re
import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("VETURI_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "correct-horse-battery-staple"  # the root conftest's fixture users' password


@pytest.fixture
def page():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"], headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on("console", lambda message: page.problems.append(message.text) if "Content Security Policy" in message.text else None)
        yield page
        browser.close()


def test_the_office_moves_a_card_from_the_keyboard_and_the_report_shows_it(page, live_server, users, park):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("office")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Office").click()
    expect(page.get_by_role("heading", name="Engagement pipeline")).to_be_visible()

    card = page.locator(".board-card", has_text="Beta Cement Oy")
    card.locator("select").focus()
    card.locator("select").select_option("engaged")
    page.keyboard.press("Tab")
    page.keyboard.type("Keen after the ash workshop")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # htmx redraws the board in place: the card sits in the Engaged column and keeps the focus.
    engaged = page.locator("section.board-column", has=page.locator("#col-engaged"))
    expect(engaged.locator(".board-card", has_text="Beta Cement Oy")).to_be_visible()
    expect(page.locator(f"#move-{park['beta'].pk}")).to_be_focused()

    page.get_by_role("link", name="Monthly report").click()
    expect(page.get_by_role("cell", name="Keen after the ash workshop")).to_be_visible()
    assert page.locator("svg.chart").count() == 4
    assert page.problems == [], page.problems
    assert re.search(r"/office/reports/monthly/", page.url)
