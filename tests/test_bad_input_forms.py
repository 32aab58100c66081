"""Bad input to every form: each page of the authorisation matrix that the office may open is read,
every form on it posted with random, huge, unicode and injection values. Never a 500; a refused form
(shown again, 200) has written nothing."""

import re

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_access_matrix import _url
from veturi.accounts.authorisation import MATRIX

pytestmark = pytest.mark.django_db

NASTY = [
    "", "0", "-1", "1e309", "NaN", "9" * 400, "<script>alert(1)</script>", "'; DROP TABLE organisations_organisation; --",
    "ä€😀 Ωmega", "\u202eevil", "nul\x00byte", "{{ 7|add:7 }}", "2026-13-45", "x" * 20000, "[1, {\"a\": null}]",
]
value = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"[^>]*>", re.I)
IGNORED_FIELDS = {"csrfmiddlewaretoken", "language", "next"}
# Records that every request may write whatever the form says: the audit trail and sessions.
UNCOUNTED_APPS = {"audit", "sessions", "admin", "authtoken"}

FORM_PAGES = sorted(name for name, row in MATRIX.items() if row["office"] == 200)


def post_forms(html: str, page_url: str) -> list[tuple[str, list[str]]]:
    """(action URL, field names) of every POST form on the page, the language switcher excepted."""
    forms = []
    for attributes, body in FORM.findall(html):
        if not re.search(r"method=\"post\"", attributes, re.I):
            continue
        action = re.search(r"action=\"([^\"]*)\"", attributes)
        url = (action.group(1) if action and action.group(1) else page_url).replace("&amp;", "&")
        if "setlang" in url or "logout" in url:
            continue
        names = sorted({name for name in FIELD.findall(body) if name not in IGNORED_FIELDS})
        forms.append((url, names))
    return forms


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label not in UNCOUNTED_APPS and model._meta.managed}


@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_form_survives_bad_input(client, users, park, name):
    client.force_login(users["office"])
    page_url = _url(name, park)
    page = client.get(page_url)
    if page.streaming or not page["Content-Type"].startswith("text/html"):
        pytest.skip("a download, not a page")
    forms = post_forms(page.content.decode(), page_url)
    if not forms:
        pytest.skip("no form on this page")

    @settings(max_examples=4, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def post_bad_values(data):
        for url, names in forms:
            values = {field: data.draw(value, label=field) for field in names}
            before = row_counts()
            response = client.post(url, values)
            assert response.status_code < 500, f"{url} answered {response.status_code} to {values!r}"
            if response.status_code in (200, 400):  # refused and shown again: nothing may be written
                assert row_counts() == before, f"{url} refused the form but wrote rows"

    post_bad_values()
