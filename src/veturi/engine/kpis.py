"""The park's KPIs: yearly totals of its exchanges and its status against the International
Framework for Eco-Industrial Parks (IFEIP).

*Totals.* :func:`exchange_totals` sums a year of exchanges into the issue-7 KPIs: CO2 avoided
(quantity x the avoided-emission factor per unit, less the transport's emissions), virgin
material saved (material quantity x substitution ratio), waste diverted from landfill and from
incineration, energy and water recirculated. Quantities are converted with
:func:`veturi.engine.units.to_canonical` (t/a, MWh/a, m3/a).

*Framework.* The indicator set ships as ``veturi/data/ifeip_indicators.json``: the four
performance categories of the framework (park management, environmental, social, economic),
their topics and Veturi's indicators, each with checks on named park figures. Source: *An
International Framework for Eco-Industrial Parks, Version 2.0*, The World Bank, UNIDO and GIZ,
January 2021 (first edition December 2017),
https://documents1.worldbank.org/curated/en/350851612561873572/ (see ``data/SOURCES.md``).

:func:`assess` gives each indicator's status: ``met`` (every check has data and passes),
``partly`` (some pass, others fail or lack data), ``not_met`` (none passes) or ``no_data``
(no figure for any check), with the values read and the figures that are missing.

Pure Python; no Django.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .units import UnitError, to_canonical

__all__ = [
    "STATUSES",
    "CATEGORIES",
    "ExchangeFlow",
    "Indicator",
    "IndicatorCheck",
    "IndicatorStatus",
    "Assessment",
    "framework",
    "indicators",
    "metric_labels",
    "exchange_totals",
    "assess",
]

STATUSES: tuple[str, ...] = ("met", "partly", "not_met", "no_data")
CATEGORIES: tuple[str, ...] = ("management", "environmental", "social", "economic")
_OPS = {">=", ">", "<=", "<", "true"}
_DIVERTED = ("", "landfill", "incineration")


# --- Yearly totals of exchanges ------------------------------------------------------------

@dataclass(frozen=True)
class ExchangeFlow:
    """One exchange over a year.

    ``quantity`` in ``unit`` (any stream unit: ``"t/a"``, ``"MWh/a"``, ``"GJ/a"``, ``"m3/d"``
    ...); ``co2_factor_t_per_unit`` the emissions avoided per canonical unit (t CO2e per t,
    MWh or m3: e.g. the avoided virgin production or the fuel it replaces);
    ``substitutes_virgin`` with ``substitution_ratio`` (t virgin per t exchanged) for a material
    replacing a virgin one; ``diverted_from`` ``"landfill"``, ``"incineration"`` or ``""``
    for a waste that would otherwise go there; ``transport_km`` and
    ``transport_g_per_tkm`` the road transport it needs (its emissions are deducted).
    """

    name: str
    quantity: float
    unit: str
    co2_factor_t_per_unit: float = 0.0
    substitutes_virgin: bool = False
    substitution_ratio: float = 1.0
    diverted_from: str = ""
    transport_km: float = 0.0
    transport_g_per_tkm: float = 0.0
    months_available: int = 12

    def __post_init__(self) -> None:
        where = f"exchange {self.name!r}"
        for name in ("co2_factor_t_per_unit", "substitution_ratio", "transport_km",
                     "transport_g_per_tkm"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                    not math.isfinite(value):
                raise ValueError(f"{where}: {name} must be a finite number, got {value!r}")
        for name in ("substitution_ratio", "transport_km", "transport_g_per_tkm"):
            if getattr(self, name) < 0:
                raise ValueError(f"{where}: {name} must not be negative, got {getattr(self, name)}")
        if self.diverted_from not in _DIVERTED:
            raise ValueError(f"{where}: diverted_from must be 'landfill', 'incineration' or "
                             f"empty, got {self.diverted_from!r}")

    def canonical(self):
        try:
            return to_canonical(self.quantity, self.unit, months_available=self.months_available)
        except UnitError as error:
            raise ValueError(f"exchange {self.name!r}: {error}") from error


def exchange_totals(exchanges: Iterable[ExchangeFlow]) -> dict[str, float]:
    """Yearly KPI totals of ``exchanges``.

    Returns ``co2_avoided_t``, ``virgin_material_saved_t``, ``waste_diverted_landfill_t``,
    ``waste_diverted_incineration_t``, ``energy_recirculated_mwh``, ``water_recirculated_m3``,
    ``transport_co2_t`` (already deducted from CO2 avoided) and ``synergies_realised`` (the
    exchanges with a quantity above zero).

    Examples
    --------
    >>> slag = ExchangeFlow("slag", 1000, "t/a", co2_factor_t_per_unit=0.5,
    ...                     substitutes_virgin=True, substitution_ratio=0.8,
    ...                     diverted_from="landfill", transport_km=20, transport_g_per_tkm=100)
    >>> heat = ExchangeFlow("heat", 10, "GWh/a", co2_factor_t_per_unit=0.083)
    >>> totals = exchange_totals([slag, heat])
    >>> totals["co2_avoided_t"], totals["virgin_material_saved_t"], totals["energy_recirculated_mwh"]
    (1328.0, 800.0, 10000.0)
    """
    totals = dict.fromkeys((
        "co2_avoided_t", "virgin_material_saved_t", "waste_diverted_landfill_t",
        "waste_diverted_incineration_t", "energy_recirculated_mwh", "water_recirculated_m3",
        "transport_co2_t", "synergies_realised"), 0.0)
    for exchange in exchanges:
        quantity = exchange.canonical()
        amount = quantity.value
        if amount > 0:
            totals["synergies_realised"] += 1
        totals["co2_avoided_t"] += amount * exchange.co2_factor_t_per_unit
        if quantity.unit == "t/a":
            if exchange.substitutes_virgin:
                totals["virgin_material_saved_t"] += amount * exchange.substitution_ratio
            if exchange.diverted_from:
                totals[f"waste_diverted_{exchange.diverted_from}_t"] += amount
            # Road transport: t x km x g/tkm, in tonnes of CO2.
            transport = amount * exchange.transport_km * exchange.transport_g_per_tkm / 1e6
            totals["transport_co2_t"] += transport
            totals["co2_avoided_t"] -= transport
        elif exchange.substitutes_virgin or exchange.diverted_from:
            raise ValueError(f"exchange {exchange.name!r}: only a mass (t) can substitute a "
                             f"virgin material or be diverted waste, got {exchange.unit!r}")
        elif quantity.unit == "MWh/a":
            totals["energy_recirculated_mwh"] += amount
        elif quantity.unit == "m3/a":
            totals["water_recirculated_m3"] += amount
    return {k: float(f"{v:.12g}") for k, v in totals.items()}


# --- The framework --------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorCheck:
    """One check of an indicator: ``metric`` compared with ``target`` by ``op``
    (``>=``, ``>``, ``<=``, ``<``, or ``true`` for a yes/no figure)."""

    metric: str
    op: str
    target: Any
    target_source: str = "framework"

    def passes(self, value: Any) -> bool:
        if self.op == "true":
            return bool(value)
        value = float(value)
        return {">=": value >= self.target, ">": value > self.target,
                "<=": value <= self.target, "<": value < self.target}[self.op]


@dataclass(frozen=True)
class Indicator:
    """An IFEIP indicator: ``id`` (e.g. ``"EN-7"``), category, topic, words and checks."""

    id: str
    category: str
    topic: str
    name: str
    checks: tuple[IndicatorCheck, ...]


@dataclass(frozen=True)
class IndicatorStatus:
    """Where the park stands on one indicator.

    ``values`` holds the figures read (metric -> value), ``missing`` the metrics without
    data, ``failed`` the checks that did not pass, as sentences.
    """

    indicator: Indicator
    status: str
    values: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    missing: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()

    __hash__ = object.__hash__


@dataclass(frozen=True)
class Assessment:
    """All indicators' statuses, with counts per category and status."""

    statuses: tuple[IndicatorStatus, ...]

    def counts(self) -> dict[str, dict[str, int]]:
        """``{category: {status: count}}`` for every category and status."""
        table = {c: dict.fromkeys(STATUSES, 0) for c in CATEGORIES}
        for s in self.statuses:
            table[s.indicator.category][s.status] += 1
        return table

    def missing_metrics(self) -> tuple[str, ...]:
        """Every metric some indicator lacks, once, in indicator order."""
        seen: dict[str, None] = {}
        for s in self.statuses:
            for metric in s.missing:
                seen.setdefault(metric, None)
        return tuple(seen)


