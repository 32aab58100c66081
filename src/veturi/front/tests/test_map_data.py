import pytest
from django.urls import reverse

from veturi.plots.models import InfrastructureAsset

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["office", "expert", "company", "viewer"])
def test_it_returns_zones_plots_sites_and_infrastructure(login, park, role):
    InfrastructureAsset.objects.create(name="Heat plant", kind="heat_network", latitude=61.51, longitude=23.51, capacity=40, capacity_unit="MW")
    data = login(role).get(reverse("map-data")).json()
    assert [f["properties"]["name"] for f in data["zones"]["features"]] == ["Test zone"]
    plot = data["plots"]["features"][0]
    assert plot["properties"]["status"] == "available"
    assert plot["geometry"]["type"] == "Polygon"
    assert plot["properties"]["utilities"] == ["Electricity 2.0 MW"]
    assert {f["properties"]["organisation"] for f in data["sites"]["features"]} == {"Alpha Ash Oy", "Beta Cement Oy"}
    assert data["infrastructure"]["features"][0]["properties"]["capacity"] == "40 MW"


def test_it_gives_no_stream_figures(login, park):
    body = login("viewer").get(reverse("map-data")).content.decode()
    assert "12345" not in body and "Alpha secret" not in body
