"""Propose exchanges between output and input streams through the synergy rules, and score
each one from separately visible factors.

For every output stream the engine finds the rules whose supplier side it matches (waste code
or prefix, taxonomy code or prefix, terms of the rule's lexicon class in its name), then the
inputs of other organisations that match the same rule's receiver side (taxonomy code, terms
in the name, or the NACE classes of the receiving organisation). Each pair is scored::

    score = technical_fit * (0.3 + 0.7 * weighted mean of the other fits)
                          * (0.85 + 0.15 * confidence)

with the weights of :data:`DEFAULT_WEIGHTS` over quantity fit, time fit, distance fit,
economic value fit and CO2 fit. Missing data gives a neutral fit (0.5) and lowers the
confidence; it never stops the run. The formulas are documented in ``docs/matching.md``.
"""

from __future__ import annotations

import heapq
import math
import random
import re
from contextvars import ContextVar
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from veturi.engine.geo import _GEOD, distance_m
from veturi.engine.reference import _table_of, ewc_codes, is_under, nace_codes, taxonomy

from .knowledge_base import MATURITY_LEVELS, load_rules
from .text import (
    _term_strength, best_term, candidate_terms, index_terms, match_words, normalise_words,
    starting_words, term_strength,
)
from .types import (
    DIRECTIONS, Factor, MatchResult, Organisation, Proposal, Rule, Stream,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "TRANSPORT",
    "TransportMode",
    "match_streams",
    "receiver_evidence",
    "supplier_evidence",
]

#: Weights of the fits other than the technical one in the score.
DEFAULT_WEIGHTS: dict[str, float] = {
    "quantity": 0.25, "time": 0.1, "distance": 0.4, "value": 0.15, "co2": 0.1,
}


@dataclass(frozen=True)
class TransportMode:
    """Cost and emissions of moving one unit one kilometre, and the distance scale of the
    distance fit ``exp(-km / scale_km)`` (heat pipes are short, ships travel far)."""

    eur_per_unit_km: float
    eur_per_unit_fixed: float
    kg_co2_per_unit_km: float
    scale_km: float


#: Default transport figures by mode (per tonne for solids and steam, per MWh for heat and
#: gas, per m3 for water). Truck 0.10 €/t·km and 62 g CO2/t·km for a full 60 t Finnish
#: combination (LIPASTO, VTT); rail 0.04 €/t·km, 22 g; ship 0.015 €/t·km, 12 g; pipelines
#: as an annuity of building the pipe, with negligible pumping emissions.
TRANSPORT: dict[str, TransportMode] = {
    "truck": TransportMode(0.10, 3.0, 0.062, 60.0),
    "rail": TransportMode(0.04, 5.0, 0.022, 200.0),
    "ship": TransportMode(0.015, 6.0, 0.012, 400.0),
    "pipeline": TransportMode(0.5, 0.0, 0.0, 8.0),
    "cable": TransportMode(0.3, 0.0, 0.0, 20.0),
    "none": TransportMode(0.0, 0.0, 0.0, 15.0),
}
# Water and gas carried in pipes cost less per unit than heat: cheaper, uninsulated pipe.
_PIPELINE_EUR_PER_UNIT_KM = {"m3/a": 0.02, "t/a": 0.3, "MWh/a": 0.5}
# Pipe figures hold at a reference flow; a pipe's cost grows with its diameter, about the
# square root of the flow, so per unit it falls as 1/sqrt(flow) and a large flow justifies a
# longer pipe (Kalundborg's and Rotterdam's 10-30 km heat and steam mains carry TWh).
# Heat loses temperature on the way; water, gases and steam in tonnes travel further.
_PIPELINE_SCALE_KM = {"MWh/a": 8.0, "t/a": 15.0, "m3/a": 10.0}
_PIPELINE_REFERENCE_FLOW = {"m3/a": 1_000_000.0, "t/a": 100_000.0, "MWh/a": 100_000.0}


def _pipeline_flow_factor(exchanged: float | None, unit: str) -> float:
    """sqrt(flow / reference flow), kept within 0.5..4; 1 when the flow is unknown."""
    if exchanged is None or exchanged <= 0:
        return 1.0
    return min(4.0, max(0.5, math.sqrt(exchanged / _PIPELINE_REFERENCE_FLOW.get(unit, 1e5))))

_KIND_GROUP = {
    "material": "matter", "by_product": "matter", "energy": "energy", "water": "water",
    "service": "service", "logistics": "service",
}
_TEMPERATURE = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*(?:°\s*c|° c|degc|astetta|celsius|c\b)", re.I)
_PRESSURE = re.compile(r"(\d+(?:[.,]\d+)?)\s*bar", re.I)
_BAND = re.compile(r"\.([tp])(\d+)_(\d+|plus)$")


@lru_cache(maxsize=262144)
def _under(code: str, prefix: str) -> bool:
    # is_under walks the code hierarchy; the same pairs recur for every stream and rule. The
    # chain above a code is walked once (a code meets dozens of rule prefixes).
    if not isinstance(code, str) or not isinstance(prefix, str):
        return False
    bare = _bare_prefix(prefix)
    if not bare:
        return True
    chain = _chain_above(code.strip())
    return is_under(code, prefix) if chain is None else bare in chain


@lru_cache(maxsize=65536)
def _bare_prefix(prefix: str) -> str:
    """A prefix without its wildcard, as :func:`is_under` reads it."""
    return re.sub(r"[\s.]*\*$", "", prefix.strip())


@lru_cache(maxsize=65536)
def _chain_above(code: str) -> frozenset[str] | None:
    """``code`` and every code above it in its table (as :func:`is_under` walks them), or
    None for a code in no table (the prefix test decides those)."""
    table = _table_of(code)
    if table is None:
        return None
    chain = set()
    while code:
        if code not in table:
            return None  # a broken chain: is_under walks it (and fails) as it always has
        chain.add(code)
        code = table[code].parent
    return frozenset(chain)


# ---------------------------------------------------------------------------------- evidence

USE_LEXICON = True

@dataclass(frozen=True)
class Evidence:
    strength: float
    detail: str
    from_codes: bool
    term: str = ""  # the rule term the name carries (the resource term, on the receiver side)


# Names the lexicon may read in the current run (None: all). Reading a name costs the lexicon
# about 15 ms, so large runs ask it only about names no rule term recognises.
_LEXICON_NAMES: ContextVar[frozenset[str] | None] = ContextVar("_LEXICON_NAMES", default=None)


def _lexicon_codes(stream: Stream) -> tuple[str | None, str | None, float]:
    """EWC and taxonomy codes the lexicon gives a free-text name, with its confidence."""
    if stream.ewc_code and stream.taxonomy_code:
        return None, None, 0.0
    allowed = _LEXICON_NAMES.get()
    if allowed is not None and stream.name not in allowed:
        return None, None, 0.0
    return _classify_name(stream.name, stream.kind or "")


@lru_cache(maxsize=65536)
def _classify_name(name: str, kind: str) -> tuple[str | None, str | None, float]:
    if not USE_LEXICON:
        return None, None, 0.0
    try:
        from veturi.engine.lexicon import classify  # finished by another engineer
    except Exception:
        return None, None, 0.0
    try:
        result = classify(name, kind=kind or None)
    except Exception:
        return None, None, 0.0
    if result is None or not getattr(result, "resolved", False) or not result.code:
        return None, None, 0.0
    confidence = float(getattr(result, "confidence", 0.0) or 0.0)
    scheme = str(getattr(result, "scheme", "")).lower()
    if scheme.startswith("ewc") or scheme.startswith("lo") or re.fullmatch(r"\d\d( \d\d)*", result.code):
        return result.code, None, confidence
    if result.code in taxonomy():
        return None, result.code, confidence
    return None, None, 0.0


_ORIGIN_WORDS = ("from", "of", "after")


@lru_cache(maxsize=262144)
def _head_term(terms: tuple[str, ...], name: str) -> tuple[float, str]:
    """The best term in an output's name, counting less when it only names the origin.

    "Pure CO2 from the hydrogen manufacturing unit" is CO2: words after "from", "of" or
    "after" say where the stream comes from, not what it is.
    """
    best, best_text = 0.0, ""
    for term in candidate_terms(terms, name):
        strength = head_strength(term, name)
        if strength > best:
            best, best_text = strength, term
    return best, best_text


@lru_cache(maxsize=262144)
def head_strength(term: str, name: str) -> float:
    """The strength of ``term`` in an output's name as :func:`_head_term` counts it (less
    when the term only names the origin); the same for every rule that lists the term."""
    strength = _term_strength(term, name)
    if not strength:
        return 0.0
    words = normalise_words(name)
    cut = next((i for i, word in enumerate(words) if word in _ORIGIN_WORDS and i > 0), None)
    positions = match_words(term, name) or ()
    if cut is not None and positions and positions[0] > cut:
        strength *= 0.7
    elif positions and positions[-1] < len(words) - 1 and words[positions[-1]].endswith("n") \
            and not normalise_words(term)[-1].endswith("n"):
        # A Finnish genitive before the head noun names the origin too:
        # "Soodakattilan ja kuorikattilan tuhka" is ash, not bark.
        strength *= 0.75
    return strength


