"""Classifying free-text stream names in English and Finnish."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from veturi.engine.lexicon import (
    RESOLVE_THRESHOLD,
    Classification,
    _term_from_row,
    classify,
    classify_many,
    heat_band_for,
    lexicon_terms,
    normalise_text,
    parse_quality,
    steam_band_for,
)
from veturi.engine.reference import ewc_codes, taxonomy

DATA = Path(__file__).parent / "data"
LABELLED = DATA / "lexicon_labelled.csv"
HELD_OUT = [DATA / f"lexicon_holdout{suffix}.csv" for suffix in ("", "2", "3")]
ACCURACY_FLOOR = 0.90


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _is_correct(result: Classification, row) -> bool:
    if not row["expected_code"]:
        return not result.resolved
    return result.resolved and (result.scheme, result.code) == (
        row["expected_scheme"], row["expected_code"])


def _accuracy(path):
    counts = Counter()
    for row in _rows(path):
        correct = _is_correct(classify(row["name"]), row)
        for key in (row["language"], "all"):
            counts[key, "correct"] += correct
            counts[key, "total"] += 1
    return {key: counts[key, "correct"] / counts[key, "total"]
            for key in {key for key, _ in counts}}


def test_labelled_list_is_large_enough_and_valid():
    rows = _rows(LABELLED)
    languages = Counter(row["language"] for row in rows)
    assert len(rows) >= 220 and languages["en"] >= 100 and languages["fi"] >= 100
    for row in rows:
        if row["expected_scheme"] == "ewc":
            assert row["expected_code"] in ewc_codes(), row
        elif row["expected_scheme"] == "taxonomy":
            assert row["expected_code"] in taxonomy(), row
        else:
            assert row["expected_scheme"] == "" and row["expected_code"] == "", row


@pytest.mark.parametrize("path", [LABELLED, *HELD_OUT], ids=lambda p: p.stem)
def test_accuracy_on_labelled_names(path):
    accuracy = _accuracy(path)
    print(f"\n{path.name}: accuracy overall {accuracy['all']:.3f}, "
          f"en {accuracy['en']:.3f}, fi {accuracy['fi']:.3f}")
    assert accuracy["all"] >= ACCURACY_FLOOR


def test_the_lexicon_has_enough_terms_in_both_languages():
    terms = lexicon_terms()
    languages = Counter(term.language for term in terms)
    assert len(terms) >= 400 and languages["en"] >= 150 and languages["fi"] >= 150
    assert len({(t.term, t.language) for t in terms}) == len(terms)


@pytest.mark.parametrize(
    "name, code",
    [
        ("fly ash", "10 01 03"),
        ("lentotuhka", "10 01 03"),
        ("Lentotuhkaa", "10 01 03"),  # partitive
        ("kivihiilen lentotuhkan käsittely", "10 01 02"),  # genitive, compound context
        ("bottom ash from waste incineration", "19 01 12"),
        ("puhdistamoliete", "19 08 05"),
        ("betonimurske", "material.mineral.crushed_concrete"),
        ("sahanpuru", "by_product.wood.sawdust"),
        ("SAHANPURU", "by_product.wood.sawdust"),
        ("sahanpurru", "by_product.wood.sawdust"),  # typo
        ("lentotuhak", "10 01 03"),  # swapped letters
    ],
)
def test_it_classifies_names_of_the_brief(name, code):
    result = classify(name)
    assert result.resolved and result.code == code
    assert RESOLVE_THRESHOLD <= result.confidence <= 1


@pytest.mark.parametrize(
    "name, code, temperature",
    [
        ("waste heat 60 °C", "energy.heat.t60_90", 60.0),
        ("waste heat 59.5 °C", "energy.heat.t30_60", 59.5),
        ("hukkalämpö 45 astetta", "energy.heat.t30_60", 45.0),
        ("hukkalämpöä +25 C", "energy.heat.t00_30", 25.0),
        ("ylijäämälämpö 90°C", "energy.heat.t90_120", 90.0),
        ("process heat 120 °C", "energy.heat.t120_plus", 120.0),
        ("waste heat 40-60 °C", "energy.heat.t30_60", 50.0),
    ],
)
def test_heat_is_placed_in_its_temperature_band(name, code, temperature):
    result = classify(name)
    assert result.code == code and result.resolved
    assert result.quality["temperature_c"] == temperature


def test_heat_without_a_temperature_stays_generic():
    result = classify("hukkalämpö")
    assert result.code == "energy.heat" and "temperature_c" not in result.quality


def test_district_heat_is_not_banded():
    assert classify("kaukolämpö 80 °C").code == "energy.heat.district"


@pytest.mark.parametrize(
    "name, code",
    [
        ("steam 12 bar", "energy.steam.p10_40"),
        ("höyry 2,5 baaria", "energy.steam.p00_03"),
        ("process steam 0.6 MPa", "energy.steam.p03_10"),
        ("steam 41 bara", "energy.steam.p10_40"),
        ("HP steam 60 bar", "energy.steam.p40_plus"),
        ("matalapainehöyry", "energy.steam.p00_03"),
        ("low pressure steam", "energy.steam.p00_03"),
    ],
)
def test_steam_is_placed_in_its_pressure_band(name, code):
    assert classify(name).code == code


def test_absolute_pressure_is_read_as_gauge():
    assert parse_quality("steam 41 bara")["pressure_bar"] == pytest.approx(39.987, abs=1e-3)


def test_a_pressure_is_not_mistaken_for_a_temperature():
    assert parse_quality("steam 12 bar") == {"pressure_bar": 12.0}
    assert parse_quality("sahanpuru 500 t/v") == {}


def test_band_edges():
    assert heat_band_for(30) == "energy.heat.t30_60"
    assert heat_band_for(-5) == "energy.heat.t00_30"
    assert steam_band_for(3) == "energy.steam.p03_10"
    assert steam_band_for(40) == "energy.steam.p40_plus"


@pytest.mark.parametrize("name", ["sekalaiset", "miscellaneous", "xyz 123", "", "   ",
                                  "projekti 7"])
def test_names_with_nothing_known_are_left_for_the_office(name):
    result = classify(name)
    assert not result.resolved
    assert result.code is None and result.confidence == 0.0


def test_a_weak_lone_term_is_flagged_not_resolved():
    # "power" or "water" alone is weak evidence: a guess, left for the office.
    result = classify("power")
    assert result.code == "energy.electricity"
    assert not result.resolved and result.confidence < RESOLVE_THRESHOLD
    assert not classify("vesi").resolved


def test_kind_breaks_ties():
    assert classify("steam condensate").code == "water.condensate"
    assert classify("steam condensate", kind="energy").code == "energy.steam"
    assert classify("steam condensate", kind="water").code == "water.condensate"


def test_language_hint_is_accepted_and_validated():
    assert classify("lentotuhka", language="fi").code == "10 01 03"
    with pytest.raises(ValueError, match="language must be one of"):
        classify("fly ash", language="sv")
    with pytest.raises(ValueError, match="kind must be one of"):
        classify("fly ash", kind="waste")
    with pytest.raises(ValueError, match="name must be text"):
        classify(None)


def test_classify_many_matches_classify():
    names = ["fly ash", "lentotuhka", "fly ash", "hukkalämpö 45 astetta", "sekalaiset"]
    assert classify_many(names) == [classify(name) for name in names]


def test_the_matched_term_and_quality_are_reported():
    result = classify("Hukkalämpöä 70 °C")
    assert result.matched_term == "hukkalamp"
    assert result.scheme == "taxonomy"
    assert result.quality == {"temperature_c": 70.0}


def test_normalise_text_strips_diacritics_and_punctuation():
    assert normalise_text("Öljynerotuskaivon LIETE, 5 m³/v") == "oljynerotuskaivon liete 5 m3 v"


@pytest.mark.parametrize(
    "row, message",
    [
        ({"language": "sv"}, "language must be one of"),
        ({"scheme": "nace"}, "scheme must be 'ewc' or 'taxonomy'"),
        ({"code": "energy.heat.t61"}, "unknown Veturi taxonomy code"),
        ({"scheme": "ewc", "code": "10 01"}, "not a six-digit entry"),
        ({"weight": "1.5"}, r"weight must be in \(0, 1\]"),
        ({"weight": "high"}, "is not a number"),
        ({"match": "fuzzy"}, "match must be one of"),
        ({"term": "a+"}, "has an empty part"),
    ],
)
def test_bad_lexicon_rows_are_reported_with_their_line(row, message):
    base = {"term": "hukkalamp", "language": "fi", "scheme": "taxonomy",
            "code": "energy.heat", "weight": "0.9", "match": "part"}
    with pytest.raises(ValueError, match=rf"lexicon.csv line 7: .*{message}|{message}"):
        _term_from_row({**base, **row}, 7)


def test_docstring_examples_hold():
    import doctest

    from veturi.engine import lexicon

    assert doctest.testmod(lexicon, optionflags=doctest.ELLIPSIS).failed == 0
