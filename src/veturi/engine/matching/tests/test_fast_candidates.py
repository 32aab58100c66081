"""match_streams' candidate loop (receivers that cannot enter a top k dropped by one array
comparison, road estimates in batches, explanations written only for kept pairs) keeps exactly
the pairs, scores, rules and explanations of the plain loop that scores one pair at a time."""

import heapq
import random
from collections import defaultdict

import pytest

from veturi.engine.matching import Organisation, Stream, load_rules, match_streams
from veturi.engine.matching import matching
from veturi.engine.matching.knowledge_base import MATURITY_LEVELS

RULES = tuple(load_rules())
OUTPUT_NAMES = ["Coal fly ash", "Waste heat 90 °C", "Sewage sludge", "Wood chips", "Steel scrap",
                "CO2 from fermentation", "Gypsum from flue gas", "Used tyres", "Bark",
                "Hot water 60 °C", "Spent grain", "Waste oil"]
INPUT_NAMES = ["Cement raw materials", "District heating", "Biogas plant feedstock",
               "Biomass fuel", "Scrap metal", "CO2 for greenhouses", "Gypsum", "Fuel",
               "Heat for drying", "Animal feed", "Process water"]
NACE = ["23.51", "35.30", "35.11", "24.10", "01.13", "38.21", "16.10", "17.12", "10.51"]
UNITS = ["t/a", "MWh/a", "m3/a", None]


def random_package(seed, organisations=30, streams_per=5):
    """Organisations close together (some on one site, some without coordinates) with many
    outputs and inputs of a few resources: outputs have more than k candidates."""
    rng = random.Random(seed)
    orgs, streams = [], []
    for o in range(organisations):
        lat, lon = 61.0 + rng.uniform(-0.3, 0.3), 24.0 + rng.uniform(-0.5, 0.5)
        if rng.random() < 0.1:
            lat = lon = None
        elif rng.random() < 0.1 and orgs and orgs[-1].lat is not None:
            lat, lon = orgs[-1].lat, orgs[-1].lon  # the same site as the previous one
        orgs.append(Organisation(f"o{o}", f"Org {o}", (rng.choice(NACE),), lat=lat, lon=lon))
        for s in range(rng.randint(1, streams_per)):
            output = rng.random() < 0.5
            streams.append(Stream(
                f"o{o}s{s}", f"o{o}", "output" if output else "input",
                rng.choice(OUTPUT_NAMES if output else INPUT_NAMES),
                quantity=None if rng.random() < 0.15 else round(rng.lognormvariate(7, 1.5), 1),
                unit=rng.choice(UNITS),
                months=tuple(sorted(rng.sample(range(1, 13), rng.randint(3, 12))))
                if rng.random() < 0.3 else (),
                properties={"temperature_c": rng.choice([45, 70, 95])} if rng.random() < 0.3
                else {},
            ))
    return orgs, streams


