"""The pruning kernel keeps every pair that can reach a top k: pruned plans equal plans that
score every pair, and the kernel's distance bounds bracket the geodesic pyproj computes."""

import math
import random
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from veturi.engine.matching import Organisation, Stream, load_rules
from veturi.engine.matching import scale
from veturi.engine.matching.candidates import geodesic_bounds_km
from veturi.engine.matching.vectorised import classify, top_k_matches

RULES = load_rules()
OUTPUT_NAMES = ["Coal fly ash", "Waste heat 90 °C", "Sewage sludge", "Wood chips", "Steel scrap",
                "CO2 from fermentation", "Gypsum from flue gas", "Used tyres", "Bark"]
INPUT_NAMES = ["Cement raw materials", "District heating", "Biogas plant feedstock",
               "Biomass fuel", "Scrap metal", "CO2 for greenhouses", "Gypsum", "Fuel",
               "Heat for drying"]
NACE = ["23.51", "35.30", "35.11", "24.10", "01.13", "38.21", "16.10", "17.12"]


def dense_case(seed, organisations=40, streams_per=6, spread_deg=0.4):
    """Many outputs and inputs of a few resources close together: outputs have far more
    than k candidates, so the kernel prunes."""
    rng = random.Random(seed)
    orgs, streams = [], []
    for i in range(organisations):
        located = rng.random() > 0.05
        orgs.append(Organisation(
            f"o{i}", nace=(rng.choice(NACE),),
            lat=60.0 + rng.uniform(-spread_deg, spread_deg) if located else None,
            lon=24.0 + rng.uniform(-2 * spread_deg, 2 * spread_deg) if located else None))
        for j in range(streams_per):
            direction = rng.choice(["output", "input"])
            streams.append(Stream(
                f"s{i}_{j}", f"o{i}", direction,
                rng.choice(OUTPUT_NAMES if direction == "output" else INPUT_NAMES),
                quantity=rng.choice([None, round(rng.lognormvariate(7, 1.5), 1)]),
                unit=rng.choice(["t/a", "MWh/a", None]),
                months=rng.choice([(), (1, 2, 3), (6, 7, 8, 9), (1, 2, 3, 4, 5, 6)]),
                properties=rng.choice([{}, {"temperature_c": 95}, {"hazardous": True}]),
            ))
    return orgs, streams


def ranked(frame):
    return sorted(zip(frame.output, frame.input, frame["rank"]))


def plan_result(organisations, streams, cap, *, prune, top_k=10):
    table = scale.prepare(classify(organisations, streams, RULES, lexicon="off"), cap, 1.3)
    source = scale.InMemorySource(table, RULES)
    plan = [replace(task, prune=prune)
            for task in scale.make_plan(source, max_distance_km=cap, top_k=top_k)]
    return scale.run_local(plan, source)


@pytest.fixture
def always_prune(monkeypatch):
    monkeypatch.setattr(scale, "PRUNE_FROM_PAIRS", 0)


@pytest.mark.parametrize("seed,cap,top_k", [(1, 150.0, 10), (2, 40.0, 3), (3, 150.0, 1)])
def test_pruned_plan_equals_scoring_every_pair(always_prune, seed, cap, top_k):
    organisations, streams = dense_case(seed)
    stats: dict = {}
    table = scale.prepare(classify(organisations, streams, RULES, lexicon="off"), cap, 1.3)
    source = scale.InMemorySource(table, RULES)
    plan = scale.make_plan(source, max_distance_km=cap, top_k=top_k)
    pruned = scale.run_local(plan, source, stats=stats)
    every = scale.run_local([replace(task, prune=False) for task in plan], source)
    assert len(every) > 0
    assert ranked(pruned) == ranked(every)
    merged = pruned.merge(every, on=["output", "input"])
    assert np.allclose(merged["score_x"], merged["score_y"], rtol=0, atol=1e-12)
    # ... and the pruning did prune: fewer pairs scored than visited.
    assert stats["pairs"] > 0
    # The located part also equals the unpartitioned vectorised path.
    located = {o.id for o in organisations if o.lat is not None}
    only_located = [s for s in streams if s.organisation in located]
    expected = top_k_matches([o for o in organisations if o.id in located], only_located, RULES,
                             lexicon="off", max_distance_km=cap, top_k=top_k)
    got = plan_result([o for o in organisations if o.id in located], only_located, cap,
                      prune=True, top_k=top_k)
    assert ranked(got) == ranked(expected)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), top_k=st.integers(1, 4),
       spread=st.sampled_from([0.05, 0.3, 1.5]))
