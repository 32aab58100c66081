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


@settings(max_examples=400, deadline=None)
@given(rule=st.integers(0, len(RULES) - 1), s_strength=st.floats(0, 1), d_strength=st.floats(0, 1),
       bonus=st.booleans(), condition=st.floats(0, 1), exact_share=st.floats(0, 1),
       unknown=st.integers(0, 3), s_codes=st.booleans(), d_codes=st.booleans(),
       s_quantity=maybe_quantity, d_quantity=maybe_quantity,
       s_unit=st.integers(0, 2), d_unit=st.integers(0, 2), s_months=months_mask,
       d_months=months_mask, s_handling=maybe_handling, d_handling=maybe_handling,
       other_purchase=st.one_of(st.just(float("nan")), st.floats(0, 1000)),
       ring_km=st.floats(0, 300), beyond_km=st.floats(0, 200),
       weights=st.lists(st.floats(0, 3), min_size=5, max_size=5))
def test_output_bound_is_never_below_the_exact_score(
        rule, s_strength, d_strength, bonus, condition, exact_share, unknown, s_codes, d_codes,
        s_quantity, d_quantity, s_unit, d_unit, s_months, d_months, s_handling, d_handling,
        other_purchase, ring_km, beyond_km, weights):
    """The per-output bound (what the output alone fixes, at the ring's least distance) is
    at least the score of any input of the rule at that distance or further."""
    from veturi.engine.matching.candidates import _POPCOUNT, _output_bound, _score

    if s_months & d_months == 0:  # the kernel skips pairs without a shared month
        d_months |= s_months
    arrays = _rule_arrays()
    n = len(RULES)
    supply_unit, receive_unit = np.arange(n, dtype=np.int64), np.arange(n, 2 * n, dtype=np.int64)
    unit_of = [supply_unit[rule], receive_unit[rule], -1]
    d_up = d_strength + (1 - d_strength) * 0.5 if bonus else d_strength
    weight_array = np.array(weights, dtype=float)
    total = float(weight_array.sum()) or 1.0
    # The most any input of the task avoids in purchase: this input's, or another's.
    own = arrays.purchase[rule] if np.isnan(d_handling) else d_handling * arrays.ratio[rule]
    purchase_max = arrays.purchase.astype(float).copy()
    purchase_max[rule] = np.nan if np.isnan(own) or np.isnan(other_purchase) else max(
        own, other_purchase)
    common = (arrays.maturity.astype(float), arrays.ratio, supply_unit, receive_unit,
              arrays.pipeline, arrays.scale_km.astype(float), arrays.per_unit_km.astype(float),
              arrays.reference_flow.astype(float), arrays.fixed.astype(float),
              arrays.kg_co2_km.astype(float))
    score, _ = _score(
        rule, s_strength, d_up, condition * exact_share, unknown, s_codes, d_codes,
        s_quantity, unit_of[s_unit], d_quantity, unit_of[d_unit], s_months, d_months,
        s_handling, d_handling, ring_km + beyond_km, *common, arrays.disposal, arrays.purchase,
        arrays.processing, arrays.emission, weight_array, total, _POPCOUNT)
    bound = _output_bound(
        rule, s_strength, condition, s_codes, s_quantity, unit_of[s_unit], s_handling, ring_km,
        *common, arrays.disposal, purchase_max, arrays.processing, arrays.emission,
        weight_array, total)
    assert bound >= score


def test_output_bound_stops_far_heat():
    """A pipe-bound heat output with a perfect input 150 km away bounds far below what it
    scores next door: the kernel's ring visit can stop before the cap."""
    from veturi.engine.matching.candidates import _output_bound

    arrays = _rule_arrays()
    heat = next(i for i, rule in enumerate(RULES) if arrays.pipeline[i])
    n = len(RULES)
    supply_unit, receive_unit = np.arange(n, dtype=np.int64), np.arange(n, 2 * n, dtype=np.int64)
    weights = np.array([1.0, 1.0, 1.0, 1.0, 1.0])

    def bound(km):
        return _output_bound(
            heat, 1.0, 1.0, True, 5000.0, supply_unit[heat], float("nan"), km,
            arrays.maturity.astype(float), arrays.ratio, supply_unit, receive_unit,
            arrays.pipeline, arrays.scale_km.astype(float), arrays.per_unit_km.astype(float),
            arrays.reference_flow.astype(float), arrays.fixed.astype(float),
            arrays.kg_co2_km.astype(float), arrays.disposal, arrays.purchase.astype(float),
            arrays.processing, arrays.emission, weights, 5.0)

    # The ring bound before it credited a far input with perfect quantity, value and CO2
    # fits and the widest pipe scale (4 x): 0.86 at 150 km.
    ring_bound = 0.3 + 0.7 * (5.0 - (1 - math.exp(-150.0 / (4 * arrays.scale_km[heat])))) / 5.0
    assert bound(150.0) < ring_bound - 0.05
    assert bound(0.0) >= bound(10.0) >= bound(50.0) >= bound(150.0)


