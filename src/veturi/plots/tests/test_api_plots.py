import pytest

from veturi.plots.models import Plot

pytestmark = pytest.mark.django_db


def test_everyone_signed_in_reads_plots_with_utilities(login, park):
    data = login("viewer").get("/api/plots/").json()
    plot = data["results"][0]
    assert plot["identifier"] == "T-1" and plot["utilities"][0]["kind"] == "electricity"
    assert plot["area_m2"] > 0


def test_only_staff_change_plots(login, park):
    plot = park["plot"]
    assert login("company").patch(f"/api/plots/{plot.pk}/", {"status": "sold"}, content_type="application/json").status_code == 403
    assert login("office").patch(f"/api/plots/{plot.pk}/", {"status": "reserved"}, content_type="application/json").status_code == 200
    assert Plot.objects.get(pk=plot.pk).status == "reserved"


def test_a_bad_geometry_is_a_clear_error(login, park):
    response = login("office").post(
        "/api/zones/", {"name": "Broken", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "geometry" in response.json()