def test_pruning_never_changes_the_top_k(always_prune, seed, top_k, spread):
    organisations, streams = dense_case(seed, organisations=15, streams_per=5, spread_deg=spread)
    assert ranked(plan_result(organisations, streams, 120.0, prune=True, top_k=top_k)) == \
        ranked(plan_result(organisations, streams, 120.0, prune=False, top_k=top_k))


def test_distance_bounds_bracket_the_geodesic():
    rng = np.random.default_rng(4)
    lat1 = rng.uniform(35, 71, 2000)
    lon1 = rng.uniform(-10, 35, 2000)
    # From a few metres to a few hundred kilometres apart, and identical points.
    step = rng.choice([1e-5, 1e-3, 0.1, 1.0, 3.0], 2000)
    lat2 = lat1 + rng.normal(size=2000) * step
    lon2 = lon1 + rng.normal(size=2000) * step
    lat2[:10], lon2[:10] = lat1[:10], lon1[:10]
    _, _, metres = Geod(ellps="GRS80").inv(lon1, lat1, lon2, lat2)
    low, high = geodesic_bounds_km(lat1, lon1, lat2, lon2)
    km = np.asarray(metres) / 1000
    assert (low <= km).all() and (km <= high).all()
    assert (high - low <= 1e-4 * km + 1e-4).all()  # tight enough to prune


def test_kept_pairs_scored_in_chunks_of_whole_outputs_give_the_same_top_k(always_prune,
                                                                          monkeypatch):
    organisations, streams = dense_case(5)
    whole = plan_result(organisations, streams, 150.0, prune=True)
    monkeypatch.setattr(scale, "SCORE_CHUNK_PAIRS", 7)  # many chunks, outputs never split
    chunked = plan_result(organisations, streams, 150.0, prune=True)
    assert len(whole) > 0
    assert ranked(chunked) == ranked(whole)
    assert np.allclose(chunked.sort_values(["output", "rank"])["score"],
                       whole.sort_values(["output", "rank"])["score"], rtol=0, atol=0)


_ARRAYS = None


def _rule_arrays():
    global _ARRAYS
    if _ARRAYS is None:
        from veturi.engine.matching.matching import TRANSPORT
        from veturi.engine.matching.vectorised import _RuleArrays

        _ARRAYS = _RuleArrays(RULES, dict(TRANSPORT))
    return _ARRAYS


maybe_quantity = st.one_of(st.just(float("nan")), st.floats(0, 1e7), st.sampled_from([0.0, 1.0]))
maybe_handling = st.one_of(st.just(float("nan")), st.floats(-500, 500))
months_mask = st.integers(1, 4095)
NAN = float("nan")


def _pair_setup(rule, d_strength, bonus, weights):
    """What the kernel's helpers take for one (pair, rule): the rule's parameter tuple (its
    supply unit numbered ``rule``, its receive unit ``n + rule``), the stream units by choice
    (0 the supply unit, 1 the receive unit, 2 another), the receiver's strength with the
    same-term bonus, and the weights as a tuple with their total."""
    from veturi.engine.matching.candidates import _params_of, _rule_table

    arrays = _rule_arrays()
    n = len(RULES)
    table = _rule_table(
        arrays.maturity, arrays.ratio, np.arange(n), np.arange(n, 2 * n), arrays.pipeline,
        arrays.scale_km, arrays.per_unit_km, arrays.reference_flow, arrays.fixed,
        arrays.kg_co2_km, arrays.disposal, arrays.purchase, arrays.processing, arrays.emission)
    d_up = d_strength + (1 - d_strength) * 0.5 if bonus else d_strength
    return (_params_of(table, rule), [rule, n + rule, -1], d_up,
            tuple(float(w) for w in weights), float(sum(weights)) or 1.0)


def _in_supply_units(quantity, unit_choice, ratio):
    return {0: quantity, 1: quantity / ratio, 2: NAN}[unit_choice]