@settings(max_examples=400, deadline=None)
@given(rule=st.integers(0, len(RULES) - 1), s_strength=st.floats(0, 1), d_strength=st.floats(0, 1),
       bonus=st.booleans(), condition=st.floats(0, 1), unknown=st.integers(0, 3),
       s_codes=st.booleans(), d_codes=st.booleans(),
       s_quantity=maybe_quantity, d_quantity=maybe_quantity,
       s_unit=st.integers(0, 2), d_unit=st.integers(0, 2), s_months=months_mask,
       d_months=months_mask, s_handling=maybe_handling, d_handling=maybe_handling,
       other_purchase=st.one_of(st.just(float("nan")), st.floats(0, 1000)),
       other_disposal=st.floats(-500, 500),
       ring_km=st.floats(0, 300), beyond_km=st.floats(0, 200),
       weights=st.lists(st.floats(0, 3), min_size=5, max_size=5))
def test_visit_bound_is_never_below_the_exact_score(
        rule, s_strength, d_strength, bonus, condition, unknown, s_codes, d_codes,
        s_quantity, d_quantity, s_unit, d_unit, s_months, d_months, s_handling, d_handling,
        other_purchase, other_disposal, ring_km, beyond_km, weights):
    """The bound a visit tests before any geodesic (exact technical, quantity and time fits;
    distance, value and CO2 fits from the output's hit at the ring's distance and from the
    input's key) is at least the exact score at that distance or further."""
    from veturi.engine.matching.candidates import (
        _POPCOUNT, _input_fits, _output_fits, _score, _visit_bound,
    )

    if s_months & d_months == 0:  # the kernel skips pairs without a shared month
        d_months |= s_months
    arrays = _rule_arrays()
    n = len(RULES)
    supply_unit, receive_unit = np.arange(n, dtype=np.int64), np.arange(n, 2 * n, dtype=np.int64)
    unit_of = [supply_unit[rule], receive_unit[rule], -1]
    d_up = d_strength + (1 - d_strength) * 0.5 if bonus else d_strength
    weight_array = np.array(weights, dtype=float)
    total = float(weight_array.sum()) or 1.0
    ratio = arrays.ratio[rule]
    own_purchase = arrays.purchase[rule] if np.isnan(d_handling) else d_handling * ratio
    purchase_max = arrays.purchase.astype(float).copy()
    purchase_max[rule] = np.nan if np.isnan(own_purchase) or np.isnan(other_purchase) else max(
        own_purchase, other_purchase)
    common = (arrays.ratio, supply_unit, receive_unit, arrays.pipeline,
              arrays.scale_km.astype(float), arrays.per_unit_km.astype(float),
              arrays.reference_flow.astype(float), arrays.fixed.astype(float),
              arrays.kg_co2_km.astype(float))
    score, technical = _score(
        rule, s_strength, d_up, condition, unknown, s_codes, d_codes,
        s_quantity, unit_of[s_unit], d_quantity, unit_of[d_unit], s_months, d_months,
        s_handling, d_handling, ring_km + beyond_km, arrays.maturity.astype(float), *common,
        arrays.disposal, arrays.purchase, arrays.processing, arrays.emission, weight_array,
        total, _POPCOUNT)
    _, distance_fit, value_fit, co2_fit = _output_fits(
        rule, s_quantity, unit_of[s_unit], s_handling, ring_km, *common, arrays.disposal,
        purchase_max, arrays.processing, arrays.emission)
    # The input's key: the most any output of the task avoids in disposal, this or another.
    own_disposal = arrays.disposal[rule] if np.isnan(s_handling) else s_handling
    demand_q = {0: d_quantity, 1: d_quantity / ratio, 2: float("nan")}[d_unit]
    input_value, input_co2 = _input_fits(
        np.array([demand_q]), np.array([max(own_disposal, other_disposal)]),
        np.array([own_purchase]), arrays.processing[rule:rule + 1],
        arrays.emission[rule:rule + 1])
    supply_q = {0: s_quantity, 1: s_quantity / ratio, 2: float("nan")}[s_unit]
    nan_to_one = lambda fit: 1.0 if np.isnan(fit) else float(fit)  # noqa: E731
    bound = _visit_bound(
        technical, unknown, s_codes, d_codes, supply_q, d_quantity, unit_of[d_unit], rule,
        arrays.ratio, supply_unit, receive_unit, s_months, d_months, _POPCOUNT, distance_fit,
        min(value_fit, nan_to_one(input_value[0])), min(co2_fit, nan_to_one(input_co2[0])),
        weight_array, total)
    assert bound >= score


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
