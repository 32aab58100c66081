"""Top-k matching of many streams at once: the same scores as :func:`match_streams`, computed
with numpy over arrays of candidate pairs instead of a Python loop over pairs.

Three steps:

1. **Classify** every stream once into the rule index: the evidence that an output matches a
   rule's supplier side (or an input its receiver side) is computed once per distinct stream
   *signature* (name, kind, codes and, for inputs, the organisation's NACE classes) with the
   engine's own :func:`supplier_evidence` / :func:`receiver_evidence`, not once per pair.
2. **Join** outputs and inputs per rule (``np.repeat`` over the inputs of each rule, sorted by
   rule) and score every factor vectorised; the few things that need Python (rule conditions,
   the "both names carry the same term" bonus) are computed once per distinct
   (rule, supply signature, demand signature), not per pair.
3. **Keep** the best rule per pair (in the engine's order: receivers known from their names
   or codes first, then those known only from their organisation's NACE, rules in file order)
   and the top ``k`` inputs of every output.

The result equals the top-k of :func:`match_streams` (same inputs, same ranks, scores equal to
floating-point rounding) when no distance cap is given; ``max_distance_km`` drops pairs further
apart, which the partitioned plan of :mod:`veturi.engine.matching.scale` needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pyproj import Geod

# Classification lives in its own module; its helpers are re-exported for the scoring steps.
from .classification import _factorize_columns, _factorize_ints, classify_streams  # noqa: F401
from .knowledge_base import MATURITY_LEVELS, load_rules
from .matching import (
    _PIPELINE_EUR_PER_UNIT_KM, _PIPELINE_REFERENCE_FLOW, _PIPELINE_SCALE_KM,
    DEFAULT_WEIGHTS, TRANSPORT, TransportMode, _check_conditions, _property_range,
    _shared_term, _validate_inputs,
)
from .types import Organisation, Rule, Stream

__all__ = [
    "RESULT_COLUMNS", "STREAM_COLUMNS", "StreamTable", "classify", "classify_frame",
    "best_rule_per_pair", "keep_top_k", "score_pairs", "streams_frame", "to_result", "top_k_matches",
]

#: Columns of the frame :func:`top_k_matches` returns.
RESULT_COLUMNS: tuple[str, ...] = (
    "output", "input", "supplier", "receiver", "rule", "rank", "score", "technical_fit",
    "distance_km",
)

_GEOD = Geod(ellps="GRS80")
_POPCOUNT = np.array([bin(mask).count("1") for mask in range(4096)], dtype=np.int64)
_ALL_MONTHS = 4095


@dataclass(frozen=True)
class StreamTable:
    """Streams as columns (one row per stream), ready for vectorised scoring.

    ``supply_hits`` and ``demand_hits`` list the (stream row, rule) pairs with non-zero
    evidence: columns ``row``, ``rule``, ``strength``, ``from_codes``, ``term`` (the name
    carries a term of the rule's resource) and, for demands, ``weak`` (known only from the
    organisation's NACE class).
    """

    streams: Sequence[Stream]
    frame: pd.DataFrame
    supply_hits: pd.DataFrame
    demand_hits: pd.DataFrame
    _columns: dict = field(default_factory=dict, compare=False, repr=False)
    #: Condition factors and shared terms by (rule, row signature codes): the codes are the
    #: table's (``condition_sig``, ``name_code``), so the cache goes with them.
    by_codes: dict = field(default_factory=dict, compare=False, repr=False)

    def column(self, name: str) -> np.ndarray:
        """``frame[name]`` as a numpy array, converted once (tasks index it many times)."""
        values = self._columns.get(name)
        if values is None:
            values = self.frame[name].to_numpy()
            if values.dtype != object and not np.issubdtype(values.dtype, np.number) \
                    and values.dtype != bool:
                values = values.astype(object)
            self._columns[name] = values
        return values


def _months_mask(months: Sequence[int]) -> int:
    mask = 0
    for month in months:
        if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12:
            mask |= 1 << (month - 1)
    return mask or _ALL_MONTHS


def _quantity(stream: Stream) -> float:
    quantity = stream.quantity
    if quantity is None or isinstance(quantity, bool) or not isinstance(quantity, (int, float)):
        return np.nan
    if not np.isfinite(quantity) or quantity < 0 or not stream.unit:
        return np.nan
    return float(quantity)


STREAM_COLUMNS: tuple[str, ...] = (
    "id", "organisation", "direction", "name", "kind", "ewc_code", "taxonomy_code", "quantity",
    "unit", "months", "handling", "properties", "lat", "lon", "nace",
)


def streams_frame(organisations: Sequence[Organisation], streams: Sequence[Stream]) -> pd.DataFrame:
    """Streams as the columns :data:`STREAM_COLUMNS` (one row per stream; ``months`` a
    12-bit mask, ``properties`` JSON text, ``nace`` the organisation's classes joined by
    ``|``), validated as :func:`match_streams` validates them.

    Examples
    --------
    >>> frame = streams_frame([Organisation("a", nace=("23.51",))],
    ...                       [Stream("s", "a", "input", "Cement", months=(1, 2))])
    >>> int(frame.loc[0, "months"]), frame.loc[0, "nace"]
    (3, '23.51')
    """
    organisation_by_id = _validate_inputs(
        organisations, streams, (), 1, dict(DEFAULT_WEIGHTS), 1.3
    )
    rows = []
    for stream in streams:
        organisation = organisation_by_id[stream.organisation]
        rows.append((
            stream.id, stream.organisation, stream.direction, stream.name or "",
            stream.kind or "", stream.ewc_code or "", stream.taxonomy_code or "",
            _quantity(stream), stream.unit or "", _months_mask(stream.months),
            np.nan if stream.handling_cost_eur_per_unit is None
            else float(stream.handling_cost_eur_per_unit),
            json.dumps(stream.properties, sort_keys=True, default=str)
            if stream.properties else "",
            np.nan if organisation.lat is None else float(organisation.lat),
            np.nan if organisation.lon is None else float(organisation.lon),
            "|".join(organisation.nace),
        ))
    return pd.DataFrame(rows, columns=list(STREAM_COLUMNS))


class _RowStreams:
    """The rows of a stream frame as :class:`Stream` objects, built on demand (only the rule
    conditions and the same-term bonus need them, once per distinct signature)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.columns = {
            column: frame[column].to_numpy() for column in (
                "id", "organisation", "direction", "name", "kind", "ewc_code",
                "taxonomy_code", "quantity", "unit", "properties")
        }

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, row: int) -> Stream:
        row = int(row)
        columns = self.columns
        quantity = columns["quantity"][row]
        properties = columns["properties"][row]
        return Stream(
            str(columns["id"][row]), str(columns["organisation"][row]),
            str(columns["direction"][row]), str(columns["name"][row]),
            kind=columns["kind"][row] or None, ewc_code=columns["ewc_code"][row] or None,
            taxonomy_code=columns["taxonomy_code"][row] or None,
            quantity=None if pd.isna(quantity) else float(quantity),
            unit=columns["unit"][row] or None,
            properties=json.loads(properties) if properties else {},
        )


