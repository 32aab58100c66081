import pytest

from veturi.engine.matching import Organisation, Stream, rule_from_row


@pytest.fixture
def heat_rule():
    return rule_from_row({
        "id": "t.heat", "name": "Waste heat to district heating", "supplier_taxonomy": "energy.heat",
        "supplier_terms": "waste heat", "receiver_nace": "35.30", "receiver_terms": "district heat",
        "supply_unit": "MWh/a", "receive_unit": "MWh/a", "conditions": "temperature_c>=85",
        "avoided_emission_kg_per_unit": "200", "avoided_purchase_eur_per_unit": "30",
        "processing_cost_eur_per_unit": "5", "transport_mode": "pipeline", "source": "test",
    }, file="test.csv")


@pytest.fixture
def ash_rule():
    return rule_from_row({
        "id": "t.ash", "name": "Fly ash to cement", "supplier_ewc": "10 01 02|10 01 *",
        "supplier_terms": "fly ash", "receiver_nace": "23.51", "receiver_terms": "cement",
        "conditions": "not_hazardous", "avoided_emission_kg_per_unit": "700",
        "avoided_purchase_eur_per_unit": "20", "avoided_disposal_eur_per_unit": "60",
        "processing_cost_eur_per_unit": "3", "transport_mode": "truck", "source": "test",
    }, file="test.csv")


def org(org_id, lat=61.0, lon=23.0, nace=()):
    return Organisation(org_id, org_id.title(), tuple(nace), lat=lat, lon=lon)


def stream(stream_id, organisation, direction, name, **fields):
    return Stream(stream_id, organisation, direction, name, **fields)
