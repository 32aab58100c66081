"""Plain data of a roadmap scenario: the planned schedule with each activity's yearly impacts,
the uncertain assumptions laid over it, and the simulation's result.

Every constructor validates its fields and raises :class:`ValueError` naming the field, so a
form, the API and the CLI give the same message for the same mistake.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "KPIS",
    "KPI_LABELS",
    "KPI_UNITS",
    "KPI_KINDS",
    "STATISTICS",
    "Fixed",
    "Uniform",
    "Triangular",
    "Lognormal",
    "Distribution",
    "distribution_from_dict",
    "ScenarioActivity",
    "Occurrence",
    "Delay",
    "QuantityRange",
    "Scenario",
    "ScenarioResult",
]

#: The yearly KPIs of a scenario (issue 7), in display order.
KPIS: tuple[str, ...] = (
    "jobs",
    "investment_eur",
    "co2_avoided_t",
    "virgin_material_saved_t",
    "waste_diverted_landfill_t",
    "waste_diverted_incineration_t",
    "energy_recirculated_mwh",
    "water_recirculated_m3",
    "land_use_ha",
    "synergies_realised",
)

KPI_LABELS: dict[str, str] = {
    "jobs": "Jobs",
    "investment_eur": "Investment",
    "co2_avoided_t": "CO2 avoided",
    "virgin_material_saved_t": "Virgin material saved",
    "waste_diverted_landfill_t": "Waste diverted from landfill",
    "waste_diverted_incineration_t": "Waste diverted from incineration",
    "energy_recirculated_mwh": "Energy recirculated",
    "water_recirculated_m3": "Water recirculated",
    "land_use_ha": "Land use",
    "synergies_realised": "Realised synergies",
}

KPI_UNITS: dict[str, str] = {
    "jobs": "jobs", "investment_eur": "EUR", "co2_avoided_t": "t/a",
    "virgin_material_saved_t": "t/a", "waste_diverted_landfill_t": "t/a",
    "waste_diverted_incineration_t": "t/a", "energy_recirculated_mwh": "MWh/a",
    "water_recirculated_m3": "m3/a", "land_use_ha": "ha", "synergies_realised": "count",
}

#: How an activity's figure for a KPI turns into yearly values:
#: ``"flow"`` - an amount per year from the activity's finish on, prorated by the months it runs
#: in the year (CO2 avoided, tonnes, MWh, m3);
#: ``"level"`` - a level held from the finish on, counted in a year when reached by its end
#: (jobs, realised synergies);
#: ``"held"`` - a level held from the start on (land use: the plot is taken when works start);
#: ``"spend"`` - a total spread evenly over the activity's months (investment).
KPI_KINDS: dict[str, str] = {
    "jobs": "level",
    "investment_eur": "spend",
    "co2_avoided_t": "flow",
    "virgin_material_saved_t": "flow",
    "waste_diverted_landfill_t": "flow",
    "waste_diverted_incineration_t": "flow",
    "energy_recirculated_mwh": "flow",
    "water_recirculated_m3": "flow",
    "land_use_ha": "held",
    "synergies_realised": "level",
}

#: The statistics reported per KPI and year.
STATISTICS: tuple[str, ...] = ("p5", "p25", "p50", "p75", "p95", "mean")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(value):
        raise ValueError(f"{where} must be a finite number, got {value!r}")
    return float(value)


# --- Distributions -------------------------------------------------------------------------

@dataclass(frozen=True)
class Fixed:
    """Always ``value``."""

    value: float = 0.0
    where: str = field(default="fixed", compare=False, repr=False)

    def __post_init__(self) -> None:
        _number(self.value, f"{self.where}.value")

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.full(size, float(self.value))

    @property
    def mean(self) -> float:
        return float(self.value)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "fixed", "value": self.value}


@dataclass(frozen=True)
class Uniform:
    """Uniform between ``low`` and ``high``."""

    low: float
    high: float
    where: str = field(default="uniform", compare=False, repr=False)

    def __post_init__(self) -> None:
        low = _number(self.low, f"{self.where}.low")
        high = _number(self.high, f"{self.where}.high")
        if high < low:
            raise ValueError(f"{self.where}: high ({high}) must not be below low ({low})")

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, size)

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "uniform", "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Triangular:
    """Triangular with ``low <= mode <= high`` (the usual three-point estimate)."""

    low: float
    mode: float
    high: float
    where: str = field(default="triangular", compare=False, repr=False)

    def __post_init__(self) -> None:
        low = _number(self.low, f"{self.where}.low")
        mode = _number(self.mode, f"{self.where}.mode")
        high = _number(self.high, f"{self.where}.high")
        if not low <= mode <= high:
            raise ValueError(f"{self.where}: needs low <= mode <= high, got low={low}, "
                             f"mode={mode}, high={high}")

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        if self.low == self.high:
            return np.full(size, float(self.low))
        return rng.triangular(self.low, self.mode, self.high, size)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "triangular", "low": self.low, "mode": self.mode, "high": self.high}


@dataclass(frozen=True)
class Lognormal:
    """Lognormal with the given ``median`` (> 0) and ``sigma`` (>= 0, of the underlying
    normal), shifted by ``shift``: a delay that is usually short and now and then long."""

    median: float
    sigma: float
    shift: float = 0.0
    where: str = field(default="lognormal", compare=False, repr=False)

    def __post_init__(self) -> None:
        median = _number(self.median, f"{self.where}.median")
        sigma = _number(self.sigma, f"{self.where}.sigma")
        _number(self.shift, f"{self.where}.shift")
        if median <= 0:
            raise ValueError(f"{self.where}.median must be positive, got {median}")
        if sigma < 0:
            raise ValueError(f"{self.where}.sigma must not be negative, got {sigma}")

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return self.shift + rng.lognormal(math.log(self.median), self.sigma, size)

    @property
    def mean(self) -> float:
        return self.shift + self.median * math.exp(self.sigma ** 2 / 2)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "lognormal", "median": self.median, "sigma": self.sigma,
                "shift": self.shift}


Distribution = Fixed | Uniform | Triangular | Lognormal
_DISTRIBUTIONS = {"fixed": Fixed, "uniform": Uniform, "triangular": Triangular,
                  "lognormal": Lognormal}


def distribution_from_dict(data: Mapping[str, Any], *, where: str = "distribution"
                           ) -> Distribution:
    """Build a distribution from ``{"kind": ..., parameters}`` (as stored in JSON).

    Examples
    --------
    >>> distribution_from_dict({"kind": "triangular", "low": 0, "mode": 2, "high": 6}).mean
    2.6666666666666665
    >>> distribution_from_dict({"kind": "beta"})
    Traceback (most recent call last):
    ...
    ValueError: distribution.kind must be one of fixed, uniform, triangular, lognormal, got 'beta'
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"{where} must be an object with a kind, got {data!r}")
    kind = data.get("kind")
    if kind not in _DISTRIBUTIONS:
        raise ValueError(f"{where}.kind must be one of {', '.join(_DISTRIBUTIONS)}, got {kind!r}")
    parameters = {k: v for k, v in data.items() if k != "kind"}
    cls = _DISTRIBUTIONS[kind]
    allowed = {f for f in cls.__dataclass_fields__ if f != "where"}
    unknown = sorted(set(parameters) - allowed)
    if unknown:
        raise ValueError(f"{where}: unknown parameter(s) {', '.join(unknown)} for {kind}; "
                         f"expected {', '.join(sorted(allowed))}")
    try:
        return cls(**parameters, where=where)
    except TypeError as error:
        raise ValueError(f"{where}: {kind} needs {', '.join(sorted(allowed))}") from error


