"""Business identifiers: the Finnish Y-tunnus and EU VAT numbers.

The Finnish business ID (Y-tunnus) is seven digits, a hyphen and a check digit. The check
digit is computed from the seven digits with the weights 7, 9, 10, 5, 8, 4, 2: the weighted
sum is divided by 11; a remainder of 0 gives the check digit 0, a remainder of 1 is never
issued (such a number is invalid) and any other remainder ``r`` gives ``11 - r``.

Spreadsheets and registries write the same ID in several ways; :func:`normalise_business_id`
accepts them all and returns the one canonical form ``"1234567-8"``:

- ``"0112038-9"`` (canonical), ``"01120389"`` (no hyphen),
- ``"112038-9"`` (the old six-digit form from before 1991, a leading zero added),
- ``"FI01120389"`` (the Finnish VAT number, ``"FI"`` + the eight digits without hyphen).

Foreign organisations carry their VAT number; :func:`normalise_foreign_id` checks its country
prefix and the characters and length allowed in that country (a light check: no checksums).
"""

from __future__ import annotations

import re

__all__ = [
    "EU_VAT_PATTERNS",
    "business_id_check_digit",
    "business_id_to_vat",
    "is_valid_business_id",
    "normalise_business_id",
    "normalise_foreign_id",
]

_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)

# Body of a Y-tunnus once spaces are gone: six or seven digits, an optional hyphen, one digit.
_BUSINESS_ID_FORM = re.compile(r"^(?:FI)?(\d{6,7})-?(\d)$")

# What may follow the country prefix of an EU VAT number (after spaces, dots and hyphens are
# dropped). Lengths and letters as published for the VIES service; no checksums are verified.
EU_VAT_PATTERNS: dict[str, str] = {
    "AT": r"U\d{8}",
    "BE": r"[01]\d{9}",
    "BG": r"\d{9,10}",
    "CY": r"\d{8}[A-Z]",
    "CZ": r"\d{8,10}",
    "DE": r"\d{9}",
    "DK": r"\d{8}",
    "EE": r"\d{9}",
    "EL": r"\d{9}",
    "ES": r"[A-Z0-9]\d{7}[A-Z0-9]",
    "FI": r"\d{8}",
    "FR": r"[A-HJ-NP-Z0-9]{2}\d{9}",
    "HR": r"\d{11}",
    "HU": r"\d{8}",
    "IE": r"\d[A-Z0-9+*]\d{5}[A-W][A-I]?",
    "IT": r"\d{11}",
    "LT": r"\d{9}|\d{12}",
    "LU": r"\d{8}",
    "LV": r"\d{11}",
    "MT": r"\d{8}",
    "NL": r"\d{9}B\d{2}",
    "PL": r"\d{10}",
    "PT": r"\d{9}",
    "RO": r"\d{2,10}",
    "SE": r"\d{10}01",
    "SI": r"\d{8}",
    "SK": r"\d{10}",
    "XI": r"\d{9}|\d{12}|GD\d{3}|HA\d{3}",
}

# ISO 3166 codes whose VAT prefix differs from the country code.
_VAT_PREFIX_FOR_COUNTRY = {"GR": "EL"}


def business_id_check_digit(first_seven_digits: str) -> int | None:
    """Return the check digit of a Y-tunnus, or None when no valid ID has these digits.

    Parameters
    ----------
    first_seven_digits : str
        The seven digits before the hyphen.

    Returns
    -------
    int or None
        The check digit; None when the weighted sum leaves remainder 1 (never issued).

    Examples
    --------
    >>> business_id_check_digit("0112038")
    9
    >>> business_id_check_digit("0000006") is None  # 6 * 2 = 12 leaves remainder 1
    True
    """
    if len(first_seven_digits) != 7 or not first_seven_digits.isdigit():
        raise ValueError(
            f"first_seven_digits must be exactly 7 digits, got {first_seven_digits!r}"
        )
    weighted_sum = sum(int(d) * w for d, w in zip(first_seven_digits, _CHECK_WEIGHTS))
    remainder = weighted_sum % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise_business_id(text: str) -> str:
    """Return a Finnish business ID (Y-tunnus) in the canonical form ``"1234567-8"``.

    Accepts the canonical form, the form without hyphen, the old six-digit form (a leading
    zero is added) and the Finnish VAT number ``"FI12345678"``; spaces are ignored.

    Parameters
    ----------
    text : str
        The business ID as written.

    Returns
    -------
    str
        Seven digits, a hyphen and the check digit.

    Raises
    ------
    ValueError
        When the text is not of the form of a business ID, or when its check digit is wrong
        (the message gives the expected check digit), or when no valid ID has these digits.

    Examples
    --------
    >>> normalise_business_id("0112038-9")
    '0112038-9'
    >>> normalise_business_id("FI02116752")
    '0211675-2'
    >>> normalise_business_id("112038-9")
    '0112038-9'
    >>> normalise_business_id("0112038-1")
    Traceback (most recent call last):
    ...
    ValueError: business ID '0112038-1' has a wrong check digit: expected 9, got 1
    """
    if not isinstance(text, str):
        raise ValueError(f"business ID must be text, got {type(text).__name__}")
    compact = re.sub(r"\s+", "", text).upper()
    match = _BUSINESS_ID_FORM.match(compact)
    if match is None:
        raise ValueError(
            f"business ID {text!r} is not of the form 1234567-8 "
            "(7 digits, hyphen, check digit; or FI12345678)"
        )
    digits, given_check = match.groups()
    if compact.startswith("FI") and (len(digits) != 7 or "-" in compact):
        raise ValueError(
            f"business ID {text!r} is not a Finnish VAT number of the form FI12345678"
        )
    digits = digits.zfill(7)
    expected_check = business_id_check_digit(digits)
    if expected_check is None:
        raise ValueError(
            f"business ID {text!r} is invalid: the digits {digits} give remainder 1, "
            "for which no check digit exists"
        )
    if int(given_check) != expected_check:
        raise ValueError(
            f"business ID {text!r} has a wrong check digit: "
            f"expected {expected_check}, got {given_check}"
        )
    return f"{digits}-{given_check}"