def _most_purchase(rule, d_handling, other_purchase):
    """The most any input of the task avoids in purchase: this input's, or another's."""
    arrays = _rule_arrays()
    own = arrays.purchase[rule] if np.isnan(d_handling) else d_handling * arrays.ratio[rule]
    return NAN if np.isnan(own) or np.isnan(other_purchase) else max(own, other_purchase)


def _exact_score(case, condition):
    """The kernel's exact score and technical fit of the case's pair with this condition
    factor, ``beyond_km`` past the ring's distance."""
    from veturi.engine.matching.candidates import _score

    c = case
    params, unit_of, d_up, weight_tuple, total = _pair_setup(
        c["rule"], c["d_strength"], c["bonus"], c["weights"])
    return _score(params, c["s_strength"], d_up, condition, c["unknown"], c["s_codes"],
                  c["d_codes"], c["s_quantity"], unit_of[c["s_unit"]], c["d_quantity"],
                  unit_of[c["d_unit"]], c["s_months"], c["d_months"], c["s_handling"],
                  c["d_handling"], c["ring_km"] + c["beyond_km"], weight_tuple, total)


def _hit_fits(case):
    """What the output's hit fixes at the ring's distance (:func:`_output_fits`)."""
    from veturi.engine.matching.candidates import _output_fits

    c = case
    params, unit_of, _, _, _ = _pair_setup(c["rule"], c["d_strength"], c["bonus"], c["weights"])
    return _output_fits(params, _most_purchase(c["rule"], c["d_handling"], c["other_purchase"]),
                        c["s_quantity"], unit_of[c["s_unit"]], c["s_handling"], c["ring_km"])


pair_fields = dict(
    rule=st.integers(0, len(RULES) - 1), s_strength=st.floats(0, 1), d_strength=st.floats(0, 1),
    bonus=st.booleans(), condition=st.floats(0, 1), exact_share=st.floats(0, 1),
    unknown=st.integers(0, 3), s_codes=st.booleans(), d_codes=st.booleans(),
    s_quantity=maybe_quantity, d_quantity=maybe_quantity,
    s_unit=st.integers(0, 2), d_unit=st.integers(0, 2), s_months=months_mask,
    d_months=months_mask, s_handling=maybe_handling, d_handling=maybe_handling,
    other_purchase=st.one_of(st.just(NAN), st.floats(0, 1000)),
    other_disposal=st.floats(-500, 500), ring_km=st.floats(0, 300), beyond_km=st.floats(0, 200),
    weights=st.lists(st.floats(0, 3), min_size=5, max_size=5))


def _pair_case(draw):
    case = draw(st.fixed_dictionaries(pair_fields))
    if case["s_months"] & case["d_months"] == 0:  # the kernel skips pairs without a shared month
        case["d_months"] |= case["s_months"]
    return case


pair_case = st.composite(_pair_case)()


@settings(max_examples=400, deadline=None)
@given(case=pair_case)
def test_output_bound_is_never_below_the_exact_score(case):
    """The per-output bound (what the output alone fixes, at the ring's least distance) is
    at least the score of any input of the rule at that distance or further."""
    from veturi.engine.matching.candidates import _output_bound

    c = case
    params, unit_of, _, weight_tuple, total = _pair_setup(
        c["rule"], c["d_strength"], c["bonus"], c["weights"])
    score, _ = _exact_score(c, c["condition"] * c["exact_share"])
    bound = _output_bound(
        params, _most_purchase(c["rule"], c["d_handling"], c["other_purchase"]),
        c["s_strength"], c["condition"], c["s_codes"], c["s_quantity"], unit_of[c["s_unit"]],
        c["s_handling"], c["ring_km"], weight_tuple, total)
    assert bound >= score


def test_output_bound_stops_far_heat():
    """A pipe-bound heat output with a perfect input 150 km away bounds far below what it
    scores next door: the kernel's ring visit can stop before the cap."""
    from veturi.engine.matching.candidates import _output_bound

    arrays = _rule_arrays()
    heat = next(i for i, rule in enumerate(RULES) if arrays.pipeline[i])
    params, unit_of, _, weights, total = _pair_setup(heat, 1.0, False, [1.0] * 5)

    def bound(km):
        return _output_bound(params, float(arrays.purchase[heat]), 1.0, 1.0, True, 5000.0,
                             unit_of[0], NAN, km, weights, total)

    # The ring bound before it credited a far input with perfect quantity, value and CO2
    # fits and the widest pipe scale (4 x): 0.86 at 150 km.
    ring_bound = 0.3 + 0.7 * (5.0 - (1 - math.exp(-150.0 / (4 * arrays.scale_km[heat])))) / 5.0
    assert bound(150.0) < ring_bound - 0.05
    assert bound(0.0) >= bound(10.0) >= bound(50.0) >= bound(150.0)


