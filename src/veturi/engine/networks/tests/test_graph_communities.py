import doctest
import importlib

import networkx as nx
import pytest

from veturi.engine.matching import Organisation
from veturi.engine.networks import (
    Exchange, build_synergy_graph, collapse, exchanges_from_proposals, find_value_networks,
    partition_modularity,
)


@pytest.mark.parametrize("module", ["graph", "communities", "neighbourhood", "templates", "gaps",
                                    "summary"])
def test_docstring_examples_run(module):
    module = importlib.import_module(f"veturi.engine.networks.{module}")
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_graph_keeps_each_exchange_with_its_status(small_park):
    _, _, exchanges, g = small_park
    assert g.number_of_nodes() == 7
    assert g.number_of_edges() == len(exchanges)
    edge = g.edges["steel", "utility", "steel-heat->utility-dh"]
    assert edge["status"] == "realised" and edge["value"] == 1_500_000.0
    assert edge["family"] == "waste_heat"
    assert g.nodes["steel"]["employees"] == 900 and g.nodes["steel"]["locomotive"]


def test_graph_rejects_unknown_parties_and_statuses():
    orgs = [Organisation("a"), Organisation("b")]
    with pytest.raises(ValueError, match=r"exchanges\[0\].*receiver 'zz' is not among"):
        build_synergy_graph(orgs, [Exchange("x", "a", "zz")])
    with pytest.raises(ValueError, match="status must be one of proposed, validated, realised"):
        build_synergy_graph(orgs, [Exchange("x", "a", "b", status="signed")])
    with pytest.raises(ValueError, match="id 'a' appears twice"):
        build_synergy_graph([Organisation("a"), Organisation("a")])


def test_statuses_must_name_known_proposals(demo_park):
    *_, result = demo_park
    with pytest.raises(ValueError, match="statuses name exchanges that no proposal makes"):
        exchanges_from_proposals(result.proposals, {"nope->nothing": "validated"})
    first = result.proposals[0]
    exchanges = exchanges_from_proposals(result.proposals,
                                         {f"{first.output}->{first.input}": "validated"})
    assert exchanges[0].status == "validated"
    assert all(e.status == "proposed" for e in exchanges[1:])


def test_collapse_sums_weights_and_filters_statuses(small_park):
    *_, g = small_park
    undirected = collapse(g)
    assert undirected.edges["steel", "crusher"]["weight"] == 10.0
    assert undirected.edges["steel", "utility"]["count"] == 1
    realised = collapse(g, statuses=["realised"])
    assert realised.number_of_edges() == 1
    by_count = collapse(g, weight="count")
    assert by_count.edges["steel", "utility"]["weight"] == 1.0
    with pytest.raises(ValueError, match="weight must be one of value, co2, count"):
        collapse(g, weight="money")


def test_communities_are_a_valid_partition(small_park):
    *_, g = small_park
    result = find_value_networks(g, seed=3)
    covered = [node for network in result.networks for node in network.members]
    covered += list(result.singletons)
    assert sorted(covered) == sorted(g.nodes)
    assert len(covered) == len(set(covered))
    assert nx.community.is_partition(collapse(g), [set(n.members) for n in result.networks]
                                     + [{s} for s in result.singletons])


def test_communities_split_the_two_clusters_and_explain_them(small_park):
    *_, g = small_park
    result = find_value_networks(g, seed=0)
    groups = sorted(sorted(n.members) for n in result.networks)
    assert groups == [["crusher", "demolisher", "roads"], ["greenhouse", "steel", "utility"]]
    assert result.singletons == ("loner",)
    heat = next(n for n in result.networks if "steel" in n.members)
    assert heat.name.startswith("Waste heat network around")
    assert "modularity contribution" in heat.explanation
    assert set(heat.exchanges) == {"steel-heat->utility-dh", "utility-low->gh-heat"}
    assert heat.evidence["cut_weight"] == pytest.approx(10.0)


def test_modularity_matches_networkx(small_park):
    *_, g = small_park
    result = find_value_networks(g, seed=0)
    undirected = collapse(g)
    expected = nx.community.modularity(
        undirected, [set(n.members) for n in result.networks] + [{s} for s in result.singletons])
    assert result.modularity == pytest.approx(expected)
    parts_sum = sum(n.evidence["modularity_contribution"] for n in result.networks)
    assert parts_sum <= result.modularity + 1e-9


def test_communities_are_deterministic_with_a_seed():
    g = nx.connected_caveman_graph(8, 6)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = 1 + (u * v) % 5
    first = find_value_networks(g, seed=7)
    second = find_value_networks(g, seed=7)
    assert [n.members for n in first.networks] == [n.members for n in second.networks]
    assert first.modularity == second.modularity


def test_leiden_finds_the_planted_communities():
    pytest.importorskip("graspologic_native")
    g = nx.connected_caveman_graph(6, 5)
    result = find_value_networks(g, method="leiden", seed=1)
    assert sorted(len(n.members) for n in result.networks) == [5] * 6
    assert result.modularity == pytest.approx(
        nx.community.modularity(g, [set(n.members) for n in result.networks]))


def test_resolution_changes_the_grain():
    g = nx.connected_caveman_graph(6, 5)
    coarse = find_value_networks(g, resolution=0.05, seed=0)
    fine = find_value_networks(g, resolution=1.0, seed=0)
    assert len(coarse.networks) < len(fine.networks)


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "girvan"}, "method must be one of louvain, leiden"),
    ({"resolution": 0}, "resolution must be a positive number"),
    ({"seed": -1}, "seed must be a non-negative whole number"),
    ({"min_members": 0}, "min_members must be a whole number of at least 1"),
    ({"weight": "jobs"}, "weight must be one of"),
])
def test_bad_community_parameters_are_refused(small_park, kwargs, message):
    *_, g = small_park
    with pytest.raises(ValueError, match=message):
        find_value_networks(g, **kwargs)


def test_negative_weights_are_refused():
    g = nx.Graph()
    g.add_edge("a", "b", weight=-1)
    with pytest.raises(ValueError, match="edge 'a'-'b': weight must be a non-negative number"):
        find_value_networks(g)


def test_partition_modularity_needs_a_partition():
    g = nx.path_graph(3)
    with pytest.raises(ValueError, match="cover every node"):
        partition_modularity(g, [{0, 1}])
