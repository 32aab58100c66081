"""Gap analysis of a value network: roles no one fills, outputs without a taker and inputs
without a supplier, each with the NACE classes to attract (from the synergy knowledge base),
the volume at stake and the value and CO2 lost each year.

Value lost by an untaken output of ``q`` supplier units under its best rule:
``q * max(0, avoided_disposal + avoided_purchase * substitution_ratio - processing_cost)``
(the rule's money is per supplier unit); CO2 lost ``q * avoided_emission_kg / 1000`` t/a.
For an input without a supplier ``q`` is first turned into supplier units
(``q / substitution_ratio``). Without a usable rule, an output's value lost is what its owner
pays today to get rid of it (``q * handling_cost_eur_per_unit``).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from veturi.engine.matching.attract import who_to_attract
from veturi.engine.matching.knowledge_base import load_rules
from veturi.engine.matching.types import Organisation, Rule, Stream
from veturi.engine.reference import nace_codes

from .types import Gap, GapReport, Template, TemplateNetwork, ValueNetwork

__all__ = ["find_gaps"]


def _titled(codes: Iterable[str]) -> tuple[tuple[str, str], ...]:
    table = nace_codes()
    return tuple((code, table[code].title) for code in codes if code in table)


def _used_streams(graph: nx.MultiDiGraph) -> tuple[set[str], set[str]]:
    outputs, inputs = set(), set()
    for _, _, exchange in graph.edges(data="exchange"):
        if exchange is not None:
            outputs.add(exchange.output)
            inputs.add(exchange.input)
    return outputs, inputs


def _role_volume(role, streams, members) -> tuple[float | None, str, int]:
    """Volume of the members' outputs a role would take, in the commonest unit."""
    from veturi.engine.reference import is_under

    by_unit: dict[str, list[float]] = {}
    for stream in streams:
        if stream.organisation not in members or stream.direction != "output":
            continue
        if stream.quantity is None or not stream.unit:
            continue
        if any(stream.ewc_code and is_under(stream.ewc_code, p) for p in role.takes_ewc) or any(
                stream.taxonomy_code and is_under(stream.taxonomy_code, p)
                for p in role.takes_taxonomy):
            by_unit.setdefault(stream.unit, []).append(stream.quantity)
    if not by_unit:
        return None, "", 0
    unit, quantities = max(by_unit.items(), key=lambda item: (len(item[1]), sum(item[1])))
    return float(sum(quantities)), unit, len(quantities)


def _flow_gap(network: str, stream: Stream, rules: tuple[Rule, ...],
              organisations: dict[str, Organisation]) -> Gap:
    suggestions = who_to_attract([stream], rules, organisations, per_stream=3)
    rule_by_id = {rule.id: rule for rule in rules}
    nace: list[tuple[str, str]] = []
    for suggestion in suggestions:
        nace.extend(item for item in suggestion.nace if item not in nace)
    quantity = stream.quantity
    value = co2 = None
    best = rule_by_id.get(suggestions[0].rule) if suggestions else None
    if best is not None and quantity is not None:
        expected_unit = best.supply_unit if stream.direction == "output" else best.receive_unit
        if stream.unit == expected_unit:
            ratio = best.substitution_ratio or 1.0
            supply_units = quantity if stream.direction == "output" else quantity / ratio
            per_unit = (best.avoided_disposal_eur_per_unit
                        + best.avoided_purchase_eur_per_unit * best.substitution_ratio
                        - best.processing_cost_eur_per_unit)
            value = round(supply_units * max(per_unit, 0.0), 2)
            missing_party = "taker" if stream.direction == "output" else "supplier"
            co2 = round(supply_units * best.avoided_emission_kg_per_unit / 1000.0, 3)
            detail = (
                f"{quantity:g} {stream.unit} with no {missing_party}; "
                f"under rule {best.id} each {best.supply_unit.split('/')[0]} is worth "
                f"{per_unit:g} EUR and avoids {best.avoided_emission_kg_per_unit:g} kg CO2e"
            )
        else:
            detail = (f"{quantity:g} {stream.unit} at stake; rule {best.id} counts in "
                      f"{expected_unit}, so the value is not computed")
    elif quantity is not None and stream.direction == "output" and (
            stream.handling_cost_eur_per_unit is not None):
        value = round(quantity * max(stream.handling_cost_eur_per_unit, 0.0), 2)
        detail = (f"{quantity:g} {stream.unit} with no taker and no rule; its owner pays "
                  f"{stream.handling_cost_eur_per_unit:g} EUR per unit to get rid of it")
    elif quantity is None:
        detail = "quantity unknown: volume and value at stake not computed"
    else:
        detail = (f"{quantity:g} {stream.unit or ''} at stake; no rule of the knowledge base "
                  "fits it, so the value is not computed")
    return Gap(
        network=network, kind=stream.direction, subject=stream.id,
        organisation=stream.organisation, nace=tuple(nace), quantity=quantity,
        unit=stream.unit or "", value_lost_eur_per_year=value, co2_lost_t_per_year=co2,
        rule=best.id if best else "", detail=detail,
    )


