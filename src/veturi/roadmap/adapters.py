"""The one module that knows both the roadmap rows and the scheduling engine.

* :func:`roadmap_to_problem` turns a ``Roadmap`` and its activities, resources and demands into
  the engine's ``RoadmapProblem``;
* :func:`solve_and_store` calls ``solve_roadmap`` and stores the result (status, objective,
  bound, gap, conflicts, yearly usage, the planned starts and the critical path) in one
  transaction;
* :func:`plan_violations` checks a stored plan against the rows, independently of the solver;
* :func:`build_from_networks` writes the activities of the value networks (the locomotive
  settles, the followers settle, the exchanges start) and of the planned infrastructure they
  need, so that a network needs its locomotive and its infrastructure first.
"""

from __future__ import annotations

from django.db import transaction

from veturi.engine.scheduling import (
    Activity,
    Project,
    RoadmapActivity as EngineActivity,
    RoadmapProblem,
    RoadmapResource as EngineResource,
    RoadmapResult,
    critical_path,
    solve_roadmap,
)
from veturi.roadmap.models import PlannedActivity, ResourceUsage, Roadmap, RoadmapSolve


class RoadmapInputError(ValueError):
    """The roadmap cannot be handed to the solver; the message names the activity or resource."""


def roadmap_to_problem(roadmap: Roadmap) -> RoadmapProblem:
    """The engine's problem for a stored roadmap (names are the activities' and resources' names)."""
    activities = list(roadmap.activities.order_by("pk").prefetch_related("predecessors", "demands__resource"))
    if not activities:
        raise RoadmapInputError("the roadmap has no activities yet: add one, or build them from the value networks")
    resources = list(roadmap.resources.order_by("pk"))
    for resource in resources:
        if len(resource.yearly_limits) != roadmap.years:
            raise RoadmapInputError(
                f"resource {resource.name!r} has {len(resource.yearly_limits)} yearly limits for a {roadmap.years}-year roadmap"
            )
    horizon = roadmap.horizon_months
    engine_activities = []
    for a in activities:
        if a.duration_months > horizon:
            raise RoadmapInputError(f"activity {a.name!r} lasts {a.duration_months} months, longer than the {horizon}-month horizon")
        engine_activities.append(EngineActivity(
            name=a.name,
            duration_months=a.duration_months,
            earliest_start_month=a.earliest_start_month,
            predecessors=tuple(sorted(p.name for p in a.predecessors.all())),
            demands={d.resource.name: float(d.amount) for d in a.demands.all() if d.amount},
            yearly_impact=a.yearly_impact(),
            weight=float(a.weight),
            required=a.required,
        ))
    engine_resources = [
        EngineResource(r.name, r.usage, tuple(float(v) for v in r.yearly_limits)) for r in resources
    ]
    try:
        return RoadmapProblem(
            tuple(engine_activities), tuple(engine_resources), years=roadmap.years, objective=roadmap.objective,
            impact_weights=roadmap.impact_weights(), discount_rate=float(roadmap.discount_rate),
        )
    except ValueError as exc:
        raise RoadmapInputError(str(exc)) from exc


def plan_critical_path(problem: RoadmapProblem, starts: dict[str, int]) -> list[str]:
    """The planned activities on the longest chain of predecessors and earliest starts.

    No plan can finish before this chain does; delaying any activity on it delays the
    earliest possible end. Earliest starts enter as a release activity in front of the
    activity, so a late earliest start can make a chain critical. Returned first to last.
    """
    planned = [a for a in problem.activities if a.name in starts]
    if not planned:
        return []
    index = {a.name: i for i, a in enumerate(planned)}
    successors: dict[int, list[int]] = {i: [] for i in range(len(planned))}
    for a in planned:
        for p in a.predecessors:
            if p in index:
                successors[index[p]].append(index[a.name])
    engine = [Activity(a.name, a.duration_months, (), tuple(successors[i])) for i, a in enumerate(planned)]
    releases = [
        Activity(f"release:{a.name}", a.earliest_start_month, (), (i,))
        for i, a in enumerate(planned) if a.earliest_start_month > 0
    ]
    try:
        path = critical_path(Project(tuple(engine + releases), ()))
    except ValueError:  # a precedence cycle: no plan, no path
        return []
    on_path = [
        i for i in range(len(planned))
        if path.earliest_start[i] + planned[i].duration_months + path.tail[i] == path.length
    ]
    on_path.sort(key=lambda i: (path.earliest_start[i], planned[i].name))
    return [planned[i].name for i in on_path]


