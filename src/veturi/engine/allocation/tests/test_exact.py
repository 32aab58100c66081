"""The exact method (branch and bound) on plot-like cases: optimal = brute force, honest status under a time limit."""

import numpy as np
import pytest

from veturi.engine.allocation import _kernels, gilmore_lawler_bound, qap_cost, solve_qap
from veturi.engine.allocation.qap import _Reduced
from veturi.engine.allocation.tests.test_qap import brute_force


def plot_case(rng, n, m, negative_flows=False):
    """Asymmetric flows on about 40 % of the pairs, plots in a square, a fit cost."""
    flow = rng.uniform(1, 100, (n, n)) * (rng.random((n, n)) < 0.4)
    if negative_flows:
        flow -= rng.uniform(0, 30, (n, n)) * (rng.random((n, n)) < 0.2)
    np.fill_diagonal(flow, 0.0)
    points = rng.uniform(0, 1000, (m, 2))
    distance = np.sqrt(((points[:, None] - points[None, :]) ** 2).sum(axis=2))
    linear = rng.uniform(0, 5e4, (n, m))
    return flow, distance, linear


# (companies, plots, pinned tenants among the companies)
SIZES = [(4, 4, 0), (5, 8, 0), (6, 6, 1), (6, 9, 2), (7, 8, 0), (7, 9, 3)]


@pytest.mark.parametrize("n,m,pinned", SIZES)
@pytest.mark.parametrize("seed", range(2))
def test_exact_method_equals_brute_force_with_pinned_tenants_and_spare_plots(n, m, pinned, seed):
    rng = np.random.default_rng(1000 * n + 10 * m + seed)
    flow, distance, linear = plot_case(rng, n, m)
    fixed = {n - 1 - t: int(k) for t, k in enumerate(rng.choice(m, pinned, replace=False))}
    forbidden = {(int(rng.integers(n - pinned)), int(rng.integers(m))) for _ in range(2)}
    forbidden -= set(fixed.items())
    result = solve_qap(
        flow, distance, linear_cost=linear, fixed=fixed, forbidden=forbidden, seed=seed, time_limit_s=30
    )
    expected = brute_force(flow, distance, linear, fixed.items(), forbidden)
    assert result.status == "optimal"
    assert result.cost == pytest.approx(expected, rel=1e-9)
    assert result.lower_bound == result.cost and result.gap_percent == 0
    assert all(result.assignment[i] == k for i, k in fixed.items())
    assert not forbidden & set(enumerate(result.assignment))


@pytest.mark.parametrize("negative_flows", [False, True], ids=["plot flows", "negative flows"])
@pytest.mark.parametrize("n,m", [(5, 5), (6, 8), (7, 7), (7, 9)])
def test_branch_and_bound_alone_finds_the_optimum_from_a_poor_incumbent(n, m, negative_flows):
    # The solver's tabu search usually finds the optimum before branch and bound
    # starts; started from a random incumbent, the tree itself must find it.
    # Negative flows take the kernel's general bound path, the others its fast one.
    rng = np.random.default_rng(7 * n + m)
    flow, distance, linear = plot_case(rng, n, m, negative_flows)
    forbidden = [(0, 0), (1, m - 1)]
    reduced = _Reduced(flow, distance, linear, [], forbidden)
    start = np.array([1, 0] + list(range(2, m)), dtype=np.int64)
    poor = qap_cost(flow, distance, start[:n], linear)
    p, cost, nodes, complete, lower_bound = _kernels.branch_and_bound(
        reduced.A_bound, reduced.B_bound, reduced.L, reduced.ok, reduced.n_real,
        poor, start, 1e300, 1e-9 * poor,
    )
    expected = brute_force(flow, distance, linear, forbidden=forbidden)
    assert complete and nodes > 1 and lower_bound == cost
    assert cost == pytest.approx(expected, rel=1e-9)
    assert qap_cost(flow, distance, p[:n], linear) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_gilmore_lawler_bound_on_symmetrised_flows_stays_below_the_optimum(seed):
    rng = np.random.default_rng(50 + seed)
    flow, distance, linear = plot_case(rng, 6, 7, negative_flows=seed % 2 == 1)
    bound = gilmore_lawler_bound(flow, distance, linear_cost=linear)
    assert bound <= brute_force(flow, distance, linear) + 1e-6


def test_the_symmetrised_bound_is_stronger_on_asymmetric_flows():
    # One-way flows: each facility's row sees only half of its exchanges unless
    # the flows are made symmetric first.
    rng = np.random.default_rng(3)
    flow, distance, linear = plot_case(rng, 7, 9)
    flow = np.triu(flow)  # every flow one way
    reduced = _Reduced(flow, distance, linear, [], [])
    rows_only = _kernels.gilmore_lawler_bound(reduced.A, reduced.B, reduced.L, reduced.ok, 7)
    assert gilmore_lawler_bound(flow, distance, linear_cost=linear) > rows_only


def _twelve_on_forty(seed):
    """12 companies on 40 plots as in benchmarks/allocation_exact.py (seed 17: seconds of search)."""
    rng = np.random.default_rng(seed)
    flow = rng.uniform(1, 100, (12, 12)) * (rng.random((12, 12)) < 0.4)
    np.fill_diagonal(flow, 0.0)
    points = rng.uniform(0, 1000, (40, 2))
    distance = np.sqrt(((points[:, None] - points[None, :]) ** 2).sum(axis=2))
    return flow, distance, rng.uniform(0, 5e4, (12, 40))


def test_a_time_limit_too_short_to_prove_gives_feasible_with_the_bound_and_gap():
    # Load the compiled kernels first, so that the clock below times the search only.
    solve_qap(*plot_case(np.random.default_rng(0), 5, 8)[:2], time_limit_s=5)
    flow, distance, linear = _twelve_on_forty(17)
    result = solve_qap(flow, distance, linear_cost=linear, time_limit_s=0.3, seed=0)
    assert result.status == "feasible" and result.seconds < 3
    assert result.cost == pytest.approx(qap_cost(flow, distance, result.assignment, linear))
    assert result.gap_percent == pytest.approx(100 * (result.cost - result.lower_bound) / result.cost)
    # The bound is what the unfinished tree still proves: at least the root's
    # Gilmore–Lawler bound, and never above the optimum.
    proven = solve_qap(flow, distance, linear_cost=linear, time_limit_s=120, seed=0)
    assert proven.status == "optimal"
    root = gilmore_lawler_bound(flow, distance, linear_cost=linear)
    assert root <= result.lower_bound <= proven.cost * (1 + 1e-12)
    assert result.gap_percent > 0 and result.lower_bound < result.cost


def test_twelve_companies_on_forty_plots_are_proven_optimal():
    flow, distance, linear = _twelve_on_forty(2)
    result = solve_qap(flow, distance, linear_cost=linear, time_limit_s=120, seed=0)
    assert result.status == "optimal" and result.gap_percent == 0
    assert result.lower_bound == result.cost
    assert result.method.startswith("branch and bound")
    # Another seed (another tabu incumbent) reaches the same proven optimum.
    again = solve_qap(flow, distance, linear_cost=linear, time_limit_s=120, seed=5)
    assert again.status == "optimal" and again.cost == pytest.approx(result.cost, rel=1e-12)
