"""Typed templates of cleantech value networks and their filling from the data.

A template (``veturi/data/network_templates.json``, versioned, with sources) is a set of roles;
a role is what a member must supply or take (European List of Waste or taxonomy prefixes) or
which industry it is (NACE classes). :func:`fill_templates` finds, for each template, the
organisations that fill each role and the exchanges of the template's rule families among
them: that is the template's value network, and the roles left empty are its gaps.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from veturi.engine.matching.types import Stream
from veturi.engine.reference import ewc_codes, is_under, nace_codes, taxonomy

from .totals import count_once
from .types import Role, RoleFill, Template, TemplateNetwork, ValueNetwork

__all__ = ["TemplateError", "fill_templates", "load_templates", "template_from_dict"]

_ROLE_CODE_FIELDS = {
    "supplies_ewc": "ewc", "takes_ewc": "ewc", "supplies_taxonomy": "taxonomy",
    "takes_taxonomy": "taxonomy", "nace": "nace", "attract": "nace",
}
_ROLE_FIELDS = {"id", "name", "required", *_ROLE_CODE_FIELDS}
_TEMPLATE_FIELDS = {"id", "name", "description", "roles", "rule_families", "sources"}


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the template, role and field."""


def _rule_families() -> set[str]:
    folder = resources.files("veturi").joinpath("data", "synergy_rules")
    return {entry.name[:-4] for entry in folder.iterdir() if entry.name.endswith(".csv")}