def find_gaps(
    network: ValueNetwork | TemplateNetwork,
    graph: nx.MultiDiGraph,
    streams: Iterable[Stream],
    rules: Iterable[Rule] | None = None,
    *,
    include_inputs: bool = True,
    templates: Iterable[Template] | None = None,
) -> GapReport:
    """The gaps of one value network.

    Parameters
    ----------
    network : ValueNetwork or TemplateNetwork
        A template network also reports its unfilled roles.
    graph : networkx.MultiDiGraph
        The synergy graph; a stream is taken when any exchange in it uses the stream, even
        with an organisation outside this network.
    streams : iterable of Stream
        All streams; those of the network's members are examined.
    rules : iterable of Rule, optional
        The synergy knowledge base; default the shipped rules.
    include_inputs : bool, default True
        Also report inputs without a supplier.
    templates : iterable of Template, optional
        Where a template network's roles are defined; default the shipped templates.

    Examples
    --------
    >>> from veturi.engine.networks.types import ValueNetwork
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("mill", nace=("16.10",))
    >>> net = ValueNetwork("n", "N", "community", ("mill",), (), (), "")
    >>> bark = Stream("bark", "mill", "output", "Bark", ewc_code="03 01 01",
    ...               quantity=1000.0, unit="t/a")
    >>> report = find_gaps(net, g, [bark])
    >>> gap = report.gaps[0]
    >>> gap.kind, gap.subject, gap.value_lost_eur_per_year > 0, len(gap.nace) > 0
    ('output', 'bark', True, True)
    """
    template_network = network if isinstance(network, TemplateNetwork) else None
    value_network = network.network if template_network else network
    if not isinstance(value_network, ValueNetwork):
        raise TypeError(f"network must be a ValueNetwork or TemplateNetwork, got "
                        f"{type(network).__name__}")
    rules = load_rules() if rules is None else tuple(rules)
    members = set(value_network.members)
    missing = members - set(graph.nodes)
    if missing:
        names = ", ".join(sorted(map(str, missing)))
        raise ValueError(f"network members not in the graph: {names}")
    organisations = {
        node: Organisation(node, name=data.get("name", ""), nace=tuple(data.get("nace") or ()))
        for node, data in graph.nodes(data=True) if node in members
    }
    gaps: list[Gap] = []
    if template_network is not None:
        from .templates import load_templates

        known = load_templates() if templates is None else tuple(templates)
        template = {t.id: t for t in known}.get(template_network.template)
        if template is None:
            raise ValueError(f"template {template_network.template!r} of the network is not "
                             "among the templates")
        roles = {role.id: role for role in template.roles}
        for fill in template_network.roles:
            if fill.filled:
                continue
            role = roles.get(fill.role)
            quantity, unit, count = _role_volume(role, streams, members) if role else (None, "", 0)
            detail = (f"no organisation fills the "
                      f"{'required' if role and role.required else 'optional'} role "
                      f"{role.name if role else fill.role!r}")
            if quantity is not None:
                detail += (f"; {count} member output(s) of what it would take, "
                           f"{quantity:g} {unit}, wait for it")
            gaps.append(Gap(
                network=value_network.id, kind="role", subject=fill.role, organisation="",
                nace=_titled(role.attract) if role else (), quantity=quantity, unit=unit,
                value_lost_eur_per_year=None, co2_lost_t_per_year=None, rule="",
                detail=detail,
            ))
    used_outputs, used_inputs = _used_streams(graph)
    streams = tuple(streams)
    for stream in streams:
        if stream.organisation not in members:
            continue
        if stream.direction == "output" and stream.id not in used_outputs:
            gaps.append(_flow_gap(value_network.id, stream, rules, organisations))
        elif include_inputs and stream.direction == "input" and stream.id not in used_inputs:
            gaps.append(_flow_gap(value_network.id, stream, rules, organisations))
    gaps.sort(key=lambda gap: ({"role": 0, "output": 1, "input": 2}[gap.kind],
                               -(gap.value_lost_eur_per_year or 0.0), gap.subject))
    return GapReport(
        network=value_network.id, gaps=tuple(gaps),
        value_lost_eur_per_year=round(sum(g.value_lost_eur_per_year or 0.0 for g in gaps), 2),
        co2_lost_t_per_year=round(sum(g.co2_lost_t_per_year or 0.0 for g in gaps), 3),
    )