def _ewc_level_strength(prefix: str) -> float:
    bare = prefix.rstrip("* ").strip()
    return {8: 1.0, 5: 0.93, 2: 0.8}.get(len(bare), 0.85)


@lru_cache(maxsize=262144)
def _code_evidence(code: str | None, prefixes: tuple[str, ...], scheme: str) -> float:
    if not code or not prefixes:
        return 0.0
    best = 0.0
    for prefix in prefixes:
        if _under(code, prefix):
            if scheme == "ewc":
                best = max(best, _ewc_level_strength(prefix))
            else:
                best = max(best, 1.0 if prefix.count(".") >= 1 else 0.85)
        elif scheme == "taxonomy" and _under(prefix, code) and "." in code:
            # The stream is classified more coarsely than the rule ("energy.heat" against
            # "energy.heat.t60_90"): plausible, the conditions decide.
            best = max(best, 0.7)
    return best


def supplier_evidence(stream: Stream, rule: Rule) -> Evidence:
    """How strongly an output stream matches a rule's supplier side (0 when it does not).

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Fly ash to cement", "supplier_ewc": "10 01",
    ...     "supplier_terms": "fly ash", "receiver_nace": "23.51", "source": "s"})
    >>> supplier_evidence(Stream("s1", "o", "output", "Ash", ewc_code="10 01 02"), rule).strength
    0.93
    >>> supplier_evidence(Stream("s2", "o", "output", "Fly ash"), rule).strength
    0.9
    """
    name = stream.name or ""
    excluded, head, head_text = _supplier_name_part(rule, name)
    if excluded:
        return Evidence(0.0, "excluded by name", False)
    conflict, ewc, tax, contradicted = _supplier_code_part(
        rule, stream.direction, stream.kind or "", stream.ewc_code or "",
        stream.taxonomy_code or "")
    if conflict:
        # "Non-ferrous metal concentrate" is no reject water, a laboratory service no sludge.
        return Evidence(0.0, "another kind of resource", False)
    lex_ewc, lex_tax, lex_conf = _lexicon_codes(stream)
    best, term, lex = supplier_strengths(rule, head, ewc, tax, contradicted, lex_ewc, lex_tax,
                                         lex_conf, bool(stream.ewc_code))
    if best == 0:
        return _NO_EVIDENCE
    if best == ewc:
        detail = f"waste code {stream.ewc_code} in the rule's codes"
    elif best == tax:
        detail = f"taxonomy code {stream.taxonomy_code} in the rule's classes"
    elif best == term:
        detail = f"name contains '{head_text}'"
    else:
        detail = f"lexicon classifies the name as {lex_ewc or lex_tax}"
    best = agreement_bonus(best, term, ewc, tax)
    return Evidence(best, detail, best in (ewc, tax), head_text if term else "")


def supplier_strengths(rule: Rule, head: float, ewc: float, tax: float, contradicted: bool,
                       lex_ewc: str | None, lex_tax: str | None, lex_conf: float,
                       has_ewc_code: bool) -> tuple[float, float, float]:
    """(best evidence before :func:`agreement_bonus`, the name's term strength, the lexicon's
    evidence) of an output from the parts :func:`supplier_evidence` gathers; shared with the
    vectorised classification, which gathers them once per name and per codes."""
    if not (head or ewc or tax or lex_ewc or lex_tax):
        return 0.0, 0.0, 0.0  # most rules a name's words reach say nothing of it
    term = head
    # A code that contradicts the rule weakens what the name says.
    if contradicted:
        term *= 0.6
    elif lex_ewc and lex_conf >= 0.7 and rule.supplier_ewc and not has_ewc_code \
            and not _code_evidence(lex_ewc, rule.supplier_ewc, "ewc"):
        # A confident lexicon reading of the name that the rule's codes leave out weakens
        # what a loose term says ("puhdistamoliete" is sewage sludge, not mill sludge).
        term *= 0.85
    lex = 0.0
    if not ewc and not tax:
        lex = max(
            _code_evidence(lex_ewc, rule.supplier_ewc, "ewc"),
            _code_evidence(lex_tax, rule.supplier_taxonomy, "taxonomy"),
        ) * min(1.0, 0.9 * lex_conf)
    return max(ewc, tax, term, lex), term, lex


def agreement_bonus(best: float, term: float, ewc: float, tax: float) -> float:
    """Name and code agreeing is firmer than either alone."""
    if term and (ewc or tax) and best != term:
        return min(1.0, best + 0.03)
    return best


_NO_EVIDENCE = Evidence(0.0, "", False)

# The parts of the evidence that depend on the name alone, or on the codes and kind alone,
# are computed once per rule and shared by every stream that carries that name, or those
# codes (a name comes with several codes, a code with many names).


@lru_cache(maxsize=262144)
def _supplier_name_part(rule: Rule, name: str) -> tuple[bool, float, str]:
    """(excluded by name, strength of the best supplier term, that term)."""
    if rule.supplier_exclude and best_term(rule.supplier_exclude, name)[0] > 0:
        return True, 0.0, ""
    return (False, *_head_term(rule.supplier_terms, name))


@lru_cache(maxsize=4096)
def _probe(direction: str, kind: str, ewc_code: str, taxonomy_code: str) -> Stream:
    """A nameless stream with a kind and codes, for the checks that read only those (the
    same few hundred for every rule)."""
    return Stream("", "", direction, "", kind=kind or None, ewc_code=ewc_code or None,
                  taxonomy_code=taxonomy_code or None)


@lru_cache(maxsize=65536)
def _supplier_code_part(rule: Rule, direction: str, kind: str, ewc_code: str,
                        taxonomy_code: str) -> tuple[bool, float, float, bool]:
    """(another kind of resource, waste code evidence, taxonomy evidence, codes contradict
    the rule) of an output's kind and codes."""
    probe = _probe(direction, kind, "", taxonomy_code)
    if kind_conflict(probe, rule):
        return True, 0.0, 0.0, False
    ewc = _code_evidence(ewc_code, rule.supplier_ewc, "ewc")
    tax = _code_evidence(taxonomy_code, rule.supplier_taxonomy, "taxonomy")
    contradicted = bool(
        (ewc_code and rule.supplier_ewc and ewc == 0)
        or (taxonomy_code and rule.supplier_taxonomy and tax == 0 and not ewc)
    )
    return False, ewc, tax, contradicted


@lru_cache(maxsize=262144)
def _use_term(terms: tuple[str, ...], name: str, resource: str) -> tuple[float, str]:
    """The best of ``terms`` in ``name`` that says something other than ``resource`` (the
    use: "Sulphur *for sulphuric acid production*", "Tuhka*lannoite*")."""
    best, best_text = 0.0, ""
    for term in candidate_terms(terms, name):
        if term_strength(term, resource) or term_strength(resource, term):
            continue
        strength = _term_strength(term, name)
        if strength > best:
            best, best_text = strength, term
    return best, best_text


@lru_cache(maxsize=262144)
def _terms_in(terms: tuple[str, ...], name: str) -> frozenset[str]:
    return frozenset(term for term in candidate_terms(terms, name) if _term_strength(term, name))


def _shared_term(terms: tuple[str, ...], first: str, second: str) -> str:
    """The longest of ``terms`` that both names carry, or ""."""
    shared = _terms_in(terms, first) & _terms_in(terms, second)
    return max(shared, key=lambda term: (len(term), term), default="")


def _rule_group(rule: Rule) -> str | None:
    roots = {code.split(".")[0] for code in rule.receiver_taxonomy} or {
        code.split(".")[0] for code in rule.supplier_taxonomy
    }
    groups = {_KIND_GROUP.get(root) for root in roots} - {None}
    if len(groups) == 1:
        return groups.pop()
    if not groups and rule.supplier_ewc:
        return "matter"
    return None


# Fuels and fuel gases are both matter and energy (a boiler takes bark in tonnes, a kiln
# burns tyres); waste water carries solids (a sludge line takes it as matter).
_BOTH_MATTER_AND_ENERGY = ("energy.fuel", "energy.gas")
_BOTH_WATER_AND_MATTER = ("water.wastewater", "water.reject")


