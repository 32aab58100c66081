"""The import journey in headless Chromium: upload, read the problems, fix, confirm."""

import os
import re
import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("VETURI_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "correct-horse-battery-staple"  # the root conftest's fixture users' password
BAD = "organisation,direction,kind,name,quantity,unit,external_id\nAlpha Ash Oy,output,by_product,Boiler slag,120,parsecs,slag-1\n"


@pytest.fixture
def page():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors
        yield page
        browser.close()


def test_office_imports_a_file_after_fixing_the_problem_the_dry_run_found(page, live_server, users, tmp_path):
    from playwright.sync_api import expect

    from veturi.streams.models import ResourceStream

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("office")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Import & export").click()
    expect(page.get_by_role("heading", name="Import", exact=True)).to_be_visible()

    bad = tmp_path / "streams.csv"
    bad.write_text(BAD)
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    row = page.locator("table.problems tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("unit")
    expect(row).to_contain_text("parsecs")
    expect(page.get_by_role("button", name="Import")).to_have_count(0)

    page.get_by_role("link", name="Fix the file and upload it again").click()
    good = tmp_path / "streams-fixed.csv"
    good.write_text(BAD.replace("parsecs", "t/a"))
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("No problems found")).to_be_visible()
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messages")).to_contain_text(re.compile(r"streams: 1 new, 0 updated"))
    assert ResourceStream.objects.filter(external_id="slag-1").count() == 1
    assert page.js_errors == []
