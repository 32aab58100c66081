"""Stream quantities to canonical per-year units."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veturi.engine.units import (
    CANONICAL_UNITS,
    CanonicalQuantity,
    UnitError,
    canonical_unit_for,
    to_canonical,
)


@pytest.mark.parametrize(
    "value, unit, expected, canonical",
    [
        (1200, "t/a", 1200, "t/a"),
        (1200, "t/yr", 1200, "t/a"),
        (1200, "t/v", 1200, "t/a"),
        (1200, "tonnia/vuosi", 1200, "t/a"),
        (1200, "tonnes per year", 1200, "t/a"),
        (3, "kt/a", 3000, "t/a"),
        (500, "kg/d", 500 * 365 / 1000, "t/a"),
        (500, "kg/vrk", 500 * 365 / 1000, "t/a"),
        (2, "t/h", 2 * 8760, "t/a"),
        (10, "t/kk", 120, "t/a"),
        (40, "m3/d", 40 * 365, "m3/a"),
        (5, "m³/h", 5 * 8760, "m3/a"),
        (2, "l/s", 2 * 3600 * 8760 / 1000, "m3/a"),
        (300, "Nm3/h", 300 * 8760, "m3/a"),
        (800, "MWh/a", 800, "MWh/a"),
        (3, "GWh/v", 3000, "MWh/a"),
        (1000, "GJ/a", 1000 / 3.6, "MWh/a"),
        (2, "MW", 2 * 8760, "MWh/a"),
        (250, "kW", 250 * 8.76, "MWh/a"),
        (4000, "kWh/kk", 48, "MWh/a"),
        (1500, "h/a", 1500, "h/a"),
        (100, "h/kk", 1200, "h/a"),
        (20, "htp/a", 150, "h/a"),
        (12, "pcs/a", 12, "pcs/a"),
        (12, "kpl/v", 12, "pcs/a"),
        (3, "kpl/kk", 36, "pcs/a"),
        (2500, "m2", 2500, "m2"),
        (1.5, "ha", 15000, "m2"),
        (70, "t", 70, "t/a"),
    ],
)
def test_it_converts_to_the_canonical_unit(value, unit, expected, canonical):
    result = to_canonical(value, unit)
    assert result.unit == canonical
    assert result.value == pytest.approx(expected, rel=1e-9)
    assert canonical_unit_for(unit) == canonical


def test_a_daily_rate_over_six_months_is_half_the_year():
    full_year = to_canonical(10, "t/d")
    half_year = to_canonical(10, "t/d", months_available=6)
    assert full_year == CanonicalQuantity(3650.0, "t/a", "mass_flow")
    assert half_year.value == pytest.approx(1825.0)


def test_power_is_summed_over_the_months_available():
    assert to_canonical(2, "MW", months_available=12).value == pytest.approx(17520)
    assert to_canonical(2, "MW", months_available=3).value == pytest.approx(4380)


def test_an_annual_amount_is_not_scaled_by_months_available():
    assert to_canonical(900, "t/a", months_available=4).value == pytest.approx(900)
    assert to_canonical(900, "MWh/v", months_available=4).value == pytest.approx(900)


def test_monthly_amounts_add_up_over_the_available_months():
    assert to_canonical(4000, "kWh/kk", months_available=5).value == pytest.approx(20)


@pytest.mark.parametrize("unit", ["KWh/a", "kwh/a", "MWH/a", "m3/vrk", "kg/pv", "tn/v",
                                  "kuutiota/vuosi", "t a-1", "t·a⁻¹", "l/min", "kpl/vko"])
def test_it_reads_common_spellings(unit):
    assert to_canonical(1, unit).unit in CANONICAL_UNITS


@pytest.mark.parametrize("unit", ["°C", "bar", "m", "%", "km/h", "kg/m3"])
def test_units_with_no_per_year_meaning_are_refused_with_the_reason(unit):
    with pytest.raises(UnitError, match=rf"unit '{unit}' has no per-year meaning"):
        to_canonical(1, unit)


def test_pressure_refusal_says_it_is_a_pressure():
    with pytest.raises(UnitError, match="it is a pressure"):
        to_canonical(10, "bar")
    with pytest.raises(UnitError, match="it is a temperature"):
        canonical_unit_for("°C")


@pytest.mark.parametrize("unit", ["widgets/a", "t/kausi", "xyz"])
def test_unknown_units_are_named_in_the_error(unit):
    with pytest.raises(UnitError, match=rf"unknown unit '{unit}'"):
        to_canonical(1, unit)


def test_it_accepts_decimal_and_numpy_values():
    from decimal import Decimal

    import numpy as np

    assert to_canonical(Decimal("2.5"), "t/kk").value == pytest.approx(30)
    assert to_canonical(np.int64(3), "kt/a").value == pytest.approx(3000)
    assert to_canonical(np.float32(1.5), "MW").value == pytest.approx(13140)


def test_bar_gauge_is_refused_as_a_pressure():
    with pytest.raises(UnitError, match="it is a pressure"):
        to_canonical(6, "bar(g)")


def test_unit_error_is_a_value_error():
    assert issubclass(UnitError, ValueError)


@pytest.mark.parametrize("value", [-1, -0.001, math.inf, math.nan, "5", None, True])
def test_bad_values_are_refused(value):
    with pytest.raises(UnitError, match="value must"):
        to_canonical(value, "t/a")


@pytest.mark.parametrize("months", [0, 13, 6.5, True])
def test_months_available_is_validated(months):
    with pytest.raises(UnitError, match="months_available"):
        to_canonical(1, "t/d", months_available=months)


RATE_UNITS = ["t/d", "kg/h", "m3/h", "l/s", "MW", "kWh/kk", "kpl/vko", "h/kk"]


@settings(max_examples=60, deadline=None)
@given(
    value=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    extra=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    unit=st.sampled_from(RATE_UNITS),
    months=st.integers(min_value=1, max_value=12),
)
def test_canonical_value_is_monotone_and_proportional(value, extra, unit, months):
    smaller = to_canonical(value, unit, months_available=months).value
    larger = to_canonical(value + extra, unit, months_available=months).value
    assert larger >= smaller
    full_year = to_canonical(value, unit).value
    assert smaller == pytest.approx(full_year * months / 12, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(value=st.floats(min_value=0, max_value=1e9, allow_nan=False),
       unit=st.sampled_from(["t/a", "MWh/a", "m3/a", "h/a", "pcs/a", "m2"]),
       months=st.integers(min_value=1, max_value=12))
def test_canonical_units_round_trip_unchanged(value, unit, months):
    result = to_canonical(value, unit, months_available=months)
    assert result.unit == unit
    assert result.value == pytest.approx(value, rel=1e-11)
    again = to_canonical(result.value, result.unit, months_available=months)
    assert again == result


def test_docstring_examples_hold():
    import doctest

    from veturi.engine import units

    assert doctest.testmod(units, optionflags=doctest.ELLIPSIS).failed == 0