def _input_side(case):
    """The input's key fits (value and CO2 it can bring; the most any output of the task
    avoids in disposal is this output's or another's), and both quantities in the rule's
    supply unit."""
    from veturi.engine.matching.candidates import _input_fits

    c = case
    arrays = _rule_arrays()
    rule, ratio = c["rule"], arrays.ratio[c["rule"]]
    own_disposal = arrays.disposal[rule] if np.isnan(c["s_handling"]) else c["s_handling"]
    own_purchase = arrays.purchase[rule] if np.isnan(c["d_handling"]) \
        else c["d_handling"] * ratio
    demand_q = _in_supply_units(c["d_quantity"], c["d_unit"], ratio)
    value, co2 = _input_fits(
        np.array([demand_q]), np.array([max(own_disposal, c["other_disposal"])]),
        np.array([own_purchase]), arrays.processing[rule:rule + 1],
        arrays.emission[rule:rule + 1])
    return value[0], co2[0], _in_supply_units(c["s_quantity"], c["s_unit"], ratio), demand_q


@settings(max_examples=400, deadline=None)
@given(case=pair_case)
def test_visit_bound_is_never_below_the_exact_score(case):
    """The bound a visit tests before any geodesic (exact technical, quantity and time fits;
    distance, value and CO2 fits from the output's hit at the ring's distance and from the
    input's key) is at least the exact score at that distance or further."""
    from veturi.engine.matching.candidates import _visit_bound

    c = case
    _, _, _, weight_tuple, total = _pair_setup(
        c["rule"], c["d_strength"], c["bonus"], c["weights"])
    score, technical = _exact_score(c, c["condition"])
    _, distance_fit, value_fit, co2_fit = _hit_fits(c)
    input_value, input_co2, supply_q, demand_q = _input_side(c)
    nan_to_one = lambda fit: 1.0 if np.isnan(fit) else float(fit)  # noqa: E731
    bound = _visit_bound(
        technical, c["unknown"], c["s_codes"], c["d_codes"], supply_q, demand_q,
        c["s_months"], c["d_months"], distance_fit, min(value_fit, nan_to_one(input_value)),
        min(co2_fit, nan_to_one(input_co2)), weight_tuple, total)
    assert bound >= score


@settings(max_examples=400, deadline=None)
@given(case=pair_case)
def test_fit_gap_bound_is_never_below_the_exact_score(case):
    """The first test of a visit, an input's key times its output hit's bound, lowered by
    what the quantities and months alone rule out, is at least the exact score at the
    ring's distance or further (with the hit's best condition over receivers)."""
    from veturi.engine.matching.candidates import _fit_gap, _hit_bound, _input_key

    c = case
    params, _, d_up, weight_tuple, total = _pair_setup(
        c["rule"], c["d_strength"], c["bonus"], c["weights"])
    score, _ = _exact_score(c, c["condition"] * c["exact_share"])
    input_value, input_co2, supply_q, demand_q = _input_side(c)
    names = ("quantity", "time", "distance", "value", "co2")
    key = _input_key(np.array([d_up]), np.array([not np.isnan(demand_q)]),
                     np.array([input_value]), np.array([input_co2]), np.array([c["d_codes"]]),
                     dict(zip(names, c["weights"])))[0]
    # The kernel's hit bound: at the widest distance scale, or the output's own pipe scale.
    widest = params[5] * (4.0 if params[4] else 1.0)
    _, distance_fit, _, _ = _hit_fits(c)
    hit = min(_hit_bound(c["s_strength"], c["condition"], params[0],
                         math.exp(-c["ring_km"] / widest), weight_tuple, total),
              _hit_bound(c["s_strength"], c["condition"], params[0], distance_fit,
                         weight_tuple, total) * (1 + 1e-12))
    gap = _fit_gap(supply_q, demand_q, c["s_months"], c["d_months"], weight_tuple, total)
    assert key * hit * (1 - 0.7 * gap) >= score