def classify(
    organisations: Sequence[Organisation], streams: Sequence[Stream], rules: Sequence[Rule],
    *, lexicon: str = "auto",
) -> StreamTable:
    """Classify every stream once into the rules it can take part in.

    Parameters
    ----------
    organisations, streams, rules
        As for :func:`match_streams` (validated the same way).
    lexicon : {"auto", "all", "fallback", "off"}
        Which names the lexicon reads, as in :func:`match_streams`.

    Returns
    -------
    StreamTable

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Fly ash to cement", "supplier_terms": "fly ash",
    ...     "receiver_terms": "cement raw material", "source": "s"})
    >>> table = classify([Organisation("a"), Organisation("b")],
    ...     [Stream("s", "a", "output", "Fly ash"), Stream("t", "b", "input", "Cement raw material")],
    ...     [rule], lexicon="off")
    >>> len(table.supply_hits), len(table.demand_hits)
    (1, 1)
    """
    return classify_frame(streams_frame(organisations, streams), rules, lexicon=lexicon)


def classify_frame(frame: pd.DataFrame, rules: Sequence[Rule], *, lexicon: str = "auto",
                   ) -> StreamTable:
    """:func:`classify` for streams already in the columns of :func:`streams_frame`.

    Evidence from names and codes is computed once per distinct signature (direction, name,
    kind, codes); for inputs, the organisation's NACE classes are a separate join (which rules
    each distinct set of classes receives for), combined with the name evidence as the engine
    combines them, so the Python work does not grow with the number of streams.

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Fly ash to cement", "supplier_terms": "fly ash",
    ...     "receiver_terms": "cement", "source": "s"})
    >>> frame = streams_frame([Organisation("a"), Organisation("b")], [
    ...     Stream("s", "a", "output", "Fly ash"), Stream("t", "a", "output", "Fly ash")])
    >>> classify_frame(frame, [rule], lexicon="off").supply_hits["row"].tolist()
    [0, 1]
    """
    missing = set(STREAM_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"frame: missing column(s) {', '.join(sorted(missing))}")
    frame, supply_hits, demand_hits = classify_streams(frame, rules, lexicon=lexicon)
    return StreamTable(_RowStreams(frame), frame, supply_hits, demand_hits)



