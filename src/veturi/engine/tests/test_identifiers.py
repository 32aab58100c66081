"""Finnish business IDs (Y-tunnus) and EU VAT numbers."""

import pytest

from veturi.engine.identifiers import (
    business_id_check_digit,
    business_id_to_vat,
    is_valid_business_id,
    normalise_business_id,
    normalise_foreign_id,
)


def _check_digit_by_hand(seven: str) -> int | None:
    # The rule as the Finnish Tax Administration states it, written out independently.
    total = sum(int(seven[i]) * (7, 9, 10, 5, 8, 4, 2)[i] for i in range(7))
    remainder = total % 11
    return {0: 0, 1: None}.get(remainder, 11 - remainder)


@pytest.mark.parametrize(
    "public_id",
    [
        "0112038-9",  # Nokia Oyj: 0*7+1*9+1*10+2*5+0*8+3*4+8*2 = 57, 57 % 11 = 2, 11-2 = 9
        "0211675-2",  # City of Tampere: weighted sum 119, 119 % 11 = 9, 11-9 = 2
    ],
)
def test_it_accepts_public_business_ids(public_id):
    assert normalise_business_id(public_id) == public_id
    assert is_valid_business_id(public_id)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("0112038-9", "0112038-9"),
        (" 0112038-9 ", "0112038-9"),
        ("01120389", "0112038-9"),
        ("112038-9", "0112038-9"),  # old six-digit form
        ("FI01120389", "0112038-9"),  # VAT form
        ("fi 0211 6752", "0211675-2"),
    ],
)
def test_it_normalises_accepted_forms(written, expected):
    assert normalise_business_id(written) == expected


def test_it_names_the_expected_check_digit():
    with pytest.raises(ValueError, match="wrong check digit: expected 9, got 8"):
        normalise_business_id("0112038-8")


def test_it_refuses_the_remainder_one_case():
    # 0000006: weighted sum 6 * 2 = 12, remainder 1: no check digit is ever issued.
    assert business_id_check_digit("0000006") is None
    for digit in "0123456789":
        with pytest.raises(ValueError, match="remainder 1"):
            normalise_business_id(f"0000006-{digit}")


@pytest.mark.parametrize("bad", ["", "12345", "1234567-89", "ABCDEFG-1", "1234567–8x",
                                 "FI0112038-9", "SE01120389"])
def test_it_reports_format_errors(bad):
    with pytest.raises(ValueError, match="not of the form|not a Finnish VAT"):
        normalise_business_id(bad)
    assert not is_valid_business_id(bad)


def test_is_valid_business_id_is_false_for_non_text():
    assert not is_valid_business_id(1120389)
    assert not is_valid_business_id(None)


def test_check_digit_agrees_with_the_rule_on_every_thousandth_number():
    for number in range(0, 10_000_000, 9_973):
        seven = f"{number:07d}"
        assert business_id_check_digit(seven) == _check_digit_by_hand(seven)
        expected = _check_digit_by_hand(seven)
        if expected is not None:
            assert is_valid_business_id(f"{seven}-{expected}")
            assert not is_valid_business_id(f"{seven}-{(expected + 1) % 10}")


def test_business_id_to_vat():
    assert business_id_to_vat("0211675-2") == "FI02116752"


@pytest.mark.parametrize(
    "text, country, expected",
    [
        ("DE123456789", "DE", "DE123456789"),
        ("123456789", "de", "DE123456789"),
        ("SE 5560000000 01", "SE", "SE556000000001"),
        ("ATU12345678", "AT", "ATU12345678"),
        ("123456789", "GR", "EL123456789"),
        ("EL123456789", "GR", "EL123456789"),
        ("NL123456789B01", "NL", "NL123456789B01"),
        ("FR 4X 123456789", "FR", "FR4X123456789"),
        ("FI01120389", "FI", "FI01120389"),
        ("0112038-9", "FI", "FI01120389"),
        ("NO923609016MVA", "NO", "NO923609016MVA"),
    ],
)
def test_it_normalises_foreign_ids(text, country, expected):
    assert normalise_foreign_id(text, country) == expected


@pytest.mark.parametrize(
    "text, country, message",
    [
        ("DE12345678", "DE", "not valid for DE"),
        ("SE123456789012", "SE", "not valid for SE"),
        ("DE123456789", "SE", "starts with DE but the country is SE"),
        ("123", "Germany", "two-letter ISO 3166 code"),
        ("", "DE", "non-empty"),
        ("FI01120388", "FI", "expected 9"),
        ("12#4", "US", "letters or digits"),
    ],
)
def test_it_refuses_bad_foreign_ids_with_a_clear_message(text, country, message):
    with pytest.raises(ValueError, match=message):
        normalise_foreign_id(text, country)


def test_docstring_examples_hold():
    import doctest

    from veturi.engine import identifiers

    assert doctest.testmod(identifiers, optionflags=doctest.ELLIPSIS).failed == 0
