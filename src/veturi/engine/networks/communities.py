"""Value networks as weighted communities of the synergy graph.

Organisations that exchange much with each other and little with the rest form a value
network. Communities are found by modularity maximisation: Louvain from networkx (default,
exact and dependency-free for a park's few hundred organisations) or Leiden from
``graspologic-native`` (a compiled implementation, for national-scale graphs of 10^5 nodes and
10^6 edges, where networkx's pure-Python Louvain takes minutes). Both are seeded.

Each network is explained by the numbers behind it: the weight of the links inside, the weight
that leaves it, and its contribution to the modularity
``Q_c = L_c / m - resolution * (d_c / 2m)^2`` (``L_c`` weight inside, ``d_c`` total weighted
degree of its members, ``m`` total weight of the graph).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable

import networkx as nx
import numpy as np

from .graph import WEIGHTS, collapse
from .totals import count_once
from .types import CommunityResult, ValueNetwork

__all__ = ["METHODS", "find_value_networks", "partition_modularity"]

METHODS: tuple[str, ...] = ("louvain", "leiden")


def _leiden(nodes: list, us: np.ndarray, vs: np.ndarray, ws: np.ndarray, *,
            resolution: float, seed: int) -> list[set[Hashable]]:
    try:
        import graspologic_native
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError(
            "method='leiden' needs the graspologic-native package: pip install graspologic-native"
        ) from error
    keep = us != vs  # self-loops link no one
    if not keep.any():
        return [{node} for node in nodes]
    # graspologic-native takes node names as text: the node's index is a safe name.
    # graspologic-native names nodes by strings: name each index once, not once per edge end.
    names = [str(i) for i in range(len(nodes))]
    edges = [(names[u], names[v], w) for u, v, w in zip(us[keep].tolist(), vs[keep].tolist(),
                                                         ws[keep].tolist())]
    _, membership = graspologic_native.leiden(
        edges, resolution=resolution, seed=seed, use_modularity=True, trials=1,
    )
    groups: dict[int, set[Hashable]] = defaultdict(set)
    for name, community in membership.items():
        groups[community].add(nodes[int(name)])
    communities = list(groups.values())
    # Nodes without any edge are not in the edge list: each is its own community.
    placed = {int(name) for name in membership}
    communities.extend({nodes[i]} for i in range(len(nodes)) if i not in placed)
    return communities


def _edge_arrays(graph: nx.Graph) -> tuple[list, dict, np.ndarray, np.ndarray, np.ndarray]:
    """Nodes, their index, and the edges as index and weight arrays, in one pass."""
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    us, vs, ws = [], [], []
    # The adjacency holds each undirected edge twice: keep it once, from the end met first
    # (the order networkx's own edge view gives), without its per-edge bookkeeping.
    if graph.is_directed() or graph.is_multigraph():
        for u, v, w in graph.edges(data="weight", default=1.0):
            us.append(index[u])
            vs.append(index[v])
            ws.append(w)
    else:
        done: set = set()
        for u, neighbours in graph.adjacency():
            iu = index[u]
            for v, data in neighbours.items():
                if v in done:
                    continue
                us.append(iu)
                vs.append(index[v])
                ws.append(data.get("weight", 1.0))
            done.add(u)
    try:
        weights = np.asarray(ws, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"edge weights must be numbers ({error})") from None
    bad = ~(weights >= 0)  # also catches NaN
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"edge {nodes[us[i]]!r}-{nodes[vs[i]]!r}: weight must be a "
                         f"non-negative number, got {ws[i]!r}")
    return (nodes, index, np.asarray(us, dtype=np.int64), np.asarray(vs, dtype=np.int64),
            weights)


def _modularity_parts(labels: np.ndarray, us: np.ndarray, vs: np.ndarray, ws: np.ndarray,
                      count: int, resolution: float) -> tuple[float, list[dict[str, float]]]:
    cu, cv = labels[us], labels[vs]
    total = float(ws.sum())
    degree = np.bincount(cu, weights=ws, minlength=count) + np.bincount(
        cv, weights=ws, minlength=count)
    same = cu == cv
    internal = np.bincount(cu[same], weights=ws[same], minlength=count)
    if total > 0:
        shares = internal / total - resolution * (degree / (2 * total)) ** 2
    else:
        shares = np.zeros(count)
    parts = [
        {"internal_weight": float(internal[i]), "degree": float(degree[i]),
         "cut_weight": float(degree[i] - 2 * internal[i]), "modularity": float(shares[i])}
        for i in range(count)
    ]
    return float(shares.sum()), parts


def partition_modularity(
    graph: nx.Graph, communities: list[set[Hashable]], *, resolution: float = 1.0,
) -> tuple[float, list[dict[str, float]]]:
    """Weighted modularity of a partition and each community's share of it, in one pass.

    Returns ``(Q, parts)`` where ``parts[i]`` has ``internal_weight``, ``degree``,
    ``cut_weight`` and ``modularity`` for ``communities[i]``. Self-loops count once in the
    weight inside, as in :func:`networkx.algorithms.community.modularity`.

    Examples
    --------
    >>> g = nx.barbell_graph(3, 0)
    >>> q, parts = partition_modularity(g, [{0, 1, 2}, {3, 4, 5}])
    >>> round(q, 4) == round(nx.community.modularity(g, [{0, 1, 2}, {3, 4, 5}]), 4)
    True
    """
    nodes, index, us, vs, ws = _edge_arrays(graph)
    labels = np.full(len(nodes), -1, dtype=np.int64)
    for i, community in enumerate(communities):
        for node in community:
            if node not in index or labels[index[node]] != -1:
                raise ValueError("communities must cover every node of the graph exactly once")
            labels[index[node]] = i
    if (labels < 0).any():
        raise ValueError("communities must cover every node of the graph exactly once")
    return _modularity_parts(labels, us, vs, ws, len(communities), resolution)


def _family_names(multigraph: nx.MultiDiGraph | None, exchange_ids: list[str]) -> Counter:
    families: Counter = Counter()
    if multigraph is None:
        return families
    wanted = set(exchange_ids)
    for _, _, key, family in multigraph.edges(keys=True, data="family"):
        if key in wanted and family:
            families[family] += 1
    return families


def find_value_networks(
    graph: nx.Graph | nx.MultiDiGraph,
    *,
    weight: str = "value",
    method: str = "louvain",
    resolution: float = 1.0,
    seed: int = 0,
    min_members: int = 2,
) -> CommunityResult:
    """Find value networks as weighted communities and explain each.

    Parameters
    ----------
    graph : networkx.MultiDiGraph or networkx.Graph
        The synergy graph of :func:`~veturi.engine.networks.graph.build_synergy_graph`
        (collapsed with ``weight``), or an undirected graph whose edges carry ``weight``.
    weight : {"value", "co2", "count"}, default "value"
        How exchanges weigh when the synergy graph is collapsed.
    method : {"louvain", "leiden"}, default "louvain"
    resolution : float, default 1.0
        Above 1 favours smaller networks, below 1 larger ones.
    seed : int, default 0
        The same seed on the same graph gives the same networks.
    min_members : int, default 2
        Communities smaller than this are reported as ``singletons``, not as networks.

    Returns
    -------
    CommunityResult

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([("a", "b", 5), ("b", "c", 5), ("a", "c", 5),
    ...                            ("x", "y", 5), ("y", "z", 5), ("x", "z", 5), ("c", "x", 1)])
    >>> result = find_value_networks(g, seed=1)
    >>> sorted(sorted(n.members) for n in result.networks)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, got {weight!r}")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float)) or resolution <= 0:
        raise ValueError(f"resolution must be a positive number, got {resolution!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, got {seed!r}")
    if isinstance(min_members, bool) or not isinstance(min_members, int) or min_members < 1:
        raise ValueError(f"min_members must be a whole number of at least 1, got {min_members!r}")
    if graph.is_directed() or graph.is_multigraph():
        multigraph = graph if graph.is_multigraph() else None
        undirected = collapse(graph, weight=weight) if graph.is_multigraph() else (
            graph.to_undirected())
    else:
        multigraph, undirected = None, graph
    nodes, index, us, vs, ws = _edge_arrays(undirected)

    if not nodes:
        communities: list[set[Hashable]] = []
    elif method == "louvain":
        communities = nx.community.louvain_communities(
            undirected, weight="weight", resolution=resolution, seed=seed,
        )
    else:
        communities = _leiden(nodes, us, vs, ws, resolution=resolution, seed=seed)
    labels = np.empty(len(nodes), dtype=np.int64)
    for i, community in enumerate(communities):
        for node in community:
            labels[index[node]] = i
    modularity, parts = _modularity_parts(labels, us, vs, ws, len(communities), resolution)
    # A stable order: the heaviest networks first, ties by size and their smallest member.
    order = sorted(
        range(len(communities)),
        key=lambda i: (-parts[i]["internal_weight"], -len(communities[i]),
                       min(str(node) for node in communities[i])),
    )
    rank = np.empty(len(communities), dtype=np.int64)
    rank[order] = np.arange(len(communities))
    labels = rank[labels] if len(communities) else labels
    communities = [communities[i] for i in order]
    parts = [parts[i] for i in order]
    partition = {node: int(labels[i]) for i, node in enumerate(nodes)}

    # Who links to whom inside each community, from the edge arrays.
    cu, cv = labels[us], labels[vs]
    same = np.flatnonzero(cu == cv)
    strength = np.bincount(us[same], weights=ws[same], minlength=len(nodes)) + np.bincount(
        vs[same], weights=ws[same], minlength=len(nodes))
    inside: dict[int, list[tuple[Hashable, Hashable]]] = defaultdict(list)
    selected = same[np.argsort(cu[same], kind="stable")]
    for a, b, c in zip(us[selected].tolist(), vs[selected].tolist(), cu[selected].tolist()):
        inside[c].append((nodes[a], nodes[b]))
    inside_exchanges: dict[int, list[str]] = defaultdict(list)
    value_inside: dict[int, float] = defaultdict(float)
    first = next(iter(undirected.edges(data=True)), None)
    if first is not None and ("value" in first[2] or "exchanges" in first[2]):
        for c, pairs in inside.items():
            for u, v in pairs:
                data = undirected.edges[u, v]
                value_inside[c] += data.get("value", 0.0) or 0.0
                inside_exchanges[c].extend(data.get("exchanges", ()))
    if multigraph is not None and inside_exchanges:
        # Competing proposals for one output count its supply once (see totals.count_once).
        by_key = {key: data for _, _, key, data in multigraph.edges(keys=True, data=True)}
        for c, keys in inside_exchanges.items():
            value_inside[c] = count_once((key, by_key[key]) for key in keys).value_eur_per_year

    networks = []
    singletons = []
    for i, community in enumerate(communities):
        if len(community) < min_members:
            singletons.extend(community)
            continue
        members = tuple(sorted(community,
                               key=lambda node: (-strength[index[node]], str(node))))
        hub = members[0]
        hub_name = undirected.nodes[hub].get("name", hub) if hub in undirected.nodes else hub
        families = _family_names(multigraph, inside_exchanges[i])
        kind = families.most_common(1)[0][0].replace("_", " ") if families else "exchange"
        part = parts[i]
        kept = part["internal_weight"] / (part["internal_weight"] + part["cut_weight"]) if (
            part["internal_weight"] + part["cut_weight"]) > 0 else 0.0
        explanation = (
            f"{len(members)} members linked by {len(inside[i])} links inside "
            f"({len(inside_exchanges[i]) or len(inside[i])} exchanges); {kept:.0%} of their "
            f"link weight ({weight}) stays inside; modularity contribution "
            f"{part['modularity']:.4f} of {modularity:.4f}; most central: {hub_name}."
        )
        networks.append(ValueNetwork(
            id=f"community-{len(networks) + 1}",
            name=f"{kind.capitalize()} network around {hub_name}",
            method="community",
            members=members,
            edges=tuple(inside[i]),
            exchanges=tuple(sorted(inside_exchanges[i])),
            explanation=explanation,
            evidence={
                "internal_weight": part["internal_weight"], "cut_weight": part["cut_weight"],
                "modularity_contribution": part["modularity"], "share_inside": kept,
                "value_inside_eur_per_year": value_inside[i],
                "families": dict(families), "weight": weight,
            },
        ))
    return CommunityResult(
        networks=tuple(networks), modularity=modularity, partition=partition,
        singletons=tuple(sorted(singletons, key=str)),
        parameters={"method": method, "weight": weight, "resolution": resolution,
                    "seed": seed, "min_members": min_members,
                    "nodes": undirected.number_of_nodes(), "edges": undirected.number_of_edges()},
    )