@lru_cache(maxsize=65536)
def _code_groups(code: str) -> frozenset[str]:
    """The resource groups (matter, energy, water, service) a taxonomy code belongs to."""
    if any(code == prefix or code.startswith(prefix + ".")
           for prefix in _BOTH_MATTER_AND_ENERGY):
        return frozenset({"matter", "energy"})
    if any(code == prefix or code.startswith(prefix + ".")
           for prefix in _BOTH_WATER_AND_MATTER):
        return frozenset({"water", "matter"})
    group = _KIND_GROUP.get(code.split(".")[0])
    return frozenset({group}) if group else frozenset()


def _stream_groups(stream: Stream) -> frozenset[str]:
    """What a stream is (matter, energy, water, service) from its kind and taxonomy code;
    empty when neither says."""
    return _groups_of(stream.kind or "", stream.taxonomy_code or "")


@lru_cache(maxsize=4096)
def _groups_of(kind: str, taxonomy_code: str) -> frozenset[str]:
    groups = set(_code_groups(taxonomy_code)) if taxonomy_code else set()
    kind_group = _KIND_GROUP.get(kind)
    if kind_group:
        groups.add(kind_group)
    return frozenset(groups)


# By the rule object's identity (the entry keeps the rule alive, so the id is not reused):
# hashing a Rule's many fields on every call would cost more than the check itself.
_RULE_GROUPS: dict[tuple[int, str], tuple[Rule, frozenset[str]]] = {}


def _rule_groups(rule: Rule, side: str) -> frozenset[str]:
    """The resource groups a rule's supplier side ("supply") or receiver side ("receive")
    can be; empty when its taxonomy codes do not say. A receiver may ask for the resource
    itself, so the receiver side also has the supplier side's groups."""
    cached = _RULE_GROUPS.get((id(rule), side))
    if cached is not None and cached[0] is rule:
        return cached[1]
    if len(_RULE_GROUPS) > 65536:
        _RULE_GROUPS.clear()
    groups = _rule_groups_uncached(rule, side)
    _RULE_GROUPS[(id(rule), side)] = (rule, groups)
    return groups


def _rule_groups_uncached(rule: Rule, side: str) -> frozenset[str]:
    codes = tuple(rule.supplier_taxonomy)
    if side == "receive":
        codes += tuple(rule.receiver_taxonomy)
    groups: set[str] = set()
    for code in codes:
        groups |= _code_groups(code)
    if not rule.supplier_taxonomy and rule.supplier_ewc:
        # Waste codes name matter, solid or liquid (waste water and sludges have codes too),
        # or a fuel when the receiver burns it ("Refinery fuel gas" declared as energy).
        groups |= {"matter", "water"}
        for code in rule.receiver_taxonomy:
            groups |= _code_groups(code)
    return frozenset(groups)


def kind_conflict(stream: Stream, rule: Rule) -> bool:
    """True when the stream is a different kind of resource than the rule's side it would
    match: an energy input never receives a solid waste unless the rule turns it into
    energy (a fuel), a water output never feeds a rule for matter, a service is no sludge.

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Aluminium scrap to remelting",
    ...     "supplier_taxonomy": "material.metal.aluminium", "supplier_terms": "aluminium",
    ...     "receiver_taxonomy": "material.metal.aluminium", "source": "s"})
    >>> kind_conflict(Stream("h", "o", "input", "Heat the network can take", kind="energy"), rule)
    True
    >>> kind_conflict(Stream("a", "o", "input", "Aluminium scrap", kind="material"), rule)
    False
    """
    stream_groups = _stream_groups(stream)
    rule_groups = _rule_groups(rule, "supply" if stream.direction == "output" else "receive")
    return bool(stream_groups and rule_groups and not stream_groups & rule_groups)


# Products made to a specification for engines and the grid: only the same product replaces
# them. A waste that a rule turns into such a product goes to the converter, never to the
# product's end user (animal fat feeds an HVO refinery, not a backup generator's tank).
_SPECIFIED_PRODUCTS = ("energy.fuel.liquid_bio", "energy.gas.biomethane", "energy.electricity")


def needs_the_product_itself(stream: Stream, rule: Rule) -> bool:
    """True when an input buys a specified product (transport fuel, biomethane,
    electricity) that the rule's supplier side is not.

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Animal fat to HVO",
    ...     "supplier_taxonomy": "by_product.animal.fat", "supplier_terms": "fat",
    ...     "receiver_taxonomy": "energy.fuel.liquid_bio", "source": "s"})
    >>> needs_the_product_itself(Stream("h", "o", "input", "HVO for generators",
    ...     taxonomy_code="energy.fuel.liquid_bio.renewable_diesel"), rule)
    True
    """
    code = stream.taxonomy_code
    if not code or not any(_under(code, product) for product in _SPECIFIED_PRODUCTS):
        return False
    return not any(_under(code, supplied) or _under(supplied, code)
                   for supplied in rule.supplier_taxonomy)


_GASES = ("energy.gas", "material.gas")


def gas_input_conflict(stream: Stream, rule: Rule) -> bool:
    """True when an input asks for a gas and the rule deals in no gas on either side: a gas
    burner or a gas-fuelled truck takes no waste oil, however much "fuel" both names say.

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Used oil as fuel", "supplier_ewc": "13 02",
    ...     "supplier_terms": "used oil", "receiver_taxonomy": "energy.fuel.fossil",
    ...     "receiver_terms": "fuel", "source": "s"})
    >>> gas_input_conflict(Stream("g", "o", "input", "Gas fuel for trucks",
    ...     taxonomy_code="energy.gas"), rule)
    True
    """
    code = stream.taxonomy_code
    if not code or not any(_under(code, gas) for gas in _GASES):
        return False
    return not any(_under(rule_code, gas) for gas in _GASES
                   for rule_code in rule.supplier_taxonomy + rule.receiver_taxonomy)


def receiver_codes_contradict(stream: Stream, rule: Rule) -> bool:
    """True when an input's own codes place it outside the rule: its taxonomy code is in
    neither the rule's receiver classes nor its resource classes, or its waste code is not
    among the rule's waste codes (and its taxonomy code does not fit either).

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Board to paper mill",
    ...     "supplier_ewc": "15 01 01", "supplier_terms": "board",
    ...     "receiver_taxonomy": "material.paper.recovered_fibre", "source": "s"})
    >>> receiver_codes_contradict(Stream("g", "o", "input", "Gypsum board waste",
    ...     ewc_code="17 08 02"), rule)
    True
    >>> receiver_codes_contradict(Stream("p", "o", "input", "Recovered board"), rule)
    False
    """
    taxonomy_fits = bool(stream.taxonomy_code) and bool(
        _code_evidence(stream.taxonomy_code, rule.receiver_taxonomy, "taxonomy")
        or _code_evidence(stream.taxonomy_code, rule.supplier_taxonomy, "taxonomy"))
    if stream.taxonomy_code and "." in stream.taxonomy_code and not taxonomy_fits \
            and (rule.receiver_taxonomy or rule.supplier_taxonomy):
        return True
    return bool(stream.ewc_code and rule.supplier_ewc and not taxonomy_fits
                and not _code_evidence(stream.ewc_code, rule.supplier_ewc, "ewc"))


def receiver_evidence(stream: Stream, rule: Rule, organisation: Organisation | None) -> Evidence:
    """How strongly an input stream matches a rule's receiver side (0 when it does not).

    Evidence is the input's taxonomy code, terms of the receiver side or of the resource
    itself in its name, and the NACE classes of its organisation (weak alone).

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Fly ash to cement", "supplier_terms": "fly ash",
    ...     "receiver_terms": "cement raw material", "receiver_nace": "23.51", "source": "s"})
    >>> receiver_evidence(Stream("i", "c", "input", "Cement raw materials"), rule, None).strength
    0.95
    """
    name = stream.name or ""
    excluded, term, term_text, resource_term, resource_text = _receiver_name_part(rule, name)
    if excluded:
        return Evidence(0.0, "excluded by name", False)
    conflict, tax, same_resource, contradicted = receiver_code_checks(stream, rule)
    if conflict:
        # Words alone never turn an energy input into a taker of matter ("heat the network
        # *can* take" is no aluminium can), nor the organisation's NACE class.
        return Evidence(0.0, "another kind of resource", False)
    lex_tax, lex_conf = (None, 0.0) if stream.taxonomy_code else _lexicon_codes(stream)[1:]
    lexicon = receiver_lexicon_strength(rule, lex_tax, lex_conf)
    term, resource_term = receiver_term_strengths(term, resource_term, contradicted)
    nace_codes_of_receiver = organisation.nace if organisation else ()
    nace_hit = next(
        (code for code in nace_codes_of_receiver for prefix in rule.receiver_nace
         if _under(code, prefix)),
        None,
    )
    best = max(tax, same_resource, term, resource_term, lexicon)
    if best > 0:
        if best == tax:
            detail = f"taxonomy code {stream.taxonomy_code} in the rule's receiver classes"
        elif best == same_resource:
            detail = "input asks for the same resource class"
        elif best == term:
            detail = f"name contains '{term_text}'"
        elif best == resource_term:
            detail = f"input names the resource ('{resource_text}')"
        else:
            detail = "lexicon classifies the name into the rule's classes"
        best, use_text = use_bonus(rule, name, best, resource_term, resource_text)
        if use_text:
            detail += (f"; names both the resource ('{resource_text}') and the use "
                       f"('{use_text}')")
        if nace_hit:
            best = best + (1 - best) * 0.3
            detail += f"; organisation's NACE {nace_hit} is a typical receiver"
        return Evidence(
            min(best, 1.0), detail, max(tax, same_resource) >= best - 1e-9,
            resource_text if resource_term else "",
        )
    if nace_hit and not contradicted:
        # The organisation's trade alone never outweighs the input's own code.
        group = _rule_group(rule)
        kind_group = _KIND_GROUP.get(stream.kind or "")
        if group and kind_group and group != kind_group:
            return Evidence(0.0, "", False)
        return Evidence(0.45, f"organisation's NACE {nace_hit} is a typical receiver", False)
    return Evidence(0.0, "", False)


