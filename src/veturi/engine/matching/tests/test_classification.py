"""The vectorised classification against the plain one, as :func:`match_streams` finds
evidence: every stream row, every rule the engine's rule index gives it (with its
organisation), the engine's own :func:`supplier_evidence` / :func:`receiver_evidence` (with the
organisation's NACE classes). Classification only shares and skips work (signatures, name and
code parts kept per rule, the NACE join apart from the name), so any shortcut that misses or
changes a hit fails here."""

import gc
import threading

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from veturi.engine.matching import Organisation, Stream, load_rules
from veturi.engine.matching.classification import _contains, _without_collections
from veturi.engine.matching.knowledge_base import rule_from_row
from veturi.engine.matching.matching import (
    _LEXICON_NAMES, _head_term, _RuleIndex, _under, head_strength, receiver_evidence,
    supplier_evidence,
)
from veturi.engine.matching import text
from veturi.engine.matching.text import (
    candidate_terms, name_keys, starting_words, term_index, terms_starting,
)
from veturi.engine.matching.types import STREAM_KINDS
from veturi.engine.matching.vectorised import classify
from veturi.engine.reference import ewc_codes, is_under, nace_codes, taxonomy

RULES = load_rules()
INDEX = _RuleIndex(RULES)
# Words the rules look for (terms, exclusions), origin words, Finnish genitives and noise.
WORDS = sorted({word for rule in RULES[::3] for terms in (
    rule.supplier_terms[:3], rule.receiver_terms[:3], rule.supplier_exclude[:2],
    rule.receiver_exclude[:2]) for term in terms for word in term.split()}) + [
    "from", "of", "after", "kattilan", "line", "2", "waste", "Ashes", "sludges", "qqq"]
EWC = sorted({code.replace("*", "").strip() for rule in RULES for code in rule.supplier_ewc}
             | {"10 01 02", "19 08 05", "99 99 99"})
TAXONOMY = sorted({code for rule in RULES for code in rule.supplier_taxonomy
                   + rule.receiver_taxonomy} | {"energy", "energy.heat", "material.unknown"})
ALL_EWC = sorted(ewc_codes())
ALL_TAXONOMY = sorted(taxonomy())
NACE = sorted({code for rule in RULES for code in rule.receiver_nace} | {"01.11", "99.00"})



@st.composite
def _stream_row(draw):
    """(direction, name, kind, waste code, taxonomy code, organisation) around one rule: its
    terms, exclusions, codes (or anyone's) mixed with other words, so that names and codes
    agree, exclude and contradict as often as they miss."""
    rule = draw(st.sampled_from(RULES))
    own_words = [word for terms in (rule.supplier_terms[:4], rule.receiver_terms[:4],
                                    rule.supplier_exclude[:2], rule.receiver_exclude[:2])
                 for term in terms for word in term.split()] or ["qqq"]
    own_terms = list(rule.supplier_terms[:4] + rule.receiver_terms[:4] + rule.supplier_exclude[:2]
                     + rule.receiver_exclude[:2]) or ["qqq"]
    words = draw(st.lists(st.one_of(st.sampled_from(own_terms), st.sampled_from(own_words),
                                    st.sampled_from(WORDS)), max_size=4))
    # Codes at, below and above the rule's: evidence of every level, agreeing with the name.
    own_ewc = [code for prefix in rule.supplier_ewc[:3] for code in ALL_EWC
               if code.startswith(prefix.replace("*", "").strip())][:40]
    ewc = draw(st.one_of(st.just(""), st.sampled_from(EWC),
                         *([st.sampled_from(own_ewc)] if own_ewc else [])))
    own_tax = [code for prefix in (rule.supplier_taxonomy + rule.receiver_taxonomy)[:3]
               for code in ALL_TAXONOMY
               if code.startswith(prefix) or prefix.startswith(code + ".")][:40]
    tax = draw(st.one_of(st.just(""), st.sampled_from(TAXONOMY),
                         *([st.sampled_from(own_tax)] if own_tax else [])))
    # The organisation: in a class the rule receives for, in any class a rule names, or none.
    nace = draw(st.one_of(
        st.just(()), st.lists(st.sampled_from(NACE), max_size=2, unique=True).map(tuple),
        *([st.sampled_from(rule.receiver_nace).map(lambda code: (code,))]
          if rule.receiver_nace else [])))
    return (draw(st.sampled_from(["output", "input"])), " ".join(words),
            draw(st.sampled_from(("",) + tuple(STREAM_KINDS))), ewc, tax, nace)


