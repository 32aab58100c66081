"""Exact small quadratic assignment problems with OR-Tools CP-SAT.

The model, on the reduced problem of :mod:`veturi.engine.allocation.qap` (fixed
facilities already folded into the linear cost, forbidden pairs as a mask):

* one integer variable ``x[i]`` per real facility, its domain the locations
  allowed for it (area, zoning, utilities, hazard separation, closed plots and
  pins are all forbidden pairs or fixed facilities by then);
* ``AllDifferent(x)``: at most one facility per location;
* the fit cost ``c[i] = L[i][x[i]] + A[i][i] B[x[i]][x[i]]`` by ``AddElement``;
* for each pair ``i < j`` *with a flow* (flows are sparse) the pair cost
  ``A[i][j] B[x[i]][x[j]] + A[j][i] B[x[j]][x[i]]`` by ``AddElement`` on the
  flattened table, indexed by ``x[i] * m + x[j]``;
* minimise the sum.

CP-SAT needs integers: every table entry is multiplied by ``scale`` and rounded
separately, so the rounded objective differs from the true one by at most
``terms * 0.5 / scale``. The scale is chosen so that this is below the engine's
tolerance (or is 1 when the data are integers, which is then exact); the caller
recomputes the cost of the answer in floats with its own cost function, and the
lower bound reported here already subtracts the rounding allowance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

__all__ = ["CpSatOutcome", "solve_reduced_with_cpsat"]

#: The largest scaled table entry allowed (keeps every sum inside int64 with room).
_MAX_SCALED = 2**50


@dataclass(frozen=True)
class CpSatOutcome:
    """What CP-SAT found on the reduced problem.

    ``p`` is a full permutation of the reduced problem's locations (dummies on
    the spare ones); ``proven`` is True when CP-SAT closed the search;
    ``lower_bound`` is a bound on the reduced optimum in the caller's units
    (rounding allowance already subtracted); ``branches`` counts search branches.
    """

    p: np.ndarray | None
    proven: bool
    infeasible: bool
    lower_bound: float
    branches: int


def _scale(tables: list[np.ndarray], terms: int, tolerance: float) -> float:
    values = np.concatenate([t.ravel() for t in tables]) if tables else np.zeros(1)
    biggest = float(np.abs(values).max()) if values.size else 0.0
    if np.all(values == np.round(values)) and biggest * max(terms, 1) < _MAX_SCALED:
        return 1.0  # integer data: exact
    # Rounding each entry moves the objective by at most terms * 0.5 / scale;
    # keep that below half the tolerance.
    scale = terms / max(tolerance, 1e-300)
    if biggest > 0:
        scale = min(scale, _MAX_SCALED / (biggest * max(terms, 1)))
    return scale


def solve_reduced_with_cpsat(
    A: np.ndarray,
    B: np.ndarray,
    L: np.ndarray,
    ok: np.ndarray,
    n_real: int,
    *,
    time_limit_s: float,
    seed: int,
    tolerance: float,
    hint: np.ndarray | None = None,
    num_workers: int = 1,
) -> CpSatOutcome:
    """Solve ``min sum_ij A[i,j] B[p_i,p_j] + sum_i L[i,p_i]`` over the real facilities.

    ``A`` (n x n, rows/columns beyond ``n_real`` are dummies without flow), ``B``
    (n x n), ``L`` (n x n), ``ok`` (allowed pairs). Deterministic for a given
    ``seed`` and ``num_workers`` unless the time limit cuts the search.
    """
    n = B.shape[0]
    real = range(n_real)
    pairs = [
        (i, j)
        for i in real
        for j in range(i + 1, n_real)
        if A[i, j] != 0.0 or A[j, i] != 0.0
    ]
    fit_tables = [L[i] + A[i, i] * np.diag(B) for i in real]
    pair_tables = [A[i, j] * B + A[j, i] * B.T for i, j in pairs]
    terms = n_real + len(pairs)
    scale = _scale(fit_tables + pair_tables, terms, tolerance)

    model = cp_model.CpModel()
    x = []
    for i in real:
        allowed = [int(k) for k in np.flatnonzero(ok[i])]
        x.append(model.NewIntVarFromDomain(cp_model.Domain.FromValues(allowed), f"x{i}"))
    model.AddAllDifferent(x)

    objective = []
    for i in real:
        table = [int(round(v * scale)) for v in fit_tables[i].tolist()]
        c = model.NewIntVarFromDomain(cp_model.Domain.FromValues(sorted(set(table))), f"fit{i}")
        model.AddElement(x[i], table, c)
        objective.append(c)
    for (i, j), cost in zip(pairs, pair_tables):
        table = [int(round(v * scale)) for v in cost.ravel().tolist()]
        index = model.NewIntVar(0, n * n - 1, f"at{i}_{j}")
        model.Add(index == x[i] * n + x[j])
        c = model.NewIntVarFromDomain(cp_model.Domain.FromValues(sorted(set(table))), f"flow{i}_{j}")
        model.AddElement(index, table, c)
        objective.append(c)
    model.Minimize(sum(objective))
    # Branch on the locations, not on the cost variables.
    model.AddDecisionStrategy(x, cp_model.CHOOSE_MIN_DOMAIN_SIZE, cp_model.SELECT_MIN_VALUE)
    if hint is not None:
        for i in real:
            model.AddHint(x[i], int(hint[i]))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(float(time_limit_s), 0.01)
    solver.parameters.num_workers = int(num_workers)
    solver.parameters.random_seed = int(seed) % (2**31)
    if num_workers == 1:
        solver.parameters.search_branching = cp_model.FIXED_SEARCH
    status = solver.Solve(model)

    if status == cp_model.INFEASIBLE:
        return CpSatOutcome(None, True, True, math.inf, int(solver.NumBranches()))
    allowance = terms * 0.5 / scale if scale != 1.0 else 0.0
    bound = solver.BestObjectiveBound() / scale - allowance
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpSatOutcome(None, False, False, bound, int(solver.NumBranches()))
    p = np.full(n, -1, dtype=np.int64)
    for i in real:
        p[i] = solver.Value(x[i])
    spare = iter(sorted(set(range(n)) - set(p[:n_real].tolist())))
    for r in range(n_real, n):
        p[r] = next(spare)
    return CpSatOutcome(p, status == cp_model.OPTIMAL, False, bound, int(solver.NumBranches()))