def receiver_lexicon_strength(rule: Rule, lex_tax: str | None, lex_conf: float) -> float:
    """Evidence from the lexicon's taxonomy reading of an input's name (the caller passes
    none when the input has its own taxonomy code)."""
    if not lex_tax:
        return 0.0
    return min(1.0, 0.9 * lex_conf) * max(
        _code_evidence(lex_tax, rule.receiver_taxonomy, "taxonomy"),
        0.95 * _code_evidence(lex_tax, rule.supplier_taxonomy, "taxonomy"),
    )


def receiver_term_strengths(term: float, resource_term: float, contradicted: bool,
                            ) -> tuple[float, float]:
    """The strengths of an input's receiver term and resource term as evidence."""
    if contradicted:
        # The input's own code says it takes something else: its words count for less
        # ("Gypsum *board* waste" is no paper mill's board, "Recycled PP" no black mass).
        term *= 0.6
        resource_term *= 0.6
    # An input that names the very resource wants it more surely than one that names a use.
    return term, min(0.97, resource_term * 1.08)


def use_bonus(rule: Rule, name: str, best: float, resource_term: float, resource_text: str,
              ) -> tuple[float, str]:
    """``best`` raised when the name says both what it takes and what for ("Sulphur for
    sulphuric acid production" is firmer than either; the words must differ to count
    twice), and the use term ("" when none)."""
    if resource_term:
        use, use_text = _use_term(rule.receiver_terms, name, resource_text)
        if use:
            return best + (1 - best) * 0.5 * min(use, resource_term), use_text
    return best, ""


@lru_cache(maxsize=262144)
def _receiver_name_part(rule: Rule, name: str) -> tuple[bool, float, str, float, str]:
    """(excluded by name, best receiver term and its strength, best supplier term (the
    resource itself) and its strength) of an input's name."""
    if rule.receiver_exclude and best_term(rule.receiver_exclude, name)[0] > 0:
        return True, 0.0, "", 0.0, ""
    return (False, *best_term(rule.receiver_terms, name), *best_term(rule.supplier_terms, name))


def receiver_code_checks(stream: Stream, rule: Rule) -> tuple[bool, float, float, bool]:
    """What an input's kind and codes alone say of a rule's receiver side: (another kind of
    resource, taxonomy evidence, same-resource evidence, its codes contradict the rule; the
    last three 0 / False with another kind), cached per (rule, kind, codes)."""
    return _receiver_code_part(rule, stream.direction, stream.kind or "",
                               stream.ewc_code or "", stream.taxonomy_code or "")


@lru_cache(maxsize=65536)
def _receiver_code_part(rule: Rule, direction: str, kind: str, ewc_code: str,
                        taxonomy_code: str) -> tuple[bool, float, float, bool]:
    """(another kind of resource, taxonomy evidence, same-resource evidence, codes
    contradict the rule) of an input's kind and codes."""
    probe = _probe(direction, kind, ewc_code, taxonomy_code)
    if kind_conflict(probe, rule) or needs_the_product_itself(probe, rule) \
            or gas_input_conflict(probe, rule):
        return True, 0.0, 0.0, False
    tax = _code_evidence(taxonomy_code, rule.receiver_taxonomy, "taxonomy")
    same_resource = 0.95 * max(
        _code_evidence(taxonomy_code, rule.supplier_taxonomy, "taxonomy"),
        _code_evidence(ewc_code, rule.supplier_ewc, "ewc"),
    )
    return False, tax, same_resource, receiver_codes_contradict(probe, rule)


# -------------------------------------------------------------------------------- conditions

def _property_range(stream: Stream, prop: str) -> tuple[float, float] | bool | None:
    """What is known of a property: a number range, a boolean, or None."""
    value = stream.properties.get(prop) if stream.properties else None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and math.isfinite(value):
        return (float(value), float(value))
    if prop == "hazardous":
        if stream.ewc_code and stream.ewc_code in ewc_codes():
            entry = ewc_codes()[stream.ewc_code]
            if entry.level == "entry":
                return entry.hazardous
        return None
    if prop in ("temperature_c", "pressure_bar"):
        pattern = _TEMPERATURE if prop == "temperature_c" else _PRESSURE
        found = pattern.search(stream.name or "")
        if found:
            number = float(found.group(1).replace(",", "."))
            return (number, number)
        band = _BAND.search(stream.taxonomy_code or "")
        if band and band.group(1) == ("t" if prop == "temperature_c" else "p"):
            low = float(band.group(2))
            high = math.inf if band.group(3) == "plus" else float(band.group(3))
            return (low, high)
    return None


def _compare(low: float, high: float, operator: str, target: float) -> bool | None:
    """True when every value of [low, high] satisfies the test, False when none does."""
    tests = {
        ">=": (low >= target, high < target), ">": (low > target, high <= target),
        "<=": (high <= target, low > target), "<": (high < target, low >= target),
        "==": (low == high == target, target < low or target > high),
        "!=": (target < low or target > high, low == high == target),
    }
    holds, fails = tests[operator]
    return True if holds else (False if fails else None)


def _check_conditions(rule: Rule, supply: Stream, demand: Stream,
                      explained: bool = True) -> tuple[float, list[str], int]:
    """Condition factor, details (when ``explained``: a pair scored only to be ranked needs
    none), and the number of conditions that could not be checked.

    A required condition that is violated returns factor 0 (the pair is not proposed).
    """
    factor, details, unknown = 1.0, [], 0
    for condition in rule.conditions:
        stream = supply if condition.side == "supply" else demand
        known = _property_range(stream, condition.property)
        target = condition.value
        if target == "receiver":
            other = _property_range(demand, condition.property)
            if isinstance(other, tuple):
                target = other[1] if condition.operator in (">=", ">") else other[0]
                if math.isinf(target):
                    target = other[0]
            else:
                known = None
        if known is None or target == "receiver":
            unknown += 1
            if explained:
                details.append(f"{condition.text()} unknown")
            factor *= 0.92 if condition.required else 0.97
            continue
        if isinstance(known, bool) or isinstance(target, bool):
            verdict = (known == target) if condition.operator == "==" else (known != target)
        else:
            verdict = _compare(known[0], known[1], condition.operator, float(target))
        if verdict is None:
            unknown += 1
            if explained:
                details.append(f"{condition.text()} uncertain")
            factor *= 0.9 if condition.required else 0.97
        elif verdict:
            if explained:
                details.append(f"{condition.text()} holds")
        elif condition.required:
            return 0.0, [f"{condition.text()} violated"], unknown
        else:
            if explained:
                details.append(f"{condition.text()} not met (preference)")
            factor *= 0.7
    return factor, details, unknown


# ---------------------------------------------------------------------------- match streams

@lru_cache(maxsize=65536)
def _bare(code: str) -> str:
    return re.sub(r"[\s.]*\*$", "", code.strip())


def _ancestors(code: str | None, scheme: str) -> list[str]:
    """The code and every code above it in its hierarchy."""
    if not code:
        return []
    if scheme == "taxonomy":
        parts = code.split(".")
        return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
    table = ewc_codes() if scheme == "ewc" else nace_codes()
    chain = []
    while code and code in table and code not in chain:
        chain.append(code)
        code = table[code].parent
    return chain or [code]