class _RuleArrays:
    """Per-rule constants as arrays indexed by rule position."""

    def __init__(self, rules: Sequence[Rule], transport: Mapping[str, TransportMode]):
        self.maturity = np.array([MATURITY_LEVELS[r.maturity] for r in rules])
        self.ratio = np.array([r.substitution_ratio for r in rules], dtype=float)
        self.supply_unit = np.array([r.supply_unit for r in rules], dtype=object)
        self.receive_unit = np.array([r.receive_unit for r in rules], dtype=object)
        self.pipeline = np.array([r.transport_mode == "pipeline" for r in rules])
        modes = [transport[r.transport_mode] for r in rules]
        self.scale_km = np.array([
            _PIPELINE_SCALE_KM.get(r.supply_unit, m.scale_km) if r.transport_mode == "pipeline"
            else m.scale_km for r, m in zip(rules, modes)])
        self.per_unit_km = np.array([
            _PIPELINE_EUR_PER_UNIT_KM.get(r.supply_unit, m.eur_per_unit_km)
            if r.transport_mode == "pipeline" else m.eur_per_unit_km
            for r, m in zip(rules, modes)])
        self.reference_flow = np.array(
            [_PIPELINE_REFERENCE_FLOW.get(r.supply_unit, 1e5) for r in rules])
        self.fixed = np.array([m.eur_per_unit_fixed for m in modes])
        self.kg_co2_km = np.array([m.kg_co2_per_unit_km for m in modes])
        self.disposal = np.array([r.avoided_disposal_eur_per_unit for r in rules], dtype=float)
        self.purchase = np.array([r.avoided_purchase_eur_per_unit for r in rules], dtype=float)
        self.processing = np.array([r.processing_cost_eur_per_unit for r in rules], dtype=float)
        self.emission = np.array([r.avoided_emission_kg_per_unit for r in rules], dtype=float)
        self.has_conditions = np.array([bool(r.conditions) for r in rules])
        self.has_supplier_terms = np.array([bool(r.supplier_terms) for r in rules])
        self.reads_receiver = np.array([
            any(c.side != "supply" or c.value == "receiver" for c in r.conditions)
            for r in rules])


# Condition factors and shared terms by content (rule, names, codes, properties): the same
# few thousand combinations recur in every partition.
_CACHE: dict = {}


def _rules_key(by_codes: dict, rules: Sequence[Rule]) -> int:
    """The rule set's part of a cache key (kept alive so that its id is not reused)."""
    by_codes.setdefault(("rules", id(rules)), rules)
    return id(rules)


def _demand_view(rule: Rule, demand: Stream) -> tuple:
    """What :func:`_check_conditions` reads of the input: the known range of every property
    a condition tests on the receiver side or compares with the receiver."""
    return tuple(_property_range(demand, condition.property) for condition in rule.conditions
                 if condition.side != "supply" or condition.value == "receiver")


