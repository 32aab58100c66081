"""Quantities of resource streams in canonical per-year units.

Companies give stream quantities in whatever unit their own books use: ``"kg/d"``, ``"m³/h"``,
``"MW"``, ``"tonnia/vuosi"``. Veturi stores every quantity in one canonical unit per dimension,
so that streams can be compared, matched and summed:

=================  ===========  ==========================================================
dimension          canonical    accepted for example
=================  ===========  ==========================================================
``mass_flow``      ``t/a``      t/a, t/v, tonnia/vuosi, kg/d, kg/vrk, t/h, t/kk, kt/a, t
``energy_flow``    ``MWh/a``    MWh/a, GWh/v, kWh/kk, GJ/a, MW, kW (power), MWh
``volume_flow``    ``m3/a``     m3/a, m³/h, m3/d, l/s, l/min, Nm3/h, m3
``service_hours``  ``h/a``      h/a, h/v, tuntia/vuosi, h/kk, htp/a (person-days), h
``count_flow``     ``pcs/a``    pcs/a, kpl/v, kpl/kk, loads/week, pcs
``area_capacity``  ``m2``       m2, m², ha (a capacity such as storage area: not per year)
=================  ===========  ==========================================================

Assumptions, documented in ``docs/reference-data.md``:

- A **rate** (power, or anything per hour, per day, per week or per month) becomes a per-year
  amount over the months the stream is available, assuming continuous operation in those
  months: a year is 8760 hours, a month 730 hours; ``x kg/d`` over 6 months is
  ``x * 24 * 365 / 2 / 1000 t/a``.
- An amount **per year** is already an annual amount: ``months_available`` does not change it.
- A **plain amount** without a time base (``"t"``, ``"MWh"``, ``"m3"``) is read as the amount
  per year, since Veturi asks for yearly quantities.
- ``Nm3`` (normal cubic metre, gas at 0 °C and 1 atm) counts as ``m3``: the reference
  conditions are the stream's quality, not its volume unit.
- ``t`` and ``ton``/``tonni`` are the metric tonne (1000 kg), never the US short ton.
- Hours in the numerator (``"h/a"``) are service hours, a dimension of their own; a ratio of
  other times (``"d/a"``) is refused as ambiguous.
- Temperatures, pressures, lengths, percentages and the like have no per-year meaning and are
  refused with a message that says so.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

__all__ = [
    "CANONICAL_UNITS",
    "CanonicalQuantity",
    "UnitError",
    "canonical_unit_for",
    "to_canonical",
    "unit_registry",
]

HOURS_PER_YEAR = 8760

CANONICAL_UNITS: tuple[str, ...] = ("t/a", "MWh/a", "m3/a", "h/a", "pcs/a", "m2")


class UnitError(ValueError):
    """A unit that Veturi cannot read, or that has no per-year meaning for a stream."""


@dataclass(frozen=True)
class CanonicalQuantity:
    """A stream quantity in its canonical unit.

    ``unit`` is one of :data:`CANONICAL_UNITS`; ``dimension`` names what it measures
    (``"mass_flow"``, ``"energy_flow"``, ``"volume_flow"``, ``"service_hours"``,
    ``"count_flow"`` or ``"area_capacity"``).
    """

    value: float
    unit: str
    dimension: str


@dataclass(frozen=True)
class _Dimension:
    name: str
    canonical_unit: str
    pint_amount: str  # the canonical unit's amount, without the per-year part
    per_year: bool


_DIMENSIONS = (
    _Dimension("mass_flow", "t/a", "tonne", True),
    _Dimension("energy_flow", "MWh/a", "megawatt_hour", True),
    _Dimension("volume_flow", "m3/a", "meter ** 3", True),
    _Dimension("service_hours", "h/a", "service_hour", True),
    _Dimension("count_flow", "pcs/a", "piece", True),
    _Dimension("area_capacity", "m2", "meter ** 2", False),
)

# Why a unit with a known dimension still has no per-year meaning, keyed by its dimensionality.
_NO_PER_YEAR_MEANING = {
    "[temperature]": "it is a temperature",
    "[mass] / [length] / [time] ** 2": "it is a pressure",
    "[length]": "it is a length",
    "[length] / [time]": "it is a speed",
    "[time]": "it is a duration (service hours are written 'h/a')",
    "dimensionless": "it is a ratio or percentage (service time is written in hours: 'h/a')",
    "[mass] / [length] ** 3": "it is a density or concentration",
    "[length] ** 2 / [time]": "an area per time is not a stream quantity",
    "[current] * [time]": "it is an electric charge ('C' for Celsius is written '°C')",
}

# Words companies write for units, mapped to expressions of the shared registry. Keys are
# lower case; the symbols whose case matters (MW vs mW, t vs T) are resolved before this.
_WORD_ALIASES = {
    # mass: tonne is always metric
    "t": "tonne", "tn": "tonne", "ton": "tonne", "tons": "tonne", "tonne": "tonne",
    "tonnes": "tonne", "tonni": "tonne", "tonnia": "tonne", "tonnes/yr": "tonne",
    "kt": "kilotonne", "mt": "megatonne", "kg": "kilogram", "kilo": "kilogram",
    "kiloa": "kilogram", "kilogramma": "kilogram", "kilogrammaa": "kilogram", "g": "gram",
    # time bases
    "a": "vyear", "y": "vyear", "yr": "vyear", "yrs": "vyear", "year": "vyear",
    "years": "vyear", "annum": "vyear", "pa": "vyear", "v": "vyear", "vuosi": "vyear",
    "vuodessa": "vyear", "vuosittain": "vyear", "vuotta": "vyear", "vuoden": "vyear",
    "kk": "vmonth", "kuukausi": "vmonth", "kuukaudessa": "vmonth", "kuukausittain": "vmonth",
    "month": "vmonth", "months": "vmonth", "mo": "vmonth", "mon": "vmonth", "kuu": "vmonth",
    "vko": "vweek", "viikko": "vweek", "viikossa": "vweek", "wk": "vweek", "week": "vweek",
    "weeks": "vweek",
    "d": "vday", "day": "vday", "days": "vday", "vrk": "vday", "pv": "vday", "päivä": "vday",
    "päivässä": "vday", "vuorokausi": "vday", "vuorokaudessa": "vday",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "tunti": "hour", "tunnissa": "hour", "tuntia": "hour",
    "min": "minute", "minute": "minute", "minuutti": "minute", "minuutissa": "minute",
    "s": "second", "sec": "second", "second": "second", "sekunti": "second",
    "sekunnissa": "second",
    # volume
    "l": "liter", "ltr": "liter", "litre": "liter", "litres": "liter", "liter": "liter",
    "liters": "liter", "litra": "liter", "litraa": "liter",
    "nm3": "normal_cubic_meter", "m3n": "normal_cubic_meter", "m3": "meter ** 3",
    "kuutio": "meter ** 3", "kuutiota": "meter ** 3", "i-m3": "meter ** 3",
    "m2": "meter ** 2", "neliö": "meter ** 2", "neliötä": "meter ** 2", "ha": "hectare",
    # counts
    "pcs": "piece", "pc": "piece", "piece": "piece", "pieces": "piece", "kpl": "piece",
    "kappale": "piece", "kappaletta": "piece", "units": "piece", "load": "piece",
    "loads": "piece", "kuorma": "piece", "kuormaa": "piece", "trips": "piece",
    "trip": "piece",
    # service time
    "htp": "person_day", "henkilötyöpäivä": "person_day", "person_day": "person_day",
    "person_days": "person_day",
    # units that are refused later, named so that the message can say why
    "°c": "degree_Celsius", "degc": "degree_Celsius", "astetta": "degree_Celsius",
    "celsius": "degree_Celsius", "c": "degree_Celsius", "°": "degree_Celsius",
    "barg": "bar", "bara": "bar", "baaria": "bar", "%": "percent",
    "prosenttia": "percent",
}

# Time words that, in the numerator, count service hours rather than a duration.
_SERVICE_TIME_WORDS = {"h", "hr", "hrs", "hour", "hours", "tunti", "tuntia"}

_ENERGY_SYMBOL = re.compile(r"^([kKmMgGtT]?)[wW]([hH]?)$")
_ENERGY_PREFIX = {"": "", "k": "k", "K": "k", "m": "M", "M": "M", "g": "G", "G": "G",
                  "t": "T", "T": "T"}
_TOKEN = re.compile(r"[^\s/*^()]+|[/*^()]")


@lru_cache(maxsize=1)
def unit_registry() -> pint.UnitRegistry:
    """Return the one pint registry Veturi uses, with its extra definitions.

    Examples
    --------
    >>> unit_registry().parse_units("tonne / vyear")
    <Unit('metric_ton / vyear')>
    """
    # pint is imported here, not at the top: it takes about 0.6 s, and every `veturi` command
    # and Django start imports this module whether or not it converts a unit.
    import pint

    registry = pint.UnitRegistry()
    # A year of 8760 h (not pint's Julian 8766 h) so that 12 months of a monthly amount
    # give exactly the annual amount and 1 MW all year is the usual 8760 MWh.
    registry.define("vyear = 8760 * hour")
    registry.define("vmonth = vyear / 12")
    registry.define("vweek = 168 * hour")
    registry.define("vday = 24 * hour")
    registry.define("service_hour = [service_time]")
    # A Finnish person-day (henkilötyöpäivä) is 7.5 working hours.
    registry.define("person_day = 7.5 * service_hour")
    registry.define("piece = [piece_count]")
    registry.define("normal_cubic_meter = meter ** 3")
    return registry


def _expression_for(unit: str) -> str:
    """Rewrite a unit as written by a company into an expression of the shared registry."""
    text = unit.strip()
    for written, plain in (("³", "3"), ("²", "2"), ("⁻¹", "^-1"), ("·", "*"), ("×", "*"),
                           ("−", "-"), ("\u00a0", " ")):
        text = text.replace(written, plain)
    text = re.sub(r"\s+per\s+", "/", text, flags=re.IGNORECASE)
    # "bar(g)" and "bar(a)" name the reference, not a unit; gauge or absolute is a quality.
    text = re.sub(r"bar\s*\(\s*[gaGA]\s*\)", "bar", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"(?<=\w)-1\b", "^-1", text)
    parts: list[str] = []
    in_denominator = False
    for token in _TOKEN.findall(text):
        if token in "/*^()":
            if token == "/":
                in_denominator = True
            parts.append(token)
            continue
        if re.fullmatch(r"-?\d+(\.\d+)?", token):
            parts.append(token)
            continue
        parts.append(_rewrite_word(token, in_denominator))
    return " ".join(parts)


def _rewrite_word(word: str, in_denominator: bool) -> str:
    energy = _ENERGY_SYMBOL.match(word)
    if energy and word not in ("t", "T", "mW"):
        prefix, hour = energy.groups()
        return f"{_ENERGY_PREFIX[prefix]}W{'h' if hour else ''}"
    lower = word.lower()
    if not in_denominator and lower in _SERVICE_TIME_WORDS:
        return "service_hour"
    if lower in _WORD_ALIASES:
        return _WORD_ALIASES[lower]
    # "m3", "km2": a symbol with its exponent glued on
    glued = re.fullmatch(r"([A-Za-z]+)([23])", word)
    if glued:
        return f"{_WORD_ALIASES.get(glued.group(1).lower(), glued.group(1))} ** {glued.group(2)}"
    return word


def _parse(unit: str) -> pint.Unit:
    if not isinstance(unit, str) or not unit.strip():
        raise UnitError(f"unit must be non-empty text, got {unit!r}")
    registry = unit_registry()
    import pint  # already loaded by unit_registry()

    try:
        parsed = registry.parse_units(_expression_for(unit))
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError,
            AttributeError, TypeError, ValueError, AssertionError, tokenize.TokenError, SyntaxError) as error:
        # pint reads units with Python's tokenizer: an unclosed bracket or quote is a TokenError.
        raise UnitError(f"unknown unit {unit!r}: Veturi cannot read it ({error})") from None
    if not isinstance(parsed, pint.Unit):
        raise UnitError(f"unknown unit {unit!r}: it is a number, not a unit")
    return parsed


def _dimension_of(unit: str, parsed: pint.Unit) -> tuple[_Dimension, bool]:
    """Return the dimension a unit measures and whether it is a rate (amount per time)."""
    registry = unit_registry()
    dimensionality = parsed.dimensionality
    for dimension in _DIMENSIONS:
        amount = registry.parse_units(dimension.pint_amount).dimensionality
        if dimensionality == amount:
            return dimension, False
        if dimension.per_year and dimensionality == amount / registry.hour.dimensionality:
            return dimension, True
    reason = _NO_PER_YEAR_MEANING.get(str(dimensionality))
    if reason is None:
        area = registry.parse_units("meter ** 2").dimensionality
        reason = (
            "an area is a capacity and takes no time base: write 'm2'"
            if dimensionality == area / registry.hour.dimensionality
            else f"its dimension {dimensionality} is not a stream quantity"
        )
    raise UnitError(f"unit {unit!r} has no per-year meaning for a stream: {reason}")


def canonical_unit_for(unit: str) -> str:
    """Return the canonical Veturi unit that quantities in ``unit`` are stored in.

    Parameters
    ----------
    unit : str
        A unit as written, e.g. ``"kg/d"`` or ``"MW"``.

    Returns
    -------
    str
        One of :data:`CANONICAL_UNITS`.

    Raises
    ------
    UnitError
        When the unit is unknown or has no per-year meaning.

    Examples
    --------
    >>> canonical_unit_for("kg/vrk")
    't/a'
    >>> canonical_unit_for("MW")
    'MWh/a'
    >>> canonical_unit_for("bar")
    Traceback (most recent call last):
    ...
    veturi.engine.units.UnitError: unit 'bar' has no per-year meaning for a stream: it is a pressure
    """
    dimension, _ = _dimension_of(unit, _parse(unit))
    return dimension.canonical_unit


def to_canonical(value: float, unit: str, *, months_available: int = 12) -> CanonicalQuantity:
    """Convert a stream quantity to its canonical per-year unit.

    Parameters
    ----------
    value : float
        The quantity as given (int, float, Decimal or a numpy number); must be finite and
        zero or more.
    unit : str
        Its unit as written, in English or Finnish (``"t/a"``, ``"tonnia/vuosi"``,
        ``"m³/h"``, ``"MW"``, ``"kWh/kk"``, ``"kpl/v"``, ...).
    months_available : int, default 12
        Months of the year the stream is available (1 to 12). A rate (power, or an amount
        per hour, day, week or month) is summed over these months, running continuously in
        them; an amount already per year, or a plain amount, is not scaled.

    Returns
    -------
    CanonicalQuantity
        The value in the canonical unit of its dimension.

    Raises
    ------
    UnitError
        For an unknown unit (naming it), a unit with no per-year meaning (saying why), or a
        negative, infinite or missing value; ``months_available`` out of range raises it too.

    Examples
    --------
    >>> to_canonical(10, "t/d")
    CanonicalQuantity(value=3650.0, unit='t/a', dimension='mass_flow')
    >>> to_canonical(10, "t/d", months_available=6).value
    1825.0
    >>> to_canonical(2, "MW").value
    17520.0
    >>> to_canonical(1500, "tonnia/vuosi", months_available=6).value
    1500.0
    """
    if isinstance(months_available, bool) or not isinstance(months_available, int):
        raise UnitError(f"months_available must be a whole number, got {months_available!r}")
    if not 1 <= months_available <= 12:
        raise UnitError(f"months_available must be between 1 and 12, got {months_available}")
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, decimal.Decimal)):
        raise UnitError(f"value must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise UnitError(f"value must be a finite number, got {value!r}")
    if value < 0:
        raise UnitError(f"value must not be negative, got {value!r} {unit}")
    dimension, scaling, factor = _conversion(unit)
    converted = value * factor
    if scaling == "rate":
        converted *= months_available / 12
    # 12 significant digits drop the binary noise of the conversion factors (3649.9999...).
    return CanonicalQuantity(
        value=float(f"{converted:.12g}"), unit=dimension.canonical_unit, dimension=dimension.name
    )


@lru_cache(maxsize=4096)
def _conversion(unit: str) -> tuple[_Dimension, str, float]:
    """How one `unit` converts: its dimension, "amount", "per_year" or "rate", and the factor.

    Cached by the unit's text: a bulk import reads the same few units thousands of times, and
    parsing with pint is what costs. Every Veturi unit is multiplicative, so a factor suffices.
    """
    parsed = _parse(unit)
    dimension, is_rate = _dimension_of(unit, parsed)
    one = unit_registry().Quantity(1.0, parsed)
    if not is_rate:
        return dimension, "amount", float(one.to(dimension.pint_amount).magnitude)
    if _is_per_year(parsed):
        return dimension, "per_year", float(one.to(f"({dimension.pint_amount}) / vyear").magnitude)
    per_hour = float(one.to(f"({dimension.pint_amount}) / hour").magnitude)
    return dimension, "rate", per_hour * HOURS_PER_YEAR


def _is_per_year(parsed: pint.Unit) -> bool:
    return any(name == "vyear" and exponent < 0 for name, exponent in parsed._units.items())
