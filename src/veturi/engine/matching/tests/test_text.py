"""Free-text evidence: how rule terms are found in the names companies write."""

import pytest

from veturi.engine.matching.text import match_words, name_keys, term_strength


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