@lru_cache(maxsize=1)
def framework() -> dict[str, Any]:
    """The indicator data file as read (with ``framework``, ``source_url``, ``terms``)."""
    data_file = resources.files("veturi").joinpath("data", "ifeip_indicators.json")
    with data_file.open("r", encoding="utf-8") as handle:
        return json.load(handle)


def _parse_indicators(data: Mapping[str, Any]) -> tuple[Indicator, ...]:
    parsed = []
    known = set(data.get("metrics", {}))
    for row in data["indicators"]:
        where = f"indicator {row.get('id')!r}"
        if row.get("category") not in CATEGORIES:
            raise ValueError(f"{where}: category must be one of {', '.join(CATEGORIES)}")
        checks = []
        for check in row.get("checks", ()):
            if check.get("op") not in _OPS:
                raise ValueError(f"{where}: op must be one of {', '.join(sorted(_OPS))}, "
                                 f"got {check.get('op')!r}")
            if known and check["metric"] not in known:
                raise ValueError(f"{where}: metric {check['metric']!r} is not described")
            checks.append(IndicatorCheck(check["metric"], check["op"], check["target"],
                                         check.get("target_source", "framework")))
        if not checks:
            raise ValueError(f"{where}: needs at least one check")
        parsed.append(Indicator(row["id"], row["category"], row["topic"], row["name"],
                                tuple(checks)))
    return tuple(parsed)


