"""The QAP solver: exactness, bounds, incremental deltas, determinism, constraints, bad input."""

import itertools
import re
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veturi.engine.allocation import (
    gilmore_lawler_bound,
    qap_cost,
    read_bks,
    read_qaplib,
    solve_qap,
)
from veturi.engine.allocation import _kernels
from veturi.engine.allocation.qaplib import shipped_bks_path, shipped_instances


def brute_force(flow, distance, linear=None, fixed=(), forbidden=()):
    """Least cost over every injection of facilities into locations, or inf (vectorised)."""
    A, B = np.asarray(flow, float), np.asarray(distance, float)
    n, m = len(A), len(B)
    perms = np.array(list(itertools.permutations(range(m), n)), dtype=np.int64)
    keep = np.ones(len(perms), dtype=bool)
    for i, k in dict(fixed).items():
        keep &= perms[:, i] == k
    for i, k in set(forbidden):
        keep &= perms[:, i] != k
    perms = perms[keep]
    if not len(perms):
        return math.inf
    costs = (A[None, :, :] * B[perms[:, :, None], perms[:, None, :]]).sum(axis=(1, 2))
    if linear is not None:
        costs += np.asarray(linear, float)[np.arange(n)[None, :], perms].sum(axis=1)
    return float(costs.min())


def random_instance(rng, n, m=None, symmetric=False, linear=False):
    m = m or n
    flow = rng.integers(0, 10, (n, n)).astype(float)
    distance = rng.integers(0, 10, (m, m)).astype(float)
    if symmetric:
        flow, distance = flow + flow.T, distance + distance.T
    linear_cost = rng.integers(0, 30, (n, m)).astype(float) if linear else None
    return flow, distance, linear_cost


# ---------------------------------------------------------------- exactness


@pytest.mark.parametrize("seed", range(6))
def test_exact_solver_equals_brute_force_on_random_asymmetric_instances(seed):
    rng = np.random.default_rng(seed)
    n = 3 + seed  # 3 .. 8
    flow, distance, linear = random_instance(rng, n, linear=seed % 2 == 1)
    result = solve_qap(flow, distance, linear_cost=linear, time_limit_s=10, seed=seed)
    assert result.status == "optimal"
    assert result.cost == pytest.approx(brute_force(flow, distance, linear))
    assert result.cost == pytest.approx(qap_cost(flow, distance, result.assignment, linear))
    assert result.lower_bound == pytest.approx(result.cost) and result.gap_percent == 0


@pytest.mark.parametrize("seed", range(6))
def test_exact_solver_respects_fixed_and_forbidden_pairs(seed):
    rng = np.random.default_rng(100 + seed)
    n = 2 + seed  # 2 .. 7
    m = n + seed % 2  # sometimes a spare location
    flow, distance, linear = random_instance(rng, n, m, linear=seed % 2 == 0)
    fixed = {int(rng.integers(n)): int(rng.integers(m))}
    forbidden = {(int(rng.integers(n)), int(rng.integers(m))) for _ in range(n)}
    forbidden -= set(fixed.items())
    result = solve_qap(
        flow, distance, linear_cost=linear, fixed=fixed, forbidden=forbidden, time_limit_s=10
    )
    expected = brute_force(flow, distance, linear, fixed.items(), forbidden)
    if expected == math.inf:
        assert result.status == "infeasible" and result.conflicts
        return
    assert result.status == "optimal"
    assert result.cost == pytest.approx(expected)
    for facility, location in fixed.items():
        assert result.assignment[facility] == location
    assert not forbidden & set(enumerate(result.assignment))
    assert len(set(result.assignment)) == n


def test_spare_locations_stay_empty_and_the_optimum_uses_the_best_ones():
    rng = np.random.default_rng(7)
    flow, distance, linear = random_instance(rng, 4, 7, linear=True)
    result = solve_qap(flow, distance, linear_cost=linear, time_limit_s=10)
    assert result.status == "optimal"
    assert result.cost == pytest.approx(brute_force(flow, distance, linear))
    assert len(result.assignment) == 4 and len(set(result.assignment)) == 4


def test_branch_and_bound_proves_a_qaplib_optimum():
    instance = read_qaplib(shipped_instances()["had12"])
    result = solve_qap(instance.flow, instance.distance, time_limit_s=30)
    assert result.status == "optimal"
    assert result.cost == read_bks(shipped_bks_path())["had12"]


# ---------------------------------------------------------------- heuristic quality


def test_tabu_search_finds_the_best_known_solution_of_a_shipped_instance():
    # nug14 is past the exact limit, so tabu search alone has to find the optimum;
    # the run stops as soon as it does.
    instance = read_qaplib(shipped_instances()["nug14"])
    best_known = read_bks(shipped_bks_path())["nug14"]
    result = solve_qap(instance.flow, instance.distance, time_limit_s=5, seed=1, target_cost=best_known)
    assert result.cost == best_known
    assert result.method == "iterated robust tabu search"
    assert result.seconds < 5


