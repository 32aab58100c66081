"""The synergy graph: organisations as nodes, exchanges (proposed, validated, realised) as
directed edges from supplier to receiver, weighted by value and CO2.

The graph is a :class:`networkx.MultiDiGraph` keyed by exchange id, so that two exchanges
between the same pair stay two edges with their own status. :func:`collapse` turns it into
the undirected weighted graph that community detection and centrality work on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from veturi.engine.matching.types import Organisation, Proposal, Stream

from .types import EXCHANGE_STATUSES, Exchange, Member

__all__ = ["WEIGHTS", "build_synergy_graph", "collapse", "exchanges_from_proposals"]

#: How an undirected edge is weighted for communities and centrality.
#: ``value``: EUR/a of the exchanges, at least ``UNKNOWN_VALUE_EUR`` each, so that an exchange
#: whose value is unknown still links its parties; ``co2``: t CO2/a, at least 0.001 each;
#: ``count``: the number of exchanges.
WEIGHTS: tuple[str, ...] = ("value", "co2", "count")
UNKNOWN_VALUE_EUR = 1.0
UNKNOWN_CO2_T = 0.001


def exchanges_from_proposals(
    proposals: Iterable[Proposal],
    statuses: Mapping[str, str] | None = None,
    *,
    streams: Iterable[Stream] = (),
) -> tuple[Exchange, ...]:
    """Turn matching proposals into exchanges with a status.

    Parameters
    ----------
    proposals : iterable of Proposal
    statuses : mapping of exchange id to status, optional
        Exchange ids are ``"<output>-><input>"``; missing ids are ``"proposed"``.
    streams : iterable of Stream, optional
        The matched streams: an output's (input's) quantity in the proposal's unit becomes the
        exchange's ``supply_quantity`` (``demand_quantity``), so that totals count a supply
        shared by competing proposals once.

    Examples
    --------
    >>> from veturi.engine.matching.types import Proposal
    >>> p = Proposal("heat", "dh", "mill", "utility", "waste_heat.x", 1, 1, 0.8, 1.0, 1.0,
    ...              None, None, None, None, "pipeline", 100.0, "MWh/a", None, None, 3000.0,
    ...              20.0, "", (), ())
    >>> exchanges_from_proposals([p], {"heat->dh": "realised"})[0].status
    'realised'
    """
    statuses = dict(statuses or {})
    by_id = {stream.id: stream for stream in streams}

    def in_unit(stream_id: str, unit: str) -> float | None:
        stream = by_id.get(stream_id)
        if stream is None or stream.unit != unit or isinstance(stream.quantity, bool):
            return None
        return float(stream.quantity) if isinstance(stream.quantity, (int, float)) else None

    exchanges = []
    for index, proposal in enumerate(proposals):
        if not isinstance(proposal, Proposal):
            raise TypeError(f"proposals[{index}] must be a Proposal, got {type(proposal).__name__}")
        exchange_id = f"{proposal.output}->{proposal.input}"
        status = statuses.pop(exchange_id, "proposed")
        if status not in EXCHANGE_STATUSES:
            raise ValueError(
                f"statuses[{exchange_id!r}] must be one of {', '.join(EXCHANGE_STATUSES)}, "
                f"got {status!r}"
            )
        exchanges.append(Exchange(
            id=exchange_id, supplier=proposal.supplier, receiver=proposal.receiver,
            status=status, value_eur_per_year=proposal.value_eur_per_year,
            co2_t_per_year=proposal.co2_t_per_year, rule=proposal.rule,
            output=proposal.output, input=proposal.input,
            quantity=proposal.quantity_exchanged, unit=proposal.quantity_unit,
            score=proposal.score,
            supply_quantity=in_unit(proposal.output, proposal.quantity_unit),
            demand_quantity=in_unit(proposal.input, proposal.quantity_unit),
        ))
    if statuses:
        unknown = ", ".join(sorted(statuses)[:5])
        raise ValueError(f"statuses name exchanges that no proposal makes: {unknown}")
    return tuple(exchanges)


def build_synergy_graph(
    organisations: Iterable[Organisation],
    exchanges: Iterable[Exchange] = (),
    *,
    members: Iterable[Member] = (),
) -> nx.MultiDiGraph:
    """Build the synergy graph from plain data.

    Parameters
    ----------
    organisations : iterable of Organisation
        The nodes; attributes ``name``, ``nace``, ``country``, ``lat``, ``lon``.
    exchanges : iterable of Exchange
        The edges, supplier to receiver, keyed by exchange id; attributes ``value``
        (EUR/a or None), ``co2`` (t/a or None), ``status``, ``rule``, ``family`` and
        ``exchange`` (the Exchange itself).
    members : iterable of Member, optional
        Extra node attributes: ``employees``, ``investment_eur``, ``engagement_stage``,
        ``cleantech_category``, ``locomotive``.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> orgs = [Organisation("mill"), Organisation("utility")]
    >>> g = build_synergy_graph(orgs, [Exchange("h->d", "mill", "utility", value_eur_per_year=5.0)])
    >>> g.number_of_nodes(), g.edges["mill", "utility", "h->d"]["value"]
    (2, 5.0)
    """
    graph = nx.MultiDiGraph()
    for index, organisation in enumerate(organisations):
        if not isinstance(organisation, Organisation):
            raise TypeError(
                f"organisations[{index}] must be an Organisation, "
                f"got {type(organisation).__name__}"
            )
        if organisation.id in graph:
            raise ValueError(f"organisations[{index}]: id {organisation.id!r} appears twice")
        graph.add_node(
            organisation.id, name=organisation.name or organisation.id, nace=organisation.nace,
            country=organisation.country, lat=organisation.lat, lon=organisation.lon,
            employees=None, investment_eur=None, engagement_stage="", cleantech_category="",
            locomotive=False,
        )
    for index, member in enumerate(members):
        if member.organisation not in graph:
            raise ValueError(
                f"members[{index}]: organisation {member.organisation!r} is not among the "
                "organisations"
            )
        if member.employees is not None and member.employees < 0:
            raise ValueError(f"members[{index}].employees must not be negative")
        graph.nodes[member.organisation].update(
            employees=member.employees, investment_eur=member.investment_eur,
            engagement_stage=member.engagement_stage,
            cleantech_category=member.cleantech_category, locomotive=member.locomotive,
        )
    seen: set[str] = set()
    for index, exchange in enumerate(exchanges):
        where = f"exchanges[{index}] ({exchange.id!r})"
        for side in ("supplier", "receiver"):
            if getattr(exchange, side) not in graph:
                raise ValueError(
                    f"{where}: {side} {getattr(exchange, side)!r} is not among the organisations"
                )
        if exchange.status not in EXCHANGE_STATUSES:
            raise ValueError(
                f"{where}: status must be one of {', '.join(EXCHANGE_STATUSES)}, "
                f"got {exchange.status!r}"
            )
        if exchange.id in seen:
            raise ValueError(f"{where}: id appears twice")
        seen.add(exchange.id)
        graph.add_edge(
            exchange.supplier, exchange.receiver, key=exchange.id,
            value=exchange.value_eur_per_year, co2=exchange.co2_t_per_year,
            status=exchange.status, rule=exchange.rule, family=exchange.family,
            exchange=exchange,
        )
    return graph


def _edge_weight(data: Mapping, weight: str) -> float:
    if weight == "value":
        value = data.get("value")
        return max(float(value), UNKNOWN_VALUE_EUR) if value is not None else UNKNOWN_VALUE_EUR
    if weight == "co2":
        co2 = data.get("co2")
        return max(float(co2), UNKNOWN_CO2_T) if co2 is not None else UNKNOWN_CO2_T
    return 1.0


def collapse(
    graph: nx.MultiDiGraph, *, weight: str = "value", statuses: Iterable[str] | None = None,
) -> nx.Graph:
    """Collapse the synergy graph into an undirected weighted graph.

    Each pair of organisations linked by at least one exchange (of the given ``statuses``)
    becomes one edge with ``weight`` (see :data:`WEIGHTS`), ``value`` (EUR/a, known values
    only), ``co2`` (t/a), ``count`` and ``exchanges`` (ids). Every node is kept.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="x", value=10.0, co2=None, status="proposed")
    'x'
    >>> g.add_edge("b", "a", key="y", value=None, co2=2.0, status="realised")
    'y'
    >>> collapse(g).edges["a", "b"]["weight"], collapse(g, statuses=["realised"]).number_of_edges()
    (11.0, 1)
    """
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(WEIGHTS)}, got {weight!r}")
    wanted = None if statuses is None else set(statuses)
    if wanted is not None and not wanted <= set(EXCHANGE_STATUSES):
        raise ValueError(
            f"statuses must be among {', '.join(EXCHANGE_STATUSES)}, "
            f"got {sorted(wanted - set(EXCHANGE_STATUSES))}"
        )
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes(data=True))
    for supplier, receiver, key, data in graph.edges(keys=True, data=True):
        if wanted is not None and data.get("status", "proposed") not in wanted:
            continue
        if supplier == receiver:
            continue  # an organisation feeding itself links no one
        if undirected.has_edge(supplier, receiver):
            edge = undirected.edges[supplier, receiver]
        else:
            undirected.add_edge(supplier, receiver, weight=0.0, value=0.0, co2=0.0, count=0,
                                exchanges=[])
            edge = undirected.edges[supplier, receiver]
        edge["weight"] += _edge_weight(data, weight)
        edge["value"] += data.get("value") or 0.0
        edge["co2"] += data.get("co2") or 0.0
        edge["count"] += 1
        edge["exchanges"].append(key)
    return undirected
