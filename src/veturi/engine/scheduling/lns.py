"""Large-neighbourhood search on a schedule with small CP-SAT sub-problems.

Each step frees a neighbourhood of activities: a run of activities consecutive in start
order, or the activities sharing a resource with a random one and starting near it.
Activities that start before the neighbourhood stay where they are. The other kept
activities keep their order: where two of them share a resource (or a precedence) and one
ends before the other starts, that order becomes a precedence (a partial-order schedule).
Kept activities that overlapped may still overlap, so the kept part stays resource-feasible
whatever the shift (intervals that pairwise overlap share an instant at which the schedule
already ran them together), and the whole tail of the project may move left: a better
arrangement of the neighbourhood shortens the makespan. CP-SAT solves the sub-problem with
one worker, no presolve and a short limit; the neighbourhood grows when sub-problems close
quickly without gain and shrinks when they time out (after Godard, Laborie & Nuijten,
"Randomized large neighborhood search for cumulative scheduling", ICAPS 2005).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np
from ortools.sat.python import cp_model

from .heuristics import CriticalPath, critical_path, forward_backward_improvement
from .types import Project

__all__ = ["lns_improve"]

#: Activities freed by the first step; adapted afterwards.
INITIAL_NEIGHBOURHOOD = 20
#: Smallest neighbourhood.
MIN_NEIGHBOURHOOD = 4


def _kept_order(starts: np.ndarray, durations: np.ndarray, kept: np.ndarray, shares: np.ndarray):
    """Pairs (i, j) of kept activities sharing a resource or a precedence, i ending before j
    starts, less those implied by a chain through a third such activity."""
    ends = starts + durations
    before = (ends[:, None] <= starts[None, :]) & shares
    before &= kept[:, None] & kept[None, :]
    np.fill_diagonal(before, False)
    as_int = before.astype(np.int32)
    implied = (as_int @ as_int) > 0
    return np.argwhere(before & ~implied)


def lns_improve(
    project: Project,
    starts: Sequence[int],
    *,
    deadline: float,
    seed: int = 0,
    path: CriticalPath | None = None,
    lower_bound: int = 0,
    step_limit_s: float = 1.0,
    should_stop: Callable[[], bool] | None = None,
    on_improvement: Callable[[tuple[int, ...], int], None] | None = None,
    incumbent: Callable[[], tuple[Sequence[int], int]] | None = None,
) -> tuple[tuple[int, ...], int]:
    """Shorten a feasible schedule by large-neighbourhood search.

    Runs until ``deadline`` (a ``time.perf_counter()`` value), until the makespan reaches
    ``lower_bound`` or ``should_stop()`` says so; ``on_improvement(starts, makespan)`` hears
    of every shorter schedule, and ``incumbent()``, when given, offers a shorter one found
    elsewhere (another thread) to continue from. Returns the best schedule's starts and makespan, never longer
    than the one given. The caller checks feasibility of ``starts``; every schedule this
    returns keeps precedence and capacity.

    Examples
    --------
    >>> import time
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (1,)), Activity("b", 2, (1,)), Activity("c", 2, (1,))), (2,))
    >>> starts, makespan = lns_improve(p, [0, 2, 4], deadline=time.perf_counter() + 5, lower_bound=4)
    >>> makespan, sorted(starts)
    (4, [0, 0, 2])
    """
    if path is None:
        path = critical_path(project)
    activities = project.activities
    n = project.n_activities
    durations = np.array(project.durations, dtype=np.int64)
    requests = np.array([a.requests for a in activities], dtype=np.int64).reshape(
        n, project.n_resources
    )
    if len(starts) != n:
        raise ValueError(f"starts must hold {n} values, got {len(starts)}")
    uses = (requests > 0).astype(np.int64)
    shares = (uses @ uses.T) > 0
    for i, activity in enumerate(activities):
        for j in activity.successors:
            shares[i, j] = shares[j, i] = True
    best = np.array(starts, dtype=np.int64)
    best_makespan = int((best + durations).max(initial=0))
    rng = np.random.default_rng(seed)
    positive = [i for i in range(n) if durations[i] > 0]
    if not positive:
        return tuple(int(v) for v in best), best_makespan
    size = max(MIN_NEIGHBOURHOOD, min(len(positive), INITIAL_NEIGHBOURHOOD))

    while (
        time.perf_counter() < deadline - 0.05
        and best_makespan > lower_bound
        and not (should_stop is not None and should_stop())
    ):
        if incumbent is not None:
            other_starts, other_makespan = incumbent()
            if other_makespan < best_makespan:
                best, best_makespan = np.array(other_starts, dtype=np.int64), int(other_makespan)
        if rng.random() < 0.5:
            order = np.argsort(best, kind="stable")
            first = int(rng.integers(0, max(1, n - size + 1)))
            freed = order[first : first + size]
        else:
            centre = int(rng.choice(positive))
            near = [j for j in positive if shares[centre, j]]
            near.sort(key=lambda j: abs(int(best[j]) - int(best[centre])))
            freed = np.array(near[:size], dtype=np.int64)
        kept = np.ones(n, dtype=bool)
        kept[freed] = False
        window_start = int(best[freed].min())
        fixed = kept & (best < window_start)

        model = cp_model.CpModel()
        horizon = best_makespan
        start_vars, intervals = [], []
        for i, activity in enumerate(activities):
            if fixed[i]:
                var = model.new_constant(int(best[i]))
            else:
                earliest = max(path.earliest_start[i], window_start)
                latest = max(earliest, horizon - path.tail[i] - activity.duration)
                var = model.new_int_var(earliest, latest, f"start_{i}")
            start_vars.append(var)
            intervals.append(model.new_fixed_size_interval_var(var, activity.duration, f"task_{i}"))
        for r, capacity in enumerate(project.capacities):
            users = [i for i in positive if requests[i, r] > 0]
            if users:
                model.add_cumulative(
                    [intervals[i] for i in users], [int(requests[i, r]) for i in users], capacity
                )
        for i, activity in enumerate(activities):
            for j in activity.successors:
                model.add(start_vars[j] >= start_vars[i] + activity.duration)
        for i, j in _kept_order(best, durations, kept & ~fixed, shares):
            model.add(start_vars[j] >= start_vars[i] + int(durations[i]))
        makespan = model.new_int_var(min(lower_bound, horizon), horizon, "makespan")
        for i in range(n):
            model.add(makespan >= start_vars[i] + int(durations[i]) + path.tail[i])
        model.minimize(makespan)
        for i, var in enumerate(start_vars):
            if not fixed[i]:
                model.add_hint(var, int(best[i]))
        model.add_hint(makespan, best_makespan)

        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = int(rng.integers(1 << 30))
        # Small, already tight sub-problems: presolve and LP would cost more than they save.
        solver.parameters.cp_model_presolve = False
        solver.parameters.linearization_level = 0
        solver.parameters.max_time_in_seconds = max(
            0.01, min(step_limit_s, deadline - time.perf_counter())
        )
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            candidate = np.array([solver.value(v) for v in start_vars], dtype=np.int64)
            value = int((candidate + durations).max(initial=0))
            if value < best_makespan:
                candidate = np.array(forward_backward_improvement(project, candidate))
                best, best_makespan = candidate, int((candidate + durations).max(initial=0))
                if on_improvement is not None:
                    on_improvement(tuple(int(v) for v in best), best_makespan)
            elif value == best_makespan:
                best = candidate  # a sideways move: as short, arranged otherwise
        if status == cp_model.OPTIMAL:
            size = min(len(positive), size + 1)
        else:
            size = max(MIN_NEIGHBOURHOOD, size - 1)
    return tuple(int(v) for v in best), best_makespan
