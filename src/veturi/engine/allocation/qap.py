"""The quadratic assignment problem: exact for small cases, iterated tabu search beyond.

Facilities ``i`` (companies) go to distinct locations ``k`` (plots). Placing
facility ``i`` on ``p(i)`` costs::

    sum_ij flow[i][j] * distance[p(i)][p(j)]  +  sum_i linear_cost[i][p(i)]

Hard constraints: fixed facility -> location pairs and forbidden pairs. There may
be more locations than facilities (the spare ones stay empty).

How it is solved
----------------
1. The input is checked; constraints that cannot hold together are reported as
   an ``"infeasible"`` result naming them (no exception).
2. Fixed facilities leave the problem: their interactions with the free ones
   become linear costs, and spare locations are filled by dummy facilities with
   no flow, so the compiled kernels see one square problem.
3. Up to ``exact_up_to`` free facilities: a short tabu search gives an
   incumbent, then depth-first branch and bound with Gilmore–Lawler bounds proves
   it optimal or improves it.
4. Beyond: Taillard's robust tabu search with O(1) delta updates, restarted from
   the perturbed best when it stagnates, until the time or iteration budget.

References
----------
E. Taillard, "Robust taboo search for the quadratic assignment problem",
Parallel Computing 17 (1991) 443–455.
P. C. Gilmore, "Optimal and suboptimal algorithms for the quadratic assignment
problem", J. SIAM 10 (1962) 305–313; E. L. Lawler, "The quadratic assignment
problem", Management Science 9 (1963) 586–599.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from veturi.engine.allocation import _kernels
from veturi.engine.allocation.types import QapResult

__all__ = ["solve_qap", "qap_cost", "gilmore_lawler_bound"]

#: Problems with at most this many free facilities are solved to proven optimality
#: (when the time limit allows).
EXACT_UP_TO = 12

#: How small problems are proven: ``"cp-sat"`` (OR-Tools CP-SAT, see cpsat.py)
#: or ``"branch and bound"`` (the Gilmore–Lawler branch and bound in _kernels).
EXACT_METHODS = ("cp-sat", "branch and bound")
#: CP-SAT workers: one, with a fixed search order, so that a seeded run is reproducible.
CPSAT_WORKERS = 1

# Tabu-search settings (see _kernels.iterated_tabu_search): tenure drawn as
# u^3 * TENURE_FACTOR * n, aspiration after ASPIRATION_FACTOR * n^2 iterations,
# restart after STAGNATION_FACTOR * n iterations without a new best.
TENURE_FACTOR = 8.0
ASPIRATION_FACTOR = 5.0
STAGNATION_FACTOR = 100.0


# ---------------------------------------------------------------- input checking


def _matrix(value: Any, name: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a matrix of numbers: {error}") from None
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D matrix, got {array.ndim} dimension(s)")
    if not np.all(np.isfinite(array)):
        row, col = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(f"{name}[{row}][{col}] is not a finite number")
    return array


def _square(value: Any, name: str) -> np.ndarray:
    array = _matrix(value, name)
    if array.shape[0] != array.shape[1]:
        raise ValueError(f"{name} must be square, got shape {array.shape[0]}x{array.shape[1]}")
    return array


def _index(value: Any, name: str, upper: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name}: {what} {value!r} is not an integer index")
    if not 0 <= int(value) < upper:
        raise ValueError(f"{name}: {what} {value} is out of range 0..{upper - 1}")
    return int(value)


def _pairs(value: Any, name: str, n_facilities: int, n_locations: int) -> list[tuple[int, int]]:
    if value is None:
        return []
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable):
        raise ValueError(f"{name} must be a mapping or an iterable of (facility, location) pairs")
    pairs = []
    for item in items:
        try:
            facility, location = item
        except (TypeError, ValueError):
            raise ValueError(
                f"{name}: {item!r} is not a (facility, location) pair"
            ) from None
        pairs.append(
            (
                _index(facility, name, n_facilities, "facility"),
                _index(location, name, n_locations, "location"),
            )
        )
    return pairs


def _check_inputs(flow, distance, linear_cost, time_limit_s, max_iterations, seed, exact_up_to):
    A = _square(flow, "flow")
    B = _square(distance, "distance")
    n_facilities, n_locations = A.shape[0], B.shape[0]
    if n_facilities == 0:
        raise ValueError("flow is empty: there must be at least one facility")
    if linear_cost is None:
        L = np.zeros((n_facilities, n_locations))
    else:
        L = _matrix(linear_cost, "linear_cost")
        if L.shape != (n_facilities, n_locations):
            raise ValueError(
                f"linear_cost must have one row per facility and one column per location, "
                f"shape {n_facilities}x{n_locations}, got {L.shape[0]}x{L.shape[1]}"
            )
    if not (isinstance(time_limit_s, (int, float)) and not isinstance(time_limit_s, bool)):
        raise ValueError(f"time_limit_s must be a number of seconds, got {time_limit_s!r}")
    if not time_limit_s > 0 or math.isinf(time_limit_s) and max_iterations is None:
        raise ValueError(
            f"time_limit_s must be positive (and finite unless max_iterations is given), "
            f"got {time_limit_s!r}"
        )
    if max_iterations is not None and (
        isinstance(max_iterations, bool)
        or not isinstance(max_iterations, (int, np.integer))
        or max_iterations < 1
    ):
        raise ValueError(f"max_iterations must be a positive integer, got {max_iterations!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(exact_up_to, bool) or not isinstance(exact_up_to, (int, np.integer)) or exact_up_to < 0:
        raise ValueError(f"exact_up_to must be a non-negative integer, got {exact_up_to!r}")
    return A, B, L


# ---------------------------------------------------------------- infeasibility


def _conflicts(n_facilities, n_locations, fixed, forbidden, facility_names=None, location_names=None) -> list[str]:
    """Constraints that cannot hold together, in words; empty when feasible."""

    def fac(i: int) -> str:
        return f"facility {i}" if facility_names is None else str(facility_names[i])

    def loc(k: int) -> str:
        return f"location {k}" if location_names is None else str(location_names[k])

    def facs(items) -> str:
        return str(sorted(items)) if facility_names is None else ", ".join(fac(i) for i in sorted(items))

    def locs(items) -> str:
        return str(sorted(items)) if location_names is None else ", ".join(loc(k) for k in sorted(items))

    if n_facilities > n_locations:
        return [f"{n_facilities} facilities but only {n_locations} locations"]
    conflicts = []
    where: dict[int, int] = {}
    who: dict[int, int] = {}
    forbidden_set = set(forbidden)
    for facility, location in fixed:
        if facility in where and where[facility] != location:
            conflicts.append(f"{fac(facility)} is fixed to both {loc(where[facility])} and {loc(location)}")
            continue
        if location in who and who[location] != facility:
            both = "facilities" if facility_names is None else ""
            names = f"{who[location]} and {facility}" if facility_names is None else f"{fac(who[location])} and {fac(facility)}"
            conflicts.append(f"{both} {names} are both fixed to {loc(location)}".strip())
            continue
        if (facility, location) in forbidden_set:
            conflicts.append(f"{fac(facility)} is fixed to {loc(location)}, which is forbidden for it")
        where[facility] = location
        who[location] = facility
    if conflicts:
        return conflicts
    free_facilities = [i for i in range(n_facilities) if i not in where]
    free_locations = [k for k in range(n_locations) if k not in who]
    allowed = np.ones((len(free_facilities), len(free_locations)), dtype=bool)
    row = {i: r for r, i in enumerate(free_facilities)}
    col = {k: c for c, k in enumerate(free_locations)}
    for facility, location in forbidden:
        if facility in row and location in col:
            allowed[row[facility], col[location]] = False
    for r, facility in enumerate(free_facilities):
        if not allowed[r].any():
            conflicts.append(
                f"{fac(facility)} has no allowed location: every location is "
                f"forbidden for it or taken by a fixed facility"
            )
    if conflicts or not free_facilities:
        return conflicts
    # Hall's condition: a set S of facilities whose allowed locations N(S) are
    # fewer than |S|. From a maximum matching, S is what an unmatched facility
    # reaches along alternating paths (Koenig).
    graph = csr_matrix(allowed.astype(np.int8))
    match = maximum_bipartite_matching(graph, perm_type="column")
    unmatched = [r for r in range(len(free_facilities)) if match[r] < 0]
    if not unmatched:
        return []
    location_owner = {int(c): r for r, c in enumerate(match) if c >= 0}
    reached_rows = {unmatched[0]}
    reached_cols: set[int] = set()
    frontier = [unmatched[0]]
    while frontier:
        r = frontier.pop()
        for c in np.flatnonzero(allowed[r]):
            c = int(c)
            if c not in reached_cols:
                reached_cols.add(c)
                owner = location_owner.get(c)
                if owner is not None and owner not in reached_rows:
                    reached_rows.add(owner)
                    frontier.append(owner)
    facilities = [free_facilities[r] for r in reached_rows]
    locations = [free_locations[c] for c in reached_cols]
    label = "facilities " if facility_names is None else ""
    place = "locations " if location_names is None else ""
    return [
        f"{label}{facs(facilities)} may only use {place}{locs(locations)}: "
        f"{len(facilities)} facilities for {len(locations)} location{'s' if len(locations) != 1 else ''}"
    ]


# ---------------------------------------------------------------- reduction


class _Reduced:
    """The square problem the kernels solve, and the way back to the original."""

    def __init__(self, A, B, L, fixed, forbidden):
        n_facilities, n_locations = A.shape[0], B.shape[0]
        where = dict(fixed)
        self.fixed = where
        self.free_facilities = np.array(
            [i for i in range(n_facilities) if i not in where], dtype=np.int64
        )
        taken = set(where.values())
        self.free_locations = np.array(
            [k for k in range(n_locations) if k not in taken], dtype=np.int64
        )
        F, K = self.free_facilities, self.free_locations
        n_real, n = len(F), len(K)
        self.n_real, self.n = n_real, n
        g = np.array(list(where.keys()), dtype=np.int64)
        lg = np.array(list(where.values()), dtype=np.int64)
        # Cost among fixed facilities is a constant.
        self.constant = float(
            (A[np.ix_(g, g)] * B[np.ix_(lg, lg)]).sum() + L[g, lg].sum()
        ) if len(g) else 0.0
        self.A = np.zeros((n, n))
        self.B = np.ascontiguousarray(B[np.ix_(K, K)])
        self.L = np.zeros((n, n))
        self.ok = np.ones((n, n), dtype=np.bool_)
        if n_real:
            self.A[:n_real, :n_real] = A[np.ix_(F, F)]
            linear = L[np.ix_(F, K)].copy()
            if len(g):
                # Flow between a free facility i on k and a fixed g on l(g) is
                # linear in k: A[i, g] B[k, l(g)] + A[g, i] B[l(g), k].
                linear += A[np.ix_(F, g)] @ B[np.ix_(K, lg)].T
                linear += A[np.ix_(g, F)].T @ B[np.ix_(lg, K)]
            self.L[:n_real, :] = linear
        # The bounds see the flows (or the distances) made symmetric when the
        # other matrix is: the cost is the same (sum_ij A_ij B_p(i)p(j) only
        # depends on A_ij + A_ji when B is symmetric), but a row then holds
        # each facility's flows in both directions, which makes Gilmore–Lawler
        # several times stronger on asymmetric flows.
        self.A_bound, self.B_bound = self.A, self.B
        if np.array_equal(self.B, self.B.T):
            self.A_bound = 0.5 * (self.A + self.A.T)
        elif np.array_equal(self.A, self.A.T):
            self.B_bound = np.ascontiguousarray(0.5 * (self.B + self.B.T))
        row = {int(i): r for r, i in enumerate(F)}
        col = {int(k): c for c, k in enumerate(K)}
        self.has_forbidden = False
        for facility, location in forbidden:
            if facility in row and location in col:
                self.ok[row[facility], col[location]] = False
                self.has_forbidden = True

    def initial(self, rng: np.random.Generator) -> np.ndarray:
        """A random permutation that respects the forbidden pairs."""
        if not self.has_forbidden:
            return rng.permutation(self.n).astype(np.int64)
        costs = rng.random((self.n, self.n)) + np.where(self.ok, 0.0, 1e9)
        _, cols = linear_sum_assignment(costs)
        return cols.astype(np.int64)

    def to_original(self, p: np.ndarray, n_facilities: int) -> tuple[int, ...]:
        assignment = [0] * n_facilities
        for facility, location in self.fixed.items():
            assignment[facility] = location
        for r, facility in enumerate(self.free_facilities):
            assignment[int(facility)] = int(self.free_locations[p[r]])
        return tuple(assignment)


def _reduced_cost(reduced: _Reduced, p: np.ndarray) -> float:
    """Cost of permutation ``p`` of the reduced problem, in floats."""
    return float(
        (reduced.A * reduced.B[np.ix_(p, p)]).sum() + reduced.L[np.arange(reduced.n), p].sum()
    )


# ---------------------------------------------------------------- public API


def qap_cost(flow, distance, assignment, linear_cost=None) -> float:
    """Cost of an assignment: ``sum_ij flow[i][j] distance[p(i)][p(j)] + sum_i linear_cost[i][p(i)]``.

    Parameters
    ----------
    flow : array_like, shape (n, n)
        Flow between facilities.
    distance : array_like, shape (m, m)
        Distance between locations, ``m >= n``.
    assignment : sequence of int
        ``assignment[i]`` is the location of facility ``i``; distinct locations.
    linear_cost : array_like, shape (n, m), optional
        Cost of facility ``i`` on location ``k``.

    Returns
    -------
    float

    Examples
    --------
    >>> qap_cost([[0, 2], [1, 0]], [[0, 5], [7, 0]], [1, 0])
    19.0
    """
    A = _square(flow, "flow")
    B = _square(distance, "distance")
    p = np.asarray(assignment)
    if p.shape != (A.shape[0],):
        raise ValueError(f"assignment must give one location per facility ({A.shape[0]})")
    for i, k in enumerate(p.tolist()):
        _index(k, f"assignment[{i}]", B.shape[0], "location")
    if len(set(p.tolist())) != len(p):
        raise ValueError("assignment puts two facilities on the same location")
    total = float((A * B[np.ix_(p, p)]).sum())
    if linear_cost is not None:
        L = _matrix(linear_cost, "linear_cost")
        if L.shape != (A.shape[0], B.shape[0]):
            raise ValueError(f"linear_cost must have shape {A.shape[0]}x{B.shape[0]}")
        total += float(L[np.arange(len(p)), p].sum())
    return total


def gilmore_lawler_bound(flow, distance, *, linear_cost=None, fixed=None, forbidden=None) -> float:
    """Gilmore–Lawler lower bound on the optimal cost of a QAP.

    For each facility ``i`` and location ``k`` the least cost that ``i`` on ``k``
    can cause is the linear cost, the diagonal term, the exact interaction with
    fixed facilities, and the minimal scalar product of ``i``'s flows with
    ``k``'s distances; a linear assignment over these costs bounds the optimum.

    Parameters
    ----------
    flow, distance, linear_cost, fixed, forbidden
        As for :func:`solve_qap`.

    Returns
    -------
    float
        The bound; ``inf`` when the constraints are infeasible.

    Examples
    --------
    >>> flow = [[0, 3, 1], [3, 0, 2], [1, 2, 0]]
    >>> distance = [[0, 1, 4], [1, 0, 2], [4, 2, 0]]
    >>> gilmore_lawler_bound(flow, distance) <= solve_qap(flow, distance).cost
    True
    """
    A, B, L = _check_inputs(flow, distance, linear_cost, 1.0, None, 0, 0)
    fixed_pairs = _pairs(fixed, "fixed", A.shape[0], B.shape[0])
    forbidden_pairs = _pairs(forbidden, "forbidden", A.shape[0], B.shape[0])
    if _conflicts(A.shape[0], B.shape[0], fixed_pairs, forbidden_pairs):
        return math.inf
    reduced = _Reduced(A, B, L, fixed_pairs, forbidden_pairs)
    if reduced.n_real == 0:
        return reduced.constant
    return reduced.constant + float(
        _kernels.gilmore_lawler_bound(
            reduced.A_bound, reduced.B_bound, reduced.L, reduced.ok, reduced.n_real
        )
    )


def solve_qap(
    flow,
    distance,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    fixed=None,
    forbidden=None,
    linear_cost=None,
    max_iterations: int | None = None,
    exact_up_to: int = EXACT_UP_TO,
    target_cost: float | None = None,
    facility_names=None,
    location_names=None,
    exact_method: str = "branch and bound",
) -> QapResult:
    """Assign facilities to distinct locations at least cost (quadratic assignment).

    Parameters
    ----------
    flow : array_like, shape (n, n)
        ``flow[i][j]``: what goes from facility ``i`` to facility ``j`` (may be
        asymmetric).
    distance : array_like, shape (m, m)
        ``distance[k][l]`` between locations; ``m >= n`` (spare locations stay
        empty; more facilities than locations is reported as infeasible).
    time_limit_s : float, default 10.0
        Wall-clock budget in seconds.
    seed : int, default 0
        Seed of the random choices; with ``max_iterations`` the run is
        reproducible.
    fixed : mapping or iterable of (facility, location), optional
        Pairs that must hold.
    forbidden : iterable of (facility, location), optional
        Pairs that must not hold.
    linear_cost : array_like, shape (n, m), optional
        ``linear_cost[i][k]`` added when facility ``i`` is on location ``k``.
    max_iterations : int, optional
        Budget of tabu-search iterations (the search stops at whichever of the
        two budgets comes first).
    exact_up_to : int, default 12
        Branch and bound proves optimality when at most this many facilities
        are free.
    target_cost : float, optional
        Stop as soon as a solution this good is found.
    facility_names, location_names : sequence of str, optional
        Names used instead of indices when conflicts are explained.
    exact_method : {"branch and bound", "cp-sat"}, default "branch and bound"
        How problems with at most ``exact_up_to`` free facilities are proven.

    Returns
    -------
    QapResult
        The assignment, its cost, a lower bound and the gap, and the status:
        ``"optimal"``, ``"feasible"`` or ``"infeasible"`` (with ``conflicts``).

    Raises
    ------
    ValueError
        On malformed input (shapes, non-finite numbers, indices out of range).

    Examples
    --------
    Facilities 0 and 1 exchange the most, so they take the two closest locations:

    >>> flow = [[0, 5, 2], [5, 0, 3], [2, 3, 0]]
    >>> distance = [[0, 15, 8], [15, 0, 13], [8, 13, 0]]
    >>> result = solve_qap(flow, distance, time_limit_s=5)
    >>> result.status, result.cost, result.assignment
    ('optimal', 218.0, (0, 2, 1))
    >>> solve_qap(flow, distance, fixed={0: 2, 1: 2}).conflicts
    ('facilities 0 and 1 are both fixed to location 2',)
    """
    started = time.perf_counter()
    A, B, L = _check_inputs(flow, distance, linear_cost, time_limit_s, max_iterations, seed, exact_up_to)
    n_facilities, n_locations = A.shape[0], B.shape[0]
    fixed_pairs = _pairs(fixed, "fixed", n_facilities, n_locations)
    forbidden_pairs = _pairs(forbidden, "forbidden", n_facilities, n_locations)
    if exact_method not in EXACT_METHODS:
        raise ValueError(f"exact_method must be one of {EXACT_METHODS}, got {exact_method!r}")
    deadline = started + float(min(time_limit_s, 1e9))
    iteration_budget = int(max_iterations) if max_iterations is not None else 2**62

    for names, count, parameter in (
        (facility_names, n_facilities, "facility_names"),
        (location_names, n_locations, "location_names"),
    ):
        if names is not None and len(names) != count:
            raise ValueError(f"{parameter} must give {count} names, got {len(names)}")
    conflicts = _conflicts(
        n_facilities, n_locations, fixed_pairs, forbidden_pairs, facility_names, location_names
    )
    if conflicts:
        return QapResult(
            assignment=(),
            cost=math.inf,
            lower_bound=math.inf,
            gap_percent=math.nan,
            status="infeasible",
            seconds=time.perf_counter() - started,
            iterations=0,
            method="constraint check",
            conflicts=tuple(conflicts),
        )

    reduced = _Reduced(A, B, L, fixed_pairs, forbidden_pairs)
    rng = np.random.default_rng(seed)
    kernel_rng = _kernels.make_rng(seed)
    eps = 1e-9 * max(1.0, float(np.abs(A).sum() * np.abs(B).max() + np.abs(L).sum()))
    target = -math.inf if target_cost is None else float(target_cost) - reduced.constant

    if reduced.n_real == 0:
        p = np.arange(reduced.n, dtype=np.int64)
        bound = reduced_cost = 0.0
        proven, iterations, method = True, 0, "all facilities fixed"
    else:
        bound = float(
            _kernels.gilmore_lawler_bound(
                reduced.A_bound, reduced.B_bound, reduced.L, reduced.ok, reduced.n_real
            )
        )
        p = reduced.initial(rng)
        exact = reduced.n_real <= exact_up_to
        if exact:
            # A short tabu search first: a good incumbent prunes most of the tree.
            warm_deadline = min(deadline, time.perf_counter() + 0.1 * time_limit_s)
            warm_iterations = min(iteration_budget, 200 * reduced.n)
        else:
            warm_deadline, warm_iterations = deadline, iteration_budget
        best_p, reduced_cost, iterations, _ = _kernels.iterated_tabu_search(
            reduced.A,
            reduced.B,
            reduced.L,
            reduced.ok,
            reduced.has_forbidden,
            reduced.n_real,
            p,
            warm_iterations,
            warm_deadline,
            kernel_rng,
            max(target, bound + eps),
            TENURE_FACTOR,
            ASPIRATION_FACTOR,
            STAGNATION_FACTOR,
            eps,
        )
        p = best_p
        proven = reduced_cost <= bound + eps
        method = "iterated robust tabu search"
        if exact and not proven and reduced_cost > target and exact_method == "cp-sat":
            # Imported here: OR-Tools takes half a second to load and only this opt-in method needs it.
            from veturi.engine.allocation.cpsat import solve_reduced_with_cpsat

            outcome = solve_reduced_with_cpsat(
                reduced.A,
                reduced.B,
                reduced.L,
                reduced.ok,
                reduced.n_real,
                time_limit_s=max(deadline - time.perf_counter(), 0.01),
                seed=int(seed),
                tolerance=eps,
                hint=p,
                num_workers=CPSAT_WORKERS,
            )
            if outcome.p is not None:
                # CP-SAT optimises rounded integers: compare in floats.
                found = _reduced_cost(reduced, outcome.p)
                if found < reduced_cost:
                    p, reduced_cost = outcome.p, found
            iterations += outcome.branches
            proven = outcome.proven
            bound = max(bound, min(outcome.lower_bound, reduced_cost))
            method = "CP-SAT after tabu search"
        elif exact and not proven and reduced_cost > target:
            best_p, reduced_cost, nodes, complete, tree_bound = _kernels.branch_and_bound(
                reduced.A_bound,
                reduced.B_bound,
                reduced.L,
                reduced.ok,
                reduced.n_real,
                float(reduced_cost),
                p,
                deadline,
                eps,
            )
            p = best_p
            iterations += nodes
            proven = bool(complete)
            bound = max(bound, float(tree_bound))
            method = "branch and bound (Gilmore-Lawler) after tabu search"

    assignment = reduced.to_original(p, n_facilities)
    cost = qap_cost(A, B, assignment, L)
    lower_bound = cost if proven else min(cost, reduced.constant + bound)
    gap = 0.0 if proven else 100.0 * (cost - lower_bound) / max(abs(cost), 1e-12)
    return QapResult(
        assignment=assignment,
        cost=cost,
        lower_bound=lower_bound,
        gap_percent=gap,
        status="optimal" if proven else "feasible",
        seconds=time.perf_counter() - started,
        iterations=int(iterations),
        method=method,
    )
