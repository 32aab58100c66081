import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["office", "expert", "company", "viewer"])
def test_the_map_page_loads_its_assets_from_the_package(login, role):
    response = login(role).get(reverse("map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/veturi/vendor/leaflet/leaflet.js" in html
    assert reverse("map-data") in html


def test_map_page_requires_login(client):
    assert client.get(reverse("map")).status_code == 302
    assert client.get(reverse("map-data")).status_code == 302