class _RuleIndex:
    """Which rules a stream can possibly match, found from its words and codes.

    Evidence is only ever computed for these (stream, rule) pairs; the index only prunes
    pairs whose evidence would be zero, so results are the same as trying every rule.
    """

    def __init__(self, rules: Sequence[Rule]):
        self.rules = rules
        self.supply_word: dict[str, set[int]] = defaultdict(set)
        self.demand_word: dict[str, set[int]] = defaultdict(set)
        self.supply_code: dict[str, set[int]] = defaultdict(set)
        # Rules by the codes above their supplier taxonomy codes: a stream classified more
        # coarsely than a rule ("energy.heat" against "energy.heat.t60_90").
        self.supply_coarse: dict[str, set[int]] = defaultdict(set)
        self.demand_code: dict[str, set[int]] = defaultdict(set)
        self.demand_nace: dict[str, set[int]] = defaultdict(set)
        for index, rule in enumerate(rules):
            for term in rule.supplier_terms:
                words = normalise_words(term)
                if words:
                    self.supply_word[words[0]].add(index)
                    self.demand_word[words[0]].add(index)
            for term in rule.receiver_terms:
                words = normalise_words(term)
                if words:
                    self.demand_word[words[0]].add(index)
            for code in rule.supplier_ewc:
                self.supply_code["ewc:" + _bare(code)].add(index)
                self.demand_code["ewc:" + _bare(code)].add(index)
            for code in rule.supplier_taxonomy:
                self.supply_code["tax:" + code].add(index)
                self.demand_code["tax:" + code].add(index)
                # A stream classified more coarsely than the rule still matches weakly.
                for ancestor in _ancestors(code, "taxonomy")[1:]:
                    self.supply_coarse["tax:" + ancestor].add(index)
            for code in rule.receiver_taxonomy:
                self.demand_code["tax:" + code].add(index)
            for code in rule.receiver_nace:
                self.demand_nace[_bare(code)].add(index)
        index_terms(*(terms for rule in rules for terms in (
            rule.supplier_terms, rule.receiver_terms, rule.supplier_exclude,
            rule.receiver_exclude)))
        # A name has dozens of keys (every prefix of its words); few start a term.
        self._supply_words = frozenset(self.supply_word)
        self._demand_words = frozenset(self.demand_word)

    @staticmethod
    def _code_keys(stream: Stream, lexicon: bool) -> list[str]:
        ewc, tax = stream.ewc_code, stream.taxonomy_code
        if lexicon:
            lex_ewc, lex_tax, _ = _lexicon_codes(stream)
            ewc, tax = ewc or lex_ewc, tax or lex_tax
        keys = ["ewc:" + code for code in _ancestors(ewc, "ewc")]
        keys += ["tax:" + code for code in _ancestors(tax, "taxonomy")]
        return keys

    def for_output(self, stream: Stream) -> set[int]:
        found: set[int] = set()
        # The name's keys that start an indexed term (every word here is indexed).
        for key in starting_words(stream.name or "") & self._supply_words:
            found |= self.supply_word[key]
        # The stream's own codes and the lexicon's reading of its name, each: the lexicon's
        # evidence counts when the stream's codes give none for the rule.
        lex_ewc, lex_tax, _ = _lexicon_codes(stream)
        for code in {stream.ewc_code, lex_ewc} - {None, ""}:
            for ancestor in _ancestors(code, "ewc"):
                found |= self.supply_code.get("ewc:" + ancestor, set())
        for code in {stream.taxonomy_code, lex_tax} - {None, ""}:
            for ancestor in _ancestors(code, "taxonomy"):
                found |= self.supply_code.get("tax:" + ancestor, set())
            found |= self._coarse(code)
        return found

    def _coarse(self, code: str) -> set[int]:
        """Rules whose supplier taxonomy code lies below ``code``: their only evidence from
        it is the "classified more coarsely" one, which needs a code with a dot. (A code not
        in the taxonomy reaches, as its ancestors do, every rule below them: the prefix test
        of such codes is looser than the split at dots.)"""
        if code in taxonomy():
            return self.supply_coarse.get("tax:" + code, set()) if "." in code else set()
        found: set[int] = set()
        for ancestor in _ancestors(code, "taxonomy"):
            found |= self.supply_coarse.get("tax:" + ancestor, set())
        return found

    def for_input(self, stream: Stream, organisation: Organisation | None) -> set[int]:
        found: set[int] = set()
        # The name's keys that start an indexed term (every word here is indexed).
        for key in starting_words(stream.name or "") & self._demand_words:
            found |= self.demand_word[key]
        for key in self._code_keys(stream, lexicon=True):
            found |= self.demand_code.get(key, set())
        for code in (organisation.nace if organisation else ()):
            for ancestor in _ancestors(code, "nace"):
                found |= self.demand_nace.get(ancestor, set())
        return found


def _validate_inputs(organisations, streams, rules, top_k, weights, detour_factor):
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise ValueError(f"top_k must be a whole number of at least 1, got {top_k!r}")
    for rule in rules:
        if not isinstance(rule, Rule):
            raise ValueError(f"rules must be Rule objects (see load_rules), got {rule!r}")
    if not isinstance(detour_factor, (int, float)) or not 1.0 <= detour_factor <= 3.0:
        raise ValueError(f"detour_factor must be between 1 and 3, got {detour_factor!r}")
    unknown_weights = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown_weights:
        raise ValueError(
            f"weights: unknown factor(s) {', '.join(sorted(unknown_weights))}; "
            f"use {', '.join(DEFAULT_WEIGHTS)}"
        )
    for name, weight in weights.items():
        if not isinstance(weight, (int, float)) or weight < 0 or not math.isfinite(weight):
            raise ValueError(f"weights[{name!r}] must be a finite number >= 0, got {weight!r}")
    organisation_by_id: dict[str, Organisation] = {}
    for organisation in organisations:
        if not isinstance(organisation, Organisation):
            raise ValueError(f"organisations must be Organisation objects, got {organisation!r}")
        if organisation.id in organisation_by_id:
            raise ValueError(f"organisation {organisation.id!r} appears twice")
        organisation_by_id[organisation.id] = organisation
    seen: set[str] = set()
    for stream in streams:
        if not isinstance(stream, Stream):
            raise ValueError(f"streams must be Stream objects, got {stream!r}")
        if stream.id in seen:
            raise ValueError(f"stream {stream.id!r} appears twice")
        seen.add(stream.id)
        if stream.direction not in DIRECTIONS:
            raise ValueError(
                f"stream {stream.id!r}, field direction: {stream.direction!r} is not "
                "'output' or 'input'"
            )
        if stream.organisation not in organisation_by_id:
            raise ValueError(
                f"stream {stream.id!r}, field organisation: unknown organisation "
                f"{stream.organisation!r}"
            )
    return organisation_by_id


def _distance_km(
    supplier: Organisation, receiver: Organisation, matrix: Any, detour_factor: float
) -> tuple[float | None, str]:
    if matrix is not None:
        for key in ((supplier.id, receiver.id), (receiver.id, supplier.id)):
            try:
                value = matrix[key] if isinstance(matrix, Mapping) else matrix.loc[key]
            except (KeyError, TypeError):
                continue
            if value is not None and math.isfinite(float(value)):
                return float(value), "from the given distance matrix"
    if None in (supplier.lat, supplier.lon, receiver.lat, receiver.lon):
        return None, "coordinates missing"
    if supplier.id == receiver.id or (supplier.lat, supplier.lon) == (receiver.lat, receiver.lon):
        return 0.0, "same site"
    try:
        straight = distance_m(supplier.lon, supplier.lat, receiver.lon, receiver.lat) / 1000.0
    except ValueError:
        return None, "coordinates invalid"
    return straight * detour_factor, (
        f"road estimate: {straight:.1f} km straight line x detour factor {detour_factor:g}"
    )


def _fill_distances(
    cache: dict[tuple[str, str], tuple[float | None, str]], supplier: Organisation,
    receivers: Sequence[Organisation], detour_factor: float,
) -> None:
    """Put the road estimates from ``supplier`` to ``receivers`` (without a distance matrix)
    into ``cache`` with one geodesic call for all: the same values as :func:`_distance_km`
    one pair at a time (the same C routine on the same doubles), at a fraction of the cost."""
    todo: dict[str, Organisation] = {}
    for receiver in receivers:
        key = (supplier.id, receiver.id)
        if key in cache or receiver.id in todo:
            continue
        if _plain_geodesic(supplier, receiver):
            todo[receiver.id] = receiver
        else:
            cache[key] = _distance_km(supplier, receiver, None, detour_factor)
    if not todo:
        return
    count = len(todo)
    _, _, metres = _GEOD.inv(
        np.full(count, float(supplier.lon)), np.full(count, float(supplier.lat)),
        np.array([float(receiver.lon) for receiver in todo.values()]),
        np.array([float(receiver.lat) for receiver in todo.values()]),
    )
    for receiver_id, pair_metres in zip(todo, metres.tolist()):
        straight = pair_metres / 1000.0
        cache[(supplier.id, receiver_id)] = (straight * detour_factor, (
            f"road estimate: {straight:.1f} km straight line x detour factor {detour_factor:g}"
        ))