def _as_distribution(value: Any, where: str) -> Distribution:
    if isinstance(value, (Fixed, Uniform, Triangular, Lognormal)):
        return value
    if isinstance(value, Mapping):
        return distribution_from_dict(value, where=where)
    raise ValueError(f"{where} must be a distribution, got {value!r}")


# --- The scenario ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ScenarioActivity:
    """One planned activity: a value-network step or an infrastructure project.

    ``start_month`` is the planned start (0 = the first month of the scenario's first year),
    ``duration_months`` its duration, ``impacts`` its figures per KPI (see
    :data:`KPI_KINDS`: yearly flows and levels once finished, land held from the start, the
    investment as a total spent over the activity), ``predecessors`` the activities (names)
    it needs first, ``group`` the locomotive or value network it belongs to (an
    :class:`Occurrence` on the group decides for all its activities at once).
    """

    name: str
    start_month: float
    duration_months: float
    impacts: Mapping[str, float] = field(default_factory=dict)
    predecessors: tuple[str, ...] = ()
    group: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"activity name must be a non-empty text, got {self.name!r}")
        where = f"activity {self.name!r}"
        if _number(self.start_month, f"{where}: start_month") < 0:
            raise ValueError(f"{where}: start_month must not be negative, got {self.start_month}")
        if _number(self.duration_months, f"{where}: duration_months") < 0:
            raise ValueError(f"{where}: duration_months must not be negative, "
                             f"got {self.duration_months}")
        for kpi, amount in dict(self.impacts).items():
            if kpi not in KPIS:
                raise ValueError(f"{where}: impacts names unknown KPI {kpi!r}; "
                                 f"known: {', '.join(KPIS)}")
            _number(amount, f"{where}: impacts[{kpi!r}]")
        object.__setattr__(self, "impacts", dict(self.impacts))
        object.__setattr__(self, "predecessors", tuple(self.predecessors))


