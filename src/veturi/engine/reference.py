"""Reference data: the European List of Waste, NACE Rev. 2, the Veturi resource taxonomy and
emission factors.

Every table is read from the CSV files shipped in ``veturi/data`` (see ``data/SOURCES.md``
for their origin and licence) on first use, through :mod:`importlib.resources` so that it
works from an installed wheel, and cached for the life of the process.

Codes are hierarchical in all three classifications, and :func:`is_under` answers "is this
code inside that branch?" for any of them:

- EWC codes are spaced digit pairs: chapter ``"10"``, sub-chapter ``"10 01"``, entry
  ``"10 01 01"``;
- NACE codes are a section letter ``"C"``, division ``"10"``, group ``"10.1"`` and class
  ``"10.11"``; the section is the parent of its divisions;
- taxonomy codes are dotted lower-case paths, ``"energy.heat.t60_90"``, whose prefixes are
  their parents.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = [
    "TAXONOMY_KINDS",
    "EmissionFactor",
    "EwcEntry",
    "NaceEntry",
    "TaxonomyEntry",
    "emission_factors",
    "ewc_codes",
    "is_under",
    "nace_codes",
    "normalise_ewc_code",
    "normalise_nace_code",
    "normalise_taxonomy_code",
    "taxonomy",
]

TAXONOMY_KINDS: tuple[str, ...] = (
    "material", "energy", "water", "by_product", "service", "logistics",
)


@dataclass(frozen=True)
class EwcEntry:
    """One code of the European List of Waste.

    ``level`` is ``"chapter"``, ``"subchapter"`` or ``"entry"``; ``parent`` is the spaced code
    of the level above (empty for a chapter); ``hazardous`` is True for the entries marked
    with an asterisk in the list (always False for chapters and sub-chapters).
    """

    code: str
    level: str
    parent: str
    description: str
    hazardous: bool


@dataclass(frozen=True)
class NaceEntry:
    """One code of NACE Rev. 2: ``level`` 1 to 4 is section, division, group, class."""

    code: str
    level: int
    level_name: str
    parent: str
    title: str


@dataclass(frozen=True)
class TaxonomyEntry:
    """One node of the Veturi resource taxonomy (see ``docs/taxonomy.md``)."""

    code: str
    parent: str
    kind: str
    name_en: str
    name_fi: str
    default_unit: str
    description: str


@dataclass(frozen=True)
class EmissionFactor:
    """One emission factor with the source it was taken from."""

    id: str
    category: str
    item: str
    value: float
    unit: str
    basis: str
    year: int | None
    region: str
    source: str
    source_url: str
    terms: str
    verification: str
    notes: str


def _read_rows(file_name: str) -> list[dict[str, str]]:
    data_file = resources.files("veturi").joinpath("data", file_name)
    with data_file.open("r", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def ewc_codes() -> dict[str, EwcEntry]:
    """Return every chapter, sub-chapter and entry of the European List of Waste.

    Returns
    -------
    dict of str to EwcEntry
        Keyed by the spaced code: ``"10"``, ``"10 01"``, ``"10 01 01"``.

    Examples
    --------
    >>> ewc_codes()["10 01 03"].description
    'fly ash from peat and untreated wood'
    >>> ewc_codes()["19 01 13"].hazardous
    True
    """
    entries = {}
    for row in _read_rows("ewc_list_of_waste_2014.csv"):
        entries[row["code"]] = EwcEntry(
            code=row["code"],
            level=row["level"],
            parent=row["parent"],
            description=row["description_en"],
            hazardous=row["hazardous"] == "true",
        )
    return entries


def normalise_ewc_code(text: str) -> str:
    """Return a European List of Waste code in its spaced form, ``"10 01 01"``.

    Accepts ``"100101"``, ``"10 01 01"``, ``"10 01 01*"``, ``"10.01.01"`` and
    ``"10-01-01"``; chapters (``"10"``) and sub-chapters (``"10 01"``) too. The asterisk that
    marks hazardous entries is dropped: hazard comes from the list, not from the text.

    Raises
    ------
    ValueError
        When the text is not a code of the list.

    Examples
    --------
    >>> normalise_ewc_code("100101")
    '10 01 01'
    >>> normalise_ewc_code("19.01.13*")
    '19 01 13'
    >>> normalise_ewc_code("99 99 99")
    Traceback (most recent call last):
    ...
    ValueError: unknown European List of Waste code '99 99 99'
    """
    if not isinstance(text, str):
        raise ValueError(f"European List of Waste code must be text, got {text!r}")
    digits = re.sub(r"[\s.\-*]", "", text)
    if not re.fullmatch(r"\d{2}|\d{4}|\d{6}", digits):
        raise ValueError(f"unknown European List of Waste code {text!r}")
    code = " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))
    if code not in ewc_codes():
        raise ValueError(f"unknown European List of Waste code {text!r}")
    return code


@lru_cache(maxsize=1)
def nace_codes() -> dict[str, NaceEntry]:
    """Return every section, division, group and class of NACE Rev. 2.

    Returns
    -------
    dict of str to NaceEntry
        Keyed by the code as Eurostat writes it: ``"C"``, ``"10"``, ``"10.1"``, ``"10.11"``.

    Examples
    --------
    >>> nace_codes()["38.32"].title
    'Recovery of sorted materials'
    >>> nace_codes()["38"].parent
    'E'
    """
    return {
        row["code"]: NaceEntry(
            code=row["code"],
            level=int(row["level"]),
            level_name=row["level_name"],
            parent=row["parent"],
            title=row["description_en"],
        )
        for row in _read_rows("nace_rev2.csv")
    }


@lru_cache(maxsize=1)
def _nace_by_compact_code() -> dict[str, str]:
    return {code.replace(".", ""): code for code in nace_codes()}


def normalise_nace_code(text: str) -> str:
    """Return a NACE Rev. 2 code as Eurostat writes it (``"01.11"``).

    Accepts the dotted code (``"01.11"``), the code without dots (``"0111"``, which is also
    the Finnish TOL 2008 four-digit code), a TOL 2008 five-digit code (``"01110"``, mapped by
    its first four digits), a section letter (``"A"``), and a code preceded by its section
    letter (``"A01.11"``, ``"A 0111"``; the letter must be the section of the code).

    Raises
    ------
    ValueError
        When the code is not in NACE Rev. 2, or the section letter does not match it.

    Examples
    --------
    >>> normalise_nace_code("3832")
    '38.32'
    >>> normalise_nace_code("38320")
    '38.32'
    >>> normalise_nace_code("E 38.32")
    '38.32'
    >>> normalise_nace_code("c")
    'C'
    >>> normalise_nace_code("38.99")
    Traceback (most recent call last):
    ...
    ValueError: unknown NACE Rev. 2 code '38.99'
    """
    if not isinstance(text, str):
        raise ValueError(f"NACE Rev. 2 code must be text, got {text!r}")
    compact = re.sub(r"[\s.]", "", text).upper()
    if re.fullmatch(r"[A-U]", compact):
        return compact
    match = re.fullmatch(r"([A-U]?)(\d{2,5})", compact)
    if match is None:
        raise ValueError(f"unknown NACE Rev. 2 code {text!r}")
    section, digits = match.groups()
    # TOL 2008 adds a fifth, national digit to the NACE class.
    code = _nace_by_compact_code().get(digits[:4])
    if code is None or code.isalpha():
        raise ValueError(f"unknown NACE Rev. 2 code {text!r}")
    if section and _nace_section_of(code) != section:
        raise ValueError(
            f"NACE Rev. 2 code {text!r}: {code} belongs to section "
            f"{_nace_section_of(code)}, not {section}"
        )
    return code


def _nace_section_of(code: str) -> str:
    table = nace_codes()
    while table[code].parent:
        code = table[code].parent
    return code


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, TaxonomyEntry]:
    """Return the Veturi resource taxonomy keyed by code.

    Examples
    --------
    >>> taxonomy()["energy.heat.t60_90"].name_fi
    'Lämpö 60–90 °C'
    >>> taxonomy()["energy.heat.t60_90"].parent
    'energy.heat'
    """
    return {
        row["code"]: TaxonomyEntry(
            code=row["code"],
            parent=row["parent"],
            kind=row["kind"],
            name_en=row["name_en"],
            name_fi=row["name_fi"],
            default_unit=row["default_unit"],
            description=row["description"],
        )
        for row in _read_rows("taxonomy.csv")
    }


def normalise_taxonomy_code(text: str) -> str:
    """Return a Veturi taxonomy code in its stored lower-case form.

    Raises
    ------
    ValueError
        When the code is not in the taxonomy; the message suggests close codes.

    Examples
    --------
    >>> normalise_taxonomy_code(" Energy.Heat.T60_90 ")
    'energy.heat.t60_90'
    >>> normalise_taxonomy_code("energy.heat.t60")
    Traceback (most recent call last):
    ...
    ValueError: unknown Veturi taxonomy code 'energy.heat.t60' (did you mean energy.heat.t60_90?)
    """
    if not isinstance(text, str):
        raise ValueError(f"Veturi taxonomy code must be text, got {text!r}")
    code = text.strip().lower()
    entries = taxonomy()
    if code in entries:
        return code
    close = difflib.get_close_matches(code, entries, n=1, cutoff=0.8)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ValueError(f"unknown Veturi taxonomy code {text!r}{hint}")


@lru_cache(maxsize=1)
def emission_factors() -> dict[str, EmissionFactor]:
    """Return the emission factors keyed by their id, each with its source.

    Examples
    --------
    >>> factor = emission_factors()["fuel_natural_gas_ipcc"]
    >>> factor.value, factor.unit
    (56100.0, 'kg CO2/TJ')
    """
    factors = {}
    for line_number, row in enumerate(_read_rows("emission_factors_fi.csv"), start=2):
        try:
            value = float(row["value"])
        except ValueError:
            raise ValueError(
                f"emission_factors_fi.csv line {line_number}: value {row['value']!r} "
                "is not a number"
            ) from None
        year = row["year"].strip().lstrip("~")
        factors[row["id"]] = EmissionFactor(
            id=row["id"],
            category=row["category"],
            item=row["item"],
            value=value,
            unit=row["unit"],
            basis=row["basis"],
            year=int(year) if year.isdigit() else None,
            region=row["region"],
            source=row["source"],
            source_url=row["source_url"],
            terms=row["terms"],
            verification=row["verification"],
            notes=row["notes"],
        )
    return factors


def _table_of(code: str) -> dict | None:
    """Return the table a code belongs to, telling the schemes apart by the code's form.

    ``"10"`` is both an EWC chapter and a NACE division; a walk up from ``"10.11"`` must stay
    in NACE and one from ``"10 01 01"`` in the EWC, so the table is chosen once, at the start.
    """
    if code in taxonomy():
        return taxonomy()
    if re.fullmatch(r"[A-U]|\d{2}\.\d{1,2}", code):
        return nace_codes()
    if code in ewc_codes():
        return ewc_codes()
    if code in nace_codes():
        return nace_codes()
    return None


def is_under(code: str, prefix: str) -> bool:
    """Say whether ``code`` is ``prefix`` itself or lies below it in its hierarchy.

    Works for EWC, NACE and taxonomy codes. A trailing wildcard (``"10 01 *"``,
    ``"energy.heat.*"``, ``"C*"``) is allowed and ignored. Codes that are not in any of the
    tables fall back to a separator-aware prefix test, so ``"energy.heat"`` is under
    ``"energy"`` but ``"energy_x"`` is not.

    Examples
    --------
    >>> is_under("energy.heat.t60_90", "energy.heat")
    True
    >>> is_under("10 01 01", "10 *")
    True
    >>> is_under("10.11", "C")
    True
    >>> is_under("energy.heating", "energy.heat")
    False
    """
    if not isinstance(code, str) or not isinstance(prefix, str):
        return False
    prefix = re.sub(r"[\s.]*\*$", "", prefix.strip())
    code = code.strip()
    if not prefix:
        return True
    table = _table_of(code)
    if table is None:
        return code == prefix or (
            code.startswith(prefix) and code[len(prefix):len(prefix) + 1] in (".", " ")
        )
    current = code
    while current:
        if current == prefix:
            return True
        current = table[current].parent
    return False

