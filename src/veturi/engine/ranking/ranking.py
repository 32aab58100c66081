"""Rank locomotive candidates by multi-criteria analysis: TOPSIS by default, PROMETHEE II as
the alternative; weights given directly or derived with AHP (:func:`ahp_weights`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .criteria import DEFAULT_WEIGHTS
from .methods import promethee_ii, topsis
from .types import CriteriaTable, RankedCandidate, RankingResult

__all__ = ["CUSTOM_DEFAULT_WEIGHT", "METHODS", "rank_candidates", "resolve_weights", "scores"]

METHODS: tuple[str, ...] = ("topsis", "promethee_ii")
#: Weight of an office criterion when no weights are given (before renormalisation).
CUSTOM_DEFAULT_WEIGHT = 0.10


def resolve_weights(table: CriteriaTable, weights: Mapping[str, float] | None) -> np.ndarray:
    """Weights as an array in the table's criterion order, normalised to sum 1.

    Examples
    --------
    >>> from veturi.engine.ranking.types import Criterion
    >>> t = CriteriaTable(("a", "b"), ("A", "B"), (Criterion("x", "X"), Criterion("y", "Y")),
    ...                   [[1, 2], [2, 1]])
    >>> resolve_weights(t, {"x": 3, "y": 1}).tolist()
    [0.75, 0.25]
    """
    ids = table.criterion_ids
    if weights is None:
        raw = [DEFAULT_WEIGHTS.get(c, CUSTOM_DEFAULT_WEIGHT) for c in ids]
    else:
        unknown = sorted(set(weights) - set(ids))
        if unknown:
            raise ValueError(f"weights name unknown criteria: {', '.join(unknown)}; the table "
                             f"has {', '.join(ids)}")
        absent = [c for c in ids if c not in weights]
        if absent:
            raise ValueError(f"weights are missing for criteria: {', '.join(absent)}")
        raw = []
        for criterion in ids:
            weight = weights[criterion]
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not (
                    np.isfinite(weight) and weight >= 0):
                raise ValueError(f"weights[{criterion!r}] must be a non-negative number, got "
                                 f"{weight!r}")
            raw.append(float(weight))
    array = np.asarray(raw, dtype=float)
    if array.sum() <= 0:
        raise ValueError("weights must not all be zero")
    return array / array.sum()


def _types(table: CriteriaTable) -> np.ndarray:
    return np.array([1 if c.direction == "benefit" else -1 for c in table.criteria])


def scores(table: CriteriaTable, weights: np.ndarray, method: str = "topsis",
           **options: Any) -> np.ndarray:
    """The method's score of every candidate for normalised ``weights`` (array)."""
    if method == "topsis":
        if options:
            raise ValueError(f"TOPSIS takes no options, got {', '.join(options)}")
        return topsis(table.values, weights, _types(table))
    if method == "promethee_ii":
        return promethee_ii(table.values, weights, _types(table), **options)
    raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")


def id_ranks(alternatives: tuple[str, ...]) -> np.ndarray:
    """Each alternative's position in id order, the tie-breaker of every ranking."""
    ranks = np.empty(len(alternatives), dtype=np.int64)
    ranks[sorted(range(len(alternatives)), key=lambda i: str(alternatives[i]))] = np.arange(
        len(alternatives))
    return ranks


def _order(values: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    # Best first; ties broken by organisation id so that rankings are reproducible.
    return np.lexsort((ranks, -values))


def rank_candidates(
    table: CriteriaTable,
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "topsis",
    **options: Any,
) -> RankingResult:
    """Rank the candidates of a criteria table.

    Parameters
    ----------
    table : CriteriaTable
        From :func:`~veturi.engine.ranking.criteria.compute_criteria` or built by hand.
    weights : mapping of criterion id to weight, optional
        Any non-negative numbers, normalised to sum 1; default :data:`DEFAULT_WEIGHTS`
        (office criteria :data:`CUSTOM_DEFAULT_WEIGHT`).
    method : {"topsis", "promethee_ii"}, default "topsis"
    **options
        PROMETHEE II: ``preference_function``, ``p``, ``q``.

    Returns
    -------
    RankingResult
        Each candidate's ``details``: for TOPSIS the distances to the ideal and anti-ideal
        solutions and each criterion's weighted normalised value; for PROMETHEE II the net
        flow.

    Examples
    --------
    >>> from veturi.engine.ranking.types import Criterion
    >>> t = CriteriaTable(("a", "b", "c"), ("A", "B", "C"),
    ...                   (Criterion("jobs", "Jobs"), Criterion("cost", "Cost", direction="cost")),
    ...                   [[100, 5], [300, 5], [200, 1]])
    >>> [c.organisation for c in rank_candidates(t, {"jobs": 1, "cost": 1}).candidates]
    ['c', 'b', 'a']
    """
    if not isinstance(table, CriteriaTable):
        raise TypeError(f"table must be a CriteriaTable, got {type(table).__name__}")
    if len(table.alternatives) < 2:
        raise ValueError("ranking needs at least 2 candidates")
    weight_array = resolve_weights(table, weights)
    values = scores(table, weight_array, method, **options)
    order = _order(values, id_ranks(table.alternatives))
    details: list[dict[str, Any]] = [{} for _ in table.alternatives]
    if method == "topsis":
        _, tables = topsis(table.values, weight_array, _types(table), explain=True)
        ids = table.criterion_ids
        for i, (d_plus, d_minus, row) in enumerate(zip(
                tables["dpis"].tolist(), tables["dnis"].tolist(), tables["wnmatrix"].tolist())):
            details[i] = {"distance_to_ideal": d_plus, "distance_to_anti_ideal": d_minus,
                          "weighted_normalised": dict(zip(ids, row))}
    else:
        for i in range(len(table.alternatives)):
            details[i] = {"net_flow": float(values[i])}
    ids, rows, values_list = table.criterion_ids, table.values.tolist(), values.tolist()
    ranked = tuple(
        RankedCandidate(
            rank=position + 1, organisation=table.alternatives[i], name=table.names[i],
            score=values_list[i], criteria=dict(zip(ids, rows[i])), details=details[i],
        )
        for position, i in enumerate(order.tolist())
    )
    notes = []
    if table.missing:
        notes.append(f"{len(table.missing)} criterion values were missing and scored 0")
    return RankingResult(
        method=method, weights=dict(zip(table.criterion_ids, map(float, weight_array))),
        candidates=ranked, parameters={"method": method, **{k: (list(v) if isinstance(
            v, (list, tuple, np.ndarray)) else v) for k, v in options.items()}},
        notes=tuple(notes),
    )
