"""The value network reachable around one locomotive within ``k`` exchange steps.

Steps follow exchanges in either direction by default (a supplier of the locomotive's
supplier is two steps away); ``direction="downstream"`` follows only what the locomotive
supplies onwards, ``"upstream"`` only what feeds it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import networkx as nx

from .totals import count_once
from .types import EXCHANGE_STATUSES, ValueNetwork

__all__ = ["DIRECTIONS", "neighbourhood"]

DIRECTIONS: tuple[str, ...] = ("both", "downstream", "upstream")


def neighbourhood(
    graph: nx.MultiDiGraph,
    locomotive: Hashable,
    *,
    k: int = 2,
    direction: str = "both",
    statuses: Iterable[str] | None = None,
) -> ValueNetwork:
    """The network within ``k`` steps of ``locomotive``.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The synergy graph (edges supplier to receiver, with ``status``).
    locomotive : node id
    k : int, default 2
        Largest number of exchange steps from the locomotive (0 is the locomotive alone).
    direction : {"both", "downstream", "upstream"}, default "both"
    statuses : iterable of str, optional
        Follow only exchanges of these statuses (default all).

    Returns
    -------
    ValueNetwork
        ``evidence["depth"]`` gives each member's number of steps from the locomotive.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for s, r in [("loco", "a"), ("a", "b"), ("b", "c"), ("z", "loco")]:
    ...     _ = g.add_edge(s, r, key=f"{s}->{r}", status="proposed")
    >>> neighbourhood(g, "loco", k=2).members
    ('loco', 'a', 'z', 'b')
    >>> neighbourhood(g, "loco", k=2, direction="downstream").members
    ('loco', 'a', 'b')
    """
    if locomotive not in graph:
        raise ValueError(f"locomotive {locomotive!r} is not a node of the graph")
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a whole number of at least 0, got {k!r}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    wanted = set(EXCHANGE_STATUSES) if statuses is None else set(statuses)
    if not wanted <= set(EXCHANGE_STATUSES):
        raise ValueError(
            f"statuses must be among {', '.join(EXCHANGE_STATUSES)}, "
            f"got {sorted(wanted - set(EXCHANGE_STATUSES))}"
        )

    def followed(u, v, key) -> bool:
        data = graph.edges[u, v, key] if graph.is_multigraph() else graph.edges[u, v]
        return data.get("status", "proposed") in wanted

    view = nx.subgraph_view(graph, filter_edge=followed) if graph.is_multigraph() else (
        nx.subgraph_view(graph, filter_edge=lambda u, v: followed(u, v, None)))
    if direction == "both":
        view = view.to_undirected(as_view=True)
    elif direction == "upstream":
        view = view.reverse(copy=False)
    depth = nx.single_source_shortest_path_length(view, locomotive, cutoff=k)
    members = tuple(sorted(depth, key=lambda node: (depth[node], str(node))))
    inside = set(members)
    edges: list[tuple[Hashable, Hashable]] = []
    exchanges: list[str] = []
    counted = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u in inside and v in inside and data.get("status", "proposed") in wanted:
            if (u, v) not in edges:
                edges.append((u, v))
            exchanges.append(str(key))
            counted.append((key, data))
    # Competing proposals for one output count its supply once.
    totals = count_once(counted)
    value, co2 = totals.value_eur_per_year, totals.co2_t_per_year
    name = graph.nodes[locomotive].get("name", locomotive)
    by_depth = {d: sum(1 for node in members if depth[node] == d) for d in range(k + 1)}
    explanation = (
        f"{len(members) - 1} organisations within {k} exchange step(s) of {name} "
        f"({direction}); by step: "
        + ", ".join(f"{d}: {n}" for d, n in by_depth.items() if d > 0)
        + f"; {len(exchanges)} exchanges among them worth {value:,.0f} EUR/a."
    )
    return ValueNetwork(
        id=f"neighbourhood-{locomotive}-k{k}",
        name=f"Network around {name}",
        method="neighbourhood",
        members=members,
        edges=tuple(edges),
        exchanges=tuple(sorted(exchanges)),
        explanation=explanation,
        evidence={"locomotive": locomotive, "k": k, "direction": direction,
                  "depth": dict(depth), "value_eur_per_year": value, "co2_t_per_year": co2},
    )
