"""Plot allocation: place companies on plots so that partners sit close and plots fit.

The model of the project office, on top of the quadratic assignment core:

* **Companies** (existing or planned) need an area, utilities (heat, steam,
  electricity, water, waste water, rail, ...), a zoning class, and may need a
  separation from sensitive receptors (housing, schools) because of what they
  handle. An existing tenant is pinned to its plot.
* **Plots** have an area, utilities available with their capacity, the zoning
  classes they allow, a yearly price, a location (WGS84 lon/lat, projected to
  ETRS-TM35FIN metres) and their distance to the nearest sensitive receptor. A
  missing or short utility can be built at a yearly cost, where that is possible.
* **Flows** between companies: tonnes a year, cost per tonne-kilometre and mode.

Yearly cost = transport (sum over flows of t/a x EUR/(t km) x km between the two
plots) + fit (unused area x its yearly cost, utilities to build, plot price).
Hard constraints (area, zoning, hazard separation, utilities that cannot be
built, closed plots, pinned tenants) become fixed and forbidden pairs; the fit
cost is the linear term. An infeasible case is answered with the reasons.

What-if helpers return a changed problem to allocate again: :func:`pin`,
:func:`close_plot`, :func:`add_company`; :func:`compare` tells two allocations
apart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from veturi.engine.allocation.qap import solve_qap

__all__ = [
    "Company",
    "Plot",
    "Flow",
    "AllocationProblem",
    "Placement",
    "Allocation",
    "AllocationComparison",
    "allocate",
    "plot_distances_m",
    "pin",
    "close_plot",
    "add_company",
    "compare",
]


def _frozen_mapping(values: Mapping[str, float] | None, owner: str, what: str) -> Mapping[str, float]:
    result = {}
    for key, value in dict(values or {}).items():
        if not isinstance(key, str) or not key:
            raise ValueError(f"{owner}: {what} names must be non-empty strings, got {key!r}")
        if isinstance(value, bool):
            value = 1.0 if value else 0.0
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{owner}: {what}[{key!r}] must be a non-negative number, got {value!r}")
        result[key] = float(value)
    return MappingProxyType(result)


def _non_negative(value, owner: str, field_name: str, *, allow_inf: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{owner}: {field_name} must be a number, got {value!r}")
    if math.isnan(value) or value < 0 or (math.isinf(value) and not allow_inf):
        raise ValueError(f"{owner}: {field_name} must be a non-negative number, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Company:
    """A company to place (or already placed).

    Parameters
    ----------
    name : str
        Unique name.
    area_m2 : float
        Land it needs.
    zoning_class : str
        Zoning class its activity requires (e.g. ``"T"`` industry, ``"TT"``
        industry with environmental impact, in Finnish plan notation).
    needs : mapping of str to float
        Utility -> amount (MW, t/h, m3/day, or 1 for yes/no ones such as rail).
    hazard_separation_m : float
        Least distance its plot must keep from sensitive receptors.
    plot : str, optional
        The plot it is pinned to (an existing tenant, or a decision taken).
    planned : bool
        A planned company rather than one already in the park.
    """

    name: str
    area_m2: float
    zoning_class: str
    needs: Mapping[str, float] = field(default_factory=dict, hash=False)
    hazard_separation_m: float = 0.0
    plot: str | None = None
    planned: bool = False

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"company name must be a non-empty string, got {self.name!r}")
        owner = f"company {self.name!r}"
        object.__setattr__(self, "area_m2", _non_negative(self.area_m2, owner, "area_m2"))
        if not isinstance(self.zoning_class, str) or not self.zoning_class:
            raise ValueError(f"{owner}: zoning_class must be a non-empty string")
        object.__setattr__(self, "needs", _frozen_mapping(self.needs, owner, "needs"))
        object.__setattr__(
            self,
            "hazard_separation_m",
            _non_negative(self.hazard_separation_m, owner, "hazard_separation_m"),
        )


@dataclass(frozen=True)
class Plot:
    """A plot a company can settle on.

    Parameters
    ----------
    name : str
        Unique name.
    area_m2 : float
    zoning_classes : collection of str
        Zoning classes the plan allows on it.
    utilities : mapping of str to float
        Utility -> capacity available at the plot boundary.
    connection_cost_eur_per_year : mapping of str to float
        Utility -> yearly cost (annualised investment) of building or
        reinforcing it here; a need not met and not listed here cannot be met.
    yearly_price_eur : float
        Lease, or annualised price.
    lon, lat : float, optional
        WGS84 location of its centre (needed unless a distance matrix is given).
    distance_to_sensitive_m : float
        Distance to the nearest sensitive receptor (``inf`` when none).
    closed : bool
        Not available (reserved, withdrawn, under dispute).
    """

    name: str
    area_m2: float
    zoning_classes: frozenset[str]
    utilities: Mapping[str, float] = field(default_factory=dict, hash=False)
    connection_cost_eur_per_year: Mapping[str, float] = field(default_factory=dict, hash=False)
    yearly_price_eur: float = 0.0
    lon: float | None = None
    lat: float | None = None
    distance_to_sensitive_m: float = math.inf
    closed: bool = False

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"plot name must be a non-empty string, got {self.name!r}")
        owner = f"plot {self.name!r}"
        object.__setattr__(self, "area_m2", _non_negative(self.area_m2, owner, "area_m2"))
        if isinstance(self.zoning_classes, str):
            raise ValueError(f"{owner}: zoning_classes must be a collection of strings, not one string")
        object.__setattr__(self, "zoning_classes", frozenset(self.zoning_classes))
        object.__setattr__(self, "utilities", _frozen_mapping(self.utilities, owner, "utilities"))
        object.__setattr__(
            self,
            "connection_cost_eur_per_year",
            _frozen_mapping(self.connection_cost_eur_per_year, owner, "connection_cost_eur_per_year"),
        )
        object.__setattr__(
            self, "yearly_price_eur", _non_negative(self.yearly_price_eur, owner, "yearly_price_eur")
        )
        object.__setattr__(
            self,
            "distance_to_sensitive_m",
            _non_negative(self.distance_to_sensitive_m, owner, "distance_to_sensitive_m", allow_inf=True),
        )
        if (self.lon is None) != (self.lat is None):
            raise ValueError(f"{owner}: give both lon and lat, or neither")
        if self.lon is not None and not (-180 <= self.lon <= 180 and -90 <= self.lat <= 90):
            raise ValueError(f"{owner}: lon/lat ({self.lon}, {self.lat}) are not WGS84 degrees")


@dataclass(frozen=True)
class Flow:
    """What one company sends another each year, and what moving it costs."""

    source: str
    target: str
    tonnes_per_year: float
    cost_eur_per_tkm: float
    mode: str = "road"

    def __post_init__(self):
        owner = f"flow {self.source!r} -> {self.target!r}"
        if self.source == self.target:
            raise ValueError(f"{owner}: a flow must join two different companies")
        object.__setattr__(
            self, "tonnes_per_year", _non_negative(self.tonnes_per_year, owner, "tonnes_per_year")
        )
        object.__setattr__(
            self, "cost_eur_per_tkm", _non_negative(self.cost_eur_per_tkm, owner, "cost_eur_per_tkm")
        )


@dataclass(frozen=True)
class AllocationProblem:
    """Companies, plots, the flows between the companies, and how to price the fit.

    ``distance_m``, when given, is the plot-to-plot distance matrix in metres in
    the order of ``plots`` (road or pipe distances, say); otherwise straight-line
    distances are computed from the plots' lon/lat.
    """

    companies: tuple[Company, ...]
    plots: tuple[Plot, ...]
    flows: tuple[Flow, ...] = ()
    distance_m: tuple[tuple[float, ...], ...] | None = None
    unused_area_eur_per_m2_year: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "companies", tuple(self.companies))
        object.__setattr__(self, "plots", tuple(self.plots))
        object.__setattr__(self, "flows", tuple(self.flows))
        for kind, items, cls in (("companies", self.companies, Company), ("plots", self.plots, Plot)):
            names = set()
            for index, item in enumerate(items):
                if not isinstance(item, cls):
                    raise ValueError(f"{kind}[{index}] must be a {cls.__name__}, got {type(item).__name__}")
                if item.name in names:
                    raise ValueError(f"{kind}: the name {item.name!r} appears twice")
                names.add(item.name)
        if not self.companies:
            raise ValueError("companies: there must be at least one company")
        plots = {plot.name for plot in self.plots}
        companies = {company.name for company in self.companies}
        for company in self.companies:
            if company.plot is not None and company.plot not in plots:
                raise ValueError(f"company {company.name!r}: pinned to unknown plot {company.plot!r}")
        for index, flow in enumerate(self.flows):
            if not isinstance(flow, Flow):
                raise ValueError(f"flows[{index}] must be a Flow, got {type(flow).__name__}")
            for end in (flow.source, flow.target):
                if end not in companies:
                    raise ValueError(f"flows[{index}]: unknown company {end!r}")
        object.__setattr__(
            self,
            "unused_area_eur_per_m2_year",
            _non_negative(self.unused_area_eur_per_m2_year, "problem", "unused_area_eur_per_m2_year"),
        )
        if self.distance_m is not None:
            matrix = np.asarray(self.distance_m, dtype=float)
            if matrix.shape != (len(self.plots), len(self.plots)):
                raise ValueError(
                    f"distance_m must be {len(self.plots)}x{len(self.plots)} (one row and column "
                    f"per plot), got shape {matrix.shape}"
                )
            if not np.all(np.isfinite(matrix)) or (matrix < 0).any():
                raise ValueError("distance_m must hold finite non-negative metres")
            object.__setattr__(self, "distance_m", tuple(tuple(map(float, row)) for row in matrix))
        else:
            for plot in self.plots:
                if plot.lon is None:
                    raise ValueError(
                        f"plot {plot.name!r} has no lon/lat; give every plot a location or "
                        f"give distance_m"
                    )


@dataclass(frozen=True)
class Placement:
    """One company on one plot, with what it costs there."""

    company: str
    plot: str
    transport_eur_per_year: float
    fit_eur_per_year: float
    unused_area_m2: float
    utilities_ready: tuple[str, ...]
    utilities_to_build: tuple[str, ...]


@dataclass(frozen=True)
class Allocation:
    """The answer of :func:`allocate`.

    ``transport_eur_per_year`` counts each flow once (it is split half and half
    between its two ends in the placements). ``status`` is ``"optimal"``,
    ``"feasible"`` or ``"infeasible"``; in the last case ``conflicts`` says
    which constraints cannot hold together and ``placements`` is empty.
    """

    placements: tuple[Placement, ...]
    transport_eur_per_year: float
    fit_eur_per_year: float
    total_eur_per_year: float
    lower_bound_eur_per_year: float
    gap_percent: float
    status: str
    conflicts: tuple[str, ...]
    seconds: float
    method: str

    def plot_of(self, company: str) -> str:
        """The plot of ``company``."""
        for placement in self.placements:
            if placement.company == company:
                return placement.plot
        raise KeyError(f"company {company!r} is not in this allocation")


@dataclass(frozen=True)
class AllocationComparison:
    """What changes from one allocation to another."""

    moved: tuple[tuple[str, str, str], ...]
    added: tuple[tuple[str, str], ...]
    removed: tuple[tuple[str, str], ...]
    transport_change_eur_per_year: float
    fit_change_eur_per_year: float
    total_change_eur_per_year: float


# ---------------------------------------------------------------- distances


@lru_cache(maxsize=1)
def _to_etrs_tm35fin():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)


def plot_distances_m(plots: Sequence[Plot]) -> np.ndarray:
    """Straight-line distances in metres between plot centres, in ETRS-TM35FIN (EPSG:3067).

    Examples
    --------
    >>> a = Plot("A", 1000, {"T"}, lon=23.76, lat=61.50)
    >>> b = Plot("B", 1000, {"T"}, lon=23.76, lat=61.51)
    >>> round(float(plot_distances_m([a, b])[0, 1]))
    1114
    """
    lon = np.array([plot.lon for plot in plots], dtype=float)
    lat = np.array([plot.lat for plot in plots], dtype=float)
    x, y = _to_etrs_tm35fin().transform(lon, lat)
    x, y = np.asarray(x), np.asarray(y)
    return np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])


# ---------------------------------------------------------------- fit


def _fit(company: Company, plot: Plot, unused_area_cost: float):
    """``(cost, reason, ready, to_build)``: reason is None when the pair is allowed."""
    if plot.closed:
        return math.inf, f"{plot.name} is closed", (), ()
    if company.area_m2 > plot.area_m2:
        return math.inf, f"{plot.name} is too small ({plot.area_m2:g} m2 < {company.area_m2:g} m2)", (), ()
    if company.zoning_class not in plot.zoning_classes:
        return math.inf, f"{plot.name} is not zoned {company.zoning_class}", (), ()
    if company.hazard_separation_m > plot.distance_to_sensitive_m:
        return (
            math.inf,
            f"{plot.name} is {plot.distance_to_sensitive_m:g} m from sensitive receptors "
            f"(needs {company.hazard_separation_m:g} m)",
            (),
            (),
        )
    cost = plot.yearly_price_eur + (plot.area_m2 - company.area_m2) * unused_area_cost
    ready, to_build = [], []
    for utility, amount in sorted(company.needs.items()):
        if amount <= 0:
            continue
        if plot.utilities.get(utility, 0.0) >= amount:
            ready.append(utility)
        elif utility in plot.connection_cost_eur_per_year:
            to_build.append(utility)
            cost += plot.connection_cost_eur_per_year[utility]
        else:
            return math.inf, f"{plot.name} cannot provide {utility} ({amount:g} needed)", (), ()
    return cost, None, tuple(ready), tuple(to_build)


# ---------------------------------------------------------------- allocation


def allocate(
    problem: AllocationProblem,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    max_iterations: int | None = None,
) -> Allocation:
    """Place every company on its own open plot at the least yearly cost.

    Parameters
    ----------
    problem : AllocationProblem
    time_limit_s : float, default 10.0
    seed : int, default 0
    max_iterations : int, optional
        As for :func:`~veturi.engine.allocation.solve_qap` (reproducible runs).

    Returns
    -------
    Allocation

    Examples
    --------
    The sawmill and the pellet plant exchange sawdust, so they take the two
    neighbouring plots; the office goes to the far one:

    >>> plots = [
    ...     Plot("P1", 5000, {"T"}, lon=23.760, lat=61.500),
    ...     Plot("P2", 5000, {"T"}, lon=23.762, lat=61.500),
    ...     Plot("P3", 5000, {"T"}, lon=23.800, lat=61.530),
    ... ]
    >>> companies = [
    ...     Company("sawmill", 4000, "T"),
    ...     Company("office", 1000, "T"),
    ...     Company("pellets", 3000, "T"),
    ... ]
    >>> flows = [Flow("sawmill", "pellets", 20000, 0.2)]
    >>> result = allocate(AllocationProblem(companies, plots, flows))
    >>> result.status, result.plot_of("office")
    ('optimal', 'P3')
    """
    if not isinstance(problem, AllocationProblem):
        raise ValueError(f"problem must be an AllocationProblem, got {type(problem).__name__}")
    companies = problem.companies
    open_plots = [plot for plot in problem.plots if not plot.closed]
    pinned_closed = [
        c for c in companies if c.plot is not None and any(p.name == c.plot and p.closed for p in problem.plots)
    ]
    conflicts = [f"{c.name} is pinned to {c.plot}, which is closed" for c in pinned_closed]
    if len(companies) > len(open_plots):
        conflicts.append(f"{len(companies)} companies but only {len(open_plots)} open plots")
    fits = [[_fit(c, p, problem.unused_area_eur_per_m2_year) for p in open_plots] for c in companies]
    for c, row in zip(companies, fits):
        if c.plot is None and all(reason is not None for _, reason, _, _ in row):
            reasons = "; ".join(reason for _, reason, _, _ in row) or "there is no open plot"
            conflicts.append(f"{c.name} fits no plot: {reasons}")
        elif c.plot is not None and c not in pinned_closed:
            k = [p.name for p in open_plots].index(c.plot)
            if row[k][1] is not None:
                conflicts.append(f"{c.name} is pinned to {c.plot}, but {row[k][1]}")
    if conflicts:
        return _infeasible(conflicts)

    index = {c.name: i for i, c in enumerate(companies)}
    n, m = len(companies), len(open_plots)
    flow = np.zeros((n, n))
    for f in problem.flows:
        # EUR per year per km between the two plots.
        flow[index[f.source], index[f.target]] += f.tonnes_per_year * f.cost_eur_per_tkm
    if problem.distance_m is not None:
        open_index = [i for i, p in enumerate(problem.plots) if not p.closed]
        distance_km = np.asarray(problem.distance_m)[np.ix_(open_index, open_index)] / 1000.0
    else:
        distance_km = plot_distances_m(open_plots) / 1000.0
    linear = np.zeros((n, m))
    forbidden = []
    for i, row in enumerate(fits):
        for k, (cost, reason, _, _) in enumerate(row):
            if reason is None:
                linear[i, k] = cost
            else:
                forbidden.append((i, k))
    fixed = {
        index[c.name]: [p.name for p in open_plots].index(c.plot) for c in companies if c.plot is not None
    }
    result = solve_qap(
        flow,
        distance_km,
        linear_cost=linear,
        fixed=fixed,
        forbidden=forbidden,
        time_limit_s=time_limit_s,
        seed=seed,
        max_iterations=max_iterations,
        facility_names=[c.name for c in companies],
        location_names=[p.name for p in open_plots],
    )
    if result.status == "infeasible":
        return _infeasible(list(result.conflicts), result.seconds)
    p = result.assignment
    placements = []
    transport_total = float((flow * distance_km[np.ix_(p, p)]).sum())
    for i, c in enumerate(companies):
        k = p[i]
        cost, _, ready, to_build = fits[i][k]
        # Each flow counted half at either end, so the placements add up.
        transport = 0.5 * float(
            (flow[i, :] * distance_km[k, list(p)]).sum() + (flow[:, i] * distance_km[list(p), k]).sum()
        )
        placements.append(
            Placement(
                company=c.name,
                plot=open_plots[k].name,
                transport_eur_per_year=transport,
                fit_eur_per_year=float(cost),
                unused_area_m2=open_plots[k].area_m2 - c.area_m2,
                utilities_ready=ready,
                utilities_to_build=to_build,
            )
        )
    fit_total = float(sum(pl.fit_eur_per_year for pl in placements))
    return Allocation(
        placements=tuple(placements),
        transport_eur_per_year=transport_total,
        fit_eur_per_year=fit_total,
        total_eur_per_year=result.cost,
        lower_bound_eur_per_year=result.lower_bound,
        gap_percent=result.gap_percent,
        status=result.status,
        conflicts=(),
        seconds=result.seconds,
        method=result.method,
    )


def _infeasible(conflicts: list[str], seconds: float = 0.0) -> Allocation:
    return Allocation(
        placements=(),
        transport_eur_per_year=math.inf,
        fit_eur_per_year=math.inf,
        total_eur_per_year=math.inf,
        lower_bound_eur_per_year=math.inf,
        gap_percent=math.nan,
        status="infeasible",
        conflicts=tuple(conflicts),
        seconds=seconds,
        method="constraint check",
    )


# ---------------------------------------------------------------- what-if


def _company(problem: AllocationProblem, name: str) -> Company:
    for company in problem.companies:
        if company.name == name:
            return company
    raise ValueError(f"unknown company {name!r}")


def _plot(problem: AllocationProblem, name: str) -> Plot:
    for plot in problem.plots:
        if plot.name == name:
            return plot
    raise ValueError(f"unknown plot {name!r}")


def pin(problem: AllocationProblem, company: str, plot: str | None) -> AllocationProblem:
    """The same problem with ``company`` pinned to ``plot`` (``None`` frees it).

    Examples
    --------
    >>> plots = [Plot("P1", 10, {"T"}, lon=24, lat=61), Plot("P2", 10, {"T"}, lon=24, lat=61.1)]
    >>> problem = AllocationProblem([Company("A", 5, "T")], plots)
    >>> allocate(pin(problem, "A", "P2")).plot_of("A")
    'P2'
    """
    _company(problem, company)
    if plot is not None:
        _plot(problem, plot)
    companies = tuple(replace(c, plot=plot) if c.name == company else c for c in problem.companies)
    return replace(problem, companies=companies)


def close_plot(problem: AllocationProblem, plot: str) -> AllocationProblem:
    """The same problem with ``plot`` closed (no company may take it).

    Examples
    --------
    >>> plots = [Plot("P1", 10, {"T"}, lon=24, lat=61), Plot("P2", 10, {"T"}, lon=24, lat=61.1)]
    >>> problem = AllocationProblem([Company("A", 5, "T")], plots)
    >>> allocate(close_plot(problem, "P1")).plot_of("A")
    'P2'
    """
    _plot(problem, plot)
    plots = tuple(replace(p, closed=True) if p.name == plot else p for p in problem.plots)
    return replace(problem, plots=plots)


def add_company(problem: AllocationProblem, company: Company, flows: Sequence[Flow] = ()) -> AllocationProblem:
    """The same problem with one more (planned) company and its flows.

    Examples
    --------
    >>> plots = [Plot("P1", 10, {"T"}, lon=24, lat=61), Plot("P2", 10, {"T"}, lon=24, lat=61.1)]
    >>> problem = AllocationProblem([Company("A", 5, "T")], plots)
    >>> bigger = add_company(problem, Company("B", 5, "T", planned=True), [Flow("A", "B", 10, 0.1)])
    >>> [c.name for c in bigger.companies], len(bigger.flows)
    (['A', 'B'], 1)
    """
    if not isinstance(company, Company):
        raise ValueError(f"company must be a Company, got {type(company).__name__}")
    return replace(problem, companies=problem.companies + (company,), flows=problem.flows + tuple(flows))


def compare(before: Allocation, after: Allocation) -> AllocationComparison:
    """What moved, what came and went, and how the yearly cost changed.

    Examples
    --------
    >>> plots = [Plot("P1", 10, {"T"}, lon=24, lat=61), Plot("P2", 10, {"T"}, lon=24, lat=61.1)]
    >>> problem = AllocationProblem([Company("A", 5, "T")], plots)
    >>> first = allocate(pin(problem, "A", "P1"))
    >>> compare(first, allocate(pin(problem, "A", "P2"))).moved
    (('A', 'P1', 'P2'),)
    """
    for name, allocation in (("before", before), ("after", after)):
        if not isinstance(allocation, Allocation) or allocation.status == "infeasible":
            raise ValueError(f"{name} must be a feasible Allocation")
    old = {pl.company: pl.plot for pl in before.placements}
    new = {pl.company: pl.plot for pl in after.placements}
    return AllocationComparison(
        moved=tuple((c, old[c], new[c]) for c in old if c in new and old[c] != new[c]),
        added=tuple((c, new[c]) for c in new if c not in old),
        removed=tuple((c, old[c]) for c in old if c not in new),
        transport_change_eur_per_year=after.transport_eur_per_year - before.transport_eur_per_year,
        fit_change_eur_per_year=after.fit_eur_per_year - before.fit_eur_per_year,
        total_change_eur_per_year=after.total_eur_per_year - before.total_eur_per_year,
    )