def condition_key(table: StreamTable, row: int) -> tuple:
    """What the rule conditions read of a stream row (name, codes, properties as JSON)."""
    return tuple(table.column(column)[row] for column in (
        "name", "ewc_code", "taxonomy_code", "properties"))



def _join_per_rule(supply: pd.DataFrame, demand: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Every (supply hit, demand hit) pair that shares a rule, as two arrays of hit positions."""
    demand_order = np.argsort(demand["rule"].to_numpy(), kind="stable")
    demand_rules = demand["rule"].to_numpy()[demand_order]
    supply_rules = supply["rule"].to_numpy()
    starts = np.searchsorted(demand_rules, supply_rules, side="left")
    ends = np.searchsorted(demand_rules, supply_rules, side="right")
    counts = ends - starts
    supply_index = np.repeat(np.arange(len(supply)), counts)
    total = int(counts.sum())
    # Position of each pair inside its supply hit's run of demands.
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    demand_index = demand_order[np.repeat(starts, counts) + offsets]
    return supply_index, demand_index


def score_pairs(
    table: StreamTable, rules: Sequence[Rule], supply: pd.DataFrame, demand: pd.DataFrame, *,
    min_technical_fit: float = 0.2, detour_factor: float = 1.3,
    weights: Mapping[str, float] | None = None,
    transport: Mapping[str, TransportMode] | None = None,
    max_distance_km: float | None = None,
    joined: tuple[np.ndarray, np.ndarray] | None = None,
    resolve_rules: bool = True,
    stats: dict | None = None,
    _cache: dict | None = None,
) -> pd.DataFrame:
    """Score every pair of the given supply and demand hits that shares a rule.

    Returns one row per (output row, input row) with the rule kept for the pair, as the
    engine keeps it, and the columns ``out_row``, ``in_row``, ``rule``, ``score``,
    ``technical_fit``, ``distance_km``. ``joined`` gives the pairs as positions into
    ``supply`` and ``demand`` instead of joining them here; with ``resolve_rules=False`` every
    (pair, rule) row is returned, with ``weak`` and ``upper_bound`` for
    :func:`best_rule_per_pair`. ``stats["pairs"]`` (when given) counts the pairs joined.

    Examples
    --------
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> rule = rule_from_row({"id": "r", "name": "Fly ash to cement", "supplier_terms": "fly ash",
    ...     "receiver_terms": "cement raw material", "source": "s"})
    >>> table = classify([Organisation("a"), Organisation("b")],
    ...     [Stream("s", "a", "output", "Fly ash"), Stream("t", "b", "input", "Cement raw material")],
    ...     [rule], lexicon="off")
    >>> pairs = score_pairs(table, [rule], table.supply_hits, table.demand_hits)
    >>> pairs[["out_row", "in_row"]].values.tolist()
    [[0, 1]]
    """
    merged = dict(DEFAULT_WEIGHTS)
    merged.update(weights or {})
    modes = dict(TRANSPORT)
    modes.update(transport or {})
    arrays = _RuleArrays(rules, modes)
    frame = table.frame
    cache = _CACHE if _cache is None else _cache
    if len(cache) > 2_000_000:
        cache.clear()
    empty = pd.DataFrame({
        "out_row": np.array([], dtype=np.int64), "in_row": np.array([], dtype=np.int64),
        "rule": np.array([], dtype=np.int64), "score": [], "technical_fit": [],
        "distance_km": []})
    if len(supply) == 0 or len(demand) == 0:
        return empty
    supply_index, demand_index = _join_per_rule(supply, demand) if joined is None else joined
    if stats is not None:
        stats["pairs"] = stats.get("pairs", 0) + len(supply_index)
    out_row = supply["row"].to_numpy()[supply_index]
    in_row = demand["row"].to_numpy()[demand_index]
    rule = supply["rule"].to_numpy()[supply_index]
    supply_strength = supply["strength"].to_numpy()[supply_index]
    demand_strength = demand["strength"].to_numpy()[demand_index]
    org = table.column("org_code")
    upper_bound = supply_strength * (1 + demand_strength) / 2 * arrays.maturity[rule]
    keep = (org[out_row] != org[in_row]) & (upper_bound >= min_technical_fit)
    months = table.column("months")
    overlap_mask = months[out_row] & months[in_row]
    keep &= overlap_mask != 0
    lat, lon = table.column("lat"), table.column("lon")
    if max_distance_km is not None:
        # A cheap bound before the geodesic: one degree of latitude is at least 110.5 km.
        keep &= ~(np.abs(lat[out_row] - lat[in_row]) * 110.5 * detour_factor > max_distance_km)
    select = np.flatnonzero(keep)
    out_row, in_row, rule = out_row[select], in_row[select], rule[select]
    supply_strength, demand_strength = supply_strength[select], demand_strength[select]
    upper_bound, overlap_mask = upper_bound[select], overlap_mask[select]
    supply_codes = supply["from_codes"].to_numpy()[supply_index[select]]
    demand_codes = demand["from_codes"].to_numpy()[demand_index[select]]
    weak = demand["weak"].to_numpy()[demand_index[select]]

    # Conditions and the same-term bonus: once per distinct (rule, supply, demand) signature.
    condition_factor = np.ones(len(rule))
    unknown = np.zeros(len(rule))
    with_conditions = np.flatnonzero(arrays.has_conditions[rule])
    if len(with_conditions):
        signature = table.column("condition_sig")
        by_codes = table.by_codes
        rule_ids = _rules_key(by_codes, rules)
        # Most rules only test the supply: their factor does not depend on the input. The
        # others read the input only through what it says of the properties they test (its
        # "view"): inputs with the same view share the factor.
        demand_signature = np.full(len(with_conditions), -1, dtype=np.int64)
        reading = np.flatnonzero(arrays.reads_receiver[rule[with_conditions]])
        if len(reading):
            rows_reading = in_row[with_conditions[reading]]
            rules_reading = rule[with_conditions[reading]]
            view_codes, view_keys = _factorize_ints(rules_reading, signature[rows_reading])
            first_view = np.full(len(view_keys), -1)
            first_view[view_codes[::-1]] = np.arange(len(view_codes))[::-1]
            views = np.empty(len(view_keys), dtype=np.int64)
            for position in range(len(view_keys)):
                at = first_view[position]
                rule_index = int(rules_reading[at])
                view_key = ("v", rule_ids, rule_index, int(signature[rows_reading[at]]))
                view = by_codes.get(view_key)
                if view is None:
                    view = by_codes[view_key] = by_codes.setdefault(
                        ("view", rule_index, _demand_view(rules[rule_index],
                                                          table.streams[rows_reading[at]])),
                        len(by_codes))
                views[position] = view
            demand_signature[reading] = views[view_codes]
        codes, uniques = _factorize_ints(
            rule[with_conditions], signature[out_row[with_conditions]], demand_signature)
        factors = np.empty(len(uniques))
        unknowns = np.empty(len(uniques))
        first_of = np.full(len(uniques), -1)
        first_of[codes[::-1]] = np.arange(len(codes))[::-1]
        for position in range(len(uniques)):
            pair = with_conditions[first_of[position]]
            reads = arrays.reads_receiver[rule[pair]]
            code_key = ("c", rule_ids, int(rule[pair]), int(signature[out_row[pair]]),
                        int(demand_signature[first_of[position]]) if reads else -1)
            found = by_codes.get(code_key)
            if found is None:
                key = ("c", rules[rule[pair]], condition_key(table, out_row[pair]),
                       condition_key(table, in_row[pair]) if reads else None)
                found = cache.get(key)
                if found is None:
                    supplied = table.streams[out_row[pair]]
                    factor, _, unknown_count = _check_conditions(
                        rules[rule[pair]], supplied,
                        table.streams[in_row[pair]] if reads else supplied)
                    found = cache[key] = (factor, unknown_count)
                by_codes[code_key] = found
            factors[position], unknowns[position] = found
        condition_factor[with_conditions] = factors[codes]
        unknown[with_conditions] = unknowns[codes]
    # Only names that both carry a term of the rule's resource can share one.
    supply_term = supply["term"].to_numpy()[supply_index[select]]
    demand_term = demand["term"].to_numpy()[demand_index[select]]
    with_terms = np.flatnonzero(arrays.has_supplier_terms[rule] & supply_term & demand_term)
    if len(with_terms):
        names = table.column("name_code")
        name_text = table.column("name")
        codes, uniques = _factorize_ints(
            rule[with_terms], names[out_row[with_terms]], names[in_row[with_terms]])
        first_of = np.full(len(uniques), -1)
        first_of[codes[::-1]] = np.arange(len(codes))[::-1]
        shared = np.zeros(len(uniques), dtype=bool)
        by_codes = table.by_codes
        rule_ids = _rules_key(by_codes, rules)
        for position in range(len(uniques)):
            pair = with_terms[first_of[position]]
            code_key = ("t", rule_ids, int(rule[pair]), int(names[out_row[pair]]),
                        int(names[in_row[pair]]))
            found = by_codes.get(code_key)
            if found is None:
                key = ("t", rules[rule[pair]].supplier_terms, name_text[out_row[pair]],
                       name_text[in_row[pair]])
                found = cache.get(key)
                if found is None:
                    found = cache[key] = bool(_shared_term(
                        rules[rule[pair]].supplier_terms, str(name_text[out_row[pair]] or ""),
                        str(name_text[in_row[pair]] or "")))
                by_codes[code_key] = found
            shared[position] = found
        bonus = shared[codes]
        demand_strength = demand_strength.copy()
        demand_strength[with_terms[bonus]] += (1 - demand_strength[with_terms[bonus]]) * 0.5

    technical = supply_strength * demand_strength * condition_factor * arrays.maturity[rule]
    confidence = np.where(supply_codes, 1.0, 0.92) * np.where(demand_codes, 1.0, 0.95)
    confidence = confidence * 0.93 ** unknown

    # Quantities in the rule's supply unit (NaN: unknown or in another unit).
    quantity, unit = table.column("quantity"), table.column("unit")
    ratio = arrays.ratio[rule]
    s_quantity, s_unit = quantity[out_row], unit[out_row]
    d_quantity, d_unit = quantity[in_row], unit[in_row]
    supply_unit, receive_unit = arrays.supply_unit[rule], arrays.receive_unit[rule]
    supply_q = np.where(s_unit == supply_unit, s_quantity,
                        np.where(s_unit == receive_unit, s_quantity / ratio, np.nan))
    demand_q = np.where(d_unit == receive_unit, d_quantity / ratio,
                        np.where(d_unit == supply_unit, d_quantity, np.nan))
    confidence = confidence * np.where(np.isnan(supply_q), 0.85, 1.0)
    confidence = confidence * np.where(np.isnan(demand_q), 0.9, 1.0)
    supply_months = _POPCOUNT[months[out_row]]
    demand_months = _POPCOUNT[months[in_row]]
    shared_months = _POPCOUNT[overlap_mask]
    available = supply_q * shared_months / supply_months
    both = ~np.isnan(available) & ~np.isnan(demand_q)
    exchanged = np.where(both, np.minimum(available, demand_q),
                         np.where(np.isnan(available), demand_q, available))
    with np.errstate(divide="ignore", invalid="ignore"):
        supply_share = np.where(supply_q > 0, exchanged / supply_q, 0.0)
        demand_share = np.where(demand_q > 0, exchanged / demand_q, 0.0)
    quantity_fit = np.where(both, 0.5 * supply_share + 0.5 * demand_share, np.nan)
    time_fit = 0.5 * shared_months / demand_months + 0.5 * shared_months / supply_months

    # Distance: geodesic on GRS80 times the detour factor, as the engine's road estimate.
    lat1, lon1, lat2, lon2 = lat[out_row], lon[out_row], lat[in_row], lon[in_row]
    located = ~(np.isnan(lat1) | np.isnan(lon1) | np.isnan(lat2) | np.isnan(lon2))
    distance = np.full(len(rule), np.nan)
    if located.any():
        _, _, metres = _GEOD.inv(lon1[located], lat1[located], lon2[located], lat2[located])
        distance[located] = np.asarray(metres) / 1000.0 * detour_factor
    same_site = (lat1 == lat2) & (lon1 == lon2)
    distance[same_site & located] = 0.0
    confidence = confidence * np.where(np.isnan(distance), 0.85, 1.0)
    flow = np.where(np.isnan(exchanged) | (exchanged <= 0), 1.0, np.clip(
        np.sqrt(np.where(exchanged > 0, exchanged, 1.0) / arrays.reference_flow[rule]),
        0.5, 4.0))
    pipeline = arrays.pipeline[rule]
    scale_km = arrays.scale_km[rule] * np.where(pipeline, flow, 1.0)
    distance_fit = np.exp(-distance / scale_km)
    per_unit_km = arrays.per_unit_km[rule] / np.where(pipeline, flow, 1.0)
    transport_cost = exchanged * (per_unit_km * distance + arrays.fixed[rule])
    transport_co2 = exchanged * arrays.kg_co2_km[rule] * distance / 1000.0
    handling = table.column("handling")
    s_handling, d_handling = handling[out_row], handling[in_row]
    disposal = np.where(np.isnan(s_handling), arrays.disposal[rule], s_handling)
    purchase = np.where(np.isnan(d_handling), arrays.purchase[rule], d_handling * ratio)
    value = exchanged * (disposal + purchase - arrays.processing[rule]) - np.nan_to_num(
        transport_cost)
    co2 = exchanged * arrays.emission[rule] / 1000.0 - np.nan_to_num(transport_co2)
    value_fit = 0.5 + 0.5 * np.tanh(value / 100_000.0)
    co2_fit = 0.5 + 0.5 * np.tanh(co2 / 500.0)
    total_weight = sum(merged.values()) or 1.0
    mean_fit = (
        merged["quantity"] * np.nan_to_num(quantity_fit, nan=0.5)
        + merged["time"] * time_fit
        + merged["distance"] * np.nan_to_num(distance_fit, nan=0.5)
        + merged["value"] * np.nan_to_num(value_fit, nan=0.5)
        + merged["co2"] * np.nan_to_num(co2_fit, nan=0.5)
    ) / total_weight
    score = technical * (0.3 + 0.7 * mean_fit) * (0.85 + 0.15 * confidence)

    keep = (condition_factor > 0) & (technical >= min_technical_fit)
    if max_distance_km is not None:
        keep &= ~(distance > max_distance_km)
    select = np.flatnonzero(keep)
    pairs = pd.DataFrame({
        "out_row": out_row[select].astype(np.int64), "in_row": in_row[select].astype(np.int64),
        "rule": rule[select].astype(np.int64), "score": score[select],
        "technical_fit": technical[select], "distance_km": distance[select],
        "weak": weak[select], "upper_bound": upper_bound[select],
    })
    return best_rule_per_pair(pairs) if resolve_rules else pairs


def best_rule_per_pair(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per pair: the rule the engine keeps when several rules connect a pair.

    The engine visits rules in order (strong receivers first, then those known only from
    their NACE class; rules in file order), skips a rule whose upper bound does not exceed the
    technical fit already found, and replaces the kept rule only by a higher score.
    """
    pairs = pairs.sort_values(["out_row", "in_row", "weak", "rule"], kind="stable")
    duplicated = pairs.duplicated(["out_row", "in_row"], keep=False).to_numpy()
    single = pairs[~duplicated]
    multiple = pairs[duplicated]
    chosen = np.array([], dtype=np.int64)
    if len(multiple):
        out_rows = multiple["out_row"].to_numpy()
        in_rows = multiple["in_row"].to_numpy()
        scores = multiple["score"].to_numpy()
        technical = multiple["technical_fit"].to_numpy()
        upper = multiple["upper_bound"].to_numpy()
        starts = np.flatnonzero(np.r_[True, (out_rows[1:] != out_rows[:-1])
                                      | (in_rows[1:] != in_rows[:-1])])
        group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(multiple)]))
        step = np.arange(len(multiple)) - starts[group]
        current = starts.copy()
        # The engine's visit, one rule of every pair at a time (pairs have a few rules).
        for k in range(1, int(step.max()) + 1):
            rows = np.flatnonzero(step == k)
            kept = current[group[rows]]
            better = ~(technical[kept] >= upper[rows]) & (scores[rows] > scores[kept])
            current[group[rows[better]]] = rows[better]
        chosen = current
    result = pd.concat([single, multiple.iloc[chosen]]) if len(chosen) else single
    return result.drop(columns=["weak", "upper_bound"]).reset_index(drop=True)


