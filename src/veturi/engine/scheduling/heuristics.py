"""Bounds and priority-rule heuristics for the resource-constrained project scheduling problem.

* :func:`precedence_cycle` and :func:`over_capacity_requests` find what makes a project
  infeasible before any search starts.
* :func:`critical_path` gives earliest/latest starts; :func:`makespan_lower_bound` combines
  the critical path, resource energy and disjunctive-clique bounds.
* :func:`heuristic_schedule` runs the serial schedule generation scheme with priority
  rules and biased random sampling, each schedule improved by forward-backward
  improvement (double justification; Valls, Ballestin & Quintanilla, EJOR 165, 2005).
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import _kernels
from .types import Activity, Project

__all__ = [
    "precedence_cycle",
    "over_capacity_requests",
    "critical_path",
    "incompatible_pairs",
    "disjunctive_cliques",
    "makespan_lower_bound",
    "serial_schedule",
    "forward_backward_improvement",
    "heuristic_schedule",
    "HeuristicResult",
    "warm_up",
]


def precedence_cycle(project: Project) -> list[int] | None:
    """Return the activity indices of one precedence cycle, or None if the graph is acyclic.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 1, (), (1,)), Activity("b", 1, (), (0,))), ())
    >>> precedence_cycle(p)
    [0, 1]
    """
    n = project.n_activities
    colour = [0] * n  # 0 new, 1 on the stack, 2 done
    parent = [-1] * n
    for root in range(n):
        if colour[root]:
            continue
        stack = [(root, iter(project.activities[root].successors))]
        colour[root] = 1
        while stack:
            node, children = stack[-1]
            advanced = False
            for child in children:
                if colour[child] == 0:
                    colour[child] = 1
                    parent[child] = node
                    stack.append((child, iter(project.activities[child].successors)))
                    advanced = True
                    break
                if colour[child] == 1:
                    cycle = [node]
                    while cycle[-1] != child:
                        cycle.append(parent[cycle[-1]])
                    return cycle[::-1]
            if not advanced:
                colour[node] = 2
                stack.pop()
    return None


def over_capacity_requests(project: Project) -> list[str]:
    """Describe every request above its resource's capacity (each makes the project infeasible).

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> over_capacity_requests(Project((Activity("crane", 2, (3,)),), (2,)))
    ['activity crane requests 3 of R1 but its capacity is 2']
    """
    messages = []
    for activity in project.activities:
        if activity.duration == 0:
            continue
        for r, amount in enumerate(activity.requests):
            if amount > project.capacities[r]:
                messages.append(
                    f"activity {activity.name} requests {amount} of "
                    f"{project.resource_names[r]} but its capacity is {project.capacities[r]}"
                )
    return messages


def topological_order(project: Project) -> list[int]:
    """Activities in an order where each comes after all its predecessors (Kahn)."""
    n = project.n_activities
    indegree = [0] * n
    for activity in project.activities:
        for j in activity.successors:
            indegree[j] += 1
    ready = [i for i in range(n) if indegree[i] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for j in project.activities[i].successors:
            indegree[j] -= 1
            if indegree[j] == 0:
                heapq.heappush(ready, j)
    if len(order) != n:
        raise ValueError(f"project {project.name!r} has a precedence cycle")
    return order


@dataclass(frozen=True)
class CriticalPath:
    """Earliest starts, and the tail (longest path from an activity's end to the project end)."""

    earliest_start: tuple[int, ...]
    tail: tuple[int, ...]
    length: int

    def latest_start(self, horizon: int, durations: Sequence[int]) -> tuple[int, ...]:
        return tuple(horizon - t - d for t, d in zip(self.tail, durations))


def critical_path(project: Project) -> CriticalPath:
    """Longest paths through the precedence network, ignoring resources.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (), (1, 2)), Activity("b", 3), Activity("c", 1)), ())
    >>> cp = critical_path(p)
    >>> cp.earliest_start, cp.tail, cp.length
    ((0, 2, 2), (3, 0, 0), 5)
    """
    order = topological_order(project)
    durations = project.durations
    earliest = [0] * project.n_activities
    for i in order:
        finish = earliest[i] + durations[i]
        for j in project.activities[i].successors:
            earliest[j] = max(earliest[j], finish)
    tail = [0] * project.n_activities
    for i in reversed(order):
        tail[i] = max(
            (durations[j] + tail[j] for j in project.activities[i].successors), default=0
        )
    length = max((earliest[i] + durations[i] for i in range(project.n_activities)), default=0)
    return CriticalPath(tuple(earliest), tuple(tail), length)


def _transitive_successors(project: Project, order: list[int]) -> list[int]:
    """Bit sets (Python ints) of all direct and indirect successors of every activity."""
    reach = [0] * project.n_activities
    for i in reversed(order):
        bits = 0
        for j in project.activities[i].successors:
            bits |= reach[j] | (1 << j)
        reach[i] = bits
    return reach


def incompatible_pairs(project: Project) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of activities that can never run at the same time.

    Either one precedes the other (directly or through a chain), or together they request
    more than the capacity of some resource. Zero-duration activities are left out: they
    overlap nothing.
    """
    order = topological_order(project)
    reach = _transitive_successors(project, order)
    requests = np.array([a.requests for a in project.activities], dtype=np.int64).reshape(
        project.n_activities, project.n_resources
    )
    capacities = np.array(project.capacities, dtype=np.int64)
    active = [i for i, a in enumerate(project.activities) if a.duration > 0]
    pairs: set[tuple[int, int]] = set()
    if project.n_resources:
        over = ((requests[:, None, :] + requests[None, :, :]) > capacities).any(axis=2)
    else:
        over = np.zeros((project.n_activities, project.n_activities), dtype=bool)
    for a, i in enumerate(active):
        for j in active[a + 1 :]:
            if over[i, j] or (reach[i] >> j) & 1 or (reach[j] >> i) & 1:
                pairs.add((i, j))
    return pairs


def disjunctive_cliques(
    project: Project, pairs: set[tuple[int, int]] | None = None, *, min_size: int = 3
) -> list[tuple[int, ...]]:
    """Groups of activities that pairwise cannot overlap, found greedily.

    Each group may be given to a solver as a redundant no-overlap (disjunctive) constraint.
    At least one clique is grown from every activity, heaviest (longest) partners first;
    duplicates and groups smaller than ``min_size`` are dropped.
    """
    if pairs is None:
        pairs = incompatible_pairs(project)
    neighbours: dict[int, set[int]] = {}
    for i, j in pairs:
        neighbours.setdefault(i, set()).add(j)
        neighbours.setdefault(j, set()).add(i)
    durations = project.durations
    found: set[tuple[int, ...]] = set()
    for seed in sorted(neighbours, key=lambda v: -durations[v] * len(neighbours[v])):
        clique = [seed]
        candidates = set(neighbours[seed])
        while candidates:
            best = max(candidates, key=lambda v: (durations[v], len(neighbours[v]), -v))
            clique.append(best)
            candidates &= neighbours[best]
        if len(clique) >= min_size:
            found.add(tuple(sorted(clique)))
    # Keep only maximal groups: a subset of another group adds nothing.
    cliques = sorted(found, key=len, reverse=True)
    kept: list[tuple[int, ...]] = []
    for clique in cliques:
        as_set = set(clique)
        if not any(as_set <= set(k) for k in kept):
            kept.append(clique)
    return kept


def makespan_lower_bound(
    project: Project,
    *,
    path: CriticalPath | None = None,
    cliques: Sequence[Sequence[int]] | None = None,
) -> int:
    """A valid lower bound on the optimal makespan.

    The largest of: the critical path; for each resource, the total work it must do
    divided by its capacity (rounded up); for each disjunctive clique, the smallest head
    plus all durations plus the smallest tail.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (2,)), Activity("b", 2, (2,)), Activity("c", 2, (2,))), (3,))
    >>> makespan_lower_bound(p)
    6
    """
    if path is None:
        path = critical_path(project)
    bound = path.length
    for r, capacity in enumerate(project.capacities):
        work = sum(a.duration * a.requests[r] for a in project.activities)
        if work and capacity > 0:
            bound = max(bound, math.ceil(work / capacity))
    if cliques is None:
        cliques = disjunctive_cliques(project)
    for clique in cliques:
        head = min(path.earliest_start[i] for i in clique)
        tail = min(path.tail[i] for i in clique)
        bound = max(bound, head + sum(project.activities[i].duration for i in clique) + tail)
    return bound


_WARMED_UP = False


def warm_up() -> None:
    """Compile (or load from numba's disk cache) the heuristic's kernels, once per process.

    Solvers call it before they start their clock; the first call takes a few seconds on a
    fresh install and well under one afterwards.
    """
    global _WARMED_UP
    if _WARMED_UP:
        return
    tiny = Project(
        (Activity("a", 1, (1,), (1,)), Activity("b", 2, (1,)), Activity("c", 1, (1,))), (1,)
    )
    heuristic_schedule(tiny, max_schedules=200, time_limit_s=60.0, population_size=2,
                       stall_generations=1)
    _WARMED_UP = True


def _csr(lists: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    pointer = np.zeros(len(lists) + 1, dtype=np.int64)
    pointer[1:] = np.cumsum([len(x) for x in lists])
    index = np.array([v for x in lists for v in x], dtype=np.int64)
    return pointer, index


class _Arrays:
    """Numpy views of a project for the compiled schedule generation scheme."""

    def __init__(self, project: Project) -> None:
        n = project.n_activities
        self.n = n
        self.durations = np.array(project.durations, dtype=np.int64)
        self.requests = np.array([a.requests for a in project.activities], dtype=np.int64).reshape(
            n, project.n_resources
        )
        self.capacities = np.array(project.capacities, dtype=np.int64)
        self.successors = [list(a.successors) for a in project.activities]
        self.predecessors = [list(p) for p in project.predecessors()]
        self.pred_ptr, self.pred_idx = _csr(self.predecessors)
        self.succ_ptr, self.succ_idx = _csr(self.successors)
        self.horizon = int(self.durations.sum()) + 1
        self.order = topological_order(project)
        self.rank = np.empty(n, dtype=np.int64)
        self.rank[self.order] = np.arange(n)
        self.free = np.empty((project.n_resources, self.horizon), dtype=np.int64)
        self.scratch = np.zeros(n, dtype=np.int64)

    def decode(self, activity_list: np.ndarray, start: np.ndarray) -> int:
        return int(
            _kernels.serial_sgs(
                activity_list, self.durations, self.requests, self.capacities, self.pred_ptr,
                self.pred_idx, self.free, start,
            )
        )

    def improve(self, start: np.ndarray, max_rounds: int = 10) -> int:
        return int(
            _kernels.improve(
                start, self.durations, self.requests, self.capacities, self.pred_ptr,
                self.pred_idx, self.succ_ptr, self.succ_idx, self.rank, self.free, self.scratch,
                max_rounds,
            )
        )


def serial_schedule(project: Project, activity_list: Sequence[int]) -> tuple[int, ...]:
    """Start times from the serial schedule generation scheme.

    Parameters
    ----------
    activity_list : sequence of int
        Every activity once, each after all its predecessors.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (1,)), Activity("b", 2, (1,)), Activity("c", 1, (0,))), (1,))
    >>> serial_schedule(p, [1, 0, 2])
    (2, 0, 0)
    """
    _check_feasible(project)
    arrays = _Arrays(project)
    _check_activity_list(arrays, activity_list)
    start = np.zeros(arrays.n, dtype=np.int64)
    arrays.decode(np.asarray(activity_list, dtype=np.int64), start)
    return tuple(int(s) for s in start)


def _check_feasible(project: Project) -> None:
    problems = over_capacity_requests(project)
    if problems:
        raise ValueError(f"project {project.name!r} is infeasible: {problems[0]}")


def _check_activity_list(arrays: _Arrays, activity_list: Sequence[int]) -> None:
    if sorted(activity_list) != list(range(arrays.n)):
        raise ValueError("activity_list must hold every activity index exactly once")
    position = {j: k for k, j in enumerate(activity_list)}
    for j in activity_list:
        for p in arrays.predecessors[j]:
            if position[p] > position[j]:
                raise ValueError(f"activity_list puts {j} before its predecessor {p}")


def forward_backward_improvement(project: Project, starts: Sequence[int]) -> tuple[int, ...]:
    """Improve a feasible schedule by repeated double justification.

    Each round right-justifies every activity (latest finish first) and then
    left-justifies it again; rounds repeat while the makespan shrinks. Never returns a
    longer schedule than the one given.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (1,)), Activity("b", 2, (1,))), (1,))
    >>> forward_backward_improvement(p, [0, 5])
    (0, 2)
    """
    _check_feasible(project)
    arrays = _Arrays(project)
    start = np.array(starts, dtype=np.int64)
    if start.shape != (arrays.n,):
        raise ValueError(f"starts must hold {arrays.n} values, got {len(starts)}")
    given_makespan = int((start + arrays.durations).max(initial=0))
    before = start.copy()
    if arrays.improve(start) > given_makespan:  # pragma: no cover - improve never lengthens
        start = before
    return tuple(int(s) for s in start)


def _priority_list(arrays: _Arrays, priority: np.ndarray) -> np.ndarray:
    """Activity list that, among the activities whose predecessors are all listed, always
    takes the one with the smallest priority value."""
    remaining = np.array([len(p) for p in arrays.predecessors])
    heap = [(priority[i], i) for i in range(arrays.n) if remaining[i] == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        _, i = heapq.heappop(heap)
        order.append(i)
        for j in arrays.successors[i]:
            remaining[j] -= 1
            if remaining[j] == 0:
                heapq.heappush(heap, (priority[j], j))
    return np.array(order, dtype=np.int64)


@dataclass(frozen=True)
class HeuristicResult:
    """Best schedule of the heuristic and how many schedules it built."""

    starts: tuple[int, ...]
    makespan: int
    schedules: int
    seconds: float


def heuristic_schedule(
    project: Project,
    *,
    time_limit_s: float = 1.0,
    max_schedules: int = 100_000,
    seed: int = 0,
    lower_bound: int = 0,
    population_size: int = 40,
    stall_generations: int = 10,
    initial: Sequence[Sequence[int]] = (),
    should_stop: Callable[[], bool] | None = None,
    on_improvement: Callable[[tuple[int, ...], int], None] | None = None,
) -> HeuristicResult:
    """Best schedule of a genetic algorithm over activity lists with forward-backward improvement.

    The population starts from classic priority rules (latest finish, latest start, most
    total successors, greatest rank positional weight), any ``initial`` schedules, and
    biased random sampling around latest finish. Children come from two-point crossover
    and neighbour-swap mutation (Hartmann, Naval Research Logistics 45, 1998), are decoded
    by the serial scheme, double-justified, and re-encoded by their start times; the best
    ``population_size`` distinct schedules survive. Stops at ``time_limit_s``,
    ``max_schedules`` decoded schedules, or when ``lower_bound`` is reached.
    Deterministic for a given ``seed`` when ``max_schedules`` stops it first.
    ``should_stop`` (polled between schedules) lets a caller end the search early, and
    ``on_improvement(starts, makespan)`` is told of every new best schedule.

    Raises
    ------
    ValueError
        If the project is infeasible (a precedence cycle or a request above capacity).

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (1,), (2,)), Activity("b", 3, (1,)), Activity("c", 1, (1,))), (2,))
    >>> heuristic_schedule(p, max_schedules=10).makespan
    3
    """
    began = time.perf_counter()
    _check_feasible(project)
    if population_size < 2:
        raise ValueError(f"population_size must be at least 2, got {population_size}")
    arrays = _Arrays(project)
    n = arrays.n
    path = critical_path(project)
    durations = arrays.durations
    latest_start = np.array(path.latest_start(path.length, project.durations), dtype=float)
    latest_finish = latest_start + durations
    reach = _transitive_successors(project, arrays.order)
    total_successors = np.array([bin(b).count("1") for b in reach], dtype=float)
    work = (arrays.requests * durations[:, None]).sum(axis=1).astype(float)
    rank_weight = work + np.array(
        [sum(work[j] for j in arrays.successors[i]) for i in range(n)], dtype=float
    )
    rules = [latest_finish, latest_start, -total_successors, -rank_weight]
    rng = np.random.default_rng(seed)
    spread = max(1.0, float(latest_finish.max() - latest_finish.min()))
    is_predecessor = np.zeros((n, n), dtype=np.bool_)
    for i, successors in enumerate(arrays.successors):
        is_predecessor[i, successors] = True

    count = 0
    seen: set[bytes] = set()
    population: list[tuple[int, np.ndarray, np.ndarray]] = []  # (makespan, list, starts)

    best_makespan_seen = math.inf

    def evaluate(activity_list: np.ndarray) -> None:
        nonlocal count, best_makespan_seen
        start = np.zeros(n, dtype=np.int64)
        arrays.decode(activity_list, start)
        makespan = arrays.improve(start)
        count += 1
        if makespan < best_makespan_seen:
            best_makespan_seen = makespan
            if on_improvement is not None:
                on_improvement(tuple(int(v) for v in start), makespan)
        key = start.tobytes()
        if key not in seen:
            seen.add(key)
            population.append((makespan, _kernels.list_from_starts(start, arrays.rank), start))

    def done() -> bool:
        return (
            best_makespan_seen <= lower_bound
            or count >= max_schedules
            or time.perf_counter() - began >= time_limit_s
            or (should_stop is not None and should_stop())
        )

    for starts in initial:
        start = np.array(starts, dtype=np.int64)
        evaluate(_kernels.list_from_starts(start, arrays.rank))
    k = 0
    while len(population) < population_size and (k == 0 or not done()) and k < 20 * population_size:
        if k < len(rules):
            priority = rules[k] + 1e-6 * arrays.rank
        else:
            # Biased random sampling: jitter the latest-finish priority by varying amounts.
            noise = (0.05, 0.15, 0.3)[k % 3] * spread
            priority = latest_finish + rng.uniform(0.0, noise, n)
        evaluate(_priority_list(arrays, priority))
        k += 1

    child = np.empty(n, dtype=np.int64)
    used = np.empty(n, dtype=np.bool_)
    mutation = 0.05
    best_so_far = min(p[0] for p in population)
    stalled = 0
    while not done():
        population.sort(key=lambda p: p[0])
        del population[population_size:]
        size = len(population)
        if size < 2:
            break
        if population[0][0] < best_so_far:
            best_so_far, stalled = population[0][0], 0
        else:
            stalled += 1
        if stalled >= stall_generations:
            # The population has converged: keep the elite, refill with strongly mutated
            # copies of it and fresh biased samples, so the search leaves the valley.
            elite = population[: max(1, min(size - 1, size // 10))]
            population[:] = elite
            seen.clear()
            seen.update(p[2].tobytes() for p in elite)
            for _ in range(20 * population_size):
                if len(population) >= population_size or done():
                    break
                if rng.random() < 0.5:
                    parent = elite[int(rng.integers(len(elite)))][1].copy()
                    _kernels.mutate(parent, is_predecessor, 0.3, rng.random(n))
                    evaluate(parent)
                else:
                    priority = latest_finish + rng.uniform(0.0, 0.3 * spread, n)
                    evaluate(_priority_list(arrays, priority))
            stalled = 0
            continue
        for _ in range(size // 2):
            # Tournament selection of two parents, then two children (each parent as mother).
            a, b = rng.integers(size, size=2), rng.integers(size, size=2)
            mother = population[min(a)][1]
            father = population[min(b)][1]
            q1, q2 = np.sort(rng.integers(0, n + 1, size=2))
            for first, second in ((mother, father), (father, mother)):
                _kernels.two_point_crossover(first, second, q1, q2, child, used)
                _kernels.mutate(child, is_predecessor, mutation, rng.random(n))
                evaluate(child.copy())
            if done():
                break
    population.sort(key=lambda p: p[0])
    best_makespan, _, best_start = population[0]
    return HeuristicResult(
        tuple(int(s) for s in best_start), int(best_makespan), count, time.perf_counter() - began
    )