def solve_and_store(roadmap: Roadmap, *, time_limit_s: float | None = None, seed: int = 0, workers: int = 2,
                    user=None) -> RoadmapSolve:
    """Solve the roadmap and store the result; raises :class:`RoadmapInputError` on bad rows.

    An infeasible roadmap is a normal result: status ``infeasible`` and the conflicting
    constraints in ``conflicts``.
    """
    problem = roadmap_to_problem(roadmap)
    limit = float(time_limit_s if time_limit_s is not None else roadmap.time_limit_s)
    fingerprint = roadmap.fingerprint()
    result = solve_roadmap(problem, time_limit_s=limit, seed=seed, workers=workers)
    return store_result(roadmap, problem, result, time_limit_s=limit, seed=seed, user=user, fingerprint=fingerprint)


def store_result(roadmap: Roadmap, problem: RoadmapProblem, result: RoadmapResult, *, time_limit_s: float, seed: int,
                 user=None, fingerprint: str = "") -> RoadmapSolve:
    by_name = {a.name: a for a in roadmap.activities.all()}
    critical = plan_critical_path(problem, dict(result.starts))
    with transaction.atomic():
        solve = RoadmapSolve.objects.create(
            roadmap=roadmap, created_by=user, status=result.status, objective_name=problem.objective,
            objective_value=result.objective, bound=result.bound, gap_percent=result.gap_percent,
            seconds=round(result.seconds, 3), time_limit_s=time_limit_s, seed=seed, conflicts=list(result.conflicts),
            yearly_usage={name: list(values) for name, values in result.yearly_usage.items()}, critical_path=critical,
            parameters={"years": problem.years, "objective": problem.objective, "impact_weights": dict(problem.impact_weights),
                        "discount_rate": problem.discount_rate},
            fingerprint=fingerprint or roadmap.fingerprint(),
        )
        durations = {a.name: a.duration_months for a in problem.activities}
        PlannedActivity.objects.bulk_create([
            PlannedActivity(solve=solve, activity=by_name[name], start_month=start, finish_month=start + durations[name],
                            critical=name in critical)
            for name, start in result.starts.items()
        ])
    return solve


def plan_violations(solve: RoadmapSolve) -> list[str]:
    """Every way a stored plan breaks the roadmap's rows as they are now, checked naively.

    Month by month and year by year, sharing no code with the solver: a required activity
    left out, a start before its earliest start, an end after the horizon, a start before a
    predecessor finishes (or without it planned), a resource over its limit in a year.
    """
    roadmap = solve.roadmap
    horizon = roadmap.horizon_months
    planned = {p.activity_id: p for p in solve.planned.select_related("activity")}
    problems = []
    activities = list(roadmap.activities.prefetch_related("predecessors", "demands__resource"))
    for a in activities:
        p = planned.get(a.pk)
        if p is None:
            if a.required:
                problems.append(f"{a.name} is required but not planned")
            continue
        if p.start_month < a.earliest_start_month:
            problems.append(f"{a.name} starts in month {p.start_month}, before its earliest start {a.earliest_start_month}")
        if p.finish_month != p.start_month + a.duration_months:
            problems.append(f"{a.name} lasts {p.finish_month - p.start_month} months in the plan, not {a.duration_months}")
        if p.finish_month > horizon:
            problems.append(f"{a.name} finishes in month {p.finish_month}, after the {horizon}-month horizon")
        for predecessor in a.predecessors.all():
            q = planned.get(predecessor.pk)
            if q is None:
                problems.append(f"{a.name} is planned but its predecessor {predecessor.name} is not")
            elif p.start_month < q.finish_month:
                problems.append(f"{a.name} starts in month {p.start_month} before {predecessor.name} finishes in month {q.finish_month}")
    for resource in roadmap.resources.all():
        for year in range(roadmap.years):
            used = 0.0
            for a in activities:
                p = planned.get(a.pk)
                demand = next((d.amount for d in a.demands.all() if d.resource_id == resource.pk), 0.0)
                if p is None or not demand:
                    continue
                if resource.usage == ResourceUsage.WHILE_ACTIVE:
                    months = sum(1 for month in range(12 * year, 12 * year + 12) if p.start_month <= month < p.finish_month)
                    used += demand * months
                else:
                    held_from = p.start_month if resource.usage == ResourceUsage.FROM_START else p.finish_month
                    if held_from <= 12 * year + 11:
                        used += demand
            limit = resource.yearly_limits[year] if year < len(resource.yearly_limits) else 0
            if used > limit + 1e-6 * max(1.0, abs(limit)):
                problems.append(f"{resource.name} in {roadmap.first_year + year}: {used:g} used > limit {limit:g}")
    return problems