def test_fit_gap_grows_with_the_size_mismatch_and_off_season():
    """Equal supply and demand over the same months leave no gap; a hundredfold mismatch
    and half the months shared do."""
    from veturi.engine.matching.candidates import _fit_gap

    weights = (0.25, 0.1, 0.4, 0.15, 0.1)
    assert _fit_gap(100.0, 100.0, 0b111111111111, 0b111111111111, weights, 1.0) == 0.0
    mismatch = _fit_gap(100.0, 10_000.0, 0b111111111111, 0b111111111111, weights, 1.0)
    assert mismatch == pytest.approx(0.25 * (0.5 - 0.5 * 0.01))
    off_season = _fit_gap(100.0, 100.0, 0b000000111111, 0b000111111000, weights, 1.0)
    assert off_season == pytest.approx(0.1 * (1 - 0.5 * 3 / 6 - 0.5 * 3 / 6))
    assert _fit_gap(100.0, NAN, 1, 1, weights, 1.0) == 0.0  # the key already credits 0.5
    assert _fit_gap(NAN, 100.0, 1, 1, weights, 1.0) == pytest.approx(0.25 * 0.5)


def _engine_pick(scores, technical, most, weak):
    """The rule best_rule_per_pair keeps for one pair with these (pair, rule) rows."""
    from veturi.engine.matching.vectorised import best_rule_per_pair

    rows = len(scores)
    pairs = pd.DataFrame({
        "out_row": np.zeros(rows, dtype=np.int64), "in_row": np.zeros(rows, dtype=np.int64),
        "rule": np.arange(rows, dtype=np.int64), "score": scores, "technical_fit": technical,
        "distance_km": np.zeros(rows), "weak": weak, "upper_bound": most})
    return int(best_rule_per_pair(pairs)["rule"].iloc[0])


@settings(max_examples=300, deadline=None)
@given(data=st.data(), rows=st.integers(1, 7), width=st.sampled_from([0.0, 1e-9, 1e-3]))
def test_engine_choice_is_the_scorers_whenever_the_bounds_decide_it(data, rows, width):
    """The kernel keeps a single rule for a pair when the score bounds decide which rule the
    engine keeps; that rule is best_rule_per_pair's on the exact scores."""
    from veturi.engine.matching.candidates import _engine_choice

    level = st.sampled_from([0.3, 0.45, 0.6, 0.8])  # ties happen, as with alike rules
    scores = np.array(data.draw(st.lists(st.one_of(level, st.floats(0.2, 1)), min_size=rows,
                                         max_size=rows)))
    technical = np.array(data.draw(st.lists(st.one_of(level, st.floats(0.2, 1)),
                                            min_size=rows, max_size=rows)))
    most = technical + np.array(data.draw(st.lists(st.sampled_from([0.0, 0.05, 0.3]),
                                                   min_size=rows, max_size=rows)))
    weak = np.array(data.draw(st.lists(st.booleans(), min_size=rows, max_size=rows)))
    below = np.array(data.draw(st.lists(st.floats(0, 1), min_size=rows, max_size=rows)))
    lower, upper = scores - width * below, scores + width * (1 - below)
    chosen = _engine_choice(rows, upper, lower, technical, most, weak)
    if chosen >= 0:
        assert chosen == _engine_pick(scores, technical, most, weak)
    if width == 0.0 and len(set(scores)) == rows and len(set(technical) & set(most)) == 0:
        assert chosen >= 0  # exact, distinct scores always decide


def test_engine_choice_leaves_rules_outside_the_scorers_rows_out():
    from veturi.engine.matching.candidates import _engine_choice

    upper = np.array([-1.0, 0.5, 0.7])  # the first rule is not scored (below the technical floor)
    lower = upper - 1e-9
    technical = np.array([0.9, 0.4, 0.4])
    most = np.array([0.95, 0.5, 0.6])
    weak = np.array([False, True, False])
    # Strong receivers first: rule 2, then the weak rule 1 cannot beat its score.
    assert _engine_choice(3, upper, lower, technical, most, weak) == 2
    assert _engine_pick(np.array([0.5, 0.7]), technical[1:], most[1:], weak[1:]) == 1