def _plain_geodesic(supplier: Organisation, receiver: Organisation) -> bool:
    """True when :func:`_distance_km` (without a matrix) measures the geodesic of the two
    sites: both located, valid coordinates, not the same site."""
    coordinates = (supplier.lat, supplier.lon, receiver.lat, receiver.lon)
    if None in coordinates or supplier.id == receiver.id \
            or (supplier.lat, supplier.lon) == (receiver.lat, receiver.lon):
        return False
    return all(
        isinstance(value, (int, float)) and math.isfinite(value) and abs(value) <= bound
        for value, bound in zip(coordinates, (90, 180, 90, 180))
    )


def _months(stream: Stream) -> frozenset[int]:
    return _month_set(tuple(stream.months))


@lru_cache(maxsize=4096)
def _month_set(months: tuple[int, ...]) -> frozenset[int]:
    valid = frozenset(m for m in months if isinstance(m, int) and 1 <= m <= 12)
    return valid or frozenset(range(1, 13))


def _quantity_in_supply_units(stream: Stream, rule: Rule, *, demand: bool) -> float | None:
    """A stream's quantity in the rule's supply unit, or None when unknown or incomparable.

    A demand in the rule's receiving unit is divided by the substitution ratio; a quantity
    already in the supply unit is taken as it is.
    """
    quantity = stream.quantity
    if quantity is None or isinstance(quantity, bool) or not isinstance(quantity, (int, float)):
        return None
    if not math.isfinite(quantity) or quantity < 0 or not stream.unit:
        return None
    if demand and stream.unit == rule.receive_unit:
        return float(quantity) / rule.substitution_ratio
    if stream.unit == rule.supply_unit:
        return float(quantity)
    if not demand and stream.unit == rule.receive_unit:
        return float(quantity) / rule.substitution_ratio
    return None


def _squash(value: float, scale: float) -> float:
    """Map a value in euros or tonnes to 0..1, 0.5 at zero."""
    return 0.5 + 0.5 * math.tanh(value / scale)


# The sentences of the explanation are written only for the proposals that are kept (the
# `*_detail` lambdas and `explain`): most scored pairs are never shown.
def _score_pair(
    supply: Stream, demand: Stream, rule: Rule, supply_ev: Evidence, demand_ev: Evidence,
    supplier: Organisation, receiver: Organisation, *, matrix: Any, detour_factor: float,
    weights: Mapping[str, float], transport: Mapping[str, TransportMode],
    distance_cache: dict[tuple[str, str], tuple[float | None, str]] | None = None,
    explained: bool = True,
) -> dict[str, Any] | None:
    condition_factor, condition_details, unknown_conditions = _check_conditions(
        rule, supply, demand, explained
    )
    if condition_factor == 0.0:
        return None
    maturity = MATURITY_LEVELS[rule.maturity]
    demand_strength = demand_ev.strength
    if _shared_term(rule.supplier_terms, supply.name or "", demand.name or ""):
        # Both names carry the same term of the rule ("hydrochloric acid" offered and asked
        # for): the closest evidence of a match that free text can give.
        demand_strength += (1 - demand_strength) * 0.5
    technical = supply_ev.strength * demand_strength * condition_factor * maturity
    missing: list[str] = []
    confidence = 1.0
    if not supply_ev.from_codes:
        confidence *= 0.92
    if not demand_ev.from_codes:
        confidence *= 0.95
    confidence *= 0.93 ** unknown_conditions
    if unknown_conditions:
        missing.append("condition data")

    # Quantity: share of supply and of demand that the exchange covers.
    supply_months, demand_months = _months(supply), _months(demand)
    overlap = supply_months & demand_months
    supply_quantity = _quantity_in_supply_units(supply, rule, demand=False)
    demand_in_supply_units = _quantity_in_supply_units(demand, rule, demand=True)
    if supply_quantity is None:
        missing.append("supply quantity" if supply.quantity is None else "supply unit")
        confidence *= 0.85
    if demand_in_supply_units is None:
        missing.append("demand quantity" if demand.quantity is None else "demand unit")
        confidence *= 0.9
    # Only the supply of the months both sides share can be exchanged.
    available = (
        supply_quantity * len(overlap) / len(supply_months) if supply_quantity is not None else None
    )
    if available is not None and demand_in_supply_units is not None:
        exchanged: float | None = min(available, demand_in_supply_units)
        supply_share = exchanged / supply_quantity if supply_quantity else 0.0
        demand_share = exchanged / demand_in_supply_units if demand_in_supply_units else 0.0
        quantity_fit: float | None = 0.5 * supply_share + 0.5 * demand_share
        quantity_detail = lambda: (
            f"{exchanged:,.0f} {rule.supply_unit} exchanged: {supply_share:.0%} of supply, "
            f"{demand_share:.0%} of demand (ratio {rule.substitution_ratio:g} "
            f"{rule.receive_unit} per {rule.supply_unit})"
        )
    else:
        exchanged = available if available is not None else demand_in_supply_units
        quantity_fit = None
        quantity_detail = lambda: "quantity of " + (
            "both sides" if available is None and demand_in_supply_units is None
            else "demand" if available is not None else "supply"
        ) + " unknown or in another unit; neutral fit used"

    time_fit = 0.5 * len(overlap) / len(demand_months) + 0.5 * len(overlap) / len(supply_months)
    if not overlap:
        return None
    time_detail = lambda: (
        f"{len(overlap)} shared months of {len(supply_months)} supplied, "
        f"{len(demand_months)} needed"
    )

    pair = (supplier.id, receiver.id)
    if distance_cache is not None and pair in distance_cache:
        distance, distance_how = distance_cache[pair]
    else:
        distance, distance_how = _distance_km(supplier, receiver, matrix, detour_factor)
        if distance_cache is not None:
            distance_cache[pair] = (distance, distance_how)
    mode = transport[rule.transport_mode]
    if distance is None:
        distance_fit: float | None = None
        missing.append("location")
        confidence *= 0.85
        distance_detail = lambda: f"{distance_how}; neutral fit used"
    else:
        scale_km = mode.scale_km
        if rule.transport_mode == "pipeline":
            scale_km = _PIPELINE_SCALE_KM.get(rule.supply_unit, scale_km) * _pipeline_flow_factor(
                exchanged, rule.supply_unit
            )
        distance_fit = math.exp(-distance / scale_km)
        distance_detail = lambda: (
            f"{distance:.1f} km ({distance_how}); exp(-km/{scale_km:.3g}) for "
            f"{rule.transport_mode}"
        )
    per_unit_km = mode.eur_per_unit_km
    if rule.transport_mode == "pipeline":
        per_unit_km = _PIPELINE_EUR_PER_UNIT_KM.get(rule.supply_unit, per_unit_km) / (
            _pipeline_flow_factor(exchanged, rule.supply_unit)
        )
    transport_cost = transport_co2 = None
    if exchanged is not None and distance is not None:
        transport_cost = exchanged * (per_unit_km * distance + mode.eur_per_unit_fixed)
        transport_co2 = exchanged * mode.kg_co2_per_unit_km * distance / 1000.0
    transport_detail = lambda: (
        f"{rule.transport_mode}: {per_unit_km:g} €/unit·km + {mode.eur_per_unit_fixed:g} €/unit, "
        f"{mode.kg_co2_per_unit_km * 1000:g} g CO2/unit·km"
    )

    disposal = (
        supply.handling_cost_eur_per_unit
        if supply.handling_cost_eur_per_unit is not None else rule.avoided_disposal_eur_per_unit
    )
    purchase = (
        demand.handling_cost_eur_per_unit * rule.substitution_ratio
        if demand.handling_cost_eur_per_unit is not None else rule.avoided_purchase_eur_per_unit
    )
    value = co2 = None
    if exchanged is not None:
        value = exchanged * (disposal + purchase - rule.processing_cost_eur_per_unit) - (
            transport_cost or 0.0
        )
        co2 = exchanged * rule.avoided_emission_kg_per_unit / 1000.0 - (transport_co2 or 0.0)
    value_fit = _squash(value, 100_000.0) if value is not None else None
    co2_fit = _squash(co2, 500.0) if co2 is not None else None
    value_detail = lambda: (
        f"per {rule.supply_unit.split('/')[0]}: avoided disposal {disposal:g} € + avoided "
        f"purchase {purchase:g} € - processing {rule.processing_cost_eur_per_unit:g} €, "
        "minus transport"
    )
    co2_detail = lambda: (
        f"{rule.avoided_emission_kg_per_unit:g} kg CO2e avoided per "
        f"{rule.supply_unit.split('/')[0]}, minus transport"
    )

    total_weight = sum(weights.values()) or 1.0
    # Added in this order, as sum() over the fits did (the same bits): one pair costs less.
    mean_fit = (
        weights["quantity"] * (quantity_fit if quantity_fit is not None else 0.5)
        + weights["time"] * time_fit
        + weights["distance"] * (distance_fit if distance_fit is not None else 0.5)
        + weights["value"] * (value_fit if value_fit is not None else 0.5)
        + weights["co2"] * (co2_fit if co2_fit is not None else 0.5)
    ) / total_weight
    score = technical * (0.3 + 0.7 * mean_fit) * (0.85 + 0.15 * confidence)
    technical_detail = lambda: (
        f"rule {rule.id} ({rule.name}): supply {supply_ev.strength:.2f} ({supply_ev.detail}); "
        f"receiver {demand_strength:.2f} ({demand_ev.detail}"
        + ("; both names say the same" if demand_strength > demand_ev.strength else "")
        + "); conditions "
        f"{condition_factor:.2f}" + (f" ({', '.join(condition_details)})" if condition_details
                                      else "") + f"; maturity {rule.maturity} {maturity:g}"
    )
    def explain() -> tuple[Factor, ...]:
        return (
            Factor("technical_fit", round(technical, 4), 1.0, technical_detail()),
            Factor("quantity_fit", _round(quantity_fit), weights["quantity"], quantity_detail()),
            Factor("time_fit", round(time_fit, 4), weights["time"], time_detail()),
            Factor("distance_fit", _round(distance_fit), weights["distance"], distance_detail()),
            Factor("transport", None, 0.0, transport_detail() + (
                f"; {transport_cost:,.0f} €/a, {transport_co2:,.1f} t CO2/a"
                if transport_cost is not None else "")),
            Factor("economic_value", _round(value_fit), weights["value"], value_detail() + (
                f" = {value:,.0f} €/a" if value is not None else "; quantity unknown")),
            Factor("co2_avoided", _round(co2_fit), weights["co2"], co2_detail() + (
                f" = {co2:,.1f} t/a" if co2 is not None else "; quantity unknown")),
            Factor("confidence", round(confidence, 4), 0.15, (
                "missing: " + ", ".join(missing)) if missing else "all data present"),
        )

    return dict(
        score=score, confidence=confidence, technical=technical, quantity_fit=quantity_fit,
        time_fit=time_fit, distance_fit=distance_fit, distance=distance,
        exchanged=exchanged, transport_cost=transport_cost, transport_co2=transport_co2,
        value=value, co2=co2, missing=tuple(missing),
        # Without it the closures die here: the many scored pairs kept in memory would hold
        # dozens of objects each, and the garbage collector's passes over them cost more
        # than the scoring itself.
        explain=explain if explained else None,
    )


