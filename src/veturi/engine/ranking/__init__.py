"""Locomotive identification: criteria computed from the data, TOPSIS (default) and
PROMETHEE II through pymcdm, AHP weights with the consistency ratio, and the sensitivity of the
ranking to its weights (with an SVG chart).

Pure Python (numpy, networkx, pymcdm); no Django.
"""

from .chart import sensitivity_svg
from .criteria import CRITERIA, DEFAULT_WEIGHTS, compute_criteria
from .methods import (
    RANDOM_INDEX, InconsistentMatrixError, ahp_synthesis, ahp_weights, promethee_ii, topsis,
)
from .ranking import METHODS, rank_candidates, resolve_weights
from .sensitivity import rank_stability, sensitivity, weight_ranges
from .types import (
    ENGAGEMENT_STAGES, AhpResult, CandidateProfile, CriteriaTable, Criterion, CustomCriterion,
    RankedCandidate, RankingResult, RegionProfile, Sensitivity, WeightRange,
)

__all__ = [
    "CRITERIA", "DEFAULT_WEIGHTS", "ENGAGEMENT_STAGES", "METHODS", "RANDOM_INDEX", "AhpResult",
    "CandidateProfile", "CriteriaTable", "Criterion", "CustomCriterion",
    "InconsistentMatrixError", "RankedCandidate", "RankingResult", "RegionProfile",
    "Sensitivity", "WeightRange", "ahp_synthesis", "ahp_weights", "compute_criteria",
    "promethee_ii", "rank_candidates", "rank_stability", "resolve_weights", "sensitivity",
    "sensitivity_svg", "topsis", "weight_ranges",
]
