"""The park's roadmap: when each value-network step and infrastructure project happens.

Months are the time unit and years the unit of the limits, so the model is time-indexed:
one Boolean per (activity, possible start month). That keeps every yearly limit and the
discounted impact linear and exact, and is small for a park (tens of activities over 5-10
years). Every group of constraints carries its own assumption literal, so an infeasible
plan is answered with the constraints that cannot hold together (a minimal set, found by
CP-SAT's sufficient assumptions and then shrunk one by one).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

__all__ = [
    "RoadmapActivity",
    "RoadmapResource",
    "RoadmapProblem",
    "RoadmapResult",
    "solve_roadmap",
    "RESOURCE_KINDS",
    "OBJECTIVES",
]

#: How an activity's demand counts against a yearly limit:
#: ``"while_active"`` - per month the activity runs (staff time, budget spent per month);
#: ``"from_start"`` - from its start month on, for good (land released to it);
#: ``"from_finish"`` - from its finish on, for good (utility capacity it draws when running).
RESOURCE_KINDS = ("while_active", "from_start", "from_finish")
OBJECTIVES = ("max_impact", "min_weighted_completion")
_SCALE = 1000  # CP-SAT needs integers: impacts and weights are scaled and rounded.


@dataclass(frozen=True)
class RoadmapResource:
    """A yearly limited resource: budget, land released, staff time, utility capacity.

    ``yearly_limits[y]`` bounds year ``y`` (0 = the first year of the roadmap): for
    ``while_active`` the sum over the year's months, for the other kinds the total held in
    that year.
    """

    name: str
    kind: str
    yearly_limits: tuple[float, ...]


@dataclass(frozen=True)
class RoadmapActivity:
    """A step of a value network or an infrastructure project.

    ``demands`` maps resource names to amounts (per month for ``while_active`` resources,
    in total for the others). ``yearly_impact`` maps impact names (``"co2_t"``, ``"jobs"``,
    ``"value_eur"``, ...) to what the activity yields per year once finished.
    ``weight`` is its weight in the weighted-completion objective. An optional activity
    may be left out of the plan; a required one must finish within the horizon.
    """

    name: str
    duration_months: int
    earliest_start_month: int = 0
    predecessors: tuple[str, ...] = ()
    demands: Mapping[str, float] = field(default_factory=dict)
    yearly_impact: Mapping[str, float] = field(default_factory=dict)
    weight: float = 1.0
    required: bool = True


@dataclass(frozen=True)
class RoadmapProblem:
    """Activities, resources, horizon and objective of a roadmap.

    Raises
    ------
    ValueError
        On a duplicate or unknown name, a negative duration or amount, a limit row of the
        wrong length, an unknown kind or objective; the message names the field.
    """

    activities: tuple[RoadmapActivity, ...]
    resources: tuple[RoadmapResource, ...] = ()
    years: int = 10
    objective: str = "max_impact"
    impact_weights: Mapping[str, float] = field(default_factory=dict)
    discount_rate: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "activities", tuple(self.activities))
        object.__setattr__(self, "resources", tuple(self.resources))
        if not isinstance(self.years, int) or self.years < 1:
            raise ValueError(f"years must be a positive integer, got {self.years!r}")
        if self.objective not in OBJECTIVES:
            raise ValueError(f"objective must be one of {OBJECTIVES}, got {self.objective!r}")
        if not (isinstance(self.discount_rate, (int, float)) and 0 <= self.discount_rate < 1):
            raise ValueError(f"discount_rate must be in [0, 1), got {self.discount_rate!r}")
        resource_names = [r.name for r in self.resources]
        if len(set(resource_names)) != len(resource_names):
            raise ValueError("resource names must be unique")
        for r in self.resources:
            if r.kind not in RESOURCE_KINDS:
                raise ValueError(f"resource {r.name!r}: kind must be one of {RESOURCE_KINDS}, got {r.kind!r}")
            if len(r.yearly_limits) != self.years:
                raise ValueError(
                    f"resource {r.name!r}: yearly_limits has {len(r.yearly_limits)} values "
                    f"for {self.years} years"
                )
            if any(not _is_number(v) or v < 0 for v in r.yearly_limits):
                raise ValueError(f"resource {r.name!r}: yearly_limits must be non-negative numbers")
        names = [a.name for a in self.activities]
        if not names:
            raise ValueError("activities must not be empty")
        if len(set(names)) != len(names):
            duplicate = next(n for n in names if names.count(n) > 1)
            raise ValueError(f"activity names must be unique; {duplicate!r} appears twice")
        for a in self.activities:
            where = f"activity {a.name!r}"
            if not isinstance(a.duration_months, int) or a.duration_months < 0:
                raise ValueError(f"{where}: duration_months must be a non-negative integer, got {a.duration_months!r}")
            if not isinstance(a.earliest_start_month, int) or a.earliest_start_month < 0:
                raise ValueError(f"{where}: earliest_start_month must be a non-negative integer, got {a.earliest_start_month!r}")
            for p in a.predecessors:
                if p not in names:
                    raise ValueError(f"{where}: unknown predecessor {p!r}")
                if p == a.name:
                    raise ValueError(f"{where}: an activity cannot precede itself")
            for resource, amount in a.demands.items():
                if resource not in resource_names:
                    raise ValueError(f"{where}: demand on unknown resource {resource!r}")
                if not _is_number(amount) or amount < 0:
                    raise ValueError(f"{where}: demand on {resource!r} must be a non-negative number")
            for impact, amount in a.yearly_impact.items():
                if not _is_number(amount):
                    raise ValueError(f"{where}: yearly_impact[{impact!r}] must be a number")
            if not _is_number(a.weight) or a.weight < 0:
                raise ValueError(f"{where}: weight must be a non-negative number")
        for impact, weight in self.impact_weights.items():
            if not _is_number(weight):
                raise ValueError(f"impact_weights[{impact!r}] must be a number")

    @property
    def horizon_months(self) -> int:
        return 12 * self.years


@dataclass(frozen=True)
class RoadmapResult:
    """The plan and how good it is.

    ``starts`` maps each planned activity to its start month (absent: left out or no plan);
    ``objective`` and ``bound`` are in the problem's units (impact, or weighted months);
    ``gap_percent`` is their relative distance; ``conflicts`` names the constraints that
    cannot hold together when ``status == "infeasible"``.
    """

    status: str
    objective: float | None
    bound: float | None
    gap_percent: float | None
    starts: Mapping[str, int]
    seconds: float
    conflicts: tuple[str, ...] = ()
    yearly_usage: Mapping[str, tuple[float, ...]] = field(default_factory=dict)

    def finish(self, problem: RoadmapProblem, name: str) -> int | None:
        by_name = {a.name: a for a in problem.activities}
        if name not in self.starts:
            return None
        return self.starts[name] + by_name[name].duration_months


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _months_in_year(start: int, duration: int, year: int) -> int:
    return max(0, min(start + duration, 12 * (year + 1)) - max(start, 12 * year))


class _RoadmapModel:
    """The time-indexed CP-SAT model with one assumption literal per constraint group."""

    def __init__(self, problem: RoadmapProblem) -> None:
        self.problem = problem
        model = cp_model.CpModel()
        horizon = problem.horizon_months
        activities = problem.activities
        self.model = model
        self.guards: dict[int, str] = {}  # assumption literal index -> sentence
        self.guard_literals: list[cp_model.IntVar] = []

        def guard(sentence: str) -> cp_model.IntVar:
            literal = model.new_bool_var(sentence)
            self.guards[literal.index] = sentence
            self.guard_literals.append(literal)
            return literal

        # x[a, t]: activity a starts in month t. Starts before the earliest start are not
        # created here but guarded below, so that an impossible earliest start can be named.
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.planned: list[cp_model.IntVar] = []
        self.start: list[cp_model.LinearExpr] = []
        for i, a in enumerate(activities):
            last = horizon - a.duration_months
            choices = []
            for t in range(0, last + 1):
                var = model.new_bool_var(f"start_{a.name}_{t}")
                self.x[i, t] = var
                choices.append(var)
            planned = model.new_bool_var(f"planned_{a.name}")
            model.add(sum(choices) == planned)
            self.planned.append(planned)
            self.start.append(sum(t * self.x[i, t] for t in range(0, last + 1)))
            if a.required:
                # A required activity finishes within the horizon.
                model.add(planned == 1).only_enforce_if(
                    guard(f"{a.name} must finish within the {problem.years}-year horizon")
                )
            if a.earliest_start_month > 0:
                early = [self.x[i, t] for t in range(0, min(a.earliest_start_month, last + 1))]
                if early:
                    model.add(sum(early) == 0).only_enforce_if(
                        guard(f"{a.name} cannot start before month {a.earliest_start_month}")
                    )
        index = {a.name: i for i, a in enumerate(activities)}
        for j, a in enumerate(activities):
            for name in a.predecessors:
                i = index[name]
                sentence = f"{a.name} starts after {name} finishes"
                literal = guard(sentence)
                # A planned activity needs its predecessor planned, and finished first.
                model.add(self.planned[j] <= self.planned[i]).only_enforce_if(literal)
                model.add(
                    self.start[j] >= self.start[i] + activities[i].duration_months
                ).only_enforce_if([literal, self.planned[j]])
        # Each resource stays within its yearly limit.
        self.usage: dict[tuple[str, int], cp_model.LinearExpr] = {}
        for resource in problem.resources:
            for year in range(problem.years):
                terms = []
                for i, a in enumerate(activities):
                    amount = a.demands.get(resource.name, 0)
                    if not amount:
                        continue
                    for t in range(0, horizon - a.duration_months + 1):
                        coefficient = _usage(resource.kind, amount, t, a.duration_months, year)
                        if coefficient:
                            terms.append((coefficient, self.x[i, t]))
                expression = sum(round(c * _SCALE) * v for c, v in terms) if terms else 0
                self.usage[resource.name, year] = (terms, expression)
                if terms:
                    model.add(expression <= round(resource.yearly_limits[year] * _SCALE)).only_enforce_if(
                        guard(f"{resource.name} limit {resource.yearly_limits[year]:g} in year {year + 1}")
                    )
        # Objective.
        self.coefficients: dict[tuple[int, int], float] = {}
        for i, a in enumerate(activities):
            for t in range(0, horizon - a.duration_months + 1):
                self.coefficients[i, t] = _value(problem, a, t)
        scaled = sum(
            round(c * _SCALE) * self.x[key] for key, c in self.coefficients.items() if c
        )
        if problem.objective == "max_impact":
            model.maximize(scaled)
        else:
            # Weighted completion: a left-out optional activity counts as finishing at the horizon.
            penalty = sum(
                round(a.weight * horizon * _SCALE) * (1 - self.planned[i])
                for i, a in enumerate(activities)
            )
            model.minimize(scaled + penalty)


def _usage(kind: str, amount: float, start: int, duration: int, year: int) -> float:
    if kind == "while_active":
        return amount * _months_in_year(start, duration, year)
    held_from = start if kind == "from_start" else start + duration
    return amount if held_from < 12 * (year + 1) else 0.0


def _value(problem: RoadmapProblem, activity: RoadmapActivity, start: int) -> float:
    finish = start + activity.duration_months
    if problem.objective == "min_weighted_completion":
        return activity.weight * finish
    per_year = sum(
        problem.impact_weights.get(name, 0.0) * amount
        for name, amount in activity.yearly_impact.items()
    )
    if not per_year:
        return 0.0
    # Discounted impact of every month from the finish to the end of the horizon.
    monthly = 1.0 / (1.0 + problem.discount_rate) ** (1 / 12)
    months = problem.horizon_months - finish
    if problem.discount_rate == 0:
        total = months
    else:
        total = monthly**finish * (1 - monthly**months) / (1 - monthly)
    return per_year / 12 * total


def solve_roadmap(
    problem: RoadmapProblem, *, time_limit_s: float = 10.0, seed: int = 0, workers: int = 2
) -> RoadmapResult:
    """Plan the roadmap: start months that respect every constraint and optimise the objective.

    Returns
    -------
    RoadmapResult
        Status ``optimal``, ``feasible``, ``infeasible`` (with ``conflicts``, a minimal set
        of constraint sentences that cannot all hold) or ``unknown``; objective, bound and
        gap are always filled when a plan exists.

    Examples
    --------
    >>> heat = RoadmapActivity("heat network", 12, demands={"budget": 1.0})
    >>> plant = RoadmapActivity("biogas plant", 6, predecessors=("heat network",),
    ...                         yearly_impact={"co2_t": 1200.0})
    >>> problem = RoadmapProblem(
    ...     (heat, plant), (RoadmapResource("budget", "while_active", (12.0, 12.0)),),
    ...     years=2, impact_weights={"co2_t": 1.0},
    ... )
    >>> result = solve_roadmap(problem, time_limit_s=5)
    >>> result.status, result.starts["biogas plant"], result.objective
    ('optimal', 12, 600.0)
    >>> tight = RoadmapProblem(
    ...     (heat, plant), (RoadmapResource("budget", "while_active", (6.0, 5.0)),), years=2,
    ... )
    >>> solve_roadmap(tight, time_limit_s=5).conflicts
    ('heat network must finish within the 2-year horizon', 'budget limit 6 in year 1', 'budget limit 5 in year 2')
    """
    if not isinstance(time_limit_s, (int, float)) or not time_limit_s > 0:
        raise ValueError(f"time_limit_s must be a positive number of seconds, got {time_limit_s!r}")
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    began = time.perf_counter()
    built = _RoadmapModel(problem)
    model = built.model
    # First solve with every guard forced true (plain constraints for presolve).
    for literal in built.guard_literals:
        model.add(literal == 1)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _plan(problem, built, solver, status, began)
    if status == cp_model.INFEASIBLE:
        remaining = max(0.5, time_limit_s - (time.perf_counter() - began))
        conflicts = _explain(problem, remaining, seed)
        return RoadmapResult("infeasible", None, None, None, {}, time.perf_counter() - began, conflicts)
    return RoadmapResult("unknown", None, None, None, {}, time.perf_counter() - began)


def _plan(problem, built, solver, status, began) -> RoadmapResult:
    activities = problem.activities
    horizon = problem.horizon_months
    starts = {}
    for i, a in enumerate(activities):
        for t in range(0, horizon - a.duration_months + 1):
            if solver.boolean_value(built.x[i, t]):
                starts[a.name] = t
    objective = solver.objective_value / _SCALE
    bound = solver.best_objective_bound / _SCALE
    if status == cp_model.OPTIMAL:
        bound = objective
    gap = 100.0 * abs(bound - objective) / max(abs(objective), 1e-9) if objective else (
        0.0 if bound == objective else None
    )
    usage = {
        resource.name: tuple(
            round(sum(c * solver.boolean_value(v) for c, v in built.usage[resource.name, y][0]), 6)
            for y in range(problem.years)
        )
        for resource in problem.resources
    }
    return RoadmapResult(
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        round(objective, 6),
        round(bound, 6),
        gap,
        starts,
        time.perf_counter() - began,
        yearly_usage=usage,
    )


def _explain(problem: RoadmapProblem, time_limit_s: float, seed: int) -> tuple[str, ...]:
    """A minimal set of guarded constraints that cannot hold together."""
    deadline = time.perf_counter() + time_limit_s

    def infeasible_core(active: list[str] | None) -> list[str] | None:
        built = _RoadmapModel(problem)
        built.model.clear_objective()
        by_sentence = {built.guards[lit.index]: lit for lit in built.guard_literals}
        chosen = list(by_sentence) if active is None else active
        for sentence, literal in by_sentence.items():
            if sentence not in chosen:
                built.model.add(literal == 0)
        built.model.add_assumptions([by_sentence[s] for s in chosen])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1  # assumptions cores need the sequential search
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = max(0.05, deadline - time.perf_counter())
        if solver.solve(built.model) != cp_model.INFEASIBLE:
            return None
        core = [built.guards[i] for i in solver.sufficient_assumptions_for_infeasibility()]
        return core or chosen

    core = infeasible_core(None)
    if core is None:  # pragma: no cover - the first solve said infeasible
        return ("the plan is infeasible but no conflicting constraints were isolated",)
    # Deletion filter: drop every constraint the conflict does not need.
    for sentence in list(core):
        if time.perf_counter() > deadline:
            break
        trial = [s for s in core if s != sentence]
        smaller = infeasible_core(trial)
        if smaller is not None:
            core = [s for s in core if s in smaller]
    order = {s: k for k, s in enumerate(_RoadmapModel(problem).guards.values())}
    return tuple(sorted(core, key=order.get))
