"""The rule index and the cached parts of the evidence: they only save work, never change it."""

import pickle
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veturi.engine.matching import Stream, load_rules
from veturi.engine.matching.matching import _RuleIndex, receiver_evidence, supplier_evidence
from veturi.engine.reference import taxonomy

RULES = load_rules()
INDEX = _RuleIndex(RULES)
TAXONOMY_CODES = sorted(taxonomy())
EWC_CODES = sorted({code.replace("*", "").strip() for rule in RULES for code in rule.supplier_ewc}
                   | {"10 01 02", "19 08 05", "17 05 04", "20 03 01", "99 99 99"})
NAMES = sorted({term for rule in RULES for term in rule.supplier_terms[:2]})[:120] + [
    "Fly ash from the CHP boiler", "Kuorikattilan tuhka", "Steam condensate", "Unknown stuff"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(NAMES),
    kind=st.sampled_from([None, "material", "by_product", "energy", "water", "service"]),
    ewc=st.one_of(st.none(), st.sampled_from(EWC_CODES)),
    # Codes of the taxonomy, and a few it does not hold (the prefix test decides those).
    tax=st.one_of(st.none(), st.sampled_from(TAXONOMY_CODES),
                  st.sampled_from(["energy.heat x", "material.metal.unknown", "material"])),
)
def test_the_index_finds_every_rule_an_output_has_evidence_for(name, kind, ewc, tax):
    output = Stream("s", "o", "output", name, kind=kind, ewc_code=ewc, taxonomy_code=tax)
    with_evidence = {index for index, rule in enumerate(RULES)
                     if supplier_evidence(output, rule).strength > 0}
    assert with_evidence <= INDEX.for_output(output)


def test_a_coarse_taxonomy_code_reaches_the_rules_below_it_but_not_its_siblings():
    heat = Stream("s", "o", "output", "Qqq", kind="energy", taxonomy_code="energy.heat")
    found = INDEX.for_output(heat)
    below = {i for i, rule in enumerate(RULES)
             if any(code.startswith("energy.heat.") for code in rule.supplier_taxonomy)}
    assert below and below <= found
    # Rules only for other energy (steam, electricity) are no longer tried for heat.
    others = {i for i, rule in enumerate(RULES) if rule.supplier_taxonomy and all(
        code.startswith("energy.") and not code.startswith("energy.heat")
        for code in rule.supplier_taxonomy) and not rule.supplier_ewc}
    assert others and not others & found


def test_evidence_is_the_same_for_every_code_variant_of_a_name_as_computed_alone():
    rule = next(rule for rule in RULES if rule.supplier_ewc and rule.supplier_terms)
    name = rule.supplier_terms[0].capitalize() + " - line 2"
    variants = [Stream(str(i), "o", "output", name, ewc_code=ewc, taxonomy_code=tax)
                for i, (ewc, tax) in enumerate([(None, None), (rule.supplier_ewc[0].rstrip(" *"), None),
                                                ("99 99 99", None), (None, "energy.heat")])]
    first = [supplier_evidence(stream, rule) for stream in variants]
    # A fresh copy of the rule has fresh caches: the same evidence, computed from scratch.
    fresh = replace(rule)
    assert [supplier_evidence(stream, fresh) for stream in variants] == first
    assert first[1].strength > first[0].strength > first[2].strength


def test_receiver_evidence_of_a_fresh_rule_copy_is_the_same():
    for rule in RULES[:40]:
        stream = Stream("i", "o", "input", (rule.receiver_terms or rule.supplier_terms)[0])
        assert receiver_evidence(stream, rule, None) == receiver_evidence(
            stream, replace(rule), None)


def test_rules_hash_once_and_rehash_after_pickling():
    rule = RULES[0]
    hash(rule)
    copy = pickle.loads(pickle.dumps(rule))
    assert copy == rule and hash(copy) == hash(rule)
    assert "_hash" not in pickle.loads(pickle.dumps(rule)).__dict__
    changed = replace(rule, name=rule.name + " (changed)")
    assert changed != rule and {rule: 1}.get(changed) is None


@pytest.mark.parametrize("code", ["energy.heat x", "material.metal.unknown"])
def test_codes_outside_the_taxonomy_still_reach_every_rule_the_prefix_test_accepts(code):
    output = Stream("s", "o", "output", "Qqq", taxonomy_code=code)
    with_evidence = {index for index, rule in enumerate(RULES)
                     if supplier_evidence(output, rule).strength > 0}
    assert with_evidence <= INDEX.for_output(output)
