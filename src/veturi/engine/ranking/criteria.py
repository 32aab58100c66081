"""Locomotive criteria, each computed from data where the data allow and documented with its
formula. A missing figure scores 0 and is listed in ``CriteriaTable.missing``, so that lack of
data never lifts a candidate and the office sees what to ask for.

The symbiosis criteria read the synergy graph (organisations as nodes, exchanges as edges with
``value`` EUR/a and ``co2`` t/a; see :mod:`veturi.engine.networks.graph`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

from veturi.engine.networks.totals import count_once
from veturi.engine.reference import is_under

from .types import (
    DIRECTIONS, ENGAGEMENT_STAGES, CandidateProfile, CriteriaTable, Criterion, CustomCriterion,
    RegionProfile,
)

__all__ = ["CRITERIA", "DEFAULT_WEIGHTS", "compute_criteria"]

CRITERIA: tuple[Criterion, ...] = (
    Criterion("symbiosis_value", "Value of synergies enabled", "EUR/a", "benefit",
              "Yearly value of the exchanges the candidate takes part in.",
              "sum of value_eur_per_year over exchanges with the candidate as supplier or "
              "receiver, each output's supply and input's demand counted once (competing "
              "proposals share it, best first)"),
    Criterion("synergy_count", "Number of synergies enabled", "exchanges", "benefit",
              "How many exchanges the candidate takes part in.",
              "count of exchanges with the candidate as supplier or receiver"),
    Criterion("centrality", "Centrality in the synergy graph", "PageRank", "benefit",
              "How central the candidate is in the value-weighted synergy graph: linked to "
              "partners that are themselves well linked.",
              "PageRank (damping 0.85) of the undirected graph, edges weighted by value EUR/a "
              "(at least 1 EUR per exchange)"),
    Criterion("jobs", "Jobs", "employees", "benefit", "Employees the candidate brings.",
              "employees"),
    Criterion("investment", "Investment", "EUR", "benefit",
              "Investment the candidate would make in the region.", "investment_eur"),
    Criterion("strategic_fit", "Strategic fit with the region's cleantech focus", "0..1",
              "benefit",
              "Whether the candidate's activity is what the region wants to grow.",
              "1 if its cleantech category is a focus category or one of its NACE codes lies "
              "under a focus NACE prefix; 0.5 if one shares only the NACE division (2 digits) "
              "of a focus prefix; else 0"),
    Criterion("site_fit", "Fit with free plots and infrastructure", "0..1", "benefit",
              "Whether the region can host it: a free plot large enough and the "
              "infrastructure it needs.",
              "mean of plot fit (1 if a free plot >= its need, else largest free plot / need; "
              "0.5 when the need is unknown) and infrastructure fit (share of its needs "
              "available; 1 without needs)"),
    Criterion("co2_potential", "CO2 reduction potential", "t CO2e/a", "benefit",
              "Yearly emissions avoided by the exchanges the candidate takes part in.",
              "sum of co2_t_per_year over exchanges with the candidate as supplier or receiver, "
              "each supply and demand counted once as for the value"),
    Criterion("engagement", "Engagement stage", "0..1", "benefit",
              "How far the relationship has come in the office's pipeline.",
              "index of the stage in identified, contacted, engaged, committed, contracted, "
              "operating divided by 5; 0 when unknown"),
)

#: The office's starting weights; they sum to 1 and can be replaced (or derived with AHP).
DEFAULT_WEIGHTS: dict[str, float] = {
    "symbiosis_value": 0.20, "synergy_count": 0.05, "centrality": 0.10, "jobs": 0.15,
    "investment": 0.10, "strategic_fit": 0.15, "site_fit": 0.10, "co2_potential": 0.10,
    "engagement": 0.05,
}


def _strategic_fit(candidate: CandidateProfile, region: RegionProfile) -> float:
    if candidate.cleantech_category and (
            candidate.cleantech_category in region.cleantech_focus_categories):
        return 1.0
    if any(is_under(code, prefix) for code in candidate.nace
           for prefix in region.cleantech_focus_nace):
        return 1.0
    if any(code[:2] == prefix[:2] and prefix[:2].isdigit() for code in candidate.nace
           for prefix in region.cleantech_focus_nace):
        return 0.5
    return 0.0


def _site_fit(candidate: CandidateProfile, region: RegionProfile) -> float:
    need = candidate.plot_need_m2
    if need is None:
        plot = 0.5
    elif need <= 0:
        plot = 1.0
    else:
        largest = max(region.free_plot_areas_m2, default=0.0)
        plot = 1.0 if largest >= need else largest / need
    needs = set(candidate.infrastructure_needs)
    infrastructure = len(needs & set(region.infrastructure)) / len(needs) if needs else 1.0
    return (plot + infrastructure) / 2


def _graph_figures(graph: nx.Graph | None) -> tuple[dict, dict, dict, dict]:
    value: dict = defaultdict(float)
    co2: dict = defaultdict(float)
    count: dict = defaultdict(int)
    if graph is None or graph.number_of_nodes() == 0:
        return value, co2, count, {}
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    edges = list(graph.edges(data=True))
    # Competing proposals for one output share its supply: each is counted for its share, so
    # that a supplier offered to ten takers is not credited ten times (see networks.totals).
    shares = count_once(enumerate(data for _, _, data in edges)).shares
    for index, (u, v, data) in enumerate(edges):
        for node in {u, v}:
            value[node] += (data.get("value") or 0.0) * shares[index]
            co2[node] += (data.get("co2") or 0.0) * shares[index]
            count[node] += data.get("count", 1) if not graph.is_multigraph() else 1
        if u != v:
            weight = max(data.get("value") or 0.0, 1.0)
            if undirected.has_edge(u, v):
                undirected.edges[u, v]["weight"] += weight
            else:
                undirected.add_edge(u, v, weight=weight)
    centrality = nx.pagerank(undirected, alpha=0.85, weight="weight") if (
        undirected.number_of_edges()) else {}
    return value, co2, count, centrality


def compute_criteria(
    candidates: Iterable[CandidateProfile],
    graph: nx.Graph | None = None,
    region: RegionProfile | None = None,
    *,
    custom: Iterable[CustomCriterion] = (),
    criteria: Iterable[str] | None = None,
) -> CriteriaTable:
    """Compute the criteria table of the locomotive candidates.

    Parameters
    ----------
    candidates : iterable of CandidateProfile
    graph : networkx graph, optional
        The synergy graph (:func:`~veturi.engine.networks.graph.build_synergy_graph`); without
        it the symbiosis criteria are 0 and listed as missing.
    region : RegionProfile, optional
        Without it strategic and site fit are 0 and listed as missing.
    custom : iterable of CustomCriterion
        The office's own criteria and scores, appended as columns.
    criteria : iterable of str, optional
        The built-in criteria to keep (default all of :data:`CRITERIA`).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("mill", "utility", key="x", value=2e5, co2=500.0)
    >>> table = compute_criteria(
    ...     [CandidateProfile("mill", employees=300, engagement_stage="engaged"),
    ...      CandidateProfile("utility")], g, RegionProfile(cleantech_focus_nace=("35",)))
    >>> table.row("mill")["symbiosis_value"], table.row("mill")["engagement"]
    (200000.0, 0.4)
    >>> ("utility", "jobs") in table.missing
    True
    """
    candidates = tuple(candidates)
    if not candidates:
        raise ValueError("candidates must not be empty")
    ids = []
    for index, candidate in enumerate(candidates):
        if not isinstance(candidate, CandidateProfile):
            raise TypeError(f"candidates[{index}] must be a CandidateProfile, got "
                            f"{type(candidate).__name__}")
        if not candidate.organisation:
            raise ValueError(f"candidates[{index}].organisation is required")
        if candidate.employees is not None and candidate.employees < 0:
            raise ValueError(f"candidates[{index}] ({candidate.organisation}): employees must "
                             "not be negative")
        if candidate.engagement_stage and candidate.engagement_stage not in ENGAGEMENT_STAGES:
            raise ValueError(
                f"candidates[{index}] ({candidate.organisation}): engagement_stage must be one "
                f"of {', '.join(ENGAGEMENT_STAGES)}, got {candidate.engagement_stage!r}"
            )
        ids.append(candidate.organisation)
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise ValueError(f"candidates appear twice: {', '.join(duplicates[:5])}")
    known = {criterion.id: criterion for criterion in CRITERIA}
    wanted = tuple(known) if criteria is None else tuple(criteria)
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise ValueError(f"unknown criteria {unknown}; known: {', '.join(known)}")
    custom = tuple(custom)
    for item in custom:
        if item.id in known or not item.id:
            raise ValueError(f"custom criterion id {item.id!r} is empty or clashes with a "
                             "built-in criterion")
        if item.direction not in DIRECTIONS:
            raise ValueError(f"custom criterion {item.id!r}: direction must be benefit or "
                             f"cost, got {item.direction!r}")
        strays = sorted(set(item.scores) - set(ids))
        if strays:
            raise ValueError(f"custom criterion {item.id!r} scores organisations that are not "
                             f"candidates: {', '.join(strays[:5])}")
        for organisation, score in item.scores.items():
            if isinstance(score, bool) or not isinstance(score, (int, float)) or not (
                    np.isfinite(score)):
                raise ValueError(f"custom criterion {item.id!r}: score of {organisation!r} must "
                                 f"be a finite number, got {score!r}")
    value, co2, count, centrality = _graph_figures(graph)
    in_graph = set(graph.nodes) if graph is not None else set()
    columns: list[list[float]] = []
    missing: list[tuple[str, str]] = []
    for candidate in candidates:
        org = candidate.organisation
        cells: dict[str, float | None] = {
            "symbiosis_value": value.get(org, 0.0) if org in in_graph else None,
            "synergy_count": float(count.get(org, 0)) if org in in_graph else None,
            "centrality": centrality.get(org, 0.0) if org in in_graph else None,
            "jobs": None if candidate.employees is None else float(candidate.employees),
            "investment": candidate.investment_eur,
            "strategic_fit": _strategic_fit(candidate, region) if region else None,
            "site_fit": _site_fit(candidate, region) if region else None,
            "co2_potential": co2.get(org, 0.0) if org in in_graph else None,
            "engagement": (ENGAGEMENT_STAGES.index(candidate.engagement_stage)
                           / (len(ENGAGEMENT_STAGES) - 1)
                           if candidate.engagement_stage else None),
        }
        row = []
        for criterion in wanted:
            cell = cells[criterion]
            if cell is None:
                missing.append((org, criterion))
                cell = 0.0
            row.append(float(cell))
        for item in custom:
            if org not in item.scores:
                missing.append((org, item.id))
            row.append(float(item.scores.get(org, 0.0)))
        columns.append(row)
    table_criteria = tuple(known[c] for c in wanted) + tuple(
        Criterion(item.id, item.name, item.unit, item.direction, item.description,
                  "score given by the office")
        for item in custom
    )
    return CriteriaTable(
        alternatives=tuple(ids),
        names=tuple(candidate.name or candidate.organisation for candidate in candidates),
        criteria=table_criteria, values=np.asarray(columns, dtype=float).reshape(
            len(ids), len(table_criteria)),
        missing=tuple(missing),
    )