def is_valid_business_id(text: object) -> bool:
    """Say whether ``text`` is a valid Finnish business ID in any accepted form.

    Examples
    --------
    >>> is_valid_business_id("0211675-2")
    True
    >>> is_valid_business_id("0211675-3")
    False
    """
    if not isinstance(text, str):
        return False
    try:
        normalise_business_id(text)
    except ValueError:
        return False
    return True


def business_id_to_vat(text: str) -> str:
    """Return the Finnish VAT number (``"FI"`` + 8 digits) of a business ID.

    Examples
    --------
    >>> business_id_to_vat("0112038-9")
    'FI01120389'
    """
    return "FI" + normalise_business_id(text).replace("-", "")


def normalise_foreign_id(text: str, country: str) -> str:
    """Return an organisation's VAT number with its country prefix, spaces and dots removed.

    For EU member states (and Northern Ireland, ``XI``) the part after the prefix must have
    the characters and length that country issues; Greece uses the prefix ``EL`` (``GR`` is
    accepted as the country). A Finnish number is checked in full (check digit included). For
    countries outside the EU only letters and digits are required (4 to 20 of them).

    Parameters
    ----------
    text : str
        The VAT number, with or without its country prefix.
    country : str
        The ISO 3166 alpha-2 code of the country that issued it, e.g. ``"DE"``.

    Returns
    -------
    str
        The prefix followed by the number, upper case, e.g. ``"DE123456789"``.

    Raises
    ------
    ValueError
        When the country code is not two letters, the prefix names another country, or the
        number has characters or a length that country does not issue.

    Examples
    --------
    >>> normalise_foreign_id("DE 123 456 789", "de")
    'DE123456789'
    >>> normalise_foreign_id("123456789B01", "NL")
    'NL123456789B01'
    >>> normalise_foreign_id("SE123", "SE")
    Traceback (most recent call last):
    ...
    ValueError: VAT number 'SE123' is not valid for SE: after the prefix SE it must match \\d{10}01
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("VAT number must be non-empty text")
    if not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        raise ValueError(f"country must be a two-letter ISO 3166 code, got {country!r}")
    country_code = country.strip().upper()
    prefix = _VAT_PREFIX_FOR_COUNTRY.get(country_code, country_code)
    compact = re.sub(r"[\s.\-]+", "", text).upper()
    if compact[:2].isalpha() and compact[:2] != prefix and compact[:2] in EU_VAT_PATTERNS:
        raise ValueError(
            f"VAT number {text!r} starts with {compact[:2]} but the country is {country_code}"
        )
    body = compact[2:] if compact.startswith(prefix) else compact
    if prefix == "FI":
        return "FI" + normalise_business_id("FI" + body).replace("-", "")
    pattern = EU_VAT_PATTERNS.get(prefix)
    if pattern is None:
        if not re.fullmatch(r"[A-Z0-9]{4,20}", body):
            raise ValueError(
                f"ID {text!r} for {country_code} must be 4 to 20 letters or digits "
                "after the country prefix"
            )
        return prefix + body
    if not re.fullmatch(pattern, body):
        raise ValueError(
            f"VAT number {text!r} is not valid for {country_code}: "
            f"after the prefix {prefix} it must match {pattern}"
        )
    return prefix + body