@dataclass(frozen=True)
class Occurrence:
    """The ``probability`` that ``target`` (an activity name or a group) comes at all."""

    target: str
    probability: float

    def __post_init__(self) -> None:
        p = _number(self.probability, f"probability of {self.target!r}")
        if not 0 <= p <= 1:
            raise ValueError(f"probability of {self.target!r} must be between 0 and 1, got {p}")


@dataclass(frozen=True)
class Delay:
    """A delay in months of the start of ``target`` (an activity or a group: each activity
    of the group draws its own delay from ``distribution``)."""

    target: str
    distribution: Distribution

    def __post_init__(self) -> None:
        object.__setattr__(self, "distribution", _as_distribution(
            self.distribution, f"delay of {self.target!r}"))


@dataclass(frozen=True)
class QuantityRange:
    """A multiplier on ``kpi`` (or every KPI when ``kpi`` is empty) of ``target`` (an
    activity, a group, or every activity when empty). One multiplier is drawn per run and
    rule, so the activities it covers move together (one market price, one technology)."""

    kpi: str
    distribution: Distribution
    target: str = ""

    def __post_init__(self) -> None:
        if self.kpi and self.kpi not in KPIS:
            raise ValueError(f"quantity range names unknown KPI {self.kpi!r}; "
                             f"known: {', '.join(KPIS)}")
        object.__setattr__(self, "distribution", _as_distribution(
            self.distribution, f"quantity range of {self.kpi or 'all KPIs'}"
                               f"{' for ' + repr(self.target) if self.target else ''}"))


