"""Rows to engine types: canonical quantities, quality, months, codes, coordinates and NACE; missing data stays missing."""

import pytest

from veturi.organisations.models import NaceActivity, Organisation
from veturi.streams.models import ResourceStream, Site
from veturi.synergies.adapters import organisations_to_engine, rules_to_engine, stream_to_engine, streams_to_engine
from veturi.synergies.tests.factories import make_rule

pytestmark = pytest.mark.django_db


def test_a_stream_becomes_the_engines_stream_in_canonical_units(park):
    stream = park["streams"]["beta_partners"]  # 4.5 MW all year
    stream.quality = {"temperature_c": 85, "note": "text is dropped"}
    stream.months = [5, 6, 7]
    stream.handling_cost_eur_per_unit = 12.5
    stream.save()
    engine = stream_to_engine(ResourceStream.objects.select_related("site").get(pk=stream.pk))
    assert engine.id == f"stream-{stream.pk}" and engine.organisation == f"org-{park['beta'].pk}"
    assert engine.unit == "MWh/a" and engine.quantity == pytest.approx(4.5 * 24 * 365 / 12 * 3, rel=0.02)
    assert engine.properties == {"temperature_c": 85} and engine.months == (5, 6, 7)
    assert engine.handling_cost_eur_per_unit == 12.5 and engine.kind == "energy" and engine.direction == "output"


def test_codes_and_hazard_come_from_the_row(park):
    engine = stream_to_engine(park["streams"]["alpha_office"])
    assert engine.ewc_code == "10 01 02" and engine.taxonomy_code is None
    assert engine.properties == {"hazardous": False} and engine.months == ()


def test_missing_data_stays_missing(park):
    lonely = Organisation.objects.create(name="No Site Oy")
    site = Site.objects.create(organisation=lonely, name="Somewhere")
    stream = ResourceStream.objects.create(site=site, direction="input", kind="material", name="Something", quantity=0, unit="t/a")
    engine = stream_to_engine(stream)
    assert engine.quantity is None and engine.ewc_code is None and engine.properties == {}
    organisation = next(o for o in organisations_to_engine(Organisation.objects.all()) if o.name == "No Site Oy")
    assert organisation.lat is None and organisation.lon is None and organisation.nace == ()


def test_organisations_carry_nace_primary_first_and_their_site(park):
    NaceActivity.objects.create(organisation=park["alpha"], code="38.21")
    alpha = next(o for o in organisations_to_engine(Organisation.objects.all()) if o.id == f"org-{park['alpha'].pk}")
    assert alpha.nace == ("35.11", "38.21") and (alpha.lat, alpha.lon) == (61.52, 23.52)
    assert len(streams_to_engine(ResourceStream.objects.all())) == 5


def test_only_active_rules_reach_the_engine(db):
    make_rule()
    assert [rule.id for rule in rules_to_engine()] == ["ash_slag.fly_ash_cement"]
    from veturi.synergies.models import SynergyRule

    SynergyRule.objects.update(active=False)
    assert rules_to_engine() == []
