"""The methods reproduce published worked examples to the published decimals.

- TOPSIS: Opricovic S., Tzeng G.-H. (2004) Compromise solution by MCDM methods: a comparative
  analysis of VIKOR and TOPSIS. European Journal of Operational Research 156(2):445-455,
  numerical example (three alternatives, one cost and one benefit criterion, equal weights;
  closeness 0.500, 0.617, 0.500 with linear normalisation). The same figures are the
  reference of pymcdm's own TOPSIS test.
- PROMETHEE II: Zhao H., Peng Y., Li W. (2013) Revised PROMETHEE II for improving efficiency in
  emergency response. Procedia Computer Science 17:181-188, example with the usual preference
  function (net flows 0.1, -0.3, 0.2); also pymcdm's PROMETHEE II reference.
- AHP: Saaty T.L. (2008) Decision making with the analytic hierarchy process. International
  Journal of Services Sciences 1(1):83-98, the relative consumption of drinks in the United
  States (priorities to three decimals, CR 0.022); and the synthesis of Saaty T.L. (2005)
  Theory and Applications of the Analytic Network Process, RWS Publications, choosing the best
  city (Bethesda 0.229, Boston 0.275, Pittsburgh 0.385, Santa Fe 0.111). Both are the
  references of AHPy's tests (random index after Saaty).
"""

import doctest
import importlib

import numpy as np
import pytest

from veturi.engine.ranking import (
    InconsistentMatrixError, ahp_synthesis, ahp_weights, promethee_ii, topsis,
)


@pytest.mark.parametrize("module", ["methods", "criteria", "ranking", "sensitivity", "chart"])
def test_docstring_examples_run(module):
    module = importlib.import_module(f"veturi.engine.ranking.{module}")
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_topsis_reproduces_opricovic_tzeng_2004():
    # f1 is a cost, f2 a benefit; weights 0.5 each; linear (min-max) normalisation.
    matrix = [[1, 3000], [2, 3750], [5, 4500]]
    closeness = topsis(matrix, [0.5, 0.5], [-1, 1], normalisation="minmax")
    assert closeness.round(3).tolist() == [0.5, 0.617, 0.5]


def test_topsis_vector_normalisation_by_hand():
    # The same data with Hwang & Yoon's vector normalisation, computed by hand:
    # f1 / sqrt(30), f2 / sqrt(43 312 500); ideal (1, 4500), anti-ideal (5, 3000).
    matrix = np.array([[1, 3000], [2, 3750], [5, 4500]], dtype=float)
    weighted = 0.5 * matrix / np.sqrt((matrix ** 2).sum(axis=0))
    ideal = np.array([weighted[:, 0].min(), weighted[:, 1].max()])
    anti = np.array([weighted[:, 0].max(), weighted[:, 1].min()])
    d_plus = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((weighted - anti) ** 2).sum(axis=1))
    expected = d_minus / (d_plus + d_minus)
    assert topsis(matrix, [0.5, 0.5], [-1, 1]) == pytest.approx(expected)
    assert topsis(matrix, [0.5, 0.5], [-1, 1]).round(3).tolist() == [0.762, 0.722, 0.238]


def test_promethee_ii_reproduces_zhao_peng_li_2013():
    # Usual preference function on three benefit criteria, weights 0.5, 0.3, 0.2.
    flows = promethee_ii([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], [1, 1, 1],
                         preference_function="usual")
    assert flows.round(2).tolist() == [0.1, -0.3, 0.2]


DRINKS = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
DRINKS_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]


def test_ahp_reproduces_saaty_2008_drinks_with_consistency_ratio():
    result = ahp_weights(DRINKS_MATRIX, DRINKS)
    assert [round(w, 3) for w in result.weights] == [
        0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert round(result.consistency_ratio, 3) == 0.022
    assert result.random_index == 1.32


def test_ahp_synthesis_reproduces_saaty_2005_best_city():
    # Criteria: culture, family, housing, jobs, transportation; alternatives: Bethesda,
    # Boston, Pittsburgh, Santa Fe.
    criteria = [[1, 1 / 5, 3, 1 / 2, 5], [5, 1, 7, 1, 7], [1 / 3, 1 / 7, 1, 1 / 4, 3],
                [2, 1, 4, 1, 7], [1 / 5, 1 / 7, 1 / 3, 1 / 7, 1]]
    alternatives = [
        [[1, 1 / 2, 1, 1 / 2], [2, 1, 2.5, 1], [1, 1 / 2.5, 1, 1 / 2.5], [2, 1, 2.5, 1]],
        [[1, 2, 1 / 3, 4], [1 / 2, 1, 1 / 8, 2], [3, 8, 1, 9], [1 / 4, 1 / 2, 1 / 9, 1]],
        [[1, 5, 1 / 2, 2.5], [1 / 5, 1, 1 / 9, 1 / 4], [2, 9, 1, 7], [1 / 2.5, 4, 1 / 7, 1]],
        [[1, 1 / 2, 3, 4], [2, 1, 6, 8], [1 / 3, 1 / 6, 1, 1], [1 / 4, 1 / 8, 1, 1]],
        [[1, 1.5, 1 / 2, 4], [1 / 1.5, 1, 1 / 3.5, 2.5], [2, 3.5, 1, 9],
         [1 / 4, 1 / 2.5, 1 / 9, 1]],
    ]
    priorities = ahp_synthesis(criteria, alternatives)
    assert priorities.round(3).tolist() == [0.229, 0.275, 0.385, 0.111]
    assert ahp_weights(criteria).consistency_ratio < 0.1


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
    (lambda: topsis([[1, 2], [2, 1]], [1, 1], [1, 1], normalisation="sum"),
     "normalisation must be one of"),
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


def test_minmax_topsis_ignores_a_constant_criterion():
    closeness = topsis([[1, 5], [3, 5], [2, 5]], [0.5, 0.5], [1, 1], normalisation="minmax")
    assert closeness.tolist() == [0.0, 1.0, 0.5]