@dataclass(frozen=True)
class Scenario:
    """A schedule plus its uncertain assumptions.

    Raises
    ------
    ValueError
        On a duplicate or unknown activity, an unknown target or predecessor, a precedence
        cycle, a bad probability or distribution; the message names the field.
    """

    activities: tuple[ScenarioActivity, ...]
    occurrences: tuple[Occurrence, ...] = ()
    delays: tuple[Delay, ...] = ()
    quantities: tuple[QuantityRange, ...] = ()
    years: int = 10
    start_year: int = 0
    name: str = "scenario"

    def __post_init__(self) -> None:
        for attribute in ("activities", "occurrences", "delays", "quantities"):
            object.__setattr__(self, attribute, tuple(getattr(self, attribute)))
        if isinstance(self.years, bool) or not isinstance(self.years, int) or not \
                1 <= self.years <= 100:
            raise ValueError(f"years must be a whole number from 1 to 100, got {self.years!r}")
        if not self.activities:
            raise ValueError("activities must not be empty")
        names = [a.name for a in self.activities]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise ValueError(f"activity names must be unique; {name!r} appears twice")
            seen.add(name)
        groups = {a.group for a in self.activities if a.group}
        for group in sorted(groups & seen):
            raise ValueError(f"group {group!r} has the same name as an activity; "
                             "a probability or delay on it would be ambiguous")
        for a in self.activities:
            for p in a.predecessors:
                if p not in seen:
                    raise ValueError(f"activity {a.name!r}: unknown predecessor {p!r}")
                if p == a.name:
                    raise ValueError(f"activity {a.name!r}: an activity cannot precede itself")
        targets = seen | groups

        def check(target: str, what: str) -> None:
            if target not in targets:
                raise ValueError(f"{what} names unknown activity or group {target!r}")

        occurrence_targets: set[str] = set()
        for o in self.occurrences:
            check(o.target, "probability")
            if o.target in occurrence_targets:
                raise ValueError(f"probability of {o.target!r} is given twice")
            occurrence_targets.add(o.target)
        for d in self.delays:
            check(d.target, "delay")
        for q in self.quantities:
            if q.target:
                check(q.target, "quantity range")
        self.order()  # raises on a cycle

    def order(self) -> tuple[int, ...]:
        """Activity indices with every predecessor before its successors (Kahn's algorithm,
        stable in the given order); raises :class:`ValueError` naming a cycle."""
        index = {a.name: i for i, a in enumerate(self.activities)}
        indegree = [len(set(a.predecessors)) for a in self.activities]
        successors: list[list[int]] = [[] for _ in self.activities]
        for i, a in enumerate(self.activities):
            for p in set(a.predecessors):
                successors[index[p]].append(i)
        ready = [i for i, d in enumerate(indegree) if d == 0]
        order: list[int] = []
        while ready:
            i = ready.pop(0)
            order.append(i)
            for j in successors[i]:
                indegree[j] -= 1
                if indegree[j] == 0:
                    ready.append(j)
        if len(order) < len(self.activities):
            stuck = [a.name for i, a in enumerate(self.activities) if indegree[i] > 0]
            raise ValueError(f"precedence cycle among activities: {', '.join(stuck)}")
        return tuple(order)

    @property
    def horizon_months(self) -> int:
        return 12 * self.years


@dataclass(frozen=True)
class ScenarioResult:
    """Yearly KPI statistics of a simulated scenario.

    ``kpis[kpi][statistic]`` is a tuple with one value per year (statistics in
    :data:`STATISTICS`); ``cumulative`` the same for flows and spending summed from the first
    year; ``activity_probability`` the share of runs in which each activity happened;
    ``activity_finish`` its finish month's p5/p50/p95 among the runs in which it happened
    (``None`` when it never did).
    """

    name: str
    runs: int
    seed: int | None
    seconds: float
    years: tuple[int, ...]
    kpis: dict[str, dict[str, tuple[float, ...]]] = field(hash=False, compare=True)
    cumulative: dict[str, dict[str, tuple[float, ...]]] = field(hash=False, compare=True)
    activity_probability: dict[str, float] = field(hash=False, compare=True)
    activity_finish: dict[str, dict[str, float] | None] = field(hash=False, compare=True)

    __hash__ = object.__hash__

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, as stored and served by the API."""
        return {
            "name": self.name, "runs": self.runs, "seed": self.seed,
            "seconds": self.seconds, "years": list(self.years),
            "kpis": {k: {s: list(v) for s, v in stats.items()} for k, stats in self.kpis.items()},
            "cumulative": {k: {s: list(v) for s, v in stats.items()}
                           for k, stats in self.cumulative.items()},
            "activity_probability": dict(self.activity_probability),
            "activity_finish": dict(self.activity_finish),
        }
