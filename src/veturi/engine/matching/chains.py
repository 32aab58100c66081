"""Chains, cascades and closed loops in the proposal graph.

Quantities are first allocated to proposals greedily, best score first, so that no output is
promised above its quantity and no input above its need (:func:`allocate`). The proposal graph
then has an edge from supplier to receiver for each proposal that carries something. A chain
is a path where the receiver of one link supplies the next with what it can make of what it
received (:data:`FOLLOWS`: sludge → biogas plant → digestate → farm); a cascade is a chain that uses the same resource family again at a lower grade (heat
90 °C → 40 °C → greenhouse); a loop is a cycle of organisations.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence

import networkx as nx

from .types import Chain, ChainLink, MatchResult, Proposal, Rule, Stream

__all__ = ["FOLLOWS", "allocate", "find_chains"]

_FUEL_FAMILIES = ("wood_forest", "plastics", "oils_solvents", "tyres_rubber", "biogas_digestate")
#: Which rule family can follow which in a chain: what a receiver makes of what it received.
#: Fuels become heat, steam, ash and CO2; sludges and biowaste become biogas and digestate;
#: steam becomes condensate and low-grade heat; water becomes waste water and sludge.
FOLLOWS: dict[str, frozenset[str]] = {
    **{family: frozenset({"waste_heat", "steam", "ash_slag", "co2", "water"})
       for family in _FUEL_FAMILIES},
    "biowaste_manure": frozenset({"biogas_digestate", "sludges", "co2"}),
    "sludges": frozenset({"biogas_digestate", "ash_slag", "waste_heat", "steam"}),
    "biogas_digestate": frozenset({"biogas_digestate", "waste_heat", "steam", "co2", "water"}),
    "steam": frozenset({"waste_heat", "water"}),
    "waste_heat": frozenset({"waste_heat", "water"}),
    "water": frozenset({"water", "sludges", "waste_heat"}),
    "ash_slag": frozenset({"construction_demolition"}),
    "gypsum": frozenset({"construction_demolition", "gypsum"}),
    "metals": frozenset({"ash_slag", "metals", "chemicals"}),
    "chemicals": frozenset({"chemicals", "gypsum", "sludges", "steam", "waste_heat"}),
    "co2": frozenset({"co2", "chemicals", "biowaste_manure"}),
    "hydrogen_oxygen": frozenset({"waste_heat", "chemicals", "co2"}),
    "paper_board": frozenset({"sludges", "wood_forest", "paper_board"}),
    "batteries_electronics": frozenset({"metals", "chemicals"}),
}


def _quantity(stream: Stream) -> float | None:
    if stream.quantity is None or stream.unit is None or not stream.quantity >= 0:
        return None
    return float(stream.quantity)


def _need_in_supply_units(stream: Stream, rule: Rule | None) -> float | None:
    quantity = _quantity(stream)
    if quantity is not None and rule is not None and stream.unit == rule.receive_unit:
        return quantity / rule.substitution_ratio
    return quantity


def allocate(
    proposals: Iterable[Proposal], streams: Iterable[Stream], rules: Iterable[Rule] = (),
) -> dict[tuple[str, str], float | None]:
    """Share each output's quantity among its proposals, best score first.

    Returns ``{(output, input): quantity in the output's unit}``; ``None`` where a quantity is
    unknown (nothing is promised then). The sum over an output never exceeds its quantity,
    and the sum over an input never exceeds its need.

    Examples
    --------
    >>> streams = [Stream("o", "a", "output", "heat", quantity=100, unit="MWh/a"),
    ...            Stream("i1", "b", "input", "heat", quantity=80, unit="MWh/a"),
    ...            Stream("i2", "c", "input", "heat", quantity=80, unit="MWh/a")]
    >>> def proposal(i, score):
    ...     return Proposal("o", i, "a", i, "r", 1, 1, score, 1, 1, None, None, None, None,
    ...                     "pipeline", None, "MWh/a", None, None, None, None, "", (), ())
    >>> allocate([proposal("i1", 0.9), proposal("i2", 0.8)], streams)
    {('o', 'i1'): 80.0, ('o', 'i2'): 20.0}
    """
    stream_by_id = {stream.id: stream for stream in streams}
    rule_by_id = {rule.id: rule for rule in rules}
    remaining_supply: dict[str, float | None] = {}
    remaining_demand: dict[str, float | None] = {}
    allocation: dict[tuple[str, str], float | None] = {}
    for proposal in sorted(proposals, key=lambda p: (-p.score, p.output, p.input)):
        supply, demand = stream_by_id.get(proposal.output), stream_by_id.get(proposal.input)
        if supply is None or demand is None:
            continue
        if proposal.output not in remaining_supply:
            remaining_supply[proposal.output] = _quantity(supply)
        if proposal.input not in remaining_demand:
            remaining_demand[proposal.input] = _need_in_supply_units(
                demand, rule_by_id.get(proposal.rule)
            )
        available, needed = remaining_supply[proposal.output], remaining_demand[proposal.input]
        if available is None:
            allocation[(proposal.output, proposal.input)] = None
            continue
        amount = max(0.0, available if needed is None else min(available, needed))
        allocation[(proposal.output, proposal.input)] = amount
        remaining_supply[proposal.output] = available - amount
        if needed is not None:
            remaining_demand[proposal.input] = needed - amount
    return allocation


def find_chains(
    result: MatchResult,
    streams: Sequence[Stream],
    rules: Iterable[Rule] = (),
    *,
    max_links: int = 4,
    max_rank: int = 3,
    limit: int = 200,
) -> tuple[Chain, ...]:
    """Find chains, cascades and closed loops among a run's best proposals.

    Parameters
    ----------
    result : MatchResult
    streams : sequence of Stream
    rules : iterable of Rule
        To tell cascades (same rule family) from chains.
    max_links : int, default 4
        Longest chain or loop reported.
    max_rank : int, default 3
        Only proposals ranked this well for their output are used.
    limit : int, default 200
        At most this many chains and loops are returned, best first.

    Returns
    -------
    tuple of Chain
        Sorted by score (highest first), then kind (``"cascade"``, ``"chain"``, ``"loop"``),
        then the organisation ids. A loop starts and ends at its smallest organisation id. The
        order depends only on the proposals, streams and rules, not on the order they come in
        nor on ``PYTHONHASHSEED`` (networkx finds cycles through sets of nodes).

    Examples
    --------
    >>> from veturi.engine.matching import Organisation, match_streams
    >>> orgs = [Organisation("a", lat=61.0, lon=23.0), Organisation("b", lat=61.0, lon=23.01),
    ...         Organisation("c", lat=61.0, lon=23.02)]
    >>> streams = [Stream("sludge", "a", "output", "Sewage sludge", ewc_code="19 08 05"),
    ...            Stream("feed", "b", "input", "Biogas plant feedstock"),
    ...            Stream("dig", "b", "output", "Digestate"),
    ...            Stream("fert", "c", "input", "Fertiliser")]
    >>> chains = match_streams(orgs, streams).chains
    >>> [chain.organisations for chain in chains if chain.kind == "chain"]
    [('a', 'b', 'c')]
    """
    if isinstance(max_links, bool) or not isinstance(max_links, int) or max_links < 2:
        raise ValueError(f"max_links must be a whole number of at least 2, got {max_links!r}")
    rule_family = {rule.id: rule.family for rule in rules}
    stream_by_id = {stream.id: stream for stream in streams}
    used = [p for p in result.proposals if p.rank <= max_rank]
    allocation = allocate(used, streams, rules)
    edges: dict[tuple[str, str], list[Proposal]] = defaultdict(list)
    for proposal in used:
        carried = allocation.get((proposal.output, proposal.input))
        if carried is not None and carried <= 0:
            continue
        edges[(proposal.supplier, proposal.receiver)].append(proposal)
    graph = nx.DiGraph()
    # Equal scores are told apart by the stream ids, so that the link an edge carries does not
    # depend on the order the proposals come in.
    for (supplier, receiver), proposals in sorted(edges.items()):
        graph.add_edge(supplier, receiver,
                       proposals=sorted(proposals, key=lambda p: (-p.score, p.output, p.input)))

    def link(proposal: Proposal) -> ChainLink:
        unit = stream_by_id[proposal.output].unit or "" if proposal.output in stream_by_id else ""
        return ChainLink(
            output=proposal.output, input=proposal.input, supplier=proposal.supplier,
            receiver=proposal.receiver, rule=proposal.rule,
            quantity=allocation.get((proposal.output, proposal.input)), unit=unit,
        )

    chains: list[Chain] = []
    # The scores of the best `limit` chains found so far (a min-heap). A chain scores the
    # weakest of its links, so a path already below the weakest of them can neither be kept
    # nor grow into a chain that is: its branch is not explored. The result is the same.
    best: list[float] = []

    def keep(chain: Chain) -> None:
        chains.append(chain)
        if limit is None or limit <= 0:
            return
        if len(best) < limit:
            heapq.heappush(best, chain.score)
        elif chain.score > best[0]:
            heapq.heapreplace(best, chain.score)

    def hopeless(score: float) -> bool:
        return limit is not None and 0 < limit == len(best) and round(score, 6) < best[0]

    # Paths: from each edge, extend while the receiver supplies onward.
    def extend(path: list[Proposal], weakest: float) -> None:
        if hopeless(weakest):
            return
        if len(path) >= 2:
            families = {rule_family.get(p.rule, p.rule.split(".")[0]) for p in path}
            keep(Chain(
                kind="cascade" if len(families) == 1 else "chain",
                organisations=tuple([path[0].supplier] + [p.receiver for p in path]),
                links=tuple(link(p) for p in path),
                score=round(weakest, 6),
            ))
        if len(path) >= max_links:
            return
        last = path[-1]
        visited = {path[0].supplier} | {p.receiver for p in path}
        last_family = rule_family.get(last.rule, last.rule.split(".")[0])
        for successor in graph.successors(last.receiver):
            if successor in visited:
                continue
            # The next link starts from an output the receiving organisation can make of what
            # it received: the same resource again (a cascade) or what follows it.
            onward = next((
                p for p in graph[last.receiver][successor]["proposals"]
                if p.output != last.input and (
                    rule_family.get(p.rule, p.rule.split(".")[0]) == last_family
                    or rule_family.get(p.rule, p.rule.split(".")[0])
                    in FOLLOWS.get(last_family, frozenset()))
            ), None)
            if onward is not None:
                extend(path + [onward], min(weakest, onward.score))

    # Strongest first links first, so that the bar for the best `limit` rises early.
    starts = sorted(graph.edges, key=lambda e: (-graph.edges[e]["proposals"][0].score, e))
    for supplier, receiver in starts:
        first = graph[supplier][receiver]["proposals"][0]
        extend([first], first.score)
    for cycle in nx.simple_cycles(graph, length_bound=max_links):
        if len(cycle) < 2:
            continue
        # networkx starts a cycle wherever its set iteration happens to (PYTHONHASHSEED):
        # start it at its smallest organisation id instead.
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]
        links = [graph[a][b]["proposals"][0] for a, b in zip(cycle, cycle[1:] + cycle[:1])]
        keep(Chain(
            kind="loop", organisations=tuple(cycle) + (cycle[0],),
            links=tuple(link(p) for p in links), score=round(min(p.score for p in links), 6),
        ))
    chains.sort(key=lambda c: (-c.score, c.kind, c.organisations))
    return tuple(chains[:limit])
