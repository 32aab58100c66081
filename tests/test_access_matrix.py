"""Every role against every page: status codes, and no foreign confidential value in the body."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office", "expert", "company", "outsider", "viewer"]

# What each role gets from each page of the Alpha company (the `company` user's own organisation).
# 200 = shown, 403 = refused, 302 = sent to the login page.
MATRIX = {
    "dashboard": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "map": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "map-data": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-list": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-detail": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 200, "viewer": 200},
    "organisation-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    "stream-add": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
    "stream-edit": {"anonymous": 302, "office": 200, "expert": 200, "company": 200, "outsider": 403, "viewer": 403},
}

# Roles that must never see Alpha's confidential stream.
BLIND_TO_ALPHA_SECRETS = {"outsider", "viewer"}


def _url(name, park):
    alpha = park["alpha"]
    args = {
        "organisation-detail": [alpha.pk],
        "organisation-edit": [alpha.pk],
        "stream-add": [alpha.pk],
        "stream-edit": [park["streams"]["alpha_office"].pk],
    }.get(name, [])
    return reverse(name, args=args)


def test_the_matrix_covers_every_named_page():
    from django.urls import get_resolver

    named = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    app_pages = {name for name in named if not name.startswith(("admin", "login", "logout", "set_language", "javascript"))}
    assert app_pages == set(MATRIX), "add the new page to MATRIX"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_gets_the_expected_answer(client, users, park, name, role):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(_url(name, park))
    assert response.status_code == MATRIX[name][role], f"{role} on {name}"
    if role == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
    if role in BLIND_TO_ALPHA_SECRETS:
        body = response.content.decode()
        assert "Alpha secret fly ash" not in body
        assert "12,345" not in body and "12345" not in body