def _push(heaps: dict[str, list[float]], key: str, score: float, top_k: int) -> None:
    heap = heaps.setdefault(key, [])
    if len(heap) < top_k:
        heapq.heappush(heap, score)
    elif score > heap[0]:
        heapq.heapreplace(heap, score)


def _floor(heap: list[float] | None, top_k: int) -> float:
    """The top_k-th best score so far, or -1 while fewer than top_k are known."""
    return heap[0] if heap is not None and len(heap) >= top_k else -1.0


def _candidates(
    rules: Sequence[Rule], index: _RuleIndex, outputs: list[Stream], inputs: list[Stream],
    organisation_by_id: Mapping[str, Organisation], min_technical_fit: float, top_k: int,
    **scoring: Any,
) -> dict[tuple[str, str], dict[str, Any]]:
    """Score every pair a rule connects; keep the best-scoring rule per pair."""
    supply_hits: dict[int, list[tuple[Stream, Evidence]]] = defaultdict(list)
    for stream in outputs:
        for rule_index in index.for_output(stream):
            evidence = supplier_evidence(stream, rules[rule_index])
            if evidence.strength > 0:
                supply_hits[rule_index].append((stream, evidence))
    demand_hits: dict[int, list[tuple[Stream, Evidence]]] = defaultdict(list)
    for stream in inputs:
        organisation = organisation_by_id[stream.organisation]
        for rule_index in index.for_input(stream, organisation):
            if rule_index not in supply_hits:
                continue
            evidence = receiver_evidence(stream, rules[rule_index], organisation)
            if evidence.strength > 0:
                demand_hits[rule_index].append((stream, evidence))
    candidates: dict[tuple[str, str], dict[str, Any]] = {}
    distance_cache: dict[tuple[str, str], tuple[float | None, str]] = {}
    for hits in list(supply_hits.values()) + list(demand_hits.values()):
        hits.sort(key=lambda hit: -hit[1].strength)

    # The floor of every input's heap as an array, so that one comparison of arrays finds the
    # receivers of an output that can still enter a top_k (see the loop below).
    input_slot = {stream.id: slot for slot, stream in enumerate(inputs)}
    floor_of_input = np.full(len(inputs), -1.0)
    batch_distances = scoring.get("matrix") is None
    detour_factor = scoring["detour_factor"]

    def score_pairs(weak_receivers: bool) -> None:
        for rule_index in sorted(supply_hits):
            rule = rules[rule_index]
            maturity = MATURITY_LEVELS[rule.maturity]
            demands = [hit for hit in demand_hits.get(rule_index, ())
                       if (hit[1].detail.startswith("organisation's NACE")) == weak_receivers]
            if not demands:
                continue
            demand_strength = np.array([hit[1].strength for hit in demands])
            demand_slots = np.array([input_slot[hit[0].id] for hit in demands])
            for supply, supply_ev in supply_hits[rule_index]:
                # The same-words bonus can lift the receiver side to at most (1 + s) / 2.
                # (numpy's float64 arithmetic in the same order gives the same bits as Python.)
                upper_bounds = supply_ev.strength * (1 + demand_strength) / 2 * maturity
                too_weak = np.flatnonzero(upper_bounds < min_technical_fit)
                # Receivers are sorted strongest first: the first too weak one ends the row.
                stop = int(too_weak[0]) if len(too_weak) else len(demands)
                if stop == 0:
                    continue
                # A score never exceeds its technical fit: a pair whose upper bound is at most
                # the top_k-th score of its output and of its input cannot enter either top_k.
                # The floors only rise, and an input's floor only moves when its own pair is
                # scored, so the receivers left out here would all be skipped one by one too.
                bounds = upper_bounds[:stop]
                open_rows = np.flatnonzero(
                    (bounds > _floor(best_of_output.get(supply.id), top_k))
                    | (bounds > floor_of_input[demand_slots[:stop]])
                )
                if batch_distances and len(open_rows):
                    _fill_distances(distance_cache, organisation_by_id[supply.organisation],
                                    [organisation_by_id[demands[row][0].organisation]
                                     for row in open_rows.tolist()], detour_factor)
                for row in open_rows.tolist():
                    demand, demand_ev = demands[row]
                    upper_bound = float(bounds[row])
                    if demand.organisation == supply.organisation:
                        continue
                    if (upper_bound <= _floor(best_of_output.get(supply.id), top_k)
                            and upper_bound <= _floor(best_of_input.get(demand.id), top_k)):
                        continue
                    key = (supply.id, demand.id)
                    current = candidates.get(key)
                    if current is not None and current["technical"] >= upper_bound:
                        continue
                    scored = _score_pair(
                        supply, demand, rule, supply_ev, demand_ev,
                        organisation_by_id[supply.organisation],
                        organisation_by_id[demand.organisation],
                        distance_cache=distance_cache, explained=False, **scoring,
                    )
                    if scored is None or scored["technical"] < min_technical_fit:
                        continue
                    if current is None:
                        # The first score of a pair is a lower bound of its final score, so
                        # these heaps give safe (never too high) top_k thresholds.
                        _push(best_of_output, supply.id, scored["score"], top_k)
                        _push(best_of_input, demand.id, scored["score"], top_k)
                        floor_of_input[input_slot[demand.id]] = _floor(
                            best_of_input[demand.id], top_k)
                    if current is None or scored["score"] > current["score"]:
                        scored["rule"] = rule
                        scored["evidence"] = (supply_ev, demand_ev)
                        candidates[key] = scored

    best_of_output: dict[str, list[float]] = {}
    best_of_input: dict[str, list[float]] = {}
    # Receivers with evidence in their names or codes first; then those known only from
    # their organisation's NACE class, which the thresholds of the first pass mostly prune.
    score_pairs(weak_receivers=False)
    score_pairs(weak_receivers=True)
    return candidates


