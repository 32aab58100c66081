"""Prioritise value networks by multi-criteria analysis, reusing the locomotive ranking
machinery (:mod:`veturi.engine.ranking`: TOPSIS by default, PROMETHEE II, AHP weights, weight
ranges and rank stability).

Criteria (issue 7): *impact* - value (EUR/a), CO2 avoided (t/a), jobs; *feasibility* - the
share of the network's hypotheses validated, the locomotive's engagement stage (identified 0
... operating 1), land readiness and infrastructure readiness (0..1, the office's estimate or
derived from plots and utilities); *cost* - the investment the network needs (EUR, lower is
better).

Pure Python; no Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .ranking import (
    ENGAGEMENT_STAGES, CriteriaTable, Criterion, RankingResult, Sensitivity, rank_candidates,
    sensitivity,
)

__all__ = [
    "NETWORK_CRITERIA",
    "NETWORK_DEFAULT_WEIGHTS",
    "NetworkProfile",
    "Prioritisation",
    "network_criteria_table",
    "prioritise_networks",
]

NETWORK_CRITERIA: tuple[Criterion, ...] = (
    Criterion("value", "Value", "EUR/a", "benefit", "Yearly value of the network's exchanges",
              "sum of the exchanges' value"),
    Criterion("co2", "CO2 avoided", "t/a", "benefit", "Yearly CO2 avoided by the exchanges",
              "sum of quantity x avoided-emission factor"),
    Criterion("jobs", "Jobs", "jobs", "benefit", "Jobs the network's members bring"),
    Criterion("validated", "Validated hypotheses", "share", "benefit",
              "Share of the network's hypotheses validated by evidence",
              "validated / all hypotheses (0 when there are none)"),
    Criterion("locomotive_stage", "Locomotive commitment", "0..1", "benefit",
              "The locomotive's engagement stage",
              "position in identified..operating / 5"),
    Criterion("land_ready", "Land readiness", "0..1", "benefit",
              "Share of the plot area the network needs that is free and zoned"),
    Criterion("infrastructure_ready", "Infrastructure readiness", "0..1", "benefit",
              "Share of the infrastructure the network needs that is available"),
    Criterion("cost", "Investment needed", "EUR", "cost",
              "Investment the network needs (lower is better)"),
)

#: Impact 45 %, feasibility 40 %, cost 15 %.
NETWORK_DEFAULT_WEIGHTS: dict[str, float] = {
    "value": 0.15, "co2": 0.15, "jobs": 0.15,
    "validated": 0.10, "locomotive_stage": 0.10, "land_ready": 0.10,
    "infrastructure_ready": 0.10, "cost": 0.15,
}


@dataclass(frozen=True)
class NetworkProfile:
    """A value network's figures for prioritisation; ``None`` where unknown (scored 0 and
    listed as missing, so that a gap never helps a network; for ``cost`` a missing
    investment scores as the highest one)."""

    key: str
    name: str = ""
    value_eur_per_year: float | None = None
    co2_t_per_year: float | None = None
    jobs: float | None = None
    hypotheses_validated: int = 0
    hypotheses_total: int = 0
    locomotive_stage: str = ""
    land_ready: float | None = None
    infrastructure_ready: float | None = None
    investment_eur: float | None = None

    def __post_init__(self) -> None:
        where = f"network {self.key!r}"
        for name in ("value_eur_per_year", "co2_t_per_year", "jobs", "land_ready",
                     "infrastructure_ready", "investment_eur"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                    not math.isfinite(value):
                raise ValueError(f"{where}: {name} must be a finite number, got {value!r}")
            if name in ("jobs", "investment_eur") and value < 0:
                raise ValueError(f"{where}: {name} must not be negative, got {value}")
            if name in ("land_ready", "infrastructure_ready") and not 0 <= value <= 1:
                raise ValueError(f"{where}: {name} must be between 0 and 1, got {value}")
        for name in ("hypotheses_validated", "hypotheses_total"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{where}: {name} must be a whole number of at least 0, "
                                 f"got {value!r}")
        if self.hypotheses_validated > self.hypotheses_total:
            raise ValueError(f"{where}: hypotheses_validated ({self.hypotheses_validated}) "
                             f"exceeds hypotheses_total ({self.hypotheses_total})")
        if self.locomotive_stage and self.locomotive_stage not in ENGAGEMENT_STAGES:
            raise ValueError(f"{where}: locomotive_stage must be one of "
                             f"{', '.join(ENGAGEMENT_STAGES)}, got {self.locomotive_stage!r}")


@dataclass(frozen=True)
class Prioritisation:
    """The ranking of the networks (best first), its sensitivity and the criteria table."""

    ranking: RankingResult
    sensitivity: Sensitivity | None
    table: CriteriaTable

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary: method, weights, networks best first, missing cells and
        the sensitivity's top-1 shares and weight ranges."""
        out: dict[str, Any] = {
            "method": self.ranking.method, "weights": dict(self.ranking.weights),
            "networks": [{"rank": c.rank, "key": c.organisation, "name": c.name,
                          "score": c.score, "criteria": dict(c.criteria)}
                         for c in self.ranking.candidates],
            "missing": [list(cell) for cell in self.table.missing],
            "notes": list(self.ranking.notes),
        }
        if self.sensitivity is not None:
            out["sensitivity"] = {
                "top1_share": dict(self.sensitivity.top1_share),
                "ranges": [{"criterion": r.criterion, "weight": r.weight, "lower": r.lower,
                            "upper": r.upper, "top": r.top} for r in self.sensitivity.ranges],
                "runs": self.sensitivity.runs, "seed": self.sensitivity.seed,
            }
        return out


