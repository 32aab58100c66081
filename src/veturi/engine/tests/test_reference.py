"""Reference data: EWC, NACE Rev. 2, the Veturi taxonomy and emission factors."""

from collections import Counter

import pytest

from veturi.engine.reference import (
    TAXONOMY_KINDS,
    emission_factors,
    ewc_codes,
    is_under,
    nace_codes,
    normalise_ewc_code,
    normalise_nace_code,
    normalise_taxonomy_code,
    taxonomy,
)
from veturi.engine.units import CANONICAL_UNITS, canonical_unit_for


def test_ewc_has_the_official_counts():
    levels = Counter(entry.level for entry in ewc_codes().values())
    assert levels == {"chapter": 20, "subchapter": 111, "entry": 842}
    assert sum(entry.hazardous for entry in ewc_codes().values()) == 409


def test_ewc_hierarchy_is_consistent():
    codes = ewc_codes()
    for code, entry in codes.items():
        if entry.level == "chapter":
            assert entry.parent == "" and len(code) == 2
        else:
            assert entry.parent in codes, code
            assert code.startswith(entry.parent + " ")
        assert entry.description, code
        assert not (entry.hazardous and entry.level != "entry")


def test_ewc_lookups():
    codes = ewc_codes()
    assert codes["19 01 12"].description.startswith("bottom ash and slag")
    assert not codes["19 01 12"].hazardous
    assert codes["19 01 11"].hazardous
    assert codes["10 01"].level == "subchapter"
    assert codes["20"].level == "chapter"


@pytest.mark.parametrize("written", ["100101", "10 01 01", "10 01 01*", "10.01.01",
                                     " 10-01-01 ", "10 0101"])
def test_normalise_ewc_code_accepts_common_forms(written):
    assert normalise_ewc_code(written) == "10 01 01"


def test_normalise_ewc_code_accepts_chapters_and_subchapters():
    assert normalise_ewc_code("1001") == "10 01"
    assert normalise_ewc_code("20") == "20"


@pytest.mark.parametrize("bad", ["10 01 98", "999999", "1001011", "ash", "", "10 01 0"])
def test_normalise_ewc_code_refuses_unknown_codes(bad):
    with pytest.raises(ValueError, match="unknown European List of Waste code"):
        normalise_ewc_code(bad)


def test_nace_has_the_official_counts():
    levels = Counter(entry.level_name for entry in nace_codes().values())
    assert levels == {"section": 21, "division": 88, "group": 272, "class": 615}
    assert {entry.level for entry in nace_codes().values()} == {1, 2, 3, 4}


def test_nace_hierarchy_is_consistent():
    codes = nace_codes()
    for code, entry in codes.items():
        if entry.level == 1:
            assert entry.parent == ""
        else:
            assert codes[entry.parent].level == entry.level - 1, code
        assert entry.title, code


@pytest.mark.parametrize(
    "written, expected",
    [
        ("01.11", "01.11"), ("0111", "01.11"), ("01110", "01.11"), ("A01.11", "01.11"),
        ("a 0111", "01.11"), ("38.21", "38.21"), ("3821", "38.21"), ("38", "38"),
        ("38.2", "38.2"), ("382", "38.2"), ("E", "E"), ("e", "E"), (" 35.30 ", "35.30"),
    ],
)
def test_normalise_nace_code(written, expected):
    assert normalise_nace_code(written) == expected


@pytest.mark.parametrize("bad", ["99.99", "0", "Z01", "1", "ZZ", "38.2x", ""])
def test_normalise_nace_code_refuses_unknown_codes(bad):
    with pytest.raises(ValueError, match="unknown NACE Rev. 2 code"):
        normalise_nace_code(bad)


def test_normalise_nace_code_checks_the_section_letter():
    with pytest.raises(ValueError, match="belongs to section A, not C"):
        normalise_nace_code("C01.11")


def test_taxonomy_is_large_and_well_formed():
    entries = taxonomy()
    assert len(entries) >= 120
    for code, entry in entries.items():
        assert code == entry.code
        assert code == code.lower() and " " not in code
        assert entry.kind in TAXONOMY_KINDS, code
        assert entry.name_en and entry.name_fi and entry.description, code
        assert entry.default_unit in CANONICAL_UNITS, code
        # the default unit is one the unit module itself maps to itself
        assert canonical_unit_for(entry.default_unit) == entry.default_unit
        if entry.parent:
            assert entry.parent in entries, f"{code}: parent {entry.parent} missing"
            assert code.startswith(entry.parent + "."), code
            assert entries[entry.parent].kind == entry.kind, code
        else:
            assert code == entry.kind, code


def test_taxonomy_codes_are_unique_in_the_file():
    from importlib import resources

    text = resources.files("veturi").joinpath("data", "taxonomy.csv").read_text("utf-8")
    codes = [line.split(",", 1)[0] for line in text.splitlines()[1:]]
    assert len(codes) == len(set(codes)) == len(taxonomy())


def test_taxonomy_covers_every_kind_and_the_required_bands():
    entries = taxonomy()
    assert set(TAXONOMY_KINDS) <= set(entries)
    for band in ("t00_30", "t30_60", "t60_90", "t90_120", "t120_plus"):
        assert f"energy.heat.{band}" in entries
    assert len([c for c in entries if c.startswith("energy.steam.")]) >= 3
    for code in ("energy.gas.biogas", "energy.gas.hydrogen", "material.gas.co2",
                 "water.demineralised", "material.mineral.crushed_concrete",
                 "material.nutrient.digestate", "material.battery.black_mass",
                 "service.laboratory", "logistics.rail.loading", "logistics.warehouse"):
        assert code in entries, code


def test_normalise_taxonomy_code():
    assert normalise_taxonomy_code("WATER.Condensate") == "water.condensate"
    with pytest.raises(ValueError, match="unknown Veturi taxonomy code 'water.condensat'"):
        normalise_taxonomy_code("water.condensat")
    with pytest.raises(ValueError, match="did you mean water.condensate"):
        normalise_taxonomy_code("water.condensat")


def test_emission_factors_are_typed_and_sourced():
    factors = emission_factors()
    assert len(factors) >= 20
    for factor in factors.values():
        assert factor.source and factor.unit, factor.id
        assert factor.value > 0, factor.id
    assert factors["gwp_ch4_ar4"].value == 25
    assert factors["gwp_ch4_ar4"].year == 2007


@pytest.mark.parametrize(
    "code, prefix, expected",
    [
        ("10 01 01", "10", True), ("10 01 01", "10 01", True), ("10 01 01", "10 02", False),
        ("10 01 01", "10 01 01", True), ("10 01 01", "10 *", True), ("10 01 01", "1", False),
        ("01.11", "01.1", True), ("01.11", "01", True), ("01.11", "A", True),
        ("01.11", "C", False), ("10.11", "C", True), ("01.21", "01.1", False),
        ("energy.heat.t60_90", "energy", True), ("energy.heat.t60_90", "energy.heat.*", True),
        ("energy.heat.t60_90", "energy.steam", False), ("energy.heating", "energy.heat", False),
        ("custom.branch.leaf", "custom.branch", True), ("custom.branchy", "custom.branch", False),
    ],
)
def test_is_under(code, prefix, expected):
    assert is_under(code, prefix) is expected


def test_docstring_examples_hold():
    import doctest

    from veturi.engine import reference

    assert doctest.testmod(reference, optionflags=doctest.ELLIPSIS).failed == 0
