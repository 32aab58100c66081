"""Free-text evidence: how rule terms are found in the names companies write."""

import pytest

from veturi.engine.matching.text import (
    best_term, candidate_terms, match_words, name_keys, term_strength,
)


@pytest.mark.parametrize("term, name, matches", [
    ("fly ash", "Fly ashes from the coal boiler", True),
    ("sludge", "Sludges", True),
    ("battery", "Used batteries", True),
    ("tuhka", "Lentotuhkaa", True),          # Finnish compound head with an inflection
    ("biokaasu", "Syötteet biokaasulaitokselle", True),  # compound modifier
    ("water", "Wastewater", True),
    ("sulphur", "Sulphuric acid for leaching", False),  # a derivation, not the same word
    ("carbon", "Calcium carbonate", False),
    ("pet", "Kiln fuel (coal and petcoke)", False),      # short words stand alone
    ("f-gas", "Surplus refinery gas (flare gas)", False),
    ("ash", "Washing water", False),
    ("fly ash", "Ash from fly wheels", False),           # order matters
])
def test_terms_match_words_plurals_and_compounds_but_not_derivations(term, name, matches):
    assert (term_strength(term, name) > 0) == matches


def test_longer_terms_are_stronger_and_generic_terms_weak():
    assert term_strength("treated waste water", "Treated waste water") > term_strength(
        "waste water", "Treated waste water") > term_strength("water", "Treated waste water")
    assert term_strength("raw material", "Cement raw materials") == 0.5


def test_one_word_may_sit_inside_a_phrase_for_a_little_less():
    assert match_words("reclaimed water", "Reclaimed industrial water") == (0, 2)
    assert term_strength("reclaimed water", "Reclaimed industrial water") < term_strength(
        "reclaimed water", "Reclaimed water")


def test_name_keys_hold_every_possible_first_word():
    keys = name_keys("Lentotuhka ja pohjatuhka")
    assert {"lentotuhka", "tuhka", "pohja", "l"} <= keys


@pytest.mark.parametrize("name", [
    "Fly ash, lentotuhkaa", "Bottom ash from the boiler", "Wastewater sludge (dry)",
    "Sawdust - line 2", "Kuorikattilan tuhka", "Nothing to see here", "",
])
def test_candidate_terms_are_exactly_the_terms_term_strength_can_find(name):
    terms = ("fly ash", "ash", "tuhka", "sludge", "sewage sludge", "saw", "sawdust",
             "bark", "", "water")
    candidates = candidate_terms(terms, name)
    found = [term for term in terms if term_strength(term, name)]
    # Every term that matches is a candidate, in the terms' own order.
    assert [term for term in candidates if term in found] == found
    assert list(candidates) == sorted(candidates, key=terms.index)
    # best_term: the first of the strongest, as a plain loop over every term finds it.
    expected = (0.0, "")
    for term in terms:
        if term_strength(term, name) > expected[0]:
            expected = (term_strength(term, name), term)
    assert best_term(terms, name) == expected


def test_terms_indexed_after_a_name_was_seen_are_still_found():
    name = "Zirconium sand from foundry"
    assert candidate_terms(("quartz",), name) == ()
    # A term list seen for the first time brings new first words: the name looks again.
    assert candidate_terms(("zirconium sand", "foundry sand"), name) == (
        "zirconium sand", "foundry sand")
