"""Classification of streams into the rule index: which rules each stream row can take part
in, and how strongly (the first step of :mod:`veturi.engine.matching.vectorised`).

Evidence from names and codes is computed once per distinct stream signature (direction,
name, kind, codes), as the engine's own :func:`supplier_evidence` / :func:`receiver_evidence`
compute it, from the same parts and with the same arithmetic (shared with them): the name
parts once per (rule, name), each rule's term lists indexed once and each name's starting
words found once; the code parts once per (rule, kind and codes); no words of the details.
For inputs, the organisation's NACE classes are a separate join, combined with the name
evidence as the engine combines them, so the Python work does not grow with the number of
streams.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd

from .matching import (
    _KIND_GROUP, _LEXICON_NAMES, _ancestors, _lexicon_codes, _rule_group, _RuleIndex,
    _supplier_code_part, _under, agreement_bonus, head_strength, receiver_code_checks,
    receiver_lexicon_strength, receiver_term_strengths, supplier_strengths, use_bonus,
)
from .text import _term_strength, starting_words, term_index, terms_starting
from .types import Rule, Stream

__all__ = ["classify_streams"]


def classify_streams(frame: pd.DataFrame, rules: Sequence[Rule], *, lexicon: str = "auto",
                     ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The stream frame with its derived columns (``org_code``, ``condition_sig``,
    ``name_code``, ``id_rank``), the supply hits and the demand hits of
    :class:`~veturi.engine.matching.vectorised.StreamTable` (the frame has the columns of
    :func:`~veturi.engine.matching.vectorised.streams_frame`)."""
    if lexicon not in ("auto", "all", "fallback", "off"):
        raise ValueError(f"lexicon must be 'auto', 'all', 'fallback' or 'off', got {lexicon!r}")
    with _without_collections():
        return _classify_streams(frame, tuple(rules), lexicon)


# Pauses of the collector in progress (threads of one server classify at once): the first
# switches it off, the last restores what the first found.
_PAUSE_LOCK = threading.Lock()
_pauses = 0
_enabled_before = False


@contextmanager
def _without_collections() -> Iterator[None]:
    """Classification makes hundreds of thousands of small tuples that live on (evidence
    caches, hits) and no reference cycles: the cyclic garbage collector would walk the whole
    heap (frames, rules, reference tables) several times for nothing -- a fifth of the time
    at park size. It is switched off while any thread classifies and back on after the last
    one ends, as it was before the first began."""
    global _pauses, _enabled_before
    with _PAUSE_LOCK:
        if _pauses == 0:
            _enabled_before = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _pauses -= 1
            if _pauses == 0 and _enabled_before:
                gc.enable()


# The rule index of the last few rule sets: every chunk, partition and request of a process
# classifies against the same rules.
_INDEXES: dict[tuple[Rule, ...], _RuleIndex] = {}


def _rule_index(rules: tuple[Rule, ...]) -> _RuleIndex:
    index = _INDEXES.get(rules)
    if index is None:
        if len(_INDEXES) >= 4:
            _INDEXES.clear()
        index = _INDEXES[rules] = _RuleIndex(rules)
    return index


