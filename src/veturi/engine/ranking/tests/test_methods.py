"""The methods reproduce published worked examples to the published decimals.

All three examples are from Papathanasiou J., Ploskas N. (2018) *Multiple Criteria Decision
Aid: Methods, Examples and Python Implementations*, Springer Optimization and Its
Applications 136 (DOI 10.1007/978-3-319-91648-4): chapter 1 (TOPSIS), chapter 3 (PROMETHEE)
and chapter 5 (AHP). The TOPSIS and PROMETHEE chapters share one decision matrix of six
alternatives and four benefit criteria.
"""

import doctest
import importlib

import numpy as np
import pytest

from veturi.engine.ranking import (
    InconsistentMatrixError, ahp_synthesis, ahp_weights, promethee_ii, topsis,
)

BOOK_MATRIX = np.array([
    [8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4],
], dtype=float)
BOOK_WEIGHTS = np.array([0.4, 0.3, 0.1, 0.2])
BOOK_TYPES = np.array([1, 1, 1, 1])


@pytest.mark.parametrize("module", ["methods", "criteria", "ranking", "sensitivity", "chart"])
def test_docstring_examples_run(module):
    module = importlib.import_module(f"veturi.engine.ranking.{module}")
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_topsis_reproduces_papathanasiou_ploskas_chapter_1():
    # Vector normalisation, Euclidean distances; published closeness to three decimals.
    closeness = topsis(BOOK_MATRIX, BOOK_WEIGHTS, BOOK_TYPES)
    assert closeness.round(3).tolist() == [0.387, 0.327, 0.391, 0.615, 0.868, 0.493]


def test_promethee_ii_reproduces_papathanasiou_ploskas_chapter_3():
    # Linear preference function with indifference q = 1 and preference p = 2 on every
    # criterion; published net flows to two decimals.
    flows = promethee_ii(BOOK_MATRIX, BOOK_WEIGHTS, BOOK_TYPES, preference_function="vshape_2",
                         p=[2, 2, 2, 2], q=[1, 1, 1, 1])
    assert flows.round(2).tolist() == [-0.26, -0.52, -0.22, 0.36, 0.7, -0.06]


def test_ahp_reproduces_papathanasiou_ploskas_chapter_5():
    # Four criteria, six alternatives; published global priorities to three decimals.
    criteria = [[1, 1, 5, 3], [1, 1, 5, 3], [1 / 5, 1 / 5, 1, 1 / 3], [1 / 3, 1 / 3, 3, 1]]
    alternatives = [
        [[1, 5, 1, 1, 1 / 3, 3], [1 / 5, 1, 1 / 3, 1 / 5, 1 / 7, 1], [1, 3, 1, 1 / 3, 1 / 5, 1],
         [1, 5, 3, 1, 1 / 3, 3], [3, 7, 5, 3, 1, 7], [1 / 3, 1, 1, 1 / 3, 1 / 7, 1]],
        [[1, 7, 3, 1 / 3, 1 / 3, 1 / 3], [1 / 7, 1, 1 / 3, 1 / 7, 1 / 9, 1 / 7],
         [1 / 3, 3, 1, 1 / 5, 1 / 5, 1 / 5], [3, 7, 5, 1, 1, 1], [3, 9, 5, 1, 1, 1],
         [3, 7, 5, 1, 1, 1]],
        [[1, 1 / 9, 1 / 7, 1 / 9, 1, 1 / 5], [9, 1, 1, 1, 5, 3], [7, 1, 1, 1, 5, 1],
         [9, 1, 1, 1, 7, 3], [1, 1 / 5, 1 / 5, 1 / 7, 1, 1 / 3], [5, 1 / 3, 1, 1 / 3, 3, 1]],
        [[1, 1 / 5, 1 / 5, 1 / 3, 1 / 7, 1 / 5], [5, 1, 1, 3, 1 / 3, 1], [5, 1, 1, 1, 1 / 3, 1],
         [3, 1 / 3, 1, 1, 1 / 7, 1], [7, 3, 3, 7, 1, 5], [5, 1, 1, 1, 1 / 5, 1]],
    ]
    priorities = ahp_synthesis(criteria, alternatives)
    assert priorities.round(3).tolist() == [0.117, 0.071, 0.095, 0.212, 0.350, 0.155]
    weights = ahp_weights(criteria)
    assert weights.consistency_ratio < 0.1
    assert sum(weights.weights) == pytest.approx(1.0)


def test_ahp_consistency_figures_follow_saaty():
    # A perfectly consistent matrix (w_i / w_j) has lambda_max = n and CR = 0.
    w = np.array([0.5, 0.3, 0.2])
    result = ahp_weights(w[:, None] / w[None, :], ["value", "jobs", "fit"])
    assert result.weights == pytest.approx(tuple(w))
    assert result.lambda_max == pytest.approx(3.0)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert result.random_index == 0.58


def test_ahp_refuses_an_inconsistent_matrix_naming_the_cr():
    # value > jobs > fit but fit > value, strongly: circular preferences.
    matrix = [[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]]
    with pytest.raises(InconsistentMatrixError, match=r"consistency ratio CR = \d+\.\d{3} "
                                                      r"exceeds 0\.10") as error:
        ahp_weights(matrix, ["value", "jobs", "fit"])
    assert error.value.consistency_ratio > 0.1


def test_ahp_refuses_an_inconsistent_alternatives_matrix_naming_it():
    consistent = [[1, 1], [1, 1]]
    circular = [[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]]
    with pytest.raises(InconsistentMatrixError, match=r"alternative_matrices\[1\]: .*CR ="):
        ahp_synthesis(consistent, [[[1, 2, 2], [1 / 2, 1, 1], [1 / 2, 1, 1]], circular])


@pytest.mark.parametrize("matrix, message", [
    ([[1, 2], [2, 1]], r"matrix\[1\]\[0\] \(c2 vs c1\) must be the reciprocal"),
    ([[1, 2, 3], [1 / 2, 1, 1]], "must be square"),
    ([[2, 1], [1, 1]], r"matrix\[0\]\[0\] \(c1 vs itself\) must be 1"),
    ([[1, -2], [-0.5, 1]], r"matrix\[0\]\[1\] \(c1 vs c2\) must be a positive number"),
])
def test_ahp_bad_matrices_get_clear_errors(matrix, message):
    with pytest.raises(ValueError, match=message):
        ahp_weights(matrix)


@pytest.mark.parametrize("call, message", [
    (lambda: topsis([[1, 2]], [1, 1], [1, 1]), "at least 2 candidates"),
    (lambda: topsis([[1, 2], [2, 1]], [1], [1, 1]), "one entry per criterion"),
    (lambda: topsis([[1, np.nan], [2, 1]], [1, 1], [1, 1]), r"matrix\[0, 1\] is not a finite"),
    (lambda: topsis([[1, 2], [2, 1]], [-1, 1], [1, 1]), "non-negative"),
    (lambda: topsis([[1, 2], [2, 1]], [1, 1], [1, 0]), "types must be 1"),
    (lambda: promethee_ii([[1, 2], [2, 1]], [1, 1], [1, 1], preference_function="gauss"),
     "preference_function must be one of"),
    (lambda: promethee_ii(np.ones((3001, 2)), [1, 1], [1, 1]), "exceed 3000"),
])
def test_methods_bad_input_gets_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_topsis_ignores_an_all_zero_criterion():
    with_zero = topsis([[1, 0], [3, 0], [2, 0]], [0.5, 0.5], [1, 1])
    assert with_zero.argmax() == 1 and np.all(np.isfinite(with_zero))
