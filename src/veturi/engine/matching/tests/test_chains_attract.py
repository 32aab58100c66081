from hypothesis import given, settings
from hypothesis import strategies as st

from veturi.engine.matching import allocate, find_chains, match_streams, who_to_attract
from veturi.engine.matching import load_rules

from .conftest import org, stream


def test_sludge_biogas_digestate_farm_is_a_chain():
    orgs = [org("town"), org("biogas", lon=23.01), org("farm", lon=23.02)]
    streams = [stream("sludge", "town", "output", "Sewage sludge", ewc_code="19 08 05",
                      quantity=5000.0, unit="t/a"),
               stream("feed", "biogas", "input", "Biogas plant feedstock", quantity=8000.0,
                      unit="t/a"),
               stream("dig", "biogas", "output", "Digestate", quantity=7000.0, unit="t/a"),
               stream("fert", "farm", "input", "Fertiliser", quantity=9000.0, unit="t/a")]
    chains = match_streams(orgs, streams).chains
    chain = next(c for c in chains if c.organisations == ("town", "biogas", "farm"))
    assert chain.kind == "chain"
    assert [link.output for link in chain.links] == ["sludge", "dig"]


def test_heat_cascade_and_closed_loop_are_found():
    orgs = [org("smelter"), org("dh", nace=["35.30"], lon=23.01),
            org("greenhouse", nace=["01.13"], lon=23.02)]
    streams = [
        stream("hot", "smelter", "output", "Waste heat 95 °C", quantity=100.0, unit="MWh/a"),
        stream("dh_in", "dh", "input", "District heat", quantity=100.0, unit="MWh/a"),
        stream("return", "dh", "output", "Return water heat 40 °C", quantity=60.0, unit="MWh/a"),
        stream("gh_in", "greenhouse", "input", "Greenhouse heating", quantity=60.0, unit="MWh/a"),
        stream("gh_out", "greenhouse", "output", "Green waste", quantity=50.0, unit="t/a"),
        stream("sm_in", "smelter", "input", "Biomass fuel", quantity=500.0, unit="t/a"),
    ]
    chains = match_streams(orgs, streams).chains
    kinds = {(c.kind, c.organisations) for c in chains}
    assert ("cascade", ("smelter", "dh", "greenhouse")) in kinds
    assert any(kind == "loop" for kind, _ in kinds)


@settings(max_examples=40, deadline=None)
@given(
    supply=st.floats(min_value=0, max_value=1e5, allow_nan=False),
    demands=st.lists(st.floats(min_value=0, max_value=1e5, allow_nan=False), min_size=1,
                     max_size=4),
)
def test_a_supply_is_never_matched_above_its_quantity_in_one_chain(supply, demands):
    orgs = [org("mill")] + [org(f"user{i}", lon=23.0 + 0.01 * (i + 1))
                            for i in range(len(demands))] + [org("end", lon=23.2)]
    streams = [stream("bark", "mill", "output", "Bark", quantity=supply, unit="t/a")]
    for i, demand in enumerate(demands):
        streams.append(stream(f"in{i}", f"user{i}", "input", "Biomass fuel for boiler",
                              quantity=demand, unit="t/a"))
        streams.append(stream(f"ash{i}", f"user{i}", "output", "Wood ash", quantity=demand / 50,
                              unit="t/a"))
    streams.append(stream("fert", "end", "input", "Forest fertiliser", quantity=1e4, unit="t/a"))
    result = match_streams(orgs, streams, top_k=10)
    quantity = {s.id: s.quantity for s in streams}
    for chain in result.chains:
        carried: dict[str, float] = {}
        for link in chain.links:
            carried[link.output] = carried.get(link.output, 0.0) + (link.quantity or 0.0)
        for output, amount in carried.items():
            assert amount <= quantity[output] + 1e-6
    totals: dict[str, float] = {}
    for (output, _), amount in allocate(result.proposals, streams, load_rules()).items():
        totals[output] = totals.get(output, 0.0) + (amount or 0.0)
    for output, amount in totals.items():
        assert amount <= quantity[output] + 1e-6


def test_find_chains_validates_its_parameters():
    import pytest

    from veturi.engine.matching import MatchResult

    with pytest.raises(ValueError, match="max_links"):
        find_chains(MatchResult(proposals=()), [], max_links=1)