streams_strategy = st.lists(_stream_row(), min_size=1, max_size=10)


def _edge_rows():
    """Rows random ones seldom meet: a name and a coarser waste code agreeing (the agreement
    bonus), an input whose name excludes a rule its organisation's class receives for."""
    rows = []
    for rule in RULES:
        chapters = [code for code in rule.supplier_ewc if len(code.strip("* ")) == 5]
        words = [term for term in rule.supplier_terms if " " not in term]
        under = [code for code in ALL_EWC if chapters and code.startswith(chapters[0].strip("* "))
                 and len(code) == 8]
        if words and under and not any(row[0] == "output" for row in rows):
            rows.append(("output", words[0].capitalize(), "", under[0], "", ()))
        if rule.receiver_exclude and rule.receiver_nace \
                and not any(row[0] == "input" for row in rows):
            rows.append(("input", rule.receiver_exclude[0], "", "", "",
                         (rule.receiver_nace[0],)))
    return rows


def _plain_hits(organisations, streams, rules=RULES):
    """(row, rule) -> hit of every stream row against the rules the index gives it, the
    engine's way."""
    by_id = {organisation.id: organisation for organisation in organisations}
    supply, demand = {}, {}
    token = _LEXICON_NAMES.set(frozenset())  # lexicon="off"
    try:
        for row, stream in enumerate(streams):
            organisation = by_id[stream.organisation]
            index = INDEX if rules is RULES else _RuleIndex(rules)
            found = index.for_output(stream) if stream.direction == "output" \
                else index.for_input(stream, organisation)
            for position in sorted(found):
                rule = rules[position]
                if stream.direction == "output":
                    evidence = supplier_evidence(stream, rule)
                    if evidence.strength > 0:
                        supply[row, position] = (
                            evidence.strength, evidence.from_codes, bool(evidence.term))
                    continue
                evidence = receiver_evidence(stream, rule, organisation)
                if evidence.strength > 0:
                    own = receiver_evidence(stream, rule, None).strength
                    demand[row, position] = (evidence.strength, evidence.from_codes, own == 0,
                                             bool(evidence.term))
    finally:
        _LEXICON_NAMES.reset(token)
    return supply, demand


def _table_hits(hits, columns):
    return {(row, rule): values for row, rule, *values in
            hits[["row", "rule", *columns]].itertuples(index=False)}


def _assert_same(found, expected):
    assert found.keys() == expected.keys()
    for key, values in expected.items():
        assert found[key][0] == pytest.approx(values[0], abs=1e-12), key
        assert tuple(found[key][1:]) == values[1:], key


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(rows=_edge_rows())
@given(rows=streams_strategy)
def test_classification_finds_every_hit_of_the_plain_evidence(rows):
    # Each row its own organisation (the rows of one signature still meet several).
    organisations = [Organisation(f"o{row}", nace=row_values[-1])
                     for row, row_values in enumerate(rows)]
    streams = [Stream(f"s{row}", f"o{row}", direction, name, kind=kind or None,
                      ewc_code=ewc or None, taxonomy_code=tax or None)
               for row, (direction, name, kind, ewc, tax, _) in enumerate(rows)]
    table = classify(organisations, streams, RULES, lexicon="off")
    supply, demand = _plain_hits(organisations, streams)
    _assert_same(_table_hits(table.supply_hits, ["strength", "from_codes", "term"]), supply)
    _assert_same(_table_hits(table.demand_hits, ["strength", "from_codes", "weak", "term"]),
                 demand)
    for hits in (table.supply_hits, table.demand_hits):
        keys = list(zip(hits["row"], hits["rule"]))
        assert keys == sorted(keys)  # by row, then rule


def test_rows_of_one_signature_and_many_organisations_each_get_their_nace_hits():
    cement = next(rule for rule in RULES if rule.receiver_nace)
    organisations = [Organisation("a", nace=(cement.receiver_nace[0],)),
                     Organisation("b", nace=("99.00",))]
    streams = [Stream(f"i{number}", organisation, "input", "Qqq")
               for number, organisation in enumerate(["a", "b", "a", "b"])]
    table = classify(organisations, streams, RULES, lexicon="off")
    _, demand = _plain_hits(organisations, streams)
    _assert_same(_table_hits(table.demand_hits, ["strength", "from_codes", "weak", "term"]),
                 demand)
    assert {row for row, _ in demand} == {0, 2}


