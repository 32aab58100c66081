"""KPI arithmetic against hand-computed cases and the IFEIP assessment."""

import pytest

from veturi.engine.kpis import (
    CATEGORIES, ExchangeFlow, assess, exchange_totals, framework, indicators, metric_labels,
)


def test_totals_of_a_hand_computed_year_of_exchanges():
    exchanges = [
        # 2 t/d of wood chips for 6 months: 365 t/a; replaces virgin at 0.9; 50 km at 80 g/tkm.
        ExchangeFlow("chips", 2, "t/d", co2_factor_t_per_unit=0.2, substitutes_virgin=True,
                     substitution_ratio=0.9, diverted_from="incineration", transport_km=50,
                     transport_g_per_tkm=80, months_available=6),
        # 3000 t/a of ash to road building instead of landfill, 0.01 t CO2 avoided per t.
        ExchangeFlow("ash", 3000, "t/a", co2_factor_t_per_unit=0.01, diverted_from="landfill"),
        # 1 MW of waste heat all year: 8760 MWh at 0.064 t/MWh.
        ExchangeFlow("heat", 1, "MW", co2_factor_t_per_unit=0.064),
        # 100 m3/d of cooling water: 36 500 m3/a.
        ExchangeFlow("water", 100, "m3/d"),
        ExchangeFlow("idle", 0, "t/a"),
    ]
    totals = exchange_totals(exchanges)
    transport = 365 * 50 * 80 / 1e6  # 1.46 t
    assert totals["transport_co2_t"] == pytest.approx(transport)
    assert totals["co2_avoided_t"] == pytest.approx(365 * 0.2 - transport + 30 + 8760 * 0.064)
    assert totals["virgin_material_saved_t"] == pytest.approx(328.5)
    assert totals["waste_diverted_incineration_t"] == pytest.approx(365)
    assert totals["waste_diverted_landfill_t"] == pytest.approx(3000)
    assert totals["energy_recirculated_mwh"] == pytest.approx(8760)
    assert totals["water_recirculated_m3"] == pytest.approx(36_500)
    assert totals["synergies_realised"] == 4


def test_gigajoules_count_as_megawatt_hours():
    assert exchange_totals([ExchangeFlow("steam", 3600, "GJ/a")])["energy_recirculated_mwh"] \
        == pytest.approx(1000)


@pytest.mark.parametrize(("build", "message"), [
    (lambda: ExchangeFlow("x", 1, "t/a", diverted_from="sea"), "exchange 'x': diverted_from"),
    (lambda: ExchangeFlow("x", 1, "t/a", substitution_ratio=-1), "substitution_ratio must not"),
    (lambda: exchange_totals([ExchangeFlow("x", 1, "bar")]), "exchange 'x': unit 'bar'"),
    (lambda: exchange_totals([ExchangeFlow("x", -1, "t/a")]), "exchange 'x': value must not"),
    (lambda: exchange_totals([ExchangeFlow("x", 1, "MWh/a", diverted_from="landfill")]),
     "only a mass"),
])
def test_bad_exchanges_are_refused_with_the_field_named(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_the_framework_covers_its_four_categories_and_cites_its_source():
    data = framework()
    assert "Version 2.0" in data["framework"] and "worldbank.org" in data["source_url"]
    assert {i.category for i in indicators()} == set(CATEGORIES)
    described = set(metric_labels())
    assert all(c.metric in described for i in indicators() for c in i.checks)
    assert len({i.id for i in indicators()}) == len(indicators())


def by_id(assessment):
    return {s.indicator.id: s for s in assessment.statuses}


def test_an_empty_park_has_no_data_anywhere_and_says_what_is_missing():
    result = assess({})
    assert {s.status for s in result.statuses} == {"no_data"}
    assert "wastewater_treated_share" in result.missing_metrics()
    assert result.counts()["social"]["no_data"] == sum(
        1 for i in indicators() if i.category == "social")


def test_statuses_follow_the_checks():
    result = by_id(assess({
        "waste_reused_share": 0.62, "wastewater_treated_share": 0.9,
        "water_recirculated_m3": 36_500, "water_reuse_share": 0.02,
        "has_social_management_system": True, "has_grievance_mechanism": True,
    }))
    assert result["EN-7"].status == "met" and result["EN-7"].values == {"waste_reused_share": 0.62}
    assert result["EN-5"].status == "not_met"
    assert result["EN-5"].failed == ("wastewater_treated_share = 0.9, target >= 1",)
    assert result["EN-6"].status == "partly"
    assert result["SO-1"].status == "met"
    assert result["SO-2"].status == "no_data" and result["SO-2"].missing == ("lost_time_injury_rate",)


def test_a_lower_is_better_check_and_the_office_targets():
    assert by_id(assess({"lost_time_injury_rate": 4.0}))["SO-2"].status == "met"
    assert by_id(assess({"lost_time_injury_rate": 4.0},
                        targets={"lost_time_injury_rate": 2.0}))["SO-2"].status == "not_met"
    assert by_id(assess({"waste_reused_share": 0.3},
                        targets={"waste_reused_share": 0.25}))["EN-7"].status == "met"


@pytest.mark.parametrize(("data", "targets", "message"), [
    ({"happiness": 1}, None, "unknown metric"),
    ({"waste_reused_share": "lots"}, None, r"park_data\['waste_reused_share'\] must be a finite"),
    ({}, {"jobs": "many"}, r"targets\['jobs'\] must be a finite number"),
    ({}, {"nope": 1}, "targets names unknown metric 'nope'"),
])
def test_bad_park_data_is_refused_with_the_field_named(data, targets, message):
    with pytest.raises(ValueError, match=message):
        assess(data, targets=targets)