def test_tabu_search_beats_random_assignments_on_a_larger_instance():
    rng = np.random.default_rng(5)
    flow, distance, _ = random_instance(rng, 40, symmetric=True)
    result = solve_qap(flow, distance, max_iterations=2000, time_limit_s=30)
    random_costs = [qap_cost(flow, distance, rng.permutation(40)) for _ in range(200)]
    assert result.cost < min(random_costs)
    assert result.status == "feasible" and result.iterations == 2000
    assert result.lower_bound <= result.cost and result.gap_percent > 0


# ---------------------------------------------------------------- incremental deltas


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 9),
    seed=st.integers(0, 2**32 - 1),
    swaps=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), min_size=1, max_size=12),
)
def test_incremental_deltas_equal_full_recomputation(n, seed, swaps):
    rng = np.random.default_rng(seed)
    A = rng.integers(-5, 10, (n, n)).astype(float)  # asymmetric, with a diagonal
    B = rng.integers(0, 10, (n, n)).astype(float)
    L = rng.integers(0, 10, (n, n)).astype(float)
    n_real = int(rng.integers(1, n + 1))
    A[n_real:, :] = 0
    A[:, n_real:] = 0
    L[n_real:, :] = 0
    p = rng.permutation(n).astype(np.int64)
    delta = np.zeros((n, n))
    _kernels.all_deltas(A, B, L, p, n_real, delta)
    cost = _kernels.full_cost(A, B, L, p)
    for r, s in swaps:
        r, s = r % n, s % n
        if r == s:
            continue
        r, s = min(r, s), max(r, s)
        if r >= n_real:
            continue
        cost += delta[r, s]
        _kernels.apply_swap(A, B, L, p, n_real, delta, r, s)
        assert cost == pytest.approx(_kernels.full_cost(A, B, L, p))
        fresh = np.zeros((n, n))
        _kernels.all_deltas(A, B, L, p, n_real, fresh)
        assert np.allclose(delta, fresh)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(3, 14), spare=st.integers(0, 3), seed=st.integers(0, 2**32 - 1))
def test_the_tabu_walk_tracks_its_cost_exactly(n, spare, seed):
    # Many moves with incremental deltas, no restart: the cost carried along
    # must equal the cost recomputed from scratch (asymmetric, with dummies,
    # a linear term and forbidden pairs).
    rng = np.random.default_rng(seed)
    m = n + spare
    A = np.zeros((m, m))
    A[:n, :n] = rng.integers(0, 20, (n, n))
    B = rng.integers(0, 20, (m, m)).astype(float)
    if seed % 2:
        A, B = A + A.T, B + B.T
    L = np.zeros((m, m))
    L[:n] = rng.integers(0, 50, (n, m))
    ok = rng.random((m, m)) > 0.1
    ok[n:] = True
    p = np.arange(m, dtype=np.int64)
    ok[np.arange(m), p] = True
    walk = p.copy()
    best_p, best, iterations, current = _kernels.iterated_tabu_search(
        A, B, L, ok, True, n, walk, 300, 1e18, _kernels.make_rng(seed), -1e300,
        8.0, 5.0, 1e9, 1e-9,
    )
    assert current == pytest.approx(_kernels.full_cost(A, B, L, walk))
    assert best == pytest.approx(_kernels.full_cost(A, B, L, best_p))
    assert best <= _kernels.full_cost(A, B, L, p) + 1e-9
    assert all(ok[i, best_p[i]] and ok[i, walk[i]] for i in range(n))
    assert sorted(best_p) == list(range(m))


# ---------------------------------------------------------------- lower bound


@pytest.mark.parametrize("seed", range(5))
def test_gilmore_lawler_bound_never_exceeds_the_optimum(seed):
    rng = np.random.default_rng(200 + seed)
    n = int(rng.integers(3, 8))
    flow, distance, linear = random_instance(rng, n, n + seed % 2, linear=seed % 2 == 0)
    bound = gilmore_lawler_bound(flow, distance, linear_cost=linear)
    assert bound <= brute_force(flow, distance, linear) + 1e-9


def test_gilmore_lawler_bound_with_fixed_pairs_never_exceeds_the_constrained_optimum():
    rng = np.random.default_rng(11)
    flow, distance, linear = random_instance(rng, 6, linear=True)
    fixed, forbidden = {2: 4}, {(0, 1), (3, 1)}
    bound = gilmore_lawler_bound(
        flow, distance, linear_cost=linear, fixed=fixed, forbidden=forbidden
    )
    assert 0 < bound <= brute_force(flow, distance, linear, fixed.items(), forbidden)


