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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .types import Project

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


class _Arrays:
    """Numpy views of a project for the schedule generation scheme's inner loop."""

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
        self.used_resources = [np.nonzero(self.requests[i])[0] for i in range(n)]
        self.horizon = int(self.durations.sum()) + 1
        self.order = topological_order(project)
        self.rank = np.empty(n, dtype=np.int64)
        self.rank[self.order] = np.arange(n)


def _serial_sgs(arrays: _Arrays, activity_list: Sequence[int], backward: bool = False) -> np.ndarray:
    """Serial SGS: take activities in list order, start each as early as precedence and
    capacity allow. ``backward`` schedules the reversed network (successors act as
    predecessors), giving times measured from the project end."""
    n = arrays.n
    free = np.repeat(arrays.capacities[:, None], arrays.horizon, axis=1)
    start = np.zeros(n, dtype=np.int64)
    finish = np.zeros(n, dtype=np.int64)
    before = arrays.successors if backward else arrays.predecessors
    durations = arrays.durations
    requests = arrays.requests
    for j in activity_list:
        t = 0
        for p in before[j]:
            if finish[p] > t:
                t = int(finish[p])
        d = int(durations[j])
        rs = arrays.used_resources[j]
        if d > 0 and len(rs):
            need = requests[j, rs][:, None]
            while True:
                bad = (free[rs, t : t + d] < need).any(axis=0)
                if not bad.any():
                    break
                t += int(np.flatnonzero(bad)[-1]) + 1
            free[rs, t : t + d] -= need
        start[j] = t
        finish[j] = t + d
    return start


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
    arrays = _Arrays(project)
    _check_activity_list(arrays, activity_list)
    return tuple(int(s) for s in _serial_sgs(arrays, activity_list))


def _check_activity_list(arrays: _Arrays, activity_list: Sequence[int]) -> None:
    if sorted(activity_list) != list(range(arrays.n)):
        raise ValueError("activity_list must hold every activity index exactly once")
    position = {j: k for k, j in enumerate(activity_list)}
    for j in activity_list:
        for p in arrays.predecessors[j]:
            if position[p] > position[j]:
                raise ValueError(f"activity_list puts {j} before its predecessor {p}")


def _justify(arrays: _Arrays, start: np.ndarray) -> np.ndarray:
    """One backward then one forward serial pass (double justification)."""
    finish = start + arrays.durations
    backward_list = np.lexsort((-arrays.rank, -start, -finish))
    backward_start = _serial_sgs(arrays, backward_list, backward=True)
    makespan = int((backward_start + arrays.durations).max(initial=0))
    # Convert to forward time: an activity that starts b units before the end finishes at makespan - b.
    real_start = makespan - backward_start - arrays.durations
    forward_list = np.lexsort((arrays.rank, real_start + arrays.durations, real_start))
    return _serial_sgs(arrays, forward_list)


def _improve(arrays: _Arrays, start: np.ndarray, max_rounds: int = 10) -> np.ndarray:
    best = start
    best_makespan = int((start + arrays.durations).max(initial=0))
    for _ in range(max_rounds):
        candidate = _justify(arrays, best)
        makespan = int((candidate + arrays.durations).max(initial=0))
        if makespan >= best_makespan:
            break
        best, best_makespan = candidate, makespan
    return best


def forward_backward_improvement(project: Project, starts: Sequence[int]) -> tuple[int, ...]:
    """Improve a feasible schedule by repeated double justification.

    Never returns a longer schedule than the one given.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (1,)), Activity("b", 2, (1,))), (1,))
    >>> forward_backward_improvement(p, [0, 5])
    (0, 2)
    """
    arrays = _Arrays(project)
    given = np.array(starts, dtype=np.int64)
    improved = _justify(arrays, given)
    improved = _improve(arrays, improved)
    if (improved + arrays.durations).max(initial=0) <= (given + arrays.durations).max(initial=0):
        return tuple(int(s) for s in improved)
    return tuple(int(s) for s in given)


def _priority_list(arrays: _Arrays, priority: np.ndarray) -> list[int]:
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
    return order


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
    max_schedules: int = 1000,
    seed: int = 0,
    lower_bound: int = 0,
) -> HeuristicResult:
    """Best schedule found by priority-rule sampling with forward-backward improvement.

    Classic rules first (latest finish, latest start, most total successors, greatest
    rank positional weight), then biased random sampling around the latest-finish rule;
    every schedule is double-justified. Stops at ``time_limit_s``, ``max_schedules`` or
    when ``lower_bound`` is reached. Deterministic for a given ``seed`` and
    ``max_schedules`` (the time limit can cut it short on a slow machine).

    The project must be feasible (no cycle, no request above capacity).

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (1,), (2,)), Activity("b", 3, (1,)), Activity("c", 1, (1,))), (2,))
    >>> heuristic_schedule(p, max_schedules=10).makespan
    3
    """
    began = time.perf_counter()
    arrays = _Arrays(project)
    path = critical_path(project)
    horizon = path.length
    durations = arrays.durations
    latest_start = np.array(path.latest_start(horizon, project.durations), dtype=float)
    latest_finish = latest_start + durations
    reach = _transitive_successors(project, arrays.order)
    total_successors = np.array([bin(b).count("1") for b in reach], dtype=float)
    work = (arrays.requests * durations[:, None]).sum(axis=1).astype(float)
    rank_weight = work + np.array(
        [sum(work[j] for j in arrays.successors[i]) for i in range(arrays.n)], dtype=float
    )
    rules = [latest_finish, latest_start, -total_successors, -rank_weight]
    rng = np.random.default_rng(seed)
    spread = max(1.0, float(latest_finish.max() - latest_finish.min()) if arrays.n else 1.0)

    best_start: np.ndarray | None = None
    best_makespan = math.inf
    count = 0
    while count < max_schedules:
        if count < len(rules):
            priority = rules[count] + 1e-6 * arrays.rank
        else:
            # Biased random sampling: jitter the latest-finish priority; the noise level
            # cycles so that both near-greedy and adventurous lists are tried.
            noise = (0.05, 0.15, 0.3)[count % 3] * spread
            priority = latest_finish + rng.uniform(0.0, noise, arrays.n)
        start = _serial_sgs(arrays, _priority_list(arrays, priority))
        start = _improve(arrays, _justify(arrays, start))
        makespan = int((start + durations).max(initial=0))
        count += 1
        if makespan < best_makespan:
            best_start, best_makespan = start, makespan
        if best_makespan <= lower_bound or time.perf_counter() - began >= time_limit_s:
            break
    assert best_start is not None
    return HeuristicResult(
        tuple(int(s) for s in best_start), int(best_makespan), count, time.perf_counter() - began
    )