@lru_cache(maxsize=1)
def indicators() -> tuple[Indicator, ...]:
    """The shipped IFEIP indicator set, in framework order.

    Examples
    --------
    >>> sorted({i.category for i in indicators()})
    ['economic', 'environmental', 'management', 'social']
    """
    return _parse_indicators(framework())


def metric_labels() -> dict[str, dict[str, str]]:
    """``{metric: {"label": ..., "unit": ...}}`` of every figure the indicators read."""
    return dict(framework()["metrics"])


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return True


def assess(
    park_data: Mapping[str, Any],
    *,
    targets: Mapping[str, Any] | None = None,
    indicator_set: Sequence[Indicator] | None = None,
) -> Assessment:
    """The park's status against each indicator.

    Parameters
    ----------
    park_data : mapping of metric -> value
        Figures the office has (see :func:`metric_labels`); a missing key or ``None`` is "no
        data". Yes/no figures are booleans, shares are 0..1.
    targets : mapping of metric -> target, optional
        The office's own targets, replacing the shipped ones for those metrics.
    indicator_set : optional
        Defaults to :func:`indicators`.

    Examples
    --------
    >>> result = assess({"co2_avoided_t": 1200, "ghg_monitored": False, "jobs": 40})
    >>> by_id = {s.indicator.id: s for s in result.statuses}
    >>> by_id["EN-4"].status, by_id["EN-4"].failed
    ('partly', ('ghg_monitored is not in place',))
    >>> by_id["EC-1"].status, by_id["EC-1"].missing
    ('partly', ('local_employee_share',))
    >>> by_id["EN-5"].status
    'no_data'
    """
    if not isinstance(park_data, Mapping):
        raise ValueError(f"park_data must be a mapping of metric to value, got "
                         f"{type(park_data).__name__}")
    known = set(metric_labels())
    unknown = sorted(set(park_data) - known)
    if unknown:
        raise ValueError(f"park_data names unknown metric(s): {', '.join(unknown)}")
    targets = dict(targets or {})
    for metric, target in targets.items():
        if metric not in known:
            raise ValueError(f"targets names unknown metric {metric!r}")
        if isinstance(target, bool) or not isinstance(target, (int, float)) or \
                not math.isfinite(target):
            raise ValueError(f"targets[{metric!r}] must be a finite number, got {target!r}")
    statuses = []
    for indicator in (indicator_set if indicator_set is not None else indicators()):
        values, missing, failed, passed = {}, [], [], 0
        for check in indicator.checks:
            value = park_data.get(check.metric)
            if not _present(value):
                missing.append(check.metric)
                continue
            if check.op != "true" and (isinstance(value, bool) or not isinstance(
                    value, (int, float)) or not math.isfinite(value)):
                raise ValueError(f"park_data[{check.metric!r}] must be a finite number, "
                                 f"got {value!r}")
            values[check.metric] = value
            effective = check if check.metric not in targets or check.op == "true" else \
                IndicatorCheck(check.metric, check.op, targets[check.metric], "office")
            if effective.passes(value):
                passed += 1
            elif check.op == "true":
                failed.append(f"{check.metric} is not in place")
            else:
                failed.append(f"{check.metric} = {value:g}, target {effective.op} "
                              f"{effective.target:g}")
        if not values:
            status = "no_data"
        elif passed == len(indicator.checks):
            status = "met"
        elif passed == 0 and not missing:
            status = "not_met"
        elif passed == 0:
            status = "not_met" if failed else "no_data"
        else:
            status = "partly"
        statuses.append(IndicatorStatus(indicator, status, values, tuple(missing),
                                        tuple(failed)))
    return Assessment(tuple(statuses))