def test_gilmore_lawler_bound_is_below_the_qaplib_optimum():
    instance = read_qaplib(shipped_instances()["rou15"])
    bound = gilmore_lawler_bound(instance.flow, instance.distance)
    assert 0 < bound <= read_bks(shipped_bks_path())["rou15"]


# ---------------------------------------------------------------- determinism


def test_same_seed_and_iteration_budget_give_the_same_answer():
    instance = read_qaplib(shipped_instances()["rou15"])
    runs = [
        solve_qap(instance.flow, instance.distance, seed=42, max_iterations=3000, time_limit_s=60)
        for _ in range(2)
    ]
    assert runs[0].assignment == runs[1].assignment and runs[0].cost == runs[1].cost
    assert runs[0].iterations == runs[1].iterations == 3000


def test_different_seeds_explore_differently():
    rng = np.random.default_rng(9)
    flow, distance, _ = random_instance(rng, 30, symmetric=True)
    answers = {
        solve_qap(flow, distance, seed=seed, max_iterations=50, time_limit_s=60).assignment
        for seed in range(4)
    }
    assert len(answers) > 1


# ---------------------------------------------------------------- infeasibility


@pytest.mark.parametrize(
    ("n", "m", "fixed", "forbidden", "conflict"),
    [
        (4, 3, None, None, "4 facilities but only 3 locations"),
        (3, 3, {0: 1, 2: 1}, None, "facilities 0 and 2 are both fixed to location 1"),
        (3, 3, {0: 1}, [(0, 1)], "facility 0 is fixed to location 1, which is forbidden for it"),
        (3, 3, None, [(1, 0), (1, 1), (1, 2)], "facility 1 has no allowed location"),
        (3, 3, {0: 2}, [(1, 0), (1, 1)], "facility 1 has no allowed location"),
        (
            4,
            4,
            None,
            [(i, k) for i in (0, 1, 2) for k in (2, 3)],
            r"facilities \[0, 1, 2\] may only use locations \[0, 1\]",
        ),
    ],
)
def test_infeasible_cases_name_the_conflicting_constraints(n, m, fixed, forbidden, conflict):
    rng = np.random.default_rng(0)
    flow, distance, _ = random_instance(rng, n, m)
    result = solve_qap(flow, distance, fixed=fixed, forbidden=forbidden, time_limit_s=5)
    assert result.status == "infeasible"
    assert result.assignment == () and result.cost == math.inf
    assert any(re.search(conflict, text) for text in result.conflicts)
    assert gilmore_lawler_bound(flow, distance, fixed=fixed, forbidden=forbidden) == math.inf


def test_all_facilities_fixed_is_solved_as_given():
    flow = [[0, 2], [3, 0]]
    distance = [[0, 4, 1], [5, 0, 1], [1, 1, 0]]
    result = solve_qap(flow, distance, fixed={0: 2, 1: 0})
    assert result.status == "optimal"
    assert result.assignment == (2, 0)
    assert result.cost == qap_cost(flow, distance, (2, 0))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"flow": [[0, 1, 2], [1, 0, 3]]}, "flow must be square"),
        ({"distance": [1, 2, 3]}, "distance must be a 2-D matrix"),
        ({"flow": [[0, "x"], [1, 0]]}, "flow must be a matrix of numbers"),
        ({"distance": [[0, math.inf], [1, 0]]}, r"distance\[0\]\[1\] is not a finite number"),
        ({"linear_cost": [[1, 2]]}, "linear_cost must have one row per facility"),
        ({"fixed": {0: 5}}, "fixed: location 5 is out of range 0..1"),
        ({"fixed": {"a": 0}}, "fixed: facility 'a' is not an integer index"),
        ({"forbidden": [(0,)]}, r"forbidden: \(0,\) is not a \(facility, location\) pair"),
        ({"time_limit_s": 0}, "time_limit_s must be positive"),
        ({"time_limit_s": "fast"}, "time_limit_s must be a number"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"max_iterations": 0}, "max_iterations must be a positive integer"),
        ({"flow": np.zeros((0, 0))}, "at least one facility"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_parameter(kwargs, message):
    arguments = {"flow": [[0, 1], [1, 0]], "distance": [[0, 2], [2, 0]], **kwargs}
    with pytest.raises(ValueError, match=message):
        solve_qap(arguments.pop("flow"), arguments.pop("distance"), **arguments)


def test_qap_cost_refuses_two_facilities_on_one_location():
    with pytest.raises(ValueError, match="same location"):
        qap_cost([[0, 1], [1, 0]], [[0, 2], [2, 0]], [1, 1])