def plain_candidates(rules, index, outputs, inputs, organisation_by_id, min_technical_fit,
                     top_k, **scoring):
    """The loop as it was: every pair tried one by one, each road estimate on its own."""
    supply_hits, demand_hits = defaultdict(list), defaultdict(list)
    for stream in outputs:
        for rule_index in index.for_output(stream):
            evidence = matching.supplier_evidence(stream, rules[rule_index])
            if evidence.strength > 0:
                supply_hits[rule_index].append((stream, evidence))
    for stream in inputs:
        organisation = organisation_by_id[stream.organisation]
        for rule_index in index.for_input(stream, organisation):
            if rule_index not in supply_hits:
                continue
            evidence = matching.receiver_evidence(stream, rules[rule_index], organisation)
            if evidence.strength > 0:
                demand_hits[rule_index].append((stream, evidence))
    for hits in list(supply_hits.values()) + list(demand_hits.values()):
        hits.sort(key=lambda hit: -hit[1].strength)
    candidates, best_of_output, best_of_input = {}, {}, {}

    def floor(heap):
        return heap[0] if heap is not None and len(heap) >= top_k else -1.0

    def push(heaps, key, score):
        heap = heaps.setdefault(key, [])
        if len(heap) < top_k:
            heapq.heappush(heap, score)
        elif score > heap[0]:
            heapq.heapreplace(heap, score)

    for weak in (False, True):
        for rule_index in sorted(supply_hits):
            rule = rules[rule_index]
            maturity = MATURITY_LEVELS[rule.maturity]
            demands = [hit for hit in demand_hits.get(rule_index, ())
                       if hit[1].detail.startswith("organisation's NACE") == weak]
            for supply, supply_ev in supply_hits[rule_index]:
                for demand, demand_ev in demands:
                    upper_bound = supply_ev.strength * (1 + demand_ev.strength) / 2 * maturity
                    if upper_bound < min_technical_fit:
                        break
                    if demand.organisation == supply.organisation:
                        continue
                    if upper_bound <= floor(best_of_output.get(supply.id)) \
                            and upper_bound <= floor(best_of_input.get(demand.id)):
                        continue
                    key = (supply.id, demand.id)
                    current = candidates.get(key)
                    if current is not None and current["technical"] >= upper_bound:
                        continue
                    scored = matching._score_pair(
                        supply, demand, rule, supply_ev, demand_ev,
                        organisation_by_id[supply.organisation],
                        organisation_by_id[demand.organisation], **scoring)
                    if scored is None or scored["technical"] < min_technical_fit:
                        continue
                    if current is None:
                        push(best_of_output, supply.id, scored["score"])
                        push(best_of_input, demand.id, scored["score"])
                    if current is None or scored["score"] > current["score"]:
                        scored["rule"] = rule
                        candidates[key] = scored
    return candidates


def both_ways(organisations, streams, top_k, matrix=None):
    organisation_by_id = {o.id: o for o in organisations}
    outputs = [s for s in streams if s.direction == "output"]
    inputs = [s for s in streams if s.direction == "input"]
    index = matching._RuleIndex(RULES)
    scoring = dict(matrix=matrix, detour_factor=1.3, weights=dict(matching.DEFAULT_WEIGHTS),
                   transport=dict(matching.TRANSPORT))
    fast = matching._candidates(RULES, index, outputs, inputs, organisation_by_id, 0.2, top_k,
                                **scoring)
    plain = plain_candidates(RULES, index, outputs, inputs, organisation_by_id, 0.2, top_k,
                             **scoring)
    return fast, plain, organisation_by_id, scoring


@pytest.mark.parametrize("seed,top_k", [(1, 1), (2, 2), (3, 3), (4, 10), (5, 2), (6, 1)])
def test_fast_candidates_equal_the_plain_loop(seed, top_k):
    organisations, streams = random_package(seed)
    fast, plain, organisation_by_id, scoring = both_ways(organisations, streams, top_k)
    assert len(plain) > 3 * len({key[0] for key in plain})  # outputs have many candidates
    assert fast.keys() == plain.keys()
    stream_by_id = {s.id: s for s in streams}
    for key, scored in plain.items():
        assert fast[key]["rule"] is scored["rule"]
        for field in ("score", "technical", "confidence", "distance", "value", "co2"):
            assert fast[key][field] == scored[field], (key, field)
        assert matching._explanation(stream_by_id[key[0]], stream_by_id[key[1]], fast[key],
                                     organisation_by_id, scoring) == scored["explain"]()


def test_fast_candidates_equal_the_plain_loop_with_a_distance_matrix():
    organisations, streams = random_package(7)
    matrix = {(a.id, b.id): 5.0 + (i * 7 + j * 3) % 40
              for i, a in enumerate(organisations) for j, b in enumerate(organisations)
              if (i + j) % 3}  # a third of the pairs fall back to the road estimate
    fast, plain, _, _ = both_ways(organisations, streams, 2, matrix=matrix)
    assert fast.keys() == plain.keys()
    assert all(fast[key]["score"] == plain[key]["score"] for key in plain)
    assert all(fast[key]["distance"] == plain[key]["distance"] for key in plain)


def test_match_streams_is_the_same_on_every_call_and_explains_every_factor():
    organisations, streams = random_package(8)
    first = match_streams(organisations, streams, top_k=3, seed=4)
    again = match_streams(organisations, streams, top_k=3, seed=4)
    assert first.proposals == again.proposals and first.proposals
    assert all(len(p.factors) == 8 and p.factors[0].name == "technical_fit"
               for p in first.proposals)