def test_unmatched_output_gets_who_to_attract_with_nace_and_rule():
    orgs = [org("sawmill", nace=["16.10"])]
    streams = [stream("sawdust", "sawmill", "output", "Sawdust", quantity=4000.0, unit="t/a")]
    result = match_streams(orgs, streams)
    assert result.unmatched_outputs == ("sawdust",)
    suggestions = [a for a in result.attract if a.stream == "sawdust"]
    assert suggestions and all(a.nace and a.rule and a.source for a in suggestions)
    assert any(code.startswith("35") or code.startswith("16") for a in suggestions
               for code, _ in a.nace)


def test_unmatched_input_gets_the_producers_to_attract():
    orgs = [org("plasterboard", nace=["23.62"])]
    streams = [stream("need", "plasterboard", "input", "Gypsum")]
    (first, *_) = who_to_attract(streams, load_rules(), {o.id: o for o in orgs})
    assert first.direction == "input" and first.nace
    assert "produce" in first.kinds


def test_a_smaller_limit_keeps_the_best_chains_of_a_larger_one():
    # Branches that cannot reach the best `limit` are not explored: the kept chains must be the
    # head of the full list, loops included.
    orgs = [org(f"o{i}", lon=23.0 + i / 100) for i in range(6)]
    streams = []
    for i in range(6):
        streams += [
            stream(f"heat{i}", f"o{i}", "output", f"Waste heat {90 - 5 * i} °C", quantity=100.0 + i,
                   unit="MWh/a"),
            stream(f"need{i}", f"o{i}", "input", "Process heat", quantity=80.0, unit="MWh/a"),
        ]
    result = match_streams(orgs, streams)
    everything = find_chains(result, streams, max_rank=10, max_links=5, limit=100_000)
    assert len(everything) > 10
    for limit in (1, 4, 10):
        assert find_chains(result, streams, max_rank=10, max_links=5, limit=limit) == \
            everything[:limit]


def _loops_and_strays():
    """Six organisations passing heat round (many loops; o0 has two identical outputs, so equal
    scores on one edge) and two streams nobody takes (for "who should we attract")."""
    orgs = [org(f"o{i}", lon=23.0 + i / 100) for i in range(6)] + [org("sawmill", nace=["16.10"])]
    streams = [stream("sawdust", "sawmill", "output", "Sawdust", quantity=4000.0, unit="t/a"),
               stream("gypsum", "sawmill", "input", "Gypsum"),
               stream("heat0_twin", "o0", "output", "Waste heat 90 °C", quantity=100.0,
                      unit="MWh/a")]
    for i in range(6):
        streams += [
            stream(f"heat{i}", f"o{i}", "output", f"Waste heat {90 - 5 * i} °C",
                   quantity=100.0 + i, unit="MWh/a"),
            stream(f"need{i}", f"o{i}", "input", "Process heat", quantity=80.0, unit="MWh/a"),
        ]
    return orgs, streams


def test_chains_do_not_depend_on_the_order_of_the_proposals():
    import random
    from dataclasses import replace

    orgs, streams = _loops_and_strays()
    result = match_streams(orgs, streams)
    expected = find_chains(result, streams, load_rules(), max_rank=10)
    assert any(chain.kind == "loop" for chain in expected)
    proposals = list(result.proposals)
    for seed in range(3):
        random.Random(seed).shuffle(proposals)
        shuffled = replace(result, proposals=tuple(proposals))
        assert find_chains(shuffled, streams, load_rules(), max_rank=10) == expected


def test_a_loop_starts_at_its_smallest_organisation():
    orgs, streams = _loops_and_strays()
    loops = [c for c in match_streams(orgs, streams).chains if c.kind == "loop"]
    assert loops
    for loop in loops:
        assert loop.organisations[0] == loop.organisations[-1] == min(loop.organisations)
        assert [link.supplier for link in loop.links] == list(loop.organisations[:-1])


def test_the_json_of_a_match_is_the_same_under_any_hash_seed():
    # Sets and dicts of strings iterate in an order that changes with PYTHONHASHSEED (networkx
    # finds cycles through sets): a project office must see the same result on every run.
    import json
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from veturi.engine.matching import format_result, match_streams\n"
        "from veturi.engine.matching.tests.test_chains_attract import _loops_and_strays\n"
        "sys.stdout.write(format_result(match_streams(*_loops_and_strays()), 'json'))\n"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        outputs.append(subprocess.run([sys.executable, "-c", script], env=environment,
                                      capture_output=True, text=True, check=True).stdout)
    first = json.loads(outputs[0])
    assert any(chain["kind"] == "loop" for chain in first["chains"]) and first["attract"]
    assert outputs[0] == outputs[1]