def _explanation(supply: Stream, demand: Stream, scored: dict[str, Any],
                 organisation_by_id: Mapping[str, Organisation],
                 scoring: Mapping[str, Any]) -> tuple[Factor, ...]:
    """Every factor of a kept pair, explained: the pair is scored again with the rule and
    evidence that won (the same inputs give the same figures), this time with its sentences."""
    supply_ev, demand_ev = scored["evidence"]
    again = _score_pair(
        supply, demand, scored["rule"], supply_ev, demand_ev,
        organisation_by_id[supply.organisation], organisation_by_id[demand.organisation],
        **scoring,
    )
    return again["explain"]()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def match_streams(
    organisations: Sequence[Organisation],
    streams: Sequence[Stream],
    rules: Sequence[Rule] | None = None,
    *,
    top_k: int = 10,
    distance_matrix: Mapping[tuple[str, str], float] | Any = None,
    seed: int | None = None,
    detour_factor: float = 1.3,
    min_technical_fit: float = 0.2,
    weights: Mapping[str, float] | None = None,
    transport: Mapping[str, TransportMode] | None = None,
    chains: bool = True,
    attract: bool = True,
    lexicon: str = "auto",
    attract_below: float = 0.35,
) -> MatchResult:
    """Propose, score and explain exchanges between output and input streams.

    Parameters
    ----------
    organisations : sequence of Organisation
    streams : sequence of Stream
        Outputs and inputs; each names its organisation.
    rules : sequence of Rule, optional
        The knowledge base; by default the shipped rules (:func:`load_rules`).
    top_k : int, default 10
        Proposals kept per output stream (and per input stream).
    distance_matrix : mapping or DataFrame, optional
        Road distances in km between organisation ids, ``{(a, b): km}`` or a DataFrame
        indexed by ``(a, b)``; pairs not in it fall back to the road estimate.
    seed : int, optional
        Breaks exact ties in a reproducible random order (by ids when None).
    detour_factor : float, default 1.3
        Road distance over straight-line distance.
    min_technical_fit : float, default 0.2
        Pairs whose technical fit is below this are not proposed.
    weights : mapping, optional
        Overrides of :data:`DEFAULT_WEIGHTS` (``quantity``, ``time``, ``distance``,
        ``value``, ``co2``).
    transport : mapping, optional
        Overrides of :data:`TRANSPORT` by mode.
    chains, attract : bool, default True
        Also find chains and loops, and "who should we attract" suggestions.
    attract_below : float, default 0.35
        Streams whose best proposal scores below this (or that have none) get "who should
        we attract" suggestions.
    lexicon : {"auto", "all", "fallback", "off"}, default "auto"
        Which free-text names the lexicon reads: all of them, only those no rule term
        recognises (it costs about 15 ms a name), or none; "auto" reads all names of runs
        with up to 500 distinct names and falls back beyond.

    Returns
    -------
    MatchResult

    Examples
    --------
    >>> organisations = [Organisation("power", "CHP plant", ("35.11",), lat=61.0, lon=23.0),
    ...                  Organisation("cement", "Cement works", ("23.51",), lat=61.01, lon=23.0)]
    >>> streams = [Stream("ash", "power", "output", "Coal fly ash", ewc_code="10 01 02",
    ...                   quantity=20000, unit="t/a"),
    ...            Stream("raw", "cement", "input", "Cement raw materials (clay, ash)",
    ...                   quantity=50000, unit="t/a")]
    >>> result = match_streams(organisations, streams)
    >>> best = result.for_output("ash")[0]
    >>> best.input, best.rank, best.value_eur_per_year > 0
    ('raw', 1, True)
    """
    rules = tuple(load_rules() if rules is None else rules)
    merged_weights = dict(DEFAULT_WEIGHTS)
    merged_weights.update(weights or {})
    modes = dict(TRANSPORT)
    modes.update(transport or {})
    organisation_by_id = _validate_inputs(
        organisations, streams, rules, top_k, merged_weights, detour_factor
    )
    if lexicon not in ("auto", "all", "fallback", "off"):
        raise ValueError(f"lexicon must be 'auto', 'all', 'fallback' or 'off', got {lexicon!r}")
    warnings: list[str] = []
    outputs = [s for s in streams if s.direction == "output"]
    inputs = [s for s in streams if s.direction == "input"]

    # Which outputs and inputs each rule reaches, found through an index of words and codes.
    names = {s.name for s in streams}
    if lexicon == "auto":
        lexicon = "all" if len(names) <= 500 else "fallback"
    index = _RuleIndex(rules)
    if lexicon == "all":
        allowed: frozenset[str] | None = None
    elif lexicon == "fallback":
        token = _LEXICON_NAMES.set(frozenset())
        try:
            unread = frozenset(
                s.name for s in streams if not s.ewc_code and not s.taxonomy_code and not (
                    index.for_output(s) if s.direction == "output"
                    else index.for_input(s, None))
            )
        finally:
            _LEXICON_NAMES.reset(token)
        allowed = unread
    else:
        allowed = frozenset()
    token = _LEXICON_NAMES.set(allowed)
    scoring = dict(matrix=distance_matrix, detour_factor=detour_factor,
                   weights=merged_weights, transport=modes)
    try:
        candidates = _candidates(
            rules, index, outputs, inputs, organisation_by_id, min_technical_fit, top_k,
            **scoring,
        )
    finally:
        _LEXICON_NAMES.reset(token)
    stream_by_id = {s.id: s for s in streams}

    tie_breaker = random.Random(seed) if seed is not None else None
    order_key = {key: (tie_breaker.random() if tie_breaker else 0.0) for key in sorted(candidates)}
    by_output: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_input: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in sorted(candidates):
        by_output[key[0]].append(key)
        by_input[key[1]].append(key)

    rounded_score = {key: round(scored["score"], 9) for key, scored in candidates.items()}

    def ranking(keys):
        return sorted(keys, key=lambda k: (-rounded_score[k], order_key[k], k))

    rank_of: dict[tuple[str, str], int] = {}
    rank_for_input_of: dict[tuple[str, str], int] = {}
    for keys in by_output.values():
        for position, key in enumerate(ranking(keys), start=1):
            rank_of[key] = position
    for keys in by_input.values():
        for position, key in enumerate(ranking(keys), start=1):
            rank_for_input_of[key] = position

    proposals = []
    for key, scored in candidates.items():
        if rank_of[key] > top_k and rank_for_input_of[key] > top_k:
            continue
        supply, demand = stream_by_id[key[0]], stream_by_id[key[1]]
        rule = scored["rule"]
        proposals.append(Proposal(
            output=supply.id, input=demand.id, supplier=supply.organisation,
            receiver=demand.organisation, rule=rule.id, rank=rank_of[key],
            rank_for_input=rank_for_input_of[key], score=round(scored["score"], 6),
            confidence=round(scored["confidence"], 4),
            technical_fit=round(scored["technical"], 4),
            quantity_fit=_round(scored["quantity_fit"]), time_fit=round(scored["time_fit"], 4),
            distance_fit=_round(scored["distance_fit"]),
            distance_km=None if scored["distance"] is None else round(scored["distance"], 2),
            transport_mode=rule.transport_mode,
            quantity_exchanged=_round(scored["exchanged"]), quantity_unit=rule.supply_unit,
            transport_cost_eur_per_year=_round(scored["transport_cost"]),
            transport_co2_t_per_year=_round(scored["transport_co2"]),
            value_eur_per_year=None if scored["value"] is None else round(scored["value"], 2),
            co2_t_per_year=None if scored["co2"] is None else round(scored["co2"], 3),
            preprocessing=rule.preprocessing, missing=scored["missing"],
            factors=_explanation(supply, demand, scored, organisation_by_id, scoring),
        ))
    proposals.sort(key=lambda p: (p.output, p.rank, p.input))

    matched_outputs = {p.output for p in proposals}
    matched_inputs = {p.input for p in proposals}
    unmatched_outputs = tuple(s.id for s in outputs if s.id not in matched_outputs)
    unmatched_inputs = tuple(s.id for s in inputs if s.id not in matched_inputs)
    result = MatchResult(
        proposals=tuple(proposals),
        unmatched_outputs=unmatched_outputs,
        unmatched_inputs=unmatched_inputs,
        warnings=tuple(warnings),
        parameters={
            "top_k": top_k, "seed": seed, "detour_factor": detour_factor,
            "min_technical_fit": min_technical_fit, "weights": merged_weights,
            "rules": len(rules), "distance_matrix": distance_matrix is not None,
            "lexicon": lexicon,
        },
    )
    if attract:
        from .attract import who_to_attract

        # Streams without a proposal, and those whose best proposal is weak, need a partner
        # from outside the data.
        best_score: dict[str, float] = defaultdict(float)
        for proposal in proposals:
            for stream_id in (proposal.output, proposal.input):
                best_score[stream_id] = max(best_score[stream_id], proposal.score)
        weak = tuple(s.id for s in streams if best_score[s.id] < attract_below)
        result = _replace(result, attract=who_to_attract(
            [stream_by_id[i] for i in weak], rules, organisation_by_id,
        ))
    if chains:
        from .chains import find_chains

        result = _replace(result, chains=find_chains(result, streams, rules))
    return result


def _replace(result: MatchResult, **changes: Any) -> MatchResult:
    from dataclasses import replace

    return replace(result, **changes)
