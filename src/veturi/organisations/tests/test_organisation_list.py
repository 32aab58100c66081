import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _names(response):
    return [organisation.name for organisation in response.context["page"]]


@pytest.mark.parametrize("role", ["office", "expert", "company", "viewer"])
def test_every_role_lists_organisations(login, park, role):
    response = login(role).get(reverse("organisation-list"))
    assert response.status_code == 200
    assert _names(response) == ["Alpha Ash Oy", "Beta Cement Oy", "City of Testala"]


def test_it_searches_by_name(login, park):
    response = login("office").get(reverse("organisation-list"), {"q": "cement"})
    assert _names(response) == ["Beta Cement Oy"]


def test_it_filters_by_kind(login, park):
    response = login("office").get(reverse("organisation-list"), {"kind": "municipality"})
    assert _names(response) == ["City of Testala"]


def test_it_filters_by_nace_prefix(login, park):
    client = login("office")
    assert _names(client.get(reverse("organisation-list"), {"nace": "35"})) == ["Alpha Ash Oy"]
    assert _names(client.get(reverse("organisation-list"), {"nace": "23.51"})) == ["Beta Cement Oy"]


def test_it_filters_by_stage(login, park):
    park["beta"].engagement_stage = "committed"
    park["beta"].save()
    response = login("office").get(reverse("organisation-list"), {"stage": "committed"})
    assert _names(response) == ["Beta Cement Oy"]


def test_htmx_requests_get_only_the_rows(login, park):
    response = login("office").get(reverse("organisation-list"), {"q": "alpha"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Alpha Ash Oy" in html and "<html" not in html


def test_it_ignores_an_unknown_kind_and_lists_everything(login, park):
    response = login("office").get(reverse("organisation-list"), {"kind": "spaceship"})
    assert response.status_code == 200
    assert len(_names(response)) == 3
