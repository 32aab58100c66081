import pytest
from django.core.exceptions import ValidationError

from veturi.plots.models import Plot, PlotUtility, Zone

pytestmark = pytest.mark.django_db


def _rectangle(lon, lat, dlon, dlat):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat], [lon, lat]]]}


def test_area_is_computed_in_square_metres_in_etrs_tm35fin():
    # 0.01° of longitude at 61.5° N is about 531 m; 0.005° of latitude about 557 m.
    zone = Zone.objects.create(name="Z", geometry=_rectangle(23.5, 61.5, 0.01, 0.005))
    assert zone.area_m2 == pytest.approx(531 * 557, rel=0.01)
    assert zone.area_ha == pytest.approx(29.6, rel=0.01)


def test_a_self_intersecting_polygon_is_refused():
    bowtie = {"type": "Polygon", "coordinates": [[[23.5, 61.5], [23.51, 61.51], [23.51, 61.5], [23.5, 61.51], [23.5, 61.5]]]}
    with pytest.raises(ValidationError) as error:
        Zone(name="Bad", geometry=bowtie).full_clean()
    assert "geometry" in error.value.message_dict


def test_latitude_longitude_swapped_far_outside_is_refused():
    with pytest.raises(ValidationError):
        Zone(name="Swapped", geometry=_rectangle(61.5, 123.5, 0.01, 0.01)).full_clean()


def test_plot_lease_follows_price_and_percent():
    zone = Zone.objects.create(name="Z", geometry=_rectangle(23.5, 61.5, 0.05, 0.05))
    plot = Plot.objects.create(zone=zone, identifier="1", geometry=_rectangle(23.5, 61.5, 0.002, 0.001), price_eur_per_m2=5, lease_percent=6)
    assert plot.yearly_lease_eur == pytest.approx(plot.area_m2 * 5 * 0.06)


def test_utility_capacity_unit_is_fixed_per_kind():
    zone = Zone.objects.create(name="Z", geometry=_rectangle(23.5, 61.5, 0.05, 0.05))
    plot = Plot.objects.create(zone=zone, identifier="1", geometry=_rectangle(23.5, 61.5, 0.002, 0.001))
    utility = PlotUtility.objects.create(plot=plot, kind="district_heat", capacity=3)
    assert utility.unit == "MW"
    with pytest.raises(ValidationError):
        PlotUtility(plot=plot, kind="water", capacity=3, unit="MW").full_clean()
