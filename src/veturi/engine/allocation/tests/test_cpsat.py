"""The CP-SAT exact method (``solve_qap(..., exact_method="cp-sat")``) on small cases."""

import numpy as np
import pytest

from veturi.engine.allocation import qap_cost, solve_qap
from veturi.engine.allocation.tests.test_qap import brute_force, random_instance


@pytest.mark.parametrize("seed", range(6))
def test_cpsat_equals_brute_force_on_random_instances(seed):
    rng = np.random.default_rng(500 + seed)
    n = 3 + seed % 4  # 3 .. 6
    m = n + seed % 3  # spare locations on some
    flow, distance, linear = random_instance(rng, n, m, linear=seed % 2 == 0)
    # Float data exercises the scaling (integer data is solved unscaled).
    flow = flow * 1.37 if seed % 3 == 0 else flow
    result = solve_qap(flow, distance, linear_cost=linear, time_limit_s=20, seed=seed, exact_method="cp-sat")
    assert result.status == "optimal"
    assert result.cost == pytest.approx(brute_force(flow, distance, linear))
    assert result.cost == qap_cost(flow, distance, result.assignment, linear)  # recomputed in floats
    assert result.lower_bound == pytest.approx(result.cost) and result.gap_percent == 0


@pytest.mark.parametrize("seed", range(4))
def test_cpsat_respects_fixed_and_forbidden_pairs(seed):
    rng = np.random.default_rng(700 + seed)
    n, m = 5, 6
    flow, distance, linear = random_instance(rng, n, m, linear=True)
    fixed = {0: int(rng.integers(m))}
    forbidden = [(i, int(k)) for i in range(1, n) for k in rng.choice(m, 2, replace=False)]
    result = solve_qap(
        flow, distance, linear_cost=linear, fixed=fixed, forbidden=forbidden,
        time_limit_s=20, seed=seed, exact_method="cp-sat",
    )
    expected = brute_force(flow, distance, linear, fixed, forbidden)
    assert result.status == "optimal" and result.cost == pytest.approx(expected)
    assert result.assignment[0] == fixed[0]
    assert not set(enumerate(result.assignment)) & set(forbidden)


def test_an_infeasible_case_is_still_explained():
    flow, distance, _ = random_instance(np.random.default_rng(3), 3, 4)
    result = solve_qap(
        flow, distance, forbidden=[(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3)],
        exact_method="cp-sat",
    )
    assert result.status == "infeasible"
    assert result.conflicts == ("facilities [0, 1] may only use locations [0]: 2 facilities for 1 location",)


def test_same_seed_gives_the_same_answer():
    flow, distance, linear = random_instance(np.random.default_rng(11), 6, 7, linear=True)
    runs = [
        solve_qap(flow, distance, linear_cost=linear, time_limit_s=30, seed=4, exact_method="cp-sat")
        for _ in range(2)
    ]
    assert runs[0].assignment == runs[1].assignment and runs[0].cost == runs[1].cost
    assert runs[0].status == "optimal"


def test_an_unknown_exact_method_is_refused():
    with pytest.raises(ValueError, match="exact_method"):
        solve_qap([[0, 1], [1, 0]], [[0, 1], [1, 0]], exact_method="simplex")
