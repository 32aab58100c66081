"""Multi-criteria methods: TOPSIS (default) and PROMETHEE II through pymcdm, and AHP
weights from pairwise comparisons (principal eigenvector with numpy, Saaty's consistency
ratio; a matrix with CR > 0.1 is refused).

References
----------
Hwang C.-L., Yoon K. (1981) Multiple Attribute Decision Making. Springer.
Brans J.-P., Vincke Ph. (1985) A preference ranking organisation method. Management Science
31(6):647-656.
Saaty T.L. (1980) The Analytic Hierarchy Process. McGraw-Hill.
The tests reproduce published worked examples: Opricovic & Tzeng (2004) for TOPSIS, Zhao,
Peng & Li (2013) for PROMETHEE II, Saaty (2008) and Saaty (2005) for AHP weights, consistency
ratio and synthesis (see ``tests/test_methods.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .types import AhpResult

__all__ = [
    "MAX_PROMETHEE_CANDIDATES",
    "PREFERENCE_FUNCTIONS",
    "RANDOM_INDEX",
    "TOPSIS_NORMALISATIONS",
    "InconsistentMatrixError",
    "ahp_synthesis",
    "ahp_weights",
    "promethee_ii",
    "topsis",
]

#: Saaty's random consistency index by matrix size n (Saaty 1980 for n <= 10; Saaty (2012)
#: Models, Methods, Concepts & Applications of the AHP, table 1.7, for 11..15).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
    11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}
#: pymcdm's PROMETHEE preference functions.
PREFERENCE_FUNCTIONS: tuple[str, ...] = ("usual", "ushape", "vshape", "level", "vshape_2")
#: PROMETHEE compares every pair of candidates: memory grows with n^2 * criteria.
MAX_PROMETHEE_CANDIDATES = 3000


class InconsistentMatrixError(ValueError):
    """A pairwise comparison matrix whose consistency ratio exceeds 0.1."""

    def __init__(self, message: str, consistency_ratio: float):
        super().__init__(message)
        self.consistency_ratio = consistency_ratio


def _check_matrix(matrix, weights, types) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    matrix = np.asarray(matrix, dtype=float)
    weights = np.asarray(weights, dtype=float)
    types = np.asarray(types, dtype=int)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 1:
        raise ValueError(
            f"matrix must be 2-D with at least 2 candidates and 1 criterion, got shape "
            f"{matrix.shape}"
        )
    if not np.all(np.isfinite(matrix)):
        row, col = map(int, np.argwhere(~np.isfinite(matrix))[0])
        raise ValueError(f"matrix[{row}, {col}] is not a finite number")
    if weights.shape != (matrix.shape[1],) or types.shape != (matrix.shape[1],):
        raise ValueError(
            f"weights and types need one entry per criterion ({matrix.shape[1]}), got "
            f"{weights.shape[0] if weights.ndim else 0} and {types.shape[0] if types.ndim else 0}"
        )
    if np.any(weights < 0) or not np.all(np.isfinite(weights)) or weights.sum() <= 0:
        raise ValueError("weights must be non-negative numbers with a positive sum")
    if not np.all(np.isin(types, (-1, 1))):
        raise ValueError("types must be 1 (benefit) or -1 (cost) for each criterion")
    return matrix, weights / weights.sum(), types


#: TOPSIS normalisations: ``vector`` (Hwang & Yoon's x / ||x||, the default) or ``minmax``
#: (linear, (x - min) / (max - min), as in Opricovic & Tzeng's 2004 comparison); the values
#: name the functions of ``pymcdm.normalizations``.
TOPSIS_NORMALISATIONS: dict[str, str] = {
    "vector": "vector_normalization",
    "minmax": "minmax_normalization",
}


def topsis(matrix, weights, types, *, explain: bool = False, normalisation: str = "vector"):
    """TOPSIS closeness to the ideal solution, with vector normalisation (Hwang & Yoon)
    by default or linear ``normalisation="minmax"``.

    Columns whose values are all zero carry no information and cannot be vector-normalised;
    they are dropped and the remaining weights renormalised. With ``explain=True`` returns
    ``(closeness, tables)`` where ``tables`` holds pymcdm's intermediate results
    (``wnmatrix`` weighted normalised values with 0 in dropped columns, ``dpis`` and
    ``dnis`` distances to the positive and negative ideal solutions; closeness is
    ``dnis / (dpis + dnis)``).

    Examples
    --------
    >>> topsis([[1, 1], [2, 2], [3, 3]], [0.5, 0.5], [1, 1]).round(3)
    array([0. , 0.5, 1. ])
    >>> topsis([[1, 5], [2, 4], [3, 3]], [0.8, 0.2], [1, 1]).argmax()
    np.int64(2)
    >>> topsis([[1, 5], [2, 5], [3, 5]], [0.0, 1.0], [1, 1])
    array([0.5, 0.5, 0.5])
    """
    matrix, weights, types = _check_matrix(matrix, weights, types)
    if normalisation not in TOPSIS_NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {', '.join(TOPSIS_NORMALISATIONS)}, "
                         f"got {normalisation!r}")
    # pymcdm is imported where it is used: it loads pandas and matplotlib (about 2.5 s), and
    # every Django start imports this module whether or not it ranks anything.
    from pymcdm import helpers, normalizations
    from pymcdm.methods import TOPSIS

    normalise = getattr(normalizations, TOPSIS_NORMALISATIONS[normalisation])
    informative = np.any(matrix != 0, axis=0) & (weights > 0)
    if normalisation == "minmax":
        # A constant column has no range to scale by.
        informative &= matrix.max(axis=0) > matrix.min(axis=0)
    n = matrix.shape[0]
    if not informative.any():
        closeness = np.full(n, 0.5)
        tables = {"wnmatrix": np.zeros_like(matrix), "dpis": np.zeros(n), "dnis": np.zeros(n)}
        return (closeness, tables) if explain else closeness
    kept_weights = weights[informative] / weights[informative].sum()
    method = TOPSIS(normalization_function=normalise)
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.asarray(method(matrix[:, informative], kept_weights,
                                      types[informative], validation=False), dtype=float)
    # When every weighted criterion is the same for all, the ideal and anti-ideal coincide
    # (0 / 0): nobody is closer than anyone else.
    closeness = np.where(np.isfinite(closeness), closeness, 0.5)
    if not explain:
        return closeness
    # pymcdm's verbose mode builds pandas tables (seconds for 10 000 candidates): the same
    # intermediate figures from its own normalisation helper instead.
    normalised = helpers.normalize_matrix(matrix[:, informative], normalise, types[informative])
    weighted_kept = normalised * kept_weights
    weighted = np.zeros_like(matrix)
    weighted[:, informative] = weighted_kept
    pis, nis = weighted_kept.max(axis=0), weighted_kept.min(axis=0)
    tables = {
        "wnmatrix": weighted,
        "dpis": np.sqrt(((weighted_kept - pis) ** 2).sum(axis=1)),
        "dnis": np.sqrt(((weighted_kept - nis) ** 2).sum(axis=1)),
    }
    return closeness, tables


def promethee_ii(
    matrix, weights, types, *, preference_function: str = "vshape",
    p: Sequence[float] | None = None, q: Sequence[float] | None = None,
) -> np.ndarray:
    """PROMETHEE II net outranking flows (Brans & Vincke), in -1..1.

    Parameters
    ----------
    preference_function : str, default "vshape"
        One of :data:`PREFERENCE_FUNCTIONS`. ``vshape`` (linear preference up to ``p``) with
        the default ``p`` = each criterion's range makes preference grow with the difference.
    p, q : sequence of float, optional
        Preference and indifference thresholds per criterion.

    Examples
    --------
    >>> flows = promethee_ii([[1, 5], [2, 4], [3, 3]], [0.8, 0.2], [1, 1])
    >>> int(flows.argmax()), round(float(flows.sum()), 9)
    (2, 0.0)
    """
    matrix, weights, types = _check_matrix(matrix, weights, types)
    if matrix.shape[0] > MAX_PROMETHEE_CANDIDATES:
        raise ValueError(
            f"PROMETHEE II compares every pair of candidates; {matrix.shape[0]} candidates "
            f"exceed {MAX_PROMETHEE_CANDIDATES}: use TOPSIS or shortlist first"
        )
    if preference_function not in PREFERENCE_FUNCTIONS:
        raise ValueError(
            f"preference_function must be one of {', '.join(PREFERENCE_FUNCTIONS)}, "
            f"got {preference_function!r}"
        )
    needs_p = preference_function in ("vshape", "level", "vshape_2")
    needs_q = preference_function in ("ushape", "level", "vshape_2")
    if p is None and needs_p:
        spread = matrix.max(axis=0) - matrix.min(axis=0)
        p = np.where(spread > 0, spread, 1.0)
    if q is None and needs_q:
        if preference_function == "ushape":
            q = np.zeros(matrix.shape[1])
        else:
            raise ValueError(f"preference_function={preference_function!r} needs q thresholds")
    for name, thresholds in (("p", p), ("q", q)):
        if thresholds is not None:
            thresholds = np.asarray(thresholds, dtype=float)
            if thresholds.shape != (matrix.shape[1],) or np.any(thresholds < 0):
                raise ValueError(f"{name} needs one non-negative threshold per criterion")
    from pymcdm.methods import PROMETHEE_II  # imported here, as in topsis()

    method = PROMETHEE_II(preference_function,
                          p=None if p is None else np.asarray(p, dtype=float),
                          q=None if q is None else np.asarray(q, dtype=float))
    return np.asarray(method(matrix, weights, types, validation=False), dtype=float)


def ahp_weights(
    matrix, criteria: Sequence[str] | None = None, *, max_consistency_ratio: float = 0.1,
) -> AhpResult:
    """Weights from a pairwise comparison matrix (Saaty's principal eigenvector).

    ``matrix[i][j]`` says how much more important criterion ``i`` is than ``j`` on Saaty's
    1..9 scale; the matrix must be positive with ones on the diagonal and reciprocal
    (``matrix[j][i] == 1 / matrix[i][j]``). A matrix whose consistency ratio exceeds
    ``max_consistency_ratio`` is refused with :class:`InconsistentMatrixError`.

    Examples
    --------
    >>> result = ahp_weights([[1, 3], [1/3, 1]], ["value", "jobs"])
    >>> result.as_dict()
    {'value': 0.75, 'jobs': 0.25}
    >>> ahp_weights([[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]])
    Traceback (most recent call last):
    ...
    veturi.engine.ranking.methods.InconsistentMatrixError: pairwise comparison matrix is too inconsistent: consistency ratio CR = 6.130 exceeds 0.10 (CI = 3.556, lambda_max = 10.111, n = 3); revise the comparisons
    """
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 1:
        raise ValueError(f"pairwise comparison matrix must be square, got shape {matrix.shape}")
    n = matrix.shape[0]
    if n > max(RANDOM_INDEX):
        raise ValueError(f"AHP supports at most {max(RANDOM_INDEX)} criteria, got {n}")
    criteria = tuple(criteria) if criteria is not None else tuple(f"c{i + 1}" for i in range(n))
    if len(criteria) != n:
        raise ValueError(f"criteria must name each of the {n} rows, got {len(criteria)}")
    if not np.all(np.isfinite(matrix)) or np.any(matrix <= 0):
        row, col = map(int, np.argwhere(~(np.isfinite(matrix) & (matrix > 0)))[0])
        raise ValueError(f"matrix[{row}][{col}] ({criteria[row]} vs {criteria[col]}) must be "
                         "a positive number")
    for i in range(n):
        if not np.isclose(matrix[i, i], 1.0):
            raise ValueError(f"matrix[{i}][{i}] ({criteria[i]} vs itself) must be 1")
        for j in range(i + 1, n):
            if not np.isclose(matrix[i, j] * matrix[j, i], 1.0, rtol=0.01):
                raise ValueError(
                    f"matrix[{j}][{i}] ({criteria[j]} vs {criteria[i]}) must be the reciprocal "
                    f"of matrix[{i}][{j}] = {matrix[i, j]:g}, got {matrix[j, i]:g}"
                )
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    principal = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[principal].real)
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    if cr > max_consistency_ratio:
        raise InconsistentMatrixError(
            f"pairwise comparison matrix is too inconsistent: consistency ratio CR = {cr:.3f} "
            f"exceeds {max_consistency_ratio:.2f} (CI = {ci:.3f}, lambda_max = "
            f"{lambda_max:.3f}, n = {n}); revise the comparisons",
            cr,
        )
    return AhpResult(
        criteria=criteria, weights=tuple(round(float(w), 12) for w in weights),
        lambda_max=lambda_max, consistency_index=ci, random_index=ri, consistency_ratio=cr,
    )


def ahp_synthesis(criteria_matrix, alternative_matrices, *, max_consistency_ratio: float = 0.1
                  ) -> np.ndarray:
    """Classic AHP: global priorities of alternatives from the criteria comparison matrix and
    one comparison matrix of the alternatives per criterion (all consistency-checked).

    Examples
    --------
    >>> ahp_synthesis([[1, 1], [1, 1]], [[[1, 3], [1/3, 1]], [[1, 1], [1, 1]]]).round(3)
    array([0.625, 0.375])
    """
    criteria = ahp_weights(criteria_matrix, max_consistency_ratio=max_consistency_ratio)
    if len(alternative_matrices) != len(criteria.weights):
        raise ValueError(f"give one alternatives matrix per criterion "
                         f"({len(criteria.weights)}), got {len(alternative_matrices)}")
    local = []
    for index, matrix in enumerate(alternative_matrices):
        try:
            local.append(ahp_weights(matrix, max_consistency_ratio=max_consistency_ratio).weights)
        except ValueError as error:
            raise type(error)(f"alternative_matrices[{index}]: {error}",
                              *([error.consistency_ratio]
                                if isinstance(error, InconsistentMatrixError) else [])) from error
    sizes = {len(w) for w in local}
    if len(sizes) != 1:
        raise ValueError("every alternatives matrix must compare the same alternatives")
    return np.asarray(local).T @ np.asarray(criteria.weights)
