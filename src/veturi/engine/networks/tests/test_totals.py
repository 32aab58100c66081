"""Network totals count each output's supply and each input's demand at most once."""

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veturi.engine.matching.types import Organisation
from veturi.engine.networks import (
    Exchange, ValueNetwork, build_synergy_graph, count_once, neighbourhood, summarise_network,
)


def _edges(*exchanges):
    return [(e.id, {"value": e.value_eur_per_year, "co2": e.co2_t_per_year, "status": e.status,
                    "exchange": e}) for e in exchanges]


def _ash(receiver, quantity, value, co2, score, *, status="proposed", supply=100.0, demand=None):
    return Exchange(f"ash->{receiver}", "plant", receiver, status=status,
                    value_eur_per_year=value, co2_t_per_year=co2, output="ash",
                    input=f"{receiver}-in", quantity=quantity, unit="t/a", score=score,
                    supply_quantity=supply, demand_quantity=demand)


def test_two_takers_of_the_whole_supply_count_only_the_better_one():
    kiln = _ash("kiln", 100.0, 1000.0, 50.0, 0.9)
    road = _ash("road", 100.0, 600.0, 20.0, 0.7)
    totals = count_once(_edges(road, kiln))
    assert totals.value_eur_per_year == 1000.0 and totals.co2_t_per_year == 50.0
    assert totals.claimed_value_eur_per_year == 1600.0 and totals.claimed_co2_t_per_year == 70.0
    assert totals.shares == {"ash->kiln": 1.0, "ash->road": 0.0}


def test_takers_share_a_supply_larger_than_each_demand():
    # 100 t of ash; the kiln needs 60 t (1 200 EUR/a), the road builder 60 t (900 EUR/a).
    # The kiln (better score) gets its 60 t; 40 t are left, 40/60 of the road's exchange:
    # 1 200 + 900 * 2/3 = 1 800 EUR/a, CO2 30 + 15 * 2/3 = 40 t/a.
    kiln = _ash("kiln", 60.0, 1200.0, 30.0, 0.9)
    road = _ash("road", 60.0, 900.0, 15.0, 0.8)
    totals = count_once(_edges(kiln, road))
    assert totals.value_eur_per_year == pytest.approx(1800.0)
    assert totals.co2_t_per_year == pytest.approx(40.0)
    assert totals.shares["ash->road"] == pytest.approx(2 / 3)


def test_a_realised_exchange_takes_the_supply_before_a_better_scored_proposal():
    kiln = _ash("kiln", 100.0, 1000.0, 50.0, 0.9)
    road = _ash("road", 100.0, 600.0, 20.0, 0.4, status="realised")
    totals = count_once(_edges(kiln, road))
    assert totals.value_eur_per_year == 600.0 and totals.shares["ash->kiln"] == 0.0


def test_two_suppliers_share_one_demand():
    # The kiln needs 80 t; two plants offer 50 t each (500 and 400 EUR/a):
    # 500 + 400 * 30/50 = 740 EUR/a.
    first = Exchange("a->kiln", "a", "kiln", value_eur_per_year=500.0, output="a-ash",
                     input="kiln-in", quantity=50.0, unit="t/a", score=0.9, demand_quantity=80.0)
    second = Exchange("b->kiln", "b", "kiln", value_eur_per_year=400.0, output="b-ash",
                      input="kiln-in", quantity=50.0, unit="t/a", score=0.8, demand_quantity=80.0)
    assert count_once(_edges(first, second)).value_eur_per_year == pytest.approx(740.0)


def test_without_a_given_supply_no_more_than_the_largest_exchange_counts():
    kiln = _ash("kiln", 100.0, 1000.0, None, 0.9, supply=None)
    road = _ash("road", 70.0, 700.0, None, 0.8, supply=None)
    assert count_once(_edges(kiln, road)).value_eur_per_year == 1000.0


def test_exchanges_of_unknown_quantity_count_the_best_per_output():
    kiln = _ash("kiln", None, 1000.0, 5.0, 0.9, supply=None)
    road = _ash("road", None, 600.0, 3.0, 0.7, supply=None)
    other = Exchange("slag->road", "plant", "road", value_eur_per_year=50.0, output="slag",
                     input="road-slag")
    totals = count_once(_edges(kiln, road, other))
    assert totals.value_eur_per_year == 1050.0 and totals.co2_t_per_year == 5.0


def test_edges_without_an_exchange_count_whole():
    assert count_once([("x", {"value": 3.0}), ("y", {"value": 4.0})]).value_eur_per_year == 7.0


def test_network_summary_and_neighbourhood_count_a_shared_supply_once():
    organisations = [Organisation(o) for o in ("plant", "kiln", "road")]
    exchanges = [_ash("kiln", 60.0, 1200.0, 30.0, 0.9), _ash("road", 60.0, 900.0, 15.0, 0.8)]
    graph = build_synergy_graph(organisations, exchanges)
    network = ValueNetwork("n", "Ash", "community", ("plant", "kiln", "road"), (),
                           tuple(e.id for e in exchanges), "")
    summary = summarise_network(network, graph)
    assert summary.value_eur_per_year == 1800.0 and summary.co2_t_per_year == 40.0
    assert summary.claimed_value_eur_per_year == 2100.0
    assert summary.exchanges == 2
    around = neighbourhood(graph, "plant", k=1)
    assert around.evidence["value_eur_per_year"] == pytest.approx(1800.0)


@st.composite
def _competing(draw):
    outputs = draw(st.lists(st.floats(1, 1000), min_size=1, max_size=4))
    inputs = draw(st.lists(st.floats(1, 1000), min_size=1, max_size=4))
    exchanges = []
    for i, supply in enumerate(outputs):
        for j, demand in enumerate(inputs):
            if draw(st.booleans()):
                exchanges.append(Exchange(
                    f"o{i}->i{j}", f"s{i}", f"r{j}", status=draw(st.sampled_from(
                        ["proposed", "validated", "realised"])),
                    value_eur_per_year=draw(st.floats(0, 1e6)), output=f"o{i}", input=f"i{j}",
                    quantity=min(supply, demand), unit="t/a", score=draw(st.floats(0, 1)),
                    supply_quantity=supply, demand_quantity=demand))
    return exchanges


@settings(max_examples=60, deadline=None)
@given(_competing())
def test_counted_quantities_never_exceed_any_supply_or_demand(exchanges):
    totals = count_once(_edges(*exchanges))
    used_supply: dict = {}
    used_demand: dict = {}
    for exchange in exchanges:
        taken = exchange.quantity * totals.shares[exchange.id]
        used_supply[exchange.output] = used_supply.get(exchange.output, 0.0) + taken
        used_demand[exchange.input] = used_demand.get(exchange.input, 0.0) + taken
    for exchange in exchanges:
        assert used_supply[exchange.output] <= exchange.supply_quantity * (1 + 1e-9)
        assert used_demand[exchange.input] <= exchange.demand_quantity * (1 + 1e-9)
    assert totals.value_eur_per_year <= totals.claimed_value_eur_per_year * (1 + 1e-9) + 1e-9


def test_graph_from_networkx_without_exchanges_still_sums():
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key="x", value=10.0, co2=1.0, status="proposed")
    net = ValueNetwork("n", "N", "community", ("a", "b"), (("a", "b"),), ("x",), "")
    assert summarise_network(net, g).value_eur_per_year == 10.0
