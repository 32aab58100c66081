"""Minimum-makespan scheduling of a resource-constrained project with OR-Tools CP-SAT.

Two models:

* :func:`solve_rcpsp_plain` is the textbook interval model: one interval per activity,
  one cumulative constraint per resource, precedence as linear inequalities. It is the
  baseline the benchmark compares against.
* :func:`solve_rcpsp` wraps the same core with what makes it strong: infeasibility found
  and explained before search; critical-path, energy and disjunctive-clique lower bounds;
  a genetic algorithm with forward-backward improvement whose best schedule becomes the
  solution hint and whose makespan the horizon; start windows from heads and tails;
  redundant no-overlap constraints over groups of activities that pairwise cannot
  overlap, and order literals for resource-incompatible pairs; then a race between the
  genetic algorithm and CP-SAT searching below the best known makespan, joined by a second,
  differently configured CP-SAT search on small projects once the heuristic has converged,
  and by large-neighbourhood search (:mod:`.lns`) on large ones.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .heuristics import (
    critical_path,
    disjunctive_cliques,
    heuristic_schedule,
    incompatible_pairs,
    makespan_lower_bound,
    over_capacity_requests,
    precedence_cycle,
    topological_order,
    warm_up,
)
from .heuristics import _transitive_successors
from .lns import lns_improve
from .types import Project, ScheduleResult

__all__ = ["solve_rcpsp", "solve_rcpsp_plain", "WARM_START_SCHEDULES"]

#: Schedules built by the warm-start heuristic before CP-SAT starts.
WARM_START_SCHEDULES = 1000
#: A CP-SAT run made stale by a better heuristic schedule restarts after this long at least.
RESTART_DELAY_S = 0.5
#: The racing heuristic gives up after this long without improvement (or half the time spent).
STALL_S = 1.0
#: Projects up to this size get a second CP-SAT search once the heuristic has converged.
HELPER_MAX_ACTIVITIES = 100
#: Above this many resource-incompatible pairs not ordered by precedence, no order literals.
MAX_ORDER_LITERALS = 400


def _check_parameters(time_limit_s: float, seed: int, workers: int) -> None:
    if not isinstance(time_limit_s, (int, float)) or not time_limit_s > 0:
        raise ValueError(f"time_limit_s must be a positive number of seconds, got {time_limit_s!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be a positive integer, got {workers!r}")


def _infeasibility(project: Project) -> list[str]:
    cycle = precedence_cycle(project)
    if cycle is not None:
        names = [project.activities[i].name for i in cycle + cycle[:1]]
        return ["precedence cycle: " + " -> ".join(names)]
    return over_capacity_requests(project)


def _result(
    project: Project,
    starts,
    lower_bound: int,
    began: float,
    method: str,
    proven: bool = False,
) -> ScheduleResult:
    starts = tuple(int(s) for s in starts)
    makespan = max((s + a.duration for s, a in zip(starts, project.activities)), default=0)
    lower_bound = min(lower_bound, makespan)
    optimal = proven or makespan == lower_bound
    if optimal:
        lower_bound = makespan
    gap = 100.0 * (makespan - lower_bound) / makespan if makespan > 0 else 0.0
    return ScheduleResult(
        starts=starts,
        makespan=makespan,
        lower_bound=lower_bound,
        status="optimal" if optimal else "feasible",
        gap_percent=gap,
        seconds=time.perf_counter() - began,
        method=method,
    )


def solve_rcpsp_plain(
    project: Project, *, time_limit_s: float = 10.0, seed: int = 0, workers: int = 2
) -> ScheduleResult:
    """Solve with the plain CP-SAT interval model (the benchmark's baseline).

    One interval per activity with starts in ``[0, sum of durations]``, one cumulative
    constraint per resource, precedence inequalities, minimise the makespan; CP-SAT's
    default parameters apart from the time limit, seed and number of workers.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (1,)), Activity("b", 2, (1,))), (1,))
    >>> r = solve_rcpsp_plain(p, time_limit_s=5)
    >>> r.status, r.makespan
    ('optimal', 4)
    """
    _check_parameters(time_limit_s, seed, workers)
    began = time.perf_counter()
    conflicts = _infeasibility(project)
    if conflicts:
        return ScheduleResult((), None, 0, "infeasible", None, time.perf_counter() - began,
                              "plain cp-sat", tuple(conflicts))
    horizon = sum(project.durations)
    model = cp_model.CpModel()
    starts, ends, intervals = [], [], []
    for i, activity in enumerate(project.activities):
        start = model.new_int_var(0, horizon, f"start_{activity.name}")
        end = model.new_int_var(0, horizon, f"end_{activity.name}")
        intervals.append(model.new_interval_var(start, activity.duration, end, f"task_{activity.name}"))
        starts.append(start)
        ends.append(end)
    # Each resource is never used above its capacity.
    for r, capacity in enumerate(project.capacities):
        model.add_cumulative(intervals, [a.requests[r] for a in project.activities], capacity)
    # An activity starts after each of its predecessors has finished.
    for i, activity in enumerate(project.activities):
        for j in activity.successors:
            model.add(starts[j] >= ends[i])
    makespan = model.new_int_var(0, horizon, "makespan")
    model.add_max_equality(makespan, ends)
    model.minimize(makespan)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _result(
            project,
            [solver.value(s) for s in starts],
            int(math.ceil(solver.best_objective_bound - 1e-6)),
            began,
            "plain cp-sat",
            proven=status == cp_model.OPTIMAL,
        )
    if status == cp_model.INFEASIBLE:  # pragma: no cover - excluded by the checks above
        return ScheduleResult((), None, 0, "infeasible", None, time.perf_counter() - began,
                              "plain cp-sat", ("the solver proved the model infeasible",))
    return ScheduleResult((), None, 0, "unknown", None, time.perf_counter() - began, "plain cp-sat")


@dataclass
class _Model:
    """A CP-SAT model of a project with its variables, for solving and re-solving."""

    model: cp_model.CpModel
    starts: list[cp_model.IntVar]
    makespan: cp_model.IntVar


def _build_model(
    project: Project,
    *,
    lower_bound: int,
    upper_bound: int,
    path,
    cliques,
    hint=None,
    ordered_pairs=(),
) -> _Model:
    """The strengthened model: windows from heads and tails, redundant no-overlaps."""
    model = cp_model.CpModel()
    activities = project.activities
    starts, intervals = [], []
    for i, activity in enumerate(activities):
        # An activity cannot start before its longest chain of predecessors has run, nor so
        # late that its longest chain of successors ends after the best schedule known.
        latest = upper_bound - path.tail[i] - activity.duration
        start = model.new_int_var(path.earliest_start[i], latest, f"start_{activity.name}")
        starts.append(start)
        intervals.append(
            model.new_fixed_size_interval_var(start, activity.duration, f"task_{activity.name}")
        )
    makespan = model.new_int_var(lower_bound, upper_bound, "makespan")
    # Each resource is never used above its capacity.
    for r, capacity in enumerate(project.capacities):
        users = [i for i, a in enumerate(activities) if a.requests[r] > 0 and a.duration > 0]
        if users:
            model.add_cumulative(
                [intervals[i] for i in users], [activities[i].requests[r] for i in users], capacity
            )
    # An activity starts after each of its predecessors has finished.
    for i, activity in enumerate(activities):
        for j in activity.successors:
            model.add(starts[j] >= starts[i] + activity.duration)
    # The makespan covers every activity's end, and its tail beyond (redundant, tightens).
    for i, activity in enumerate(activities):
        if not activity.successors or path.tail[i] > 0:
            model.add(makespan >= starts[i] + activity.duration + path.tail[i])
    # Redundant: activities that pairwise cannot overlap (precedence or joint requests above
    # a capacity) form a disjunctive machine; its edge finding prunes far more than the
    # cumulative constraints see one resource at a time.
    for clique in cliques:
        model.add_no_overlap([intervals[i] for i in clique])
    # Redundant: an explicit order literal for each pair that cannot overlap for resource
    # reasons, so that conflict learning can talk about "i before j".
    for i, j in ordered_pairs:
        before = model.new_bool_var(f"{activities[i].name}_before_{activities[j].name}")
        model.add(starts[j] >= starts[i] + activities[i].duration).only_enforce_if(before)
        model.add(starts[i] >= starts[j] + activities[j].duration).only_enforce_if(~before)
    model.minimize(makespan)
    if hint is not None:
        for var, value in zip(starts, hint):
            model.add_hint(var, int(value))
        model.add_hint(makespan, max(int(s) + a.duration for s, a in zip(hint, activities)))
    return _Model(model, starts, makespan)


def _resource_pairs(project: Project, pairs) -> list[tuple[int, int]]:
    """The incompatible pairs not already ordered by precedence (directly or by a chain)."""
    reach = _transitive_successors(project, topological_order(project))
    return sorted((i, j) for i, j in pairs if not (reach[i] >> j) & 1 and not (reach[j] >> i) & 1)


def solve_rcpsp(
    project: Project,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    workers: int = 2,
    warm_start_s: float | None = None,
    log_search: bool = False,
) -> ScheduleResult:
    """Find a minimum-makespan schedule of a resource-constrained project.

    The work runs in three steps. (1) Pre-checks: a precedence cycle or a request above
    capacity is answered at once as infeasible, naming the culprits. (2) Bounds and warm
    start: critical-path, resource-energy and disjunctive-clique lower bounds; a genetic
    algorithm with forward-backward improvement gives the first schedule. (3) Two
    searches share the remaining time: CP-SAT on the strengthened model looks for a
    schedule shorter than the best known (hinted with it; "none exists" proves
    optimality) and raises the lower bound, while the genetic algorithm keeps improving on
    another thread. CP-SAT restarts below each better heuristic schedule. On projects of
    up to ``HELPER_MAX_ACTIVITIES`` activities the converged heuristic hands its thread to
    a second CP-SAT search (LP relaxation, presolve, another seed); on larger ones CP-SAT
    hands its thread to large-neighbourhood search after a quarter of the limit. A proof,
    or the best meeting the bound, ends every search.

    Parameters
    ----------
    project : Project
    time_limit_s : float
        Wall-clock budget for the whole call.
    seed : int
        Seeds the heuristic and CP-SAT. Two threads race, so the schedule may differ from
        run to run when the time limit stops the search; a proven optimum's makespan does not.
    workers : int
        Threads: with 2 or more, one runs the genetic algorithm and the rest CP-SAT; with 1,
        the genetic algorithm runs first, then CP-SAT.
    warm_start_s : float, optional
        Budget of the first heuristic run (which also stops after
        ``WARM_START_SCHEDULES`` schedules); default 10 % of the limit, at most 1 s.
    log_search : bool
        Print CP-SAT's search log.

    Returns
    -------
    ScheduleResult
        ``"optimal"`` when the makespan meets a proven lower bound; ``"infeasible"``
        with ``conflicts`` naming a precedence cycle or requests above capacity.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project(
    ...     activities=(
    ...         Activity("foundations", 3, (2,), (1, 2)),
    ...         Activity("boiler", 2, (2,)),
    ...         Activity("pipes", 4, (1,)),
    ...     ),
    ...     capacities=(2,),
    ... )
    >>> r = solve_rcpsp(p, time_limit_s=5)
    >>> r.status, r.makespan, r.lower_bound
    ('optimal', 9, 9)
    >>> solve_rcpsp(Project((Activity("crane", 1, (3,)),), (2,))).conflicts
    ('activity crane requests 3 of R1 but its capacity is 2',)
    """
    _check_parameters(time_limit_s, seed, workers)
    # Compiling the heuristic's kernels is a once-per-process cost, not part of a solve.
    warm_up()
    began = time.perf_counter()
    deadline = began + time_limit_s
    conflicts = _infeasibility(project)
    if conflicts:
        return ScheduleResult((), None, 0, "infeasible", None, time.perf_counter() - began,
                              "pre-check", tuple(conflicts))
    path = critical_path(project)
    pairs = incompatible_pairs(project)
    cliques = disjunctive_cliques(project, pairs, min_size=2)
    lower_bound = makespan_lower_bound(project, path=path, cliques=cliques)
    if warm_start_s is None:
        warm_start_s = min(1.0, 0.1 * time_limit_s)
    # Capped by a schedule count as well as time, so that it is repeatable on an idle machine.
    warm = heuristic_schedule(
        project, time_limit_s=warm_start_s, max_schedules=WARM_START_SCHEDULES, seed=seed,
        lower_bound=lower_bound,
    )
    if warm.makespan <= lower_bound:
        return _result(project, warm.starts, lower_bound, began, "heuristic")

    ordered_pairs = _resource_pairs(project, pairs)
    if len(ordered_pairs) > MAX_ORDER_LITERALS:
        # On large projects CP-SAT's presolve probes every order literal (seconds on j120,
        # paid again at every restart); the cliques and cumulatives carry the reasoning.
        ordered_pairs = []
    solver_workers = max(1, workers - 1)
    # Small projects are usually solved by a proof: once the genetic algorithm has
    # converged, its thread runs a second, differently configured CP-SAT search beside the
    # first. On large ones the genetic algorithm keeps its thread, and the prover's turns to
    # large-neighbourhood search after a quarter of the limit.
    helper_proof = project.n_activities <= HELPER_MAX_ACTIVITIES

    # Shared state of the race, guarded by the lock. `runs` holds the CP-SAT searches
    # under way: their solver, start time and whether a better schedule made them stale.
    lock = threading.Lock()
    best = {"starts": warm.starts, "makespan": warm.makespan, "by": "heuristic"}
    state = {"bound": lower_bound, "finished": False, "improved": time.perf_counter()}
    runs: dict[str, dict] = {}

    def solved() -> bool:
        return state["finished"] or best["makespan"] <= state["bound"]

    def stop_all() -> None:
        for run in list(runs.values()):
            run["solver"].stop_search()

    def offer(starts, makespan: int, by: str) -> None:
        with lock:
            if makespan >= best["makespan"]:
                return
            best.update(starts=tuple(int(s) for s in starts), makespan=makespan, by=by)
            state["improved"] = time.perf_counter()
            if by != "cp-sat":
                # The searches look below the old best: they should restart below the new
                # one (done by poll(), not at once, so a burst of improvements costs one
                # restart). A CP-SAT solution needs no restart: the other search's model
                # holds it, and CP-SAT minimises from whatever it finds.
                for run in runs.values():
                    run["stale"] = True
            done = solved()
        if done:
            stop_all()

    def poll() -> bool:
        """Polled by the heuristic between schedules: restart stale CP-SAT runs that have
        had some time; tell the heuristic whether to stop (race over, or converged on a
        small project)."""
        now = time.perf_counter()
        with lock:
            restart = [
                run["solver"] for run in runs.values()
                if run["stale"] and now - run["started"] > RESTART_DELAY_S
            ]
            # Converged: no better schedule for half of the time spent (at least STALL_S,
            # and a quarter of the limit). Only on small projects: on large ones the genetic
            # algorithm keeps improving in rare steps (j12058_8: 137 -> 136 after 17 s),
            # and neighbourhood search runs on the other thread.
            stalled = helper_proof and now - state["improved"] > max(
                STALL_S, 0.5 * (now - began), 0.25 * time_limit_s
            )
        for solver in restart:
            solver.stop_search()
        return stalled or solved()

    def poll_lns() -> bool:
        """Polled by the neighbourhood search between steps: restart stale CP-SAT runs,
        stop when the race is over."""
        now = time.perf_counter()
        with lock:
            restart = [
                run["solver"] for run in runs.values()
                if run["stale"] and now - run["started"] > RESTART_DELAY_S
            ]
        for solver in restart:
            solver.stop_search()
        return solved()

    def raise_bound(bound: int) -> None:
        with lock:
            state["bound"] = max(state["bound"], min(bound, best["makespan"]))
            done = solved()
        if done:
            stop_all()

    class _Solutions(cp_model.CpSolverSolutionCallback):
        def __init__(self, starts) -> None:
            super().__init__()
            self._starts = starts

        def on_solution_callback(self) -> None:
            offer([self.value(s) for s in self._starts], int(self.objective_value), "cp-sat")

    def incumbent():
        with lock:
            return best["starts"], best["makespan"]

    def improve_by_lns(lns_seed: int) -> None:
        with lock:
            starts = best["starts"]
        lns_improve(
            project, starts, deadline=deadline, seed=lns_seed, path=path,
            lower_bound=lower_bound, should_stop=poll_lns, incumbent=incumbent,
            on_improvement=lambda starts, makespan: offer(starts, makespan, "lns"),
        )

    def search(name: str, n_workers: int, search_seed: int, lp: bool, until: float) -> None:
        """CP-SAT looks for a schedule shorter than the best known; it restarts whenever
        the heuristic shortens the best, and its failing to find one proves optimality."""
        while not solved() and time.perf_counter() < until - 0.01:
            with lock:
                target = best["makespan"] - 1
                hint = best["starts"]
                bound = state["bound"]
            if target < bound:
                break
            built = _build_model(
                project, lower_bound=bound, upper_bound=target, path=path,
                cliques=cliques, hint=hint, ordered_pairs=ordered_pairs,
            )
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = n_workers
            if not lp:
                # A lone prover runs without the LP relaxation: on these models it costs
                # about as much time again as propagation and does not shorten proofs (hard
                # j30s). The helper keeps it: the two differ, and the LP finds schedules
                # propagation misses (j6030_5: 77 -> 76).
                solver.parameters.linearization_level = 0
            solver.parameters.random_seed = search_seed
            if not lp:
                # The model is built tight (windows from heads, tails and the best
                # schedule); CP-SAT's presolve mostly probes it again, which costs more
                # than the proof on j30s and is paid again at every restart.
                solver.parameters.cp_model_presolve = False
            solver.parameters.log_search_progress = log_search
            solver.parameters.max_time_in_seconds = max(0.01, until - time.perf_counter())
            solver.best_bound_callback = lambda b: raise_bound(int(math.ceil(b - 1e-6)))
            run = {"solver": solver, "started": time.perf_counter(), "stale": False}
            with lock:
                if solved():
                    break
                runs[name] = run
            status = solver.solve(built.model, _Solutions(built.starts))
            with lock:
                runs.pop(name, None)
            if status == cp_model.OPTIMAL:
                raise_bound(int(round(solver.objective_value)))
            elif status == cp_model.INFEASIBLE:
                # Nothing shorter than target + 1 exists.
                raise_bound(target + 1)
            if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or not run["stale"]:
                break

    def prove() -> None:
        if helper_proof:
            search("prover", solver_workers, seed, solver_workers > 1, deadline)
        else:
            # On a large project a proof is rare once a quarter of the time has gone by
            # without one; the thread then joins the hunt for shorter schedules.
            search("prover", solver_workers, seed, solver_workers > 1,
                   min(deadline, began + max(STALL_S, 0.25 * time_limit_s)))
            if not solved() and time.perf_counter() < deadline - 0.05:
                improve_by_lns(seed + 13)
        with lock:
            state["finished"] = True
        stop_all()

    if workers >= 2:
        thread = threading.Thread(target=prove, name=f"cp-sat {project.name}", daemon=True)
        thread.start()
        heuristic_schedule(
            project,
            time_limit_s=max(0.0, deadline - time.perf_counter()),
            max_schedules=10**12,
            seed=seed + 1,
            lower_bound=lower_bound,
            initial=(warm.starts,),
            should_stop=poll,
            on_improvement=lambda starts, makespan: offer(starts, makespan, "heuristic"),
        )
        if helper_proof and not solved() and time.perf_counter() < deadline - 0.05:
            search("helper", 1, seed + 7, True, deadline)
        thread.join()
    else:
        search("prover", 1, seed, False, deadline)

    with lock:
        method = {"cp-sat": "cp-sat", "lns": "lns"}.get(best["by"], "heuristic+cp-sat")
        return _result(project, best["starts"], state["bound"], began, method)