def keep_top_k(pairs: pd.DataFrame, id_rank: np.ndarray, top_k: int) -> pd.DataFrame:
    """The best ``top_k`` pairs of every output, ranked as the engine ranks them (score
    rounded to 9 digits, descending, then input id); adds a ``rank`` column from 1."""
    if len(pairs) == 0:
        return pairs.assign(rank=np.array([], dtype=np.int64))
    order = np.lexsort((
        id_rank[pairs["in_row"].to_numpy()], -np.round(pairs["score"].to_numpy(), 9),
        pairs["out_row"].to_numpy()))
    ranked = pairs.iloc[order]
    rank = ranked.groupby("out_row", sort=False).cumcount().to_numpy() + 1
    ranked = ranked.assign(rank=rank)
    return ranked[ranked["rank"] <= top_k].reset_index(drop=True)


def top_k_matches(
    organisations: Sequence[Organisation], streams: Sequence[Stream],
    rules: Sequence[Rule] | None = None, *, top_k: int = 10, min_technical_fit: float = 0.2,
    detour_factor: float = 1.3, weights: Mapping[str, float] | None = None,
    transport: Mapping[str, TransportMode] | None = None, lexicon: str = "auto",
    max_distance_km: float | None = None,
) -> pd.DataFrame:
    """The best ``top_k`` inputs of every output stream, computed vectorised.

    Same parameters and scores as :func:`match_streams` (without a distance matrix, chains
    or "who should we attract"); ``max_distance_km`` drops pairs further apart.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESULT_COLUMNS`, sorted by output then rank.

    Examples
    --------
    >>> organisations = [Organisation("power", "CHP", ("35.11",), lat=61.0, lon=23.0),
    ...                  Organisation("cement", "Cement", ("23.51",), lat=61.01, lon=23.0)]
    >>> streams = [Stream("ash", "power", "output", "Coal fly ash", ewc_code="10 01 02",
    ...                   quantity=20000, unit="t/a"),
    ...            Stream("raw", "cement", "input", "Cement raw materials (clay, ash)",
    ...                   quantity=50000, unit="t/a")]
    >>> top_k_matches(organisations, streams)[["output", "input", "rank"]].values.tolist()
    [['ash', 'raw', 1]]
    """
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise ValueError(f"top_k must be a whole number of at least 1, got {top_k!r}")
    if max_distance_km is not None and not max_distance_km > 0:
        raise ValueError(f"max_distance_km must be positive, got {max_distance_km!r}")
    rules = tuple(load_rules() if rules is None else rules)
    table = classify(organisations, streams, rules, lexicon=lexicon)
    pairs = score_pairs(
        table, rules, table.supply_hits, table.demand_hits,
        min_technical_fit=min_technical_fit, detour_factor=detour_factor, weights=weights,
        transport=transport, max_distance_km=max_distance_km)
    ranked = keep_top_k(pairs, table.column("id_rank"), top_k)
    return to_result(table, rules, ranked)


def to_result(table: StreamTable, rules: Sequence[Rule], ranked: pd.DataFrame) -> pd.DataFrame:
    """Turn ranked row pairs into the ids of :data:`RESULT_COLUMNS`."""
    ids, organisations = table.column("id"), table.column("organisation")
    rule_ids = np.array([r.id for r in rules], dtype=object)
    out_row, in_row = ranked["out_row"].to_numpy(), ranked["in_row"].to_numpy()
    return pd.DataFrame({
        "output": ids[out_row], "input": ids[in_row], "supplier": organisations[out_row],
        "receiver": organisations[in_row], "rule": rule_ids[ranked["rule"].to_numpy()],
        "rank": ranked["rank"].to_numpy(), "score": ranked["score"].to_numpy(),
        "technical_fit": ranked["technical_fit"].to_numpy(),
        "distance_km": ranked["distance_km"].to_numpy(),
    }, columns=list(RESULT_COLUMNS))
