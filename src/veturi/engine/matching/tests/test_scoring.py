"""Each factor of the score, wildcards, conditions and missing data."""

import math

import pytest

from veturi.engine.matching import match_streams

from .conftest import org, stream


def _best(result, output="out"):
    proposals = result.for_output(output)
    return proposals[0] if proposals else None


def test_exact_waste_code_beats_a_chapter_wildcard(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    exact = stream("out", "power", "output", "Ash A", ewc_code="10 01 02")
    wildcard = stream("out2", "power", "output", "Ash B", ewc_code="10 01 05")
    demand = stream("in", "cement", "input", "Cement raw materials")
    result = match_streams(orgs, [exact, wildcard, demand], [ash_rule], chains=False)
    exact_fit = _best(result, "out").technical_fit
    wildcard_fit = _best(result, "out2").technical_fit
    assert exact_fit > wildcard_fit > 0


def test_free_text_name_is_matched_without_codes(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    streams = [stream("out", "power", "output", "Fly ashes from the coal boiler"),
               stream("in", "cement", "input", "Cement kiln raw meal")]
    best = _best(match_streams(orgs, streams, [ash_rule], chains=False))
    assert best is not None and best.input == "in"
    assert "name contains 'fly ash'" in best.explanation()["technical_fit"]["detail"]


def test_hazardous_code_violates_not_hazardous(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    streams = [stream("out", "power", "output", "Fly ash", ewc_code="10 01 16"),  # hazardous
               stream("in", "cement", "input", "Cement raw materials")]
    assert _best(match_streams(orgs, streams, [ash_rule], chains=False)) is None


@pytest.mark.parametrize("temperature, proposed", [(95, True), (60, False)])
def test_temperature_condition_decides(heat_rule, temperature, proposed):
    orgs = [org("plant"), org("dh", nace=["35.30"], lon=23.01)]
    streams = [stream("out", "plant", "output", "Waste heat", taxonomy_code="energy.heat",
                      properties={"temperature_c": temperature}),
               stream("in", "dh", "input", "District heat")]
    assert (_best(match_streams(orgs, streams, [heat_rule], chains=False)) is not None) == proposed


def test_temperature_read_from_the_name_and_unknown_temperature_lowers_confidence(heat_rule):
    orgs = [org("plant"), org("dh", nace=["35.30"], lon=23.01)]
    named = [stream("out", "plant", "output", "Waste heat 95 °C"),
             stream("in", "dh", "input", "District heat")]
    unknown = [stream("out", "plant", "output", "Waste heat"),
               stream("in", "dh", "input", "District heat")]
    with_temperature = _best(match_streams(orgs, named, [heat_rule], chains=False))
    without = _best(match_streams(orgs, unknown, [heat_rule], chains=False))
    assert with_temperature.confidence > without.confidence
    assert "condition data" in without.missing


def test_quantity_fit_is_the_mean_share_of_supply_and_demand(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    streams = [stream("out", "power", "output", "Fly ash", quantity=100.0, unit="t/a"),
               stream("in", "cement", "input", "Cement raw materials", quantity=50.0, unit="t/a")]
    best = _best(match_streams(orgs, streams, [ash_rule], chains=False))
    assert best.quantity_exchanged == 50.0
    assert best.quantity_fit == pytest.approx(0.5 * 0.5 + 0.5 * 1.0, abs=1e-4)


def test_time_fit_counts_shared_months_and_scales_the_quantity(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    streams = [stream("out", "power", "output", "Fly ash", quantity=120.0, unit="t/a",
                      months=(1, 2, 3, 4, 5, 6)),
               stream("in", "cement", "input", "Cement raw materials", quantity=500.0,
                      unit="t/a", months=(4, 5, 6, 7, 8, 9, 10, 11, 12))]
    best = _best(match_streams(orgs, streams, [ash_rule], chains=False))
    assert best.time_fit == pytest.approx(0.5 * 3 / 9 + 0.5 * 3 / 6, abs=1e-4)
    assert best.quantity_exchanged == pytest.approx(60.0)


def test_no_shared_month_means_no_proposal(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    streams = [stream("out", "power", "output", "Fly ash", months=(1, 2)),
               stream("in", "cement", "input", "Cement raw materials", months=(7, 8))]
    assert _best(match_streams(orgs, streams, [ash_rule], chains=False)) is None


def test_nearer_receiver_ranks_first_and_distance_is_a_road_estimate(ash_rule):
    orgs = [org("power"), org("near", nace=["23.51"], lon=23.05),
            org("far", nace=["23.51"], lon=24.5)]
    streams = [stream("out", "power", "output", "Fly ash"),
               stream("a", "near", "input", "Cement raw materials"),
               stream("b", "far", "input", "Cement raw materials")]
    result = match_streams(orgs, streams, [ash_rule], chains=False, detour_factor=1.5)
    first, second = result.for_output("out")
    assert (first.input, second.input) == ("a", "b")
    assert first.distance_fit > second.distance_fit
    straight = first.distance_km / 1.5
    assert 2.5 < straight < 2.8  # 0.05° of longitude at 61° N is about 2.7 km


def test_a_given_distance_matrix_overrides_coordinates(ash_rule):
    orgs = [org("power"), org("near", nace=["23.51"], lon=23.05),
            org("far", nace=["23.51"], lon=24.5)]
    streams = [stream("out", "power", "output", "Fly ash"),
               stream("a", "near", "input", "Cement raw materials"),
               stream("b", "far", "input", "Cement raw materials")]
    matrix = {("power", "near"): 300.0, ("far", "power"): 5.0}
    result = match_streams(orgs, streams, [ash_rule], chains=False, distance_matrix=matrix)
    first = result.for_output("out")[0]
    assert first.input == "b" and first.distance_km == 5.0


def test_value_and_co2_follow_the_documented_formulas(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.0)]  # same site: no transport
    streams = [stream("out", "power", "output", "Fly ash", quantity=1000.0, unit="t/a"),
               stream("in", "cement", "input", "Cement raw materials", quantity=1000.0, unit="t/a")]
    best = _best(match_streams(orgs, streams, [ash_rule], chains=False))
    assert best.distance_km == 0.0
    transport = best.transport_cost_eur_per_year
    assert transport == pytest.approx(1000 * 3.0)  # truck fixed handling only
    assert best.value_eur_per_year == pytest.approx(1000 * (60 + 20 - 3) - transport)
    assert best.co2_t_per_year == pytest.approx(1000 * 700 / 1000)


def test_transport_cost_and_emissions_grow_with_distance_and_depend_on_mode(ash_rule, heat_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.2)]
    streams = [stream("out", "power", "output", "Fly ash", quantity=1000.0, unit="t/a"),
               stream("in", "cement", "input", "Cement raw materials", quantity=1000.0, unit="t/a")]
    truck = _best(match_streams(orgs, streams, [ash_rule], chains=False))
    assert truck.transport_mode == "truck"
    km = truck.distance_km
    assert truck.transport_cost_eur_per_year == pytest.approx(1000 * (0.10 * km + 3.0), rel=1e-3)
    assert truck.transport_co2_t_per_year == pytest.approx(1000 * 0.062 * km / 1000, rel=1e-3)
    assert truck.co2_t_per_year == pytest.approx(700 - truck.transport_co2_t_per_year, rel=1e-3)
    def heat(quantity):
        return [stream("out", "power", "output", "Waste heat 95 C", quantity=quantity,
                       unit="MWh/a"),
                stream("in", "cement", "input", "District heat", quantity=quantity, unit="MWh/a")]

    orgs[1] = org("cement", nace=["35.30"], lon=23.2)
    pipe = _best(match_streams(orgs, heat(100_000.0), [heat_rule], chains=False))
    assert pipe.transport_mode == "pipeline"
    # At the reference flow of 100 GWh/a a heat main costs 0.5 €/MWh per km.
    assert pipe.transport_cost_eur_per_year == pytest.approx(100_000 * 0.5 * km, rel=1e-3)
    assert pipe.transport_co2_t_per_year == 0.0
    assert pipe.distance_fit < truck.distance_fit  # pipes are worth building over short runs
    # A four times larger flow halves the cost per MWh and carries twice as far.
    big = _best(match_streams(orgs, heat(400_000.0), [heat_rule], chains=False))
    assert big.transport_cost_eur_per_year == pytest.approx(400_000 * 0.25 * km, rel=1e-3)
    assert big.distance_fit == pytest.approx(pipe.distance_fit ** 0.5, abs=1e-3)


def test_every_factor_is_visible_in_the_explanation(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    streams = [stream("out", "power", "output", "Fly ash", quantity=10.0, unit="t/a"),
               stream("in", "cement", "input", "Cement", quantity=10.0, unit="t/a")]
    explanation = _best(match_streams(orgs, streams, [ash_rule], chains=False)).explanation()
    assert set(explanation) == {"technical_fit", "quantity_fit", "time_fit", "distance_fit",
                                "transport", "economic_value", "co2_avoided", "confidence"}


def test_score_combines_the_factors_as_documented(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    streams = [stream("out", "power", "output", "Fly ash", quantity=10.0, unit="t/a"),
               stream("in", "cement", "input", "Cement", quantity=10.0, unit="t/a")]
    result = match_streams(orgs, streams, [ash_rule], chains=False)
    p = _best(result)
    weights = result.parameters["weights"]
    fits = {"quantity": p.quantity_fit, "time": p.time_fit, "distance": p.distance_fit,
            "value": p.explanation()["economic_value"]["value"],
            "co2": p.explanation()["co2_avoided"]["value"]}
    mean = sum(weights[k] * fits[k] for k in weights) / sum(weights.values())
    expected = p.technical_fit * (0.3 + 0.7 * mean) * (0.85 + 0.15 * p.confidence)
    assert p.score == pytest.approx(expected, abs=2e-3)


def test_missing_quantities_and_coordinates_lower_confidence_but_never_crash(ash_rule):
    orgs = [org("power", lat=None, lon=None), org("cement", nace=["23.51"])]
    streams = [stream("out", "power", "output", "Fly ash"),
               stream("in", "cement", "input", "Cement raw materials", quantity=5.0, unit="m3/a")]
    best = _best(match_streams(orgs, streams, [ash_rule], chains=False))
    assert best.value_eur_per_year is None and best.distance_km is None
    assert {"supply quantity", "demand unit", "location"} <= set(best.missing)
    assert best.confidence < 0.7
    assert math.isfinite(best.score)


def test_own_inputs_are_never_proposed(ash_rule):
    orgs = [org("power", nace=["23.51"])]
    streams = [stream("out", "power", "output", "Fly ash"),
               stream("in", "power", "input", "Cement raw materials")]
    assert match_streams(orgs, streams, [ash_rule], chains=False).proposals == ()


def test_ranks_count_per_output_and_per_input(ash_rule):
    orgs = [org("p1"), org("p2", lon=23.3), org("c", nace=["23.51"], lon=23.01)]
    streams = [stream("o1", "p1", "output", "Fly ash"), stream("o2", "p2", "output", "Fly ash"),
               stream("in", "c", "input", "Cement")]
    result = match_streams(orgs, streams, [ash_rule], chains=False)
    assert [p.rank for p in result.for_input("in")] == [1, 1]
    assert [p.output for p in result.for_input("in")] == ["o1", "o2"]
    assert [p.rank_for_input for p in result.for_input("in")] == [1, 2]


@pytest.mark.parametrize("kwargs, message", [
    ({"top_k": 0}, "top_k"), ({"detour_factor": 0.5}, "detour_factor"),
    ({"weights": {"beauty": 1.0}}, "weights: unknown factor"),
])
def test_bad_parameters_are_named(ash_rule, kwargs, message):
    with pytest.raises(ValueError, match=message):
        match_streams([org("a")], [], [ash_rule], **kwargs)


def test_streams_of_unknown_organisations_are_named(ash_rule):
    with pytest.raises(ValueError, match="stream 's', field organisation"):
        match_streams([org("a")], [stream("s", "nobody", "output", "Ash")], [ash_rule])


def test_shipped_rules_propose_the_classic_kalundborg_exchanges():
    orgs = [org("asnaes", nace=["35.11"]), org("gyproc", nace=["23.62"], lon=23.01),
            org("refinery", nace=["19.20"], lon=23.02), org("pigs", nace=["01.46"], lon=23.1),
            org("novo", nace=["21.20"], lon=23.015)]
    streams = [stream("gypsum", "asnaes", "output", "FGD gypsum"),
               stream("steam", "asnaes", "output", "Process steam"),
               stream("yeast", "novo", "output", "Yeast slurry"),
               stream("in_gypsum", "gyproc", "input", "Gypsum for plasterboard"),
               stream("in_steam", "refinery", "input", "Steam for heating"),
               stream("in_feed", "pigs", "input", "Pig feed")]
    result = match_streams(orgs, streams, chains=False)
    assert result.for_output("gypsum")[0].input == "in_gypsum"
    assert result.for_output("steam")[0].input == "in_steam"
    assert result.for_output("yeast")[0].input == "in_feed"


def test_origin_words_weigh_less_than_the_head_of_the_name():
    from veturi.engine.matching.matching import _head_term

    terms = ("hydrogen", "co2")
    assert _head_term(terms, "Pure CO2 from the hydrogen manufacturing unit")[1] == "co2"
    assert _head_term(("kuori", "tuhka"), "Soodakattilan ja kuorikattilan tuhka")[1] == "tuhka"


def test_an_input_naming_both_resource_and_use_beats_a_generic_one():
    orgs = [org("refinery"), org("acid", nace=["20.13"], lon=23.01),
            org("food", nace=["10.81"], lon=23.005)]
    streams = [stream("out", "refinery", "output", "Liquid sulphur"),
               stream("acid_in", "acid", "input", "Sulphur for sulphuric acid production"),
               stream("food_in", "food", "input", "Corn starch and sugar (raw materials)")]
    result = match_streams(orgs, streams, chains=False)
    assert result.for_output("out")[0].input == "acid_in"


def test_the_lexicon_setting_is_validated_and_recorded(ash_rule):
    orgs = [org("power"), org("cement", nace=["23.51"], lon=23.01)]
    streams = [stream("out", "power", "output", "Fly ash"),
               stream("in", "cement", "input", "Cement")]
    for setting in ("all", "fallback", "off"):
        result = match_streams(orgs, streams, [ash_rule], chains=False, lexicon=setting)
        assert result.parameters["lexicon"] == setting
        assert result.for_output("out")[0].input == "in"
    with pytest.raises(ValueError, match="lexicon must be"):
        match_streams(orgs, streams, [ash_rule], lexicon="sometimes")


def test_results_do_not_depend_on_stream_order():
    orgs = [org("a", nace=["35.11"]), org("b", nace=["17.12"], lon=23.01),
            org("c", nace=["35.30"], lon=23.02)]
    streams = [stream("steam", "a", "output", "Process steam", quantity=100.0, unit="MWh/a"),
               stream("heat", "a", "output", "Waste heat 95 °C", quantity=50.0, unit="MWh/a"),
               stream("s_in", "b", "input", "Steam", quantity=80.0, unit="MWh/a"),
               stream("h_in", "c", "input", "District heat", quantity=60.0, unit="MWh/a")]
    forward = match_streams(orgs, streams, chains=False, attract=False)
    backward = match_streams(orgs, list(reversed(streams)), chains=False, attract=False)
    assert [(p.output, p.input, p.rank, p.score) for p in forward.proposals] == [
        (p.output, p.input, p.rank, p.score) for p in backward.proposals]
