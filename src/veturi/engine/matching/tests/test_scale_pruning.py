"""The pruning kernel keeps every pair that can reach a top k: pruned plans equal plans that
score every pair, and the kernel's distance bounds bracket the geodesic pyproj computes."""

import random
from dataclasses import replace

import numpy as np
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
