import pytest
from django.core.exceptions import ValidationError

from veturi.organisations.models import Organisation
from veturi.streams.models import ResourceStream, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    organisation = Organisation.objects.create(name="Stream Test Oy")
    return Site.objects.create(organisation=organisation, name="Plant", latitude=61.5, longitude=23.5)


def _stream(site, **kwargs):
    values = {"site": site, "direction": "output", "kind": "material", "name": "Ash", "quantity": 10, "unit": "t/a"}
    values.update(kwargs)
    return ResourceStream(**values)


def test_quantity_is_stored_as_entered_and_per_year(site):
    stream = _stream(site, quantity=2, unit="kg/d")
    stream.full_clean()
    stream.save()
    assert (stream.quantity, stream.unit) == (2, "kg/d")
    assert stream.canonical_unit == "t/a"
    assert stream.canonical_quantity == pytest.approx(2 * 365 / 1000)


def test_power_becomes_energy_over_the_months_available(site):
    stream = _stream(site, kind="energy", quantity=1, unit="MW")
    stream.months = [1, 2, 3]
    stream.save()
    assert stream.canonical_unit == "MWh/a"
    assert stream.canonical_quantity == pytest.approx(8760 / 4)


@pytest.mark.parametrize("unit", ["parsecs", "°C", "bar", ""])
def test_an_unknown_or_incompatible_unit_is_a_clear_error(site, unit):
    with pytest.raises(ValidationError) as error:
        _stream(site, unit=unit).full_clean()
    assert "unit" in error.value.message_dict


def test_save_refuses_a_bad_unit_even_without_full_clean(site):
    with pytest.raises(ValidationError):
        _stream(site, unit="parsecs").save()
    assert not ResourceStream.objects.exists()


def test_waste_codes_are_normalised_and_checked(site):
    stream = _stream(site, ewc_code="190112")
    stream.full_clean()
    assert stream.ewc_code == "19 01 12"
    assert not stream.hazardous
    hazardous = _stream(site, ewc_code="19 01 13*")
    hazardous.full_clean()
    assert hazardous.hazardous
    with pytest.raises(ValidationError) as error:
        _stream(site, ewc_code="19 99 98").full_clean()
    assert "ewc_code" in error.value.message_dict


def test_taxonomy_codes_are_checked(site):
    stream = _stream(site, kind="energy", unit="MWh/a", taxonomy_code="energy.heat.t30_60")
    stream.full_clean()
    assert "30" in stream.classification_label
    with pytest.raises(ValidationError) as error:
        _stream(site, taxonomy_code="energy.unobtainium").full_clean()
    assert "taxonomy_code" in error.value.message_dict


def test_quality_values_must_be_plausible_numbers(site):
    with pytest.raises(ValidationError):
        _stream(site, quality={"temperature_c": "hot"}).full_clean()
    with pytest.raises(ValidationError):
        _stream(site, quality={"dry_matter_pct": 130}).full_clean()
    _stream(site, quality={"dry_matter_pct": 30, "colour": "grey"}).full_clean()


def test_months_are_a_mask_of_twelve(site):
    stream = _stream(site)
    stream.months = [12, 1, 6]
    assert stream.months == [1, 6, 12]
    with pytest.raises(ValidationError):
        stream.months = [13]


def test_negative_quantity_is_refused(site):
    with pytest.raises(ValidationError) as error:
        _stream(site, quantity=-5).full_clean()
    assert "quantity" in error.value.message_dict


def test_a_site_needs_both_coordinates_or_neither():
    organisation = Organisation.objects.create(name="Z")
    with pytest.raises(ValidationError):
        Site(organisation=organisation, name="Half", latitude=61.5).full_clean()