def _codes(value: Any, where: str, scheme: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise TemplateError(f"{where}: must be a list of {scheme} codes as text")
    table = {"ewc": ewc_codes, "taxonomy": taxonomy, "nace": nace_codes}[scheme]()
    for code in value:
        if code.strip() not in table:
            raise TemplateError(f"{where}: {code!r} is not a {scheme.upper()} code")
    return tuple(code.strip() for code in value)


def template_from_dict(data: Mapping[str, Any], *, where: str = "template") -> Template:
    """Build and validate one template from its JSON object.

    Examples
    --------
    >>> t = template_from_dict({"id": "x", "name": "X", "description": "", "sources": ["s"],
    ...     "rule_families": ["water"],
    ...     "roles": [{"id": "user", "name": "User", "nace": ["36.00"]}]})
    >>> t.roles[0].attract
    ('36.00',)
    >>> template_from_dict({"id": "x", "name": "X", "description": "", "sources": ["s"],
    ...     "rule_families": ["water"], "roles": [{"id": "u", "name": "U", "nace": ["99.99"]}]})
    Traceback (most recent call last):
    ...
    veturi.engine.networks.templates.TemplateError: template 'x', role 'u', field nace: '99.99' is not a NACE code
    """
    if not isinstance(data, Mapping):
        raise TemplateError(f"{where}: must be an object")
    unknown = set(data) - _TEMPLATE_FIELDS
    if unknown:
        raise TemplateError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for name in ("id", "name"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise TemplateError(f"{where}: field {name} is required text")
    where = f"template {data['id']!r}"
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources or not all(
            isinstance(s, str) and s.strip() for s in sources):
        raise TemplateError(f"{where}, field sources: give at least one source as text")
    families = data.get("rule_families", [])
    known_families = _rule_families()
    if not isinstance(families, list) or not all(isinstance(f, str) for f in families):
        raise TemplateError(f"{where}, field rule_families: must be a list of rule file names")
    for family in families:
        if family not in known_families:
            raise TemplateError(
                f"{where}, field rule_families: {family!r} is not a synergy rule family "
                f"(known: {', '.join(sorted(known_families))})"
            )
    raw_roles = data.get("roles")
    if not isinstance(raw_roles, list) or not raw_roles:
        raise TemplateError(f"{where}, field roles: give at least one role")
    roles = []
    for index, raw in enumerate(raw_roles):
        role_where = f"{where}, roles[{index}]"
        if not isinstance(raw, Mapping):
            raise TemplateError(f"{role_where}: must be an object")
        if not isinstance(raw.get("id"), str) or not raw["id"].strip():
            raise TemplateError(f"{role_where}: field id is required text")
        role_where = f"{where}, role {raw['id']!r}"
        unknown = set(raw) - _ROLE_FIELDS
        if unknown:
            raise TemplateError(f"{role_where}: unknown field(s) {', '.join(sorted(unknown))}")
        codes = {
            field: _codes(raw.get(field, []), f"{role_where}, field {field}", scheme)
            for field, scheme in _ROLE_CODE_FIELDS.items()
        }
        if not any(codes[field] for field in _ROLE_CODE_FIELDS if field != "attract"):
            raise TemplateError(
                f"{role_where}: give at least one of supplies_ewc, supplies_taxonomy, "
                "takes_ewc, takes_taxonomy or nace"
            )
        required = raw.get("required", True)
        if not isinstance(required, bool):
            raise TemplateError(f"{role_where}, field required: must be true or false")
        roles.append(Role(
            id=raw["id"], name=str(raw.get("name") or raw["id"]), required=required,
            attract=codes.pop("attract") or codes["nace"], **codes,
        ))
    ids = [role.id for role in roles]
    if len(set(ids)) != len(ids):
        raise TemplateError(f"{where}: role ids must be unique, got {ids}")
    return Template(
        id=data["id"], name=data["name"], description=str(data.get("description", "")),
        roles=tuple(roles), rule_families=tuple(families), sources=tuple(sources),
    )


def load_templates(path: str | Path | None = None) -> tuple[Template, ...]:
    """Load and validate the value-network templates.

    Parameters
    ----------
    path : str or Path, optional
        A JSON file with ``version`` and ``templates``; default the shipped file.

    Examples
    --------
    >>> templates = load_templates()
    >>> len(templates) >= 9, templates[0].id
    (True, 'waste_heat_cascade')
    """
    if path is None:
        return _shipped_templates()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TemplateError(f"{path}: cannot be read ({error.strerror})") from error
    return _parse(text, str(path))


def _parse(text: str, name: str) -> tuple[Template, ...]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TemplateError(
            f"{name}: not valid JSON at line {error.lineno}: {error.msg}") from error
    if not isinstance(data, dict) or not isinstance(data.get("templates"), list):
        raise TemplateError(f"{name}: must be an object with a list 'templates'")
    if not isinstance(data.get("version"), str):
        raise TemplateError(f"{name}: field version is required text")
    templates = tuple(
        template_from_dict(raw, where=f"{name}: templates[{index}]")
        for index, raw in enumerate(data["templates"])
    )
    ids = [template.id for template in templates]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise TemplateError(f"{name}: template ids appear twice: {', '.join(duplicates)}")
    return templates


@lru_cache(maxsize=1)
def _shipped_templates() -> tuple[Template, ...]:
    data_file = resources.files("veturi").joinpath("data", "network_templates.json")
    return _parse(data_file.read_text(encoding="utf-8"), "network_templates.json")


def _fills(role: Role, nace: tuple[str, ...], streams: list[Stream]) -> str | None:
    """Why an organisation fills ``role``, or None."""
    for stream in streams:
        if stream.direction == "output":
            ewc_prefixes, tax_prefixes, verb = role.supplies_ewc, role.supplies_taxonomy, "supplies"
        else:
            ewc_prefixes, tax_prefixes, verb = role.takes_ewc, role.takes_taxonomy, "takes"
        for prefix in ewc_prefixes:
            if stream.ewc_code and is_under(stream.ewc_code, prefix):
                return f"{verb} {stream.name!r} (EWC {stream.ewc_code} under {prefix})"
        for prefix in tax_prefixes:
            if stream.taxonomy_code and is_under(stream.taxonomy_code, prefix):
                return f"{verb} {stream.name!r} ({stream.taxonomy_code} under {prefix})"
    for code in nace:
        for prefix in role.nace:
            if is_under(code, prefix):
                return f"NACE {code} under {prefix}"
    return None


def fill_templates(
    graph: nx.MultiDiGraph,
    streams: Iterable[Stream] = (),
    templates: Iterable[Template] | None = None,
    *,
    include_empty: bool = True,
) -> tuple[TemplateNetwork, ...]:
    """Fill each template's roles from the organisations of the synergy graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The synergy graph; node attribute ``nace`` (NACE codes) is used.
    streams : iterable of Stream
        The organisations' streams (their EWC and taxonomy codes fill roles).
    templates : iterable of Template, optional
        Default :func:`load_templates`.
    include_empty : bool, default True
        Keep templates with no role filled (all their roles are gaps).

    Returns
    -------
    tuple of TemplateNetwork
        The network's members are every organisation filling a role; its exchanges are the
        graph's exchanges of the template's rule families among them.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("utility", nace=("35.30",), name="Utility")
    >>> g.add_node("mill", nace=("17.11",), name="Mill")
    >>> _ = g.add_edge("mill", "utility", key="h->d", family="waste_heat", value=1e5)
    >>> heat = Stream("h", "mill", "output", "Waste heat 95 C", taxonomy_code="energy.heat.t90_120")
    >>> filled = fill_templates(g, [heat], include_empty=False)[0]
    >>> filled.template, filled.network.members, filled.unfilled_roles
    ('waste_heat_cascade', ('mill', 'utility'), ('low_temperature_user',))
    """
    templates = load_templates() if templates is None else tuple(templates)
    by_organisation: dict[str, list[Stream]] = {}
    for index, stream in enumerate(streams):
        if not isinstance(stream, Stream):
            raise TypeError(f"streams[{index}] must be a Stream, got {type(stream).__name__}")
        by_organisation.setdefault(stream.organisation, []).append(stream)
    results = []
    for template in templates:
        fills = []
        members: list[str] = []
        for role in template.roles:
            who, why = [], []
            for node, nace in graph.nodes(data="nace", default=()):
                reason = _fills(role, tuple(nace or ()), by_organisation.get(node, []))
                if reason:
                    who.append(node)
                    why.append(f"{node}: {reason}")
            fills.append(RoleFill(role=role.id, members=tuple(who), evidence=tuple(why)))
            members.extend(node for node in who if node not in members)
        if not members and not include_empty:
            continue
        inside = set(members)
        families = set(template.rule_families)
        edges: list[tuple[str, str]] = []
        exchanges: list[str] = []
        counted = []
        for u, v, key, data in graph.edges(keys=True, data=True):
            if u in inside and v in inside and data.get("family") in families:
                if (u, v) not in edges:
                    edges.append((u, v))
                exchanges.append(str(key))
                counted.append((key, data))
        # Competing proposals for one output count its supply once.
        value = count_once(counted).value_eur_per_year
        filled = [fill for fill in fills if fill.filled]
        missing = [role.id for role, fill in zip(template.roles, fills) if not fill.filled]
        explanation = (
            f"{len(filled)} of {len(template.roles)} roles filled by {len(members)} "
            f"organisations; {len(exchanges)} {', '.join(template.rule_families)} exchanges "
            f"among them worth {value:,.0f} EUR/a"
            + (f"; unfilled: {', '.join(missing)}." if missing else ".")
        )
        results.append(TemplateNetwork(
            template=template.id,
            network=ValueNetwork(
                id=f"template-{template.id}", name=template.name, method="template",
                members=tuple(members), edges=tuple(edges), exchanges=tuple(sorted(exchanges)),
                explanation=explanation,
                evidence={"roles_filled": len(filled), "roles": len(template.roles),
                          "value_eur_per_year": value, "sources": list(template.sources)},
            ),
            roles=tuple(fills),
        ))
    return tuple(results)