def _classify_streams(frame: pd.DataFrame, rules: tuple[Rule, ...], lexicon: str,
                      ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame = frame.reset_index(drop=True)
    index = _rule_index(rules)
    if lexicon == "auto":
        lexicon = "all" if frame["name"].nunique() <= 500 else "fallback"
    signature_columns = ["direction", "name", "kind", "ewc_code", "taxonomy_code"]
    signature_code, _ = _factorize_columns(frame, signature_columns)
    first_rows = np.full(int(signature_code.max(initial=-1)) + 1, len(frame))
    np.minimum.at(first_rows, signature_code, np.arange(len(frame)))
    # Only the signatures' first rows leave the frame's storage (strings convert slowly).
    values = {column: frame[column].take(first_rows).to_numpy() for column in signature_columns}
    representatives = [
        Stream("", "", direction, name, kind=kind or None, ewc_code=ewc or None,
               taxonomy_code=tax or None)
        for direction, name, kind, ewc, tax in zip(*(values[c] for c in signature_columns))]
    if lexicon == "all":
        allowed: frozenset[str] | None = None
    elif lexicon == "fallback":
        token = _LEXICON_NAMES.set(frozenset())
        try:
            # Without the lexicon: kept for the names the lexicon will not read.
            known = [index.for_output(s) if s.direction == "output" else index.for_input(s, None)
                     for s in representatives]
            allowed = frozenset(
                s.name for s, found in zip(representatives, known)
                if not s.ewc_code and not s.taxonomy_code and not found)
        finally:
            _LEXICON_NAMES.reset(token)
    else:
        allowed = frozenset()
    if lexicon != "fallback":
        known = [None] * len(representatives)

    # The kind and codes of every signature: the code parts of the evidence are kept per
    # (rule, codes), as the name parts are per (rule, name).
    code_key = _factorize_columns(
        pd.DataFrame(values), ["direction", "kind", "ewc_code", "taxonomy_code"])[0].tolist()
    evidence = _EvidenceParts(rules)
    supply_signature_hits: list[tuple[int, int, float, bool, bool]] = []
    # Inputs: evidence from the name and codes alone, per signature; the NACE classes of the
    # organisation are joined below. (signature, rule, strength, code strength, term)
    name_hits: list[tuple[int, int, float, float, bool]] = []
    token = _LEXICON_NAMES.set(allowed)
    try:
        for position, stream in enumerate(representatives):
            found = known[position]
            if found is None or (allowed is None or stream.name in allowed):
                found = index.for_output(stream) if stream.direction == "output" \
                    else index.for_input(stream, None)
            if not found:
                continue
            if stream.direction == "output":
                supply_signature_hits.extend(
                    (position, *hit) for hit in evidence.supply(stream, code_key[position], found))
            else:
                name_hits.extend(
                    (position, *hit) for hit in evidence.demand(stream, code_key[position], found))
    finally:
        _LEXICON_NAMES.reset(token)
    demand_hits = _input_hits(frame, rules, signature_code, representatives, code_key,
                              name_hits, allowed, index, evidence)

    frame = frame.assign(
        org_code=pd.factorize(frame["organisation"])[0],
        condition_sig=_factorize_columns(
            frame, ["name", "ewc_code", "taxonomy_code", "properties"])[0],
        name_code=pd.factorize(frame["name"])[0],
        id_rank=frame["id"].rank(method="first").astype(np.int64) - 1,
    )
    supply = _spread(signature_code, supply_signature_hits,
                     ("rule", "strength", "from_codes", "term"), (np.int64, float, bool, bool))
    return frame, supply, demand_hits


class _EvidenceParts:
    """:func:`supplier_evidence` and :func:`receiver_evidence` (without an organisation) of
    one signature against many rules, as (rule, strength, from codes / code strength, term):
    the same figures, without the words of the details, the code parts kept per (rule,
    codes) and the lexicon read once per signature."""

    def __init__(self, rules: Sequence[Rule]):
        self.rules = rules
        self.supplier_codes: dict[tuple[int, int], tuple] = {}
        self.receiver_codes: dict[tuple[int, int], tuple] = {}
        self.supplier_names: dict[tuple[int, str], tuple[bool, float, str]] = {}
        self.receiver_names: dict[tuple[int, str], tuple[bool, float, str, float, str]] = {}
        # The first words of every term list of every rule, found once.
        self.term_lists = [
            tuple((terms, term_index(terms)) for terms in (
                rule.supplier_terms, rule.supplier_exclude, rule.receiver_terms,
                rule.receiver_exclude))
            for rule in rules]

    def supplier_name_part(self, rule_index: int, name: str, hits: frozenset[str],
                           ) -> tuple[bool, float, str]:
        """:func:`_supplier_name_part` from the name's :func:`starting_words`: candidate terms
        from the rule's kept term lists, each term's strength in the name computed once for
        every rule that lists it."""
        key = (rule_index, name)
        part = self.supplier_names.get(key)
        if part is None:
            (terms, index), (exclude, exclude_index), _, _ = self.term_lists[rule_index]
            if exclude and any(_term_strength(term, name)
                               for term in terms_starting(exclude, exclude_index, hits)):
                part = (True, 0.0, "")
            else:
                best, best_text = 0.0, ""
                for term in terms_starting(terms, index, hits):
                    strength = head_strength(term, name)
                    if strength > best:
                        best, best_text = strength, term
                part = (False, best, best_text)
            self.supplier_names[key] = part
        return part

    def receiver_excluded(self, rule_index: int, name: str, hits: frozenset[str]) -> bool:
        exclude, exclude_index = self.term_lists[rule_index][3]
        return bool(exclude) and any(_term_strength(term, name)
                                     for term in terms_starting(exclude, exclude_index, hits))

    def receiver_name_part(self, rule_index: int, name: str, hits: frozenset[str],
                           ) -> tuple[bool, float, str, float, str]:
        """:func:`_receiver_name_part` as :meth:`supplier_name_part` computes its own."""
        key = (rule_index, name)
        part = self.receiver_names.get(key)
        if part is None:
            if self.receiver_excluded(rule_index, name, hits):
                part = (True, 0.0, "", 0.0, "")
            else:
                lists = self.term_lists[rule_index]
                part = (False, *_best_term(*lists[2], name, hits),
                        *_best_term(*lists[0], name, hits))
            self.receiver_names[key] = part
        return part

    def supply(self, stream: Stream, code_key: int, found) -> list[tuple[int, float, bool, bool]]:
        rules, codes = self.rules, self.supplier_codes
        name = stream.name or ""
        words = starting_words(name)
        direction, kind = stream.direction, stream.kind or ""
        ewc_code, taxonomy_code = stream.ewc_code or "", stream.taxonomy_code or ""
        lex_ewc, lex_tax, lex_conf = _lexicon_codes(stream)
        hits = []
        for rule_index in sorted(found):
            rule = rules[rule_index]
            excluded, head, head_text = self.supplier_name_part(rule_index, name, words)
            if excluded:
                continue
            part = codes.get((rule_index, code_key))
            if part is None:
                part = codes[rule_index, code_key] = _supplier_code_part(
                    rule, direction, kind, ewc_code, taxonomy_code)
            conflict, ewc, tax, contradicted = part
            if conflict:
                continue
            best, term, _ = supplier_strengths(rule, head, ewc, tax, contradicted, lex_ewc,
                                               lex_tax, lex_conf, bool(ewc_code))
            if best > 0:
                best = agreement_bonus(best, term, ewc, tax)
                hits.append((rule_index, best, best in (ewc, tax), bool(term and head_text)))
        return hits

    def demand(self, stream: Stream, code_key: int, found) -> list[tuple[int, float, float, bool]]:
        hits = []
        words = starting_words(stream.name or "")
        for rule_index in sorted(found):
            hit = self.demand_hit(stream, code_key, rule_index, words)
            if hit is not None:
                hits.append((rule_index, *hit))
        return hits

    def receiver_code_part(self, stream: Stream, code_key: int, rule_index: int) -> tuple:
        """:func:`receiver_code_checks`, kept per (rule, codes)."""
        part = self.receiver_codes.get((rule_index, code_key))
        if part is None:
            part = self.receiver_codes[rule_index, code_key] = receiver_code_checks(
                stream, self.rules[rule_index])
        return part

    def demand_hit(self, stream: Stream, code_key: int, rule_index: int, words: frozenset[str],
                   ) -> tuple[float, float, bool] | None:
        """(strength, code strength, term) of an input's own evidence for a rule, or None
        (``words``: the :func:`starting_words` of its name)."""
        rule = self.rules[rule_index]
        name = stream.name or ""
        excluded, term, _, resource_term, resource_text = self.receiver_name_part(
            rule_index, name, words)
        if excluded:
            return None
        conflict, tax, same_resource, contradicted = self.receiver_code_part(
            stream, code_key, rule_index)
        if conflict:
            return None
        lex_tax, lex_conf = (None, 0.0) if stream.taxonomy_code else _lexicon_codes(stream)[1:]
        lexicon = receiver_lexicon_strength(rule, lex_tax, lex_conf)
        term, resource_term = receiver_term_strengths(term, resource_term, contradicted)
        best = max(tax, same_resource, term, resource_term, lexicon)
        if best <= 0:
            return None
        best, _ = use_bonus(rule, name, best, resource_term, resource_text)
        return min(best, 1.0), max(tax, same_resource), bool(resource_term and resource_text)


def _best_term(terms: tuple[str, ...], index, name: str, hits: frozenset[str],
               ) -> tuple[float, str]:
    """:func:`~veturi.engine.matching.text.best_term` from the list's kept index."""
    best, best_text = 0.0, ""
    for term in terms_starting(terms, index, hits):
        strength = _term_strength(term, name)
        if strength > best:
            best, best_text = strength, term
    return best, best_text


def _input_hits(frame: pd.DataFrame, rules: Sequence[Rule], signature_code: np.ndarray,
                representatives: Sequence[Stream], code_key: Sequence[int],
                name_hits: list[tuple[int, int, float, float, bool]],
                allowed: frozenset[str] | None, index: _RuleIndex,
                evidence: _EvidenceParts) -> pd.DataFrame:
    """Hits of the input rows: name evidence per signature joined with the rules the
    organisation's NACE classes receive for, combined as :func:`receiver_evidence` combines
    them (a NACE hit adds 30 % of the remaining strength to a name hit, or alone is a weak
    0.45 hit unless the rule's resource group differs from the stream's kind)."""
    columns = ["row", "rule", "strength", "from_codes", "weak", "term"]
    is_input = (frame["direction"] == "input").to_numpy()
    rows = np.flatnonzero(is_input)
    if len(rows) == 0:
        return pd.DataFrame({c: np.array([], dtype=t) for c, t in zip(
            columns, (np.int64, np.int64, float, bool, bool, bool))})
    nace_code, nace_values = pd.factorize(frame["nace"].take(rows))
    # Rules each distinct set of NACE classes receives for.
    nace_rules = []
    for position, value in enumerate(nace_values):
        codes = tuple(value.split("|")) if value else ()
        candidates = set()
        for code in codes:
            for ancestor in _ancestors(code, "nace"):
                candidates |= index.demand_nace.get(ancestor, set())
        for rule_index in sorted(candidates):
            if any(_under(code, prefix) for code in codes for prefix in rules[rule_index].receiver_nace):
                nace_rules.append((position, rule_index))
    # Distinct (signature, NACE set) combinations of the input rows.
    combo_code, combos = _factorize_ints(signature_code[rows], nace_code)
    first = np.full(len(combos), len(rows))
    np.minimum.at(first, combo_code, np.arange(len(rows)))
    combo_signature = signature_code[rows][first].astype(np.int64)
    combo_nace = nace_code[first].astype(np.int64)
    combo_nace[combo_nace < 0] = len(nace_values)  # no classes: a group with no rules
    # Every combination with the name hits of its signature, and with the rules of its NACE
    # classes (both lists sorted by group, then rule: a repeat per combination, no join).
    named = np.array([hit[:2] for hit in name_hits], dtype=np.int64).reshape(-1, 2)
    strong_combo, strong_hit = _spread_groups(
        combo_signature, int(signature_code.max(initial=-1)) + 1, named[:, 0])
    by_nace = np.array(nace_rules, dtype=np.int64).reshape(-1, 2)
    nace_combo, nace_hit_position = _spread_groups(combo_nace, len(nace_values) + 1,
                                                   by_nace[:, 0])
    strong_rule, nace_rule = named[strong_hit, 1], by_nace[nace_hit_position, 1]
    strong_key = strong_combo * len(rules) + strong_rule
    nace_key = nace_combo * len(rules) + nace_rule
    nace_hit = _contains(nace_key, strong_key)
    best = np.array([hit[2] for hit in name_hits], dtype=float)[strong_hit]
    boosted = np.where(nace_hit, best + (1 - best) * 0.3, best)
    strong = {
        "combo": strong_combo, "rule": strong_rule, "strength": np.minimum(boosted, 1.0),
        "from_codes": np.array([hit[3] for hit in name_hits], dtype=float)[strong_hit]
        >= boosted - 1e-9,
        "weak": np.zeros(len(strong_hit), dtype=bool),
        "term": np.array([hit[4] for hit in name_hits], dtype=bool)[strong_hit]}
    # Rules met only through the NACE classes: the name may still say something the rule
    # index does not look for (a coarser taxonomy code, the lexicon), or exclude the rule.
    only_nace = ~_contains(strong_key, nace_key)
    weak_combo, weak_rule = nace_combo[only_nace], nace_rule[only_nace]
    weak_signature = combo_signature[weak_combo]
    pair_code, pair_keys = _factorize_ints(weak_signature, weak_rule)
    first = np.full(len(pair_keys), len(weak_rule))
    np.minimum.at(first, pair_code, np.arange(len(weak_rule)))
    pair_signature = weak_signature[first]
    pair_rule = weak_rule[first]
    rule_group = [_rule_group(rule) for rule in rules]
    kind_groups = [_KIND_GROUP.get(stream.kind or "") for stream in representatives]

    def without_words(signature: int, rule_index: int) -> tuple[float, float, float]:
        # No evidence of the input's own: a weak NACE hit unless its kind or codes say
        # another kind of resource. (-1: no hit at all.)
        conflict, _, _, contradicted = evidence.receiver_code_part(
            representatives[signature], code_key[signature], rule_index)
        group, kind_group = rule_group[rule_index], kind_groups[signature]
        return (-1.0 if conflict or (group and kind_group and group != kind_group)
                or contradicted else 0.0, 0.0, 0.0)

    def by_codes(signature: int, rule_index: int) -> tuple[float, float, float]:
        # The input's own evidence for a rule the index did not find for its name: its codes
        # and the lexicon's reading of its name (no term of the rule is in the name, or the
        # index would have found the rule), as :func:`receiver_evidence` weighs them.
        conflict, tax, same_resource, _ = evidence.receiver_code_part(
            representatives[signature], code_key[signature], rule_index)
        if not conflict:
            lex_tax, lex_conf = reading[signature]
            best = max(tax, same_resource,
                       receiver_lexicon_strength(rules[rule_index], lex_tax, lex_conf))
            if best > 0:
                return min(best, 1.0), max(tax, same_resource), 0.0
        return without_words(signature, rule_index)

    # (strength, code strength, term) of the name; strength -1: no hit at all.
    late = np.zeros((len(pair_rule), 3))
    token = _LEXICON_NAMES.set(allowed)
    try:
        # Beyond the rule index only codes (the stream's or the lexicon's) give evidence: the
        # outcome is the same for every input of the same kind, codes and lexicon reading,
        # found once per (rule, those).
        reading: dict[int, tuple] = {}
        reading_code = np.zeros(len(representatives), dtype=np.int64)
        readings: dict[tuple, int] = {}
        for signature in np.unique(pair_signature).tolist():
            stream = representatives[signature]
            reading[signature] = (None, 0.0) if stream.taxonomy_code \
                else _lexicon_codes(stream)[1:]
            reading_code[signature] = readings.setdefault(reading[signature], len(readings))
        key_code, keys = _factorize_ints(
            pair_rule, np.asarray(code_key, dtype=np.int64)[pair_signature],
            reading_code[pair_signature])
        first_pair = np.full(len(keys), len(key_code))
        np.minimum.at(first_pair, key_code, np.arange(len(key_code)))
        outcome = np.array([by_codes(signature, rule_index) for signature, rule_index in zip(
            pair_signature[first_pair].tolist(), pair_rule[first_pair].tolist())],
            dtype=float).reshape(-1, 3)
        late[:] = outcome[key_code]
        # A name that excludes the rule takes no hit from it, whatever its codes say.
        has_exclude = np.array([bool(rule.receiver_exclude) for rule in rules])
        for position in np.flatnonzero(has_exclude[pair_rule]).tolist():
            name = representatives[int(pair_signature[position])].name or ""
            if evidence.receiver_excluded(int(pair_rule[position]), name, starting_words(name)):
                late[position] = (-1.0, 0.0, 0.0)
    finally:
        _LEXICON_NAMES.reset(token)
    late_array = late[pair_code] if len(pair_code) else np.zeros((0, 3))
    late_best = late_array[:, 0]
    late_named = late_best > 0
    boosted = late_best + (1 - late_best) * 0.3
    kept = late_best >= 0
    weak = {
        "combo": weak_combo[kept], "rule": weak_rule[kept],
        "strength": np.where(late_named, np.minimum(boosted, 1.0), 0.45)[kept],
        "from_codes": (late_named & (late_array[:, 1] >= boosted - 1e-9))[kept],
        "weak": ~late_named[kept], "term": (late_array[:, 2] > 0)[kept]}
    hits = {column: np.concatenate([strong[column], weak[column]]) for column in strong}
    by_combo = np.lexsort((hits["rule"], hits["combo"]))
    row_position, taken = _spread_groups(combo_code, len(combos), hits["combo"][by_combo])
    taken = by_combo[taken]
    return pd.DataFrame({"row": rows[row_position], **{
        column: hits[column][taken]
        for column in ("rule", "strength", "from_codes", "weak", "term")}})


def _contains(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``np.isin(keys, values)`` for integer keys, by binary search in the sorted values
    (numpy's hash-based ``isin`` is several times slower on millions of keys)."""
    values = np.sort(values)
    if len(values) == 0:
        return np.zeros(len(keys), dtype=bool)
    position = np.minimum(np.searchsorted(values, keys), len(values) - 1)
    return values[position] == keys


def _spread_groups(group_of_row: np.ndarray, groups: int, sorted_hit_groups: np.ndarray,
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Every (row, hit) pair of the rows' groups: row positions ascending, each row's hits in
    the order given (hits sorted by group), as two arrays of positions."""
    counts = np.bincount(sorted_hit_groups, minlength=groups)
    starts = np.cumsum(counts) - counts
    per_row = counts[group_of_row]
    row_position = np.repeat(np.arange(len(group_of_row)), per_row)
    # Each row takes its group's run of hits, in order.
    offsets = np.arange(len(row_position)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return row_position, np.repeat(starts[group_of_row], per_row) + offsets


def _spread(signature_code: np.ndarray, hits: list[tuple], columns: Sequence[str],
            dtypes: Sequence) -> pd.DataFrame:
    """Hits per signature (signature first, then ``columns``; signatures ascending, rules
    ascending within one) turned into hits per stream row, sorted by row and rule."""
    signature_of_hit = np.fromiter((hit[0] for hit in hits), np.int64, len(hits))
    rows, taken = _spread_groups(signature_code, int(signature_code.max(initial=-1)) + 1,
                                 signature_of_hit)
    spread = {"row": rows}
    for position, (column, dtype) in enumerate(zip(columns, dtypes), start=1):
        values = np.fromiter((hit[position] for hit in hits), dtype, len(hits))
        spread[column] = values[taken]
    return pd.DataFrame(spread)


def _factorize_columns(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct rows of ``frame[columns]`` (any dtype)."""
    return _factorize_ints(*(pd.factorize(frame[column], use_na_sentinel=False)[0]
                             for column in columns))


def _factorize_ints(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the distinct rows of small non-negative (or -1) integer columns, and one
    combined key per distinct row (a fast stand-in for factorising a MultiIndex)."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for position, column in enumerate(columns):
        column = np.asarray(column, dtype=np.int64) + 1
        key = key * (int(column.max(initial=0)) + 1) + column
        if position < len(columns) - 1:
            key = pd.factorize(key)[0].astype(np.int64)  # compact: no overflow
    return pd.factorize(key)
