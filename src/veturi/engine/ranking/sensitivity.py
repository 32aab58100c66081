"""Sensitivity of a locomotive ranking to its weights.

*Weight ranges.* For each criterion ``j`` its weight is moved to ``t`` while the other
weights keep their proportions: ``w_i(t) = w_i * (1 - t) / (1 - w_j)``. Scanning ``t`` from
``w_j`` down to 0 and up to 1 on a grid, then bisecting between the last grid point with the
same top candidate and the first with another, gives the interval in which the top candidate
stays first (to ``tolerance``).

*Rank stability.* ``runs`` weight vectors are drawn from a Dirichlet distribution centred on
the weights (``alpha = concentration * w``; larger concentration, smaller perturbations),
seeded; the share of runs in which each candidate comes first and in the first three is
reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from .ranking import _order, _types, id_ranks, resolve_weights, scores
from .types import CriteriaTable, Sensitivity, WeightRange

__all__ = ["rank_stability", "sensitivity", "weight_ranges"]


def _moved(weights: np.ndarray, j: int, t: float) -> np.ndarray:
    others = 1.0 - weights[j]
    moved = weights * ((1.0 - t) / others) if others > 0 else np.full_like(
        weights, (1.0 - t) / max(len(weights) - 1, 1))
    moved[j] = t
    return moved


def _unchanged(column, cost=False):
    return column


class _Evaluator:
    """Scores a table for many weight vectors. For TOPSIS the vector normalisation does not
    depend on the weights, so the table is normalised once (pymcdm's own helper) and pymcdm's
    TOPSIS runs on the normalised values; PROMETHEE II runs as in :func:`scores`."""

    def __init__(self, table: CriteriaTable, method: str, options: Mapping):
        self.table, self.method, self.options = table, method, dict(options)
        self.ranks = id_ranks(table.alternatives)
        if method == "topsis" and not options:
            # Imported here, as in methods.topsis(): pymcdm loads pandas and matplotlib.
            from pymcdm import helpers, normalizations
            from pymcdm.methods import TOPSIS

            types = _types(table)
            self.informative = np.any(table.values != 0, axis=0)
            self.types = types[self.informative]
            self.normalised = helpers.normalize_matrix(
                table.values[:, self.informative], normalizations.vector_normalization,
                self.types) if self.informative.any() else None
            self.topsis = TOPSIS(normalization_function=_unchanged)
        else:
            self.normalised = None
            scores(table, resolve_weights(table, None), method, **options)  # checks options

    def scores(self, weights: np.ndarray) -> np.ndarray:
        if self.normalised is None:
            if self.method == "topsis" and not self.options:
                return np.full(len(self.table.alternatives), 0.5)
            return scores(self.table, weights, self.method, **self.options)
        kept = weights[self.informative]
        if kept.sum() <= 0:
            return np.full(len(self.table.alternatives), 0.5)
        with np.errstate(invalid="ignore", divide="ignore"):
            closeness = np.asarray(self.topsis(self.normalised, kept / kept.sum(), self.types,
                                               validation=False), dtype=float)
        return np.where(np.isfinite(closeness), closeness, 0.5)  # as in methods.topsis

    def order(self, weights: np.ndarray) -> np.ndarray:
        return _order(self.scores(weights), self.ranks)

    def top(self, weights: np.ndarray) -> str:
        values = self.scores(weights)
        best = np.flatnonzero(values == values.max())
        return self.table.alternatives[int(best[np.argmin(self.ranks[best])])]


def _edge(evaluator, weights, j, start, end, steps, tolerance, top):
    """Scan from ``start`` towards ``end``; return (bound, top beyond it or None)."""
    previous = start
    for t in np.linspace(start, end, steps + 1)[1:]:
        other = evaluator.top(_moved(weights, j, float(t)))
        if other != top:
            inside, outside, taker = previous, float(t), other
            while abs(outside - inside) > tolerance:
                middle = (inside + outside) / 2
                found = evaluator.top(_moved(weights, j, middle))
                if found == top:
                    inside = middle
                else:
                    outside, taker = middle, found
            return inside, taker
        previous = float(t)
    return end, None


def weight_ranges(
    table: CriteriaTable, weights: Mapping[str, float] | None = None, *,
    method: str = "topsis", steps: int = 20, tolerance: float = 1e-3, **options: Any,
) -> tuple[WeightRange, ...]:
    """How far each weight can move, up and down, before the top candidate changes.

    Examples
    --------
    >>> from veturi.engine.ranking.types import Criterion
    >>> t = CriteriaTable(("a", "b"), ("A", "B"), (Criterion("x", "X"), Criterion("y", "Y")),
    ...                   [[10, 1], [1, 10]])
    >>> r = weight_ranges(t, {"x": 0.7, "y": 0.3})[0]
    >>> r.top, r.top_below, abs(r.lower - 0.5) < 0.01, r.upper
    ('a', 'b', True, 1.0)
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a whole number of at least 1, got {steps!r}")
    if not 0 < tolerance < 0.5:
        raise ValueError(f"tolerance must lie between 0 and 0.5, got {tolerance!r}")
    base = resolve_weights(table, weights)
    evaluator = _Evaluator(table, method, options)
    top = evaluator.top(base)
    ranges = []
    for j, criterion in enumerate(table.criterion_ids):
        w = float(base[j])
        # Steps scale with the distance to cover, at least one.
        down_steps = max(1, int(round(steps * w)))
        up_steps = max(1, int(round(steps * (1 - w))))
        lower, below = _edge(evaluator, base, j, w, 0.0, down_steps, tolerance, top) \
            if w > 0 else (0.0, None)
        upper, above = _edge(evaluator, base, j, w, 1.0, up_steps, tolerance, top) \
            if w < 1 else (1.0, None)
        ranges.append(WeightRange(criterion=criterion, weight=w, lower=round(lower, 6),
                                  upper=round(upper, 6), top=top, top_below=below,
                                  top_above=above))
    return tuple(ranges)


def rank_stability(
    table: CriteriaTable, weights: Mapping[str, float] | None = None, *,
    method: str = "topsis", runs: int = 200, concentration: float = 50.0, seed: int = 0,
    **options: Any,
) -> tuple[dict[str, float], dict[str, float]]:
    """Share of random weight vectors in which each candidate is first and in the top three.

    Examples
    --------
    >>> from veturi.engine.ranking.types import Criterion
    >>> t = CriteriaTable(("a", "b"), ("A", "B"), (Criterion("x", "X"), Criterion("y", "Y")),
    ...                   [[10, 1], [1, 10]])
    >>> top1, _ = rank_stability(t, {"x": 0.9, "y": 0.1}, runs=50, seed=1)
    >>> top1["a"] > 0.9
    True
    """
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise ValueError(f"runs must be a whole number of at least 1, got {runs!r}")
    if not concentration > 0:
        raise ValueError(f"concentration must be positive, got {concentration!r}")
    base = resolve_weights(table, weights)
    rng = np.random.default_rng(seed)
    # A zero weight would make the Dirichlet degenerate: give it a sliver of mass.
    alpha = concentration * np.maximum(base, 1e-3)
    first: Counter = Counter()
    top3: Counter = Counter()
    evaluator = _Evaluator(table, method, options)
    for sample in rng.dirichlet(alpha, size=runs):
        order = evaluator.order(sample)
        first[table.alternatives[int(order[0])]] += 1
        for index in order[:3]:
            top3[table.alternatives[int(index)]] += 1
    as_share = lambda counter: {k: v / runs for k, v in sorted(  # noqa: E731
        counter.items(), key=lambda item: (-item[1], item[0]))}
    return as_share(first), as_share(top3)


def sensitivity(
    table: CriteriaTable, weights: Mapping[str, float] | None = None, *,
    method: str = "topsis", runs: int = 200, concentration: float = 50.0, seed: int = 0,
    steps: int = 20, **options: Any,
) -> Sensitivity:
    """Weight ranges and rank stability in one result (see the module docstring).

    Examples
    --------
    >>> from veturi.engine.ranking.types import Criterion
    >>> t = CriteriaTable(("a", "b"), ("A", "B"), (Criterion("x", "X"), Criterion("y", "Y")),
    ...                   [[10, 1], [1, 10]])
    >>> s = sensitivity(t, {"x": 0.7, "y": 0.3}, runs=20)
    >>> [r.criterion for r in s.ranges], s.runs
    (['x', 'y'], 20)
    """
    ranges = weight_ranges(table, weights, method=method, steps=steps, **options)
    top1, top3 = rank_stability(table, weights, method=method, runs=runs,
                                concentration=concentration, seed=seed, **options)
    return Sensitivity(method=method, ranges=ranges, top1_share=top1, top3_share=top3,
                       runs=runs, concentration=concentration, seed=seed)