def network_criteria_table(networks: Sequence[NetworkProfile]) -> CriteriaTable:
    """The decision matrix of ``networks`` (one row each, :data:`NETWORK_CRITERIA` columns).

    Examples
    --------
    >>> t = network_criteria_table([NetworkProfile("a", hypotheses_validated=1,
    ...                                            hypotheses_total=4, locomotive_stage="engaged")])
    >>> t.row("a")["validated"], t.row("a")["locomotive_stage"]
    (0.25, 0.4)
    >>> ("a", "value") in t.missing
    True
    """
    keys = [n.key for n in networks]
    if len(set(keys)) != len(keys):
        duplicate = next(k for k in keys if keys.count(k) > 1)
        raise ValueError(f"network keys must be unique; {duplicate!r} appears twice")
    known_costs = [n.investment_eur for n in networks if n.investment_eur is not None]
    worst_cost = max(known_costs) if known_costs else 0.0
    rows, missing = [], []
    last_stage = len(ENGAGEMENT_STAGES) - 1
    for n in networks:
        def value(criterion: str, figure: float | None, fallback: float = 0.0) -> float:
            if figure is None:
                missing.append((n.key, criterion))
                return fallback
            return float(figure)

        rows.append([
            value("value", n.value_eur_per_year),
            value("co2", n.co2_t_per_year),
            value("jobs", n.jobs),
            n.hypotheses_validated / n.hypotheses_total if n.hypotheses_total else 0.0,
            value("locomotive_stage", ENGAGEMENT_STAGES.index(n.locomotive_stage) / last_stage
                  if n.locomotive_stage else None),
            value("land_ready", n.land_ready),
            value("infrastructure_ready", n.infrastructure_ready),
            value("cost", n.investment_eur, worst_cost),
        ])
    return CriteriaTable(
        alternatives=tuple(keys), names=tuple(n.name or n.key for n in networks),
        criteria=NETWORK_CRITERIA, values=np.asarray(rows, dtype=float).reshape(
            len(networks), len(NETWORK_CRITERIA)), missing=tuple(missing))


def prioritise_networks(
    networks: Sequence[NetworkProfile],
    weights: Mapping[str, float] | None = None,
    *,
    method: str = "topsis",
    sensitivity_runs: int = 200,
    seed: int = 0,
    **options: Any,
) -> Prioritisation:
    """Rank value networks by impact, feasibility and cost.

    Parameters
    ----------
    networks : sequence of NetworkProfile
        At least two.
    weights : mapping of criterion id to weight, optional
        Any non-negative numbers for every criterion of :data:`NETWORK_CRITERIA`;
        default :data:`NETWORK_DEFAULT_WEIGHTS`. AHP weights come from
        :func:`veturi.engine.ranking.ahp_weights`.
    method : {"topsis", "promethee_ii"}
    sensitivity_runs : int
        Random weight vectors for the rank stability (0 skips the sensitivity).
    seed : int

    Examples
    --------
    >>> big = NetworkProfile("biogas", "Biogas", 2e6, 5000, 40, 3, 4, "committed", 1, 1, 8e6)
    >>> small = NetworkProfile("ash", "Ash", 2e5, 300, 2, 0, 2, "contacted", 0.5, 0.5, 1e6)
    >>> result = prioritise_networks([big, small], sensitivity_runs=20)
    >>> [c.organisation for c in result.ranking.candidates]
    ['biogas', 'ash']
    """
    if isinstance(sensitivity_runs, bool) or not isinstance(sensitivity_runs, int) or \
            sensitivity_runs < 0:
        raise ValueError(f"sensitivity_runs must be a whole number of at least 0, "
                         f"got {sensitivity_runs!r}")
    table = network_criteria_table(networks)
    if len(table.alternatives) < 2:
        raise ValueError("prioritisation needs at least 2 value networks")
    chosen = dict(NETWORK_DEFAULT_WEIGHTS if weights is None else weights)
    ranking = rank_candidates(table, chosen, method=method, **options)
    if table.missing:
        ranking = RankingResult(
            method=ranking.method, weights=ranking.weights, candidates=ranking.candidates,
            parameters=ranking.parameters,
            notes=tuple(n for n in ranking.notes if "missing" not in n) + (
                f"{len(table.missing)} figures were missing: scored 0 (a missing investment "
                "as the highest one)",))
    stability = sensitivity(table, chosen, method=method, runs=sensitivity_runs, seed=seed,
                            **options) if sensitivity_runs else None
    return Prioritisation(ranking=ranking, sensitivity=stability, table=table)