def test_a_name_excludes_a_rule_its_organisation_receives_for():
    rules = [rule_from_row({"id": "ash", "name": "Fly ash to cement", "supplier_terms": "fly ash",
                            "receiver_terms": "cement", "receiver_exclude": "gypsum",
                            "receiver_nace": "23.51", "source": "s"})]
    organisations = [Organisation("kiln", nace=("23.51",))]
    streams = [Stream("a", "kiln", "input", "Gypsum board"), Stream("b", "kiln", "input", "Qqq"),
               Stream("c", "kiln", "input", "Gypsum", ewc_code="10 01 02")]
    table = classify(organisations, streams, rules, lexicon="off")
    _, demand = _plain_hits(organisations, streams, rules)
    _assert_same(_table_hits(table.demand_hits, ["strength", "from_codes", "weak", "term"]),
                 demand)
    assert list(demand) == [(1, 0)]  # a weak hit from the class alone


@settings(max_examples=200, deadline=None)
@given(name=st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
       rule=st.sampled_from(RULES))
def test_term_lists_indexed_once_give_the_candidates_and_head_terms_of_the_plain_look_up(
        name, rule):
    hits = starting_words(name)
    for terms in (rule.supplier_terms, rule.receiver_terms, rule.supplier_exclude):
        assert terms_starting(terms, term_index(terms), hits) == candidate_terms(terms, name)
    best, best_text = 0.0, ""
    for term in rule.supplier_terms:
        if head_strength(term, name) > best:
            best, best_text = head_strength(term, name), term
    assert _head_term(rule.supplier_terms, name) == (best, best_text)


CODES = ALL_EWC[::7] + ALL_TAXONOMY[::5] + sorted(nace_codes())[::9] + [
    "energy.heat x", "material", "99.99", "10 01", " 10 01 02 ", "", "Z"]


@settings(max_examples=300, deadline=None)
@given(code=st.sampled_from(CODES),
       prefix=st.sampled_from(CODES).flatmap(lambda code: st.sampled_from(
           [code, code + "*", code + " *", code + ".*", code[:2], code[:5] + "*"])))
def test_under_walks_the_code_hierarchy_as_is_under_does(code, prefix):
    try:
        expected = is_under(code, prefix)
    except KeyError:
        with pytest.raises(KeyError):
            _under.__wrapped__(code, prefix)
        return
    assert _under.__wrapped__(code, prefix) == expected


@settings(max_examples=200, deadline=None)
@given(name=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=5)
       .map(" ".join))
def test_a_names_starting_words_are_its_keys_that_start_an_indexed_term(name):
    assert starting_words(name) == name_keys(name) & text._VOCABULARY


@given(values=st.lists(st.integers(0, 50), max_size=30),
       keys=st.lists(st.integers(-5, 60), max_size=30))
def test_contains_is_isin(values, keys):
    values, keys = np.array(values, dtype=np.int64), np.array(keys, dtype=np.int64)
    assert _contains(values, keys).tolist() == np.isin(keys, values).tolist()


def test_the_collector_is_back_as_it_was_after_classifying():
    assert gc.isenabled()
    with _without_collections():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _without_collections():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ValueError), _without_collections():
        raise ValueError
    assert gc.isenabled()


def test_overlapping_classifications_keep_the_collector_off_until_the_last_ends():
    """Two threads of a server classify at once; the first to end must not switch the
    collector back on under the other, nor leave it off once both are done."""
    first, second = _without_collections(), _without_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # not the order they began in
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    started, release, done = threading.Event(), threading.Event(), []

    def classify_slowly():
        with _without_collections():
            started.set()
            release.wait(5)
        done.append(gc.isenabled())

    worker = threading.Thread(target=classify_slowly)
    worker.start()
    started.wait(5)
    with _without_collections():
        pass
    assert not gc.isenabled()  # the worker is still classifying
    release.set()
    worker.join(5)
    assert done == [True] and gc.isenabled()


def test_a_frame_without_inputs_classifies():
    table = classify([Organisation("a")], [Stream("s", "a", "output", "Fly ash")], RULES,
                     lexicon="off")
    assert len(table.demand_hits) == 0 and len(table.supply_hits) > 0
    assert table.demand_hits["row"].dtype == np.int64
