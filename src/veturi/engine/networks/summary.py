"""The figures of a value network: members, exchanges, value, CO2, jobs, locomotive(s) and
maturity (how many exchanges are only proposed, validated or realised)."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .totals import count_once
from .types import EXCHANGE_STATUSES, NetworkSummary, TemplateNetwork, ValueNetwork

__all__ = ["summarise_network"]


def summarise_network(
    network: ValueNetwork | TemplateNetwork, graph: nx.MultiDiGraph,
) -> NetworkSummary:
    """Summarise one value network from the synergy graph.

    Value and CO2 sum the known figures of the network's exchanges, counting each output's
    supply and each input's demand at most once (competing proposals for the same output share
    it out, best first: see :func:`~veturi.engine.networks.totals.count_once`); jobs sum the
    employees of the members that give them. The locomotives are the members marked ``locomotive``; when
    none is, the member with the largest value of exchanges inside the network (ties: most
    exchanges, then id).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("mill", employees=300, locomotive=False)
    >>> g.add_node("utility", employees=None, locomotive=False)
    >>> _ = g.add_edge("mill", "utility", key="x", value=5.0, co2=1.0, status="validated")
    >>> net = ValueNetwork("n", "Heat", "community", ("mill", "utility"), (("mill", "utility"),),
    ...                    ("x",), "")
    >>> s = summarise_network(net, g)
    >>> s.jobs, s.jobs_known, s.value_eur_per_year, s.maturity["validated"], s.locomotives
    (300, 1, 5.0, 1, ('mill',))
    """
    value_network = network.network if isinstance(network, TemplateNetwork) else network
    if not isinstance(value_network, ValueNetwork):
        raise TypeError(f"network must be a ValueNetwork or TemplateNetwork, got "
                        f"{type(network).__name__}")
    members = value_network.members
    missing = [m for m in members if m not in graph]
    if missing:
        raise ValueError(f"network members not in the graph: {', '.join(map(str, missing[:5]))}")
    wanted = set(value_network.exchanges)
    maturity = dict.fromkeys(EXCHANGE_STATUSES, 0)
    inside = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        if str(key) not in wanted:
            continue
        inside.append((u, v, key, data))
        status = data.get("status", "proposed")
        maturity[status] = maturity.get(status, 0) + 1
    totals = count_once((key, data) for _, _, key, data in inside)
    value_by_member: dict = defaultdict(float)
    count_by_member: dict = defaultdict(int)
    for u, v, key, data in inside:
        for node in (u, v):
            value_by_member[node] += (data.get("value") or 0.0) * totals.shares[key]
            count_by_member[node] += 1
    count = len(inside)
    employees = [graph.nodes[m].get("employees") for m in members]
    known = [e for e in employees if e is not None]
    marked = tuple(m for m in members if graph.nodes[m].get("locomotive"))
    if marked:
        locomotives = marked
        reason = "marked as locomotive candidates by the office"
    elif members:
        best = min(members, key=lambda m: (-value_by_member[m], -count_by_member[m], str(m)))
        locomotives = (best,)
        reason = (f"largest value of exchanges inside the network "
                  f"({value_by_member[best]:,.0f} EUR/a in {count_by_member[best]} exchanges)")
    else:
        locomotives, reason = (), "no members"
    return NetworkSummary(
        network=value_network.id, name=value_network.name, members=members, exchanges=count,
        value_eur_per_year=round(totals.value_eur_per_year, 2),
        co2_t_per_year=round(totals.co2_t_per_year, 3),
        jobs=int(sum(known)), jobs_known=len(known), locomotives=locomotives,
        locomotive_reason=reason, maturity=maturity,
        claimed_value_eur_per_year=round(totals.claimed_value_eur_per_year, 2),
        claimed_co2_t_per_year=round(totals.claimed_co2_t_per_year, 3),
    )
