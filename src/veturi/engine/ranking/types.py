"""Plain data of locomotive ranking: candidates and the region in, a criteria table, a
ranking and its sensitivity out. Every number in a result can be traced to the criteria
table and the weights it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "DIRECTIONS",
    "ENGAGEMENT_STAGES",
    "AhpResult",
    "CandidateProfile",
    "CriteriaTable",
    "Criterion",
    "CustomCriterion",
    "RankedCandidate",
    "RankingResult",
    "RegionProfile",
    "Sensitivity",
    "WeightRange",
]

#: A criterion is better high (``benefit``) or better low (``cost``).
DIRECTIONS: tuple[str, ...] = ("benefit", "cost")

#: The office's engagement pipeline, in order (DESIGN.md, step 1).
ENGAGEMENT_STAGES: tuple[str, ...] = (
    "identified", "contacted", "engaged", "committed", "contracted", "operating",
)


@dataclass(frozen=True)
class Criterion:
    """One column of the criteria table: ``id``, words, unit, direction and how it is
    computed (``formula``)."""

    id: str
    name: str
    unit: str = ""
    direction: str = "benefit"
    description: str = ""
    formula: str = ""


@dataclass(frozen=True)
class CandidateProfile:
    """A locomotive candidate (Finnish or international) with the attributes the criteria use.

    ``plot_need_m2`` is the plot area it needs, ``infrastructure_needs`` the infrastructure it
    needs by name (``"district_heat"``, ``"rail"`` ...); ``None``/empty when unknown.
    """

    organisation: str
    name: str = ""
    country: str = ""
    nace: tuple[str, ...] = ()
    employees: int | None = None
    investment_eur: float | None = None
    cleantech_category: str = ""
    engagement_stage: str = ""
    plot_need_m2: float | None = None
    infrastructure_needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionProfile:
    """What the region offers and aims at: its cleantech focus (NACE prefixes and/or
    cleantech categories), free plot areas and available infrastructure by name."""

    cleantech_focus_nace: tuple[str, ...] = ()
    cleantech_focus_categories: tuple[str, ...] = ()
    free_plot_areas_m2: tuple[float, ...] = ()
    infrastructure: tuple[str, ...] = ()


@dataclass(frozen=True)
class CustomCriterion:
    """A criterion of the office's own: a score per organisation (missing ones score 0)."""

    id: str
    name: str
    scores: dict[str, float] = field(default_factory=dict, hash=False, compare=True)
    direction: str = "benefit"
    unit: str = ""
    description: str = ""

    __hash__ = object.__hash__


@dataclass(frozen=True)
class CriteriaTable:
    """The decision matrix: one row per candidate, one column per criterion.

    ``missing`` lists ``(organisation, criterion)`` cells whose data were absent and were
    scored 0 (so that a gap in the data never helps a candidate).
    """

    alternatives: tuple[str, ...]
    names: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    values: np.ndarray = field(hash=False, compare=False, repr=False)
    missing: tuple[tuple[str, str], ...] = ()

    __hash__ = object.__hash__

    def __post_init__(self) -> None:
        values = np.asarray(self.values, dtype=float)
        if values.shape != (len(self.alternatives), len(self.criteria)):
            raise ValueError(
                f"values must have shape ({len(self.alternatives)}, {len(self.criteria)}), "
                f"got {values.shape}"
            )
        if not np.all(np.isfinite(values)):
            row, col = map(int, np.argwhere(~np.isfinite(values))[0])
            raise ValueError(
                f"criterion {self.criteria[col].id!r} of {self.alternatives[row]!r} is not a "
                "finite number"
            )
        values.setflags(write=False)
        object.__setattr__(self, "values", values)

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(criterion.id for criterion in self.criteria)

    def row(self, organisation: str) -> dict[str, float]:
        """The criteria values of one candidate, ``{criterion id: value}``."""
        index = self.alternatives.index(organisation)
        return dict(zip(self.criterion_ids, map(float, self.values[index])))


@dataclass(frozen=True)
class AhpResult:
    """Weights from a pairwise comparison matrix with Saaty's consistency figures:
    ``lambda_max`` (principal eigenvalue), ``consistency_index = (lambda_max - n)/(n - 1)``,
    ``random_index`` (Saaty's RI for n) and ``consistency_ratio = CI / RI``."""

    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.criteria, self.weights))


@dataclass(frozen=True)
class RankedCandidate:
    """One candidate in a ranking: ``score`` (TOPSIS closeness 0..1 or PROMETHEE II net flow
    -1..1), its raw ``criteria`` values and ``details`` explaining the score."""

    rank: int
    organisation: str
    name: str
    score: float
    criteria: dict[str, float] = field(default_factory=dict, hash=False, compare=True)
    details: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    __hash__ = object.__hash__


@dataclass(frozen=True)
class RankingResult:
    """A ranking, best first, with the method, normalised weights and parameters used."""

    method: str
    weights: dict[str, float]
    candidates: tuple[RankedCandidate, ...]
    parameters: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    notes: tuple[str, ...] = ()

    __hash__ = object.__hash__

    @property
    def top(self) -> str | None:
        return self.candidates[0].organisation if self.candidates else None


@dataclass(frozen=True)
class WeightRange:
    """How far one weight can move (others renormalised) before the top candidate changes.

    ``lower``..``upper`` is the interval of this weight around ``weight`` in which the top
    stays ``top``; ``top_below``/``top_above`` the candidate that takes over just outside
    (``None`` when the top never changes up to 0 or 1).
    """

    criterion: str
    weight: float
    lower: float
    upper: float
    top: str
    top_below: str | None
    top_above: str | None


@dataclass(frozen=True)
class Sensitivity:
    """Sensitivity of a ranking to its weights.

    ``ranges``: one :class:`WeightRange` per criterion. ``top1_share``/``top3_share``: share
    of ``runs`` random weight vectors (Dirichlet around the weights with ``concentration``,
    seeded) in which each candidate came first / in the first three; candidates never there
    are left out.
    """

    method: str
    ranges: tuple[WeightRange, ...]
    top1_share: dict[str, float] = field(default_factory=dict, hash=False, compare=True)
    top3_share: dict[str, float] = field(default_factory=dict, hash=False, compare=True)
    runs: int = 0
    concentration: float = 0.0
    seed: int = 0

    __hash__ = object.__hash__
