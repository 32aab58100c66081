"""Monte Carlo simulation of a roadmap scenario, every run at once with numpy.

One run draws, in this order and each once per run: whether each locomotive, value network
or activity comes (:class:`~.types.Occurrence`), each activity's start delay
(:class:`~.types.Delay`) and each quantity multiplier (:class:`~.types.QuantityRange`). Then:

* an activity happens when its own draw says so *and* every predecessor happens (a network
  whose locomotive does not come does not happen either);
* it starts at ``max(planned start + its delay, latest finish of its predecessors)``, never
  before month 0: a delay eats the plan's slack first and then pushes every successor;
* its figures, times the multipliers that cover it, become yearly values by the KPI's kind
  (:data:`~.types.KPI_KINDS`).

All draws are made for every run up front, so the result depends only on the seed and the
number of runs, never on how the work is chunked; the yearly accumulation is chunked to bound
memory (a run block never holds more than about 4 million numbers per array).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from .types import KPI_KINDS, KPIS, STATISTICS, Scenario, ScenarioResult

__all__ = ["simulate", "MAX_RUNS", "MAX_RUN_ACTIVITIES"]

#: Upper bound of ``runs``.
MAX_RUNS = 1_000_000
#: Upper bound of runs x activities: the draws hold that many numbers per array (about 40 MB
#: each at the bound; a simulation keeps a handful of them).
MAX_RUN_ACTIVITIES = 5_000_000
_PERCENTILES = (5, 25, 50, 75, 95)
_BLOCK_ELEMENTS = 4_000_000


def _check_runs_and_seed(runs: object, seed: object) -> None:
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or not \
            1 <= runs <= MAX_RUNS:
        raise ValueError(f"runs must be a whole number from 1 to {MAX_RUNS}, got {runs!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                             or seed < 0):
        raise ValueError(f"seed must be a non-negative whole number or None, got {seed!r}")


def _members(scenario: Scenario) -> dict[str, list[int]]:
    """Activity indices by target: every activity name, every group."""
    members: dict[str, list[int]] = {}
    for i, activity in enumerate(scenario.activities):
        members[activity.name] = [i]
    for i, activity in enumerate(scenario.activities):
        if activity.group:
            members.setdefault(activity.group, []).append(i)
    return members


def _statistics(values: np.ndarray) -> dict[str, tuple[float, ...]]:
    """p5..p95 and the mean over the runs (axis 0) of a (runs, years) array."""
    quantiles = np.percentile(values, _PERCENTILES, axis=0)
    stats = {f"p{p}": tuple(float(v) for v in row) for p, row in zip(_PERCENTILES, quantiles)}
    stats["mean"] = tuple(float(v) for v in values.mean(axis=0))
    return {s: stats[s] for s in STATISTICS}


def simulate(
    scenario: Scenario,
    runs: int = 10_000,
    seed: int | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioResult:
    """Simulate ``runs`` futures of ``scenario`` and give each KPI's yearly percentiles.

    Parameters
    ----------
    scenario : Scenario
    runs : int, default 10 000
        Number of Monte Carlo runs (1 .. :data:`MAX_RUNS`).
    seed : int, optional
        Seed of numpy's default generator; the same seed and runs give the same result.
    progress : callable, optional
        Called as ``progress(done, runs)`` after each block of runs is accumulated.

    Returns
    -------
    ScenarioResult
        Per KPI and year the p5, p25, p50, p75, p95 and mean over the runs; the cumulative
        figures of flows and spending; each activity's probability of happening and its
        finish-month percentiles.

    Examples
    --------
    >>> from veturi.engine.scenarios.types import ScenarioActivity, Occurrence
    >>> plant = ScenarioActivity("plant", 0, 12, {"co2_avoided_t": 100.0, "jobs": 10})
    >>> s = Scenario((plant,), occurrences=(Occurrence("plant", 0.5),), years=3)
    >>> r = simulate(s, runs=2000, seed=1)
    >>> r.kpis["co2_avoided_t"]["p50"][0], r.kpis["co2_avoided_t"]["p95"][1]
    (0.0, 100.0)
    >>> round(r.activity_probability["plant"], 1)
    0.5
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    _check_runs_and_seed(runs, seed)
    runs = int(runs)
    if runs * len(scenario.activities) > MAX_RUN_ACTIVITIES:
        raise ValueError(
            f"runs x activities must be at most {MAX_RUN_ACTIVITIES:,} to fit in memory; got {runs:,} runs x "
            f"{len(scenario.activities)} activities: use at most {MAX_RUN_ACTIVITIES // len(scenario.activities):,} runs")
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    activities = scenario.activities
    n, years = len(activities), scenario.years
    members = _members(scenario)

    # Draws, in a fixed order, for all runs at once.
    own = np.ones((runs, n), dtype=bool)
    for occurrence in scenario.occurrences:
        comes = rng.random(runs) < occurrence.probability
        own[:, members[occurrence.target]] &= comes[:, None]
    delay = np.zeros((runs, n))
    for rule in scenario.delays:
        for i in members[rule.target]:
            delay[:, i] += rule.distribution.sample(rng, runs)
    # Multipliers: one array for the rules on every KPI, one per KPI that has rules of its own.
    every_kpi: np.ndarray | None = None
    per_kpi: dict[str, np.ndarray] = {}
    for rule in scenario.quantities:
        columns = members[rule.target] if rule.target else slice(None)
        draw = rule.distribution.sample(rng, runs)[:, None]
        if rule.kpi:
            target = per_kpi.setdefault(rule.kpi, np.ones((runs, n)))
        else:
            every_kpi = np.ones((runs, n)) if every_kpi is None else every_kpi
            target = every_kpi
        target[:, columns] *= draw

    # Occurrence and timing along the precedence.
    index = {a.name: i for i, a in enumerate(activities)}
    planned = np.array([a.start_month for a in activities], dtype=float)
    duration = np.array([a.duration_months for a in activities], dtype=float)
    happens = own.copy()
    start = np.maximum(planned[None, :] + delay, 0.0)
    finish = np.empty_like(start)
    for i in scenario.order():
        for p in set(activities[i].predecessors):
            j = index[p]
            happens[:, i] &= happens[:, j]
            np.maximum(start[:, i], finish[:, j], out=start[:, i])
        finish[:, i] = start[:, i] + duration[i]

    impacts = np.array([[a.impacts.get(k, 0.0) for k in KPIS] for a in activities], dtype=float)
    used = [k for c, k in enumerate(KPIS) if np.any(impacts[:, c] != 0)]
    by_kind: dict[str, list[str]] = {}
    for k in used:
        by_kind.setdefault(KPI_KINDS[k], []).append(k)
    base = happens.astype(float)
    if every_kpi is not None:
        base *= every_kpi
    yearly = {k: np.zeros((runs, years)) for k in KPIS}
    year_start = 12.0 * np.arange(years)
    year_end = year_start + 12.0
    block = max(1, _BLOCK_ELEMENTS // max(1, n * years))
    for first in range(0, runs, block):
        rows = slice(first, min(runs, first + block))
        s = start[rows][:, :, None]
        f = finish[rows][:, :, None]
        for kind, kind_kpis in by_kind.items():
            # The share of each activity's figure that falls in each year: (runs, activities, years).
            if kind == "flow":
                share = np.clip(year_end - np.maximum(year_start, f), 0.0, 12.0) / 12.0
            elif kind == "level":
                share = (f <= year_end).astype(float)
            elif kind == "held":
                share = (s < year_end).astype(float)
            else:
                active = np.clip(np.minimum(year_end, f) - np.maximum(year_start, s), 0.0, 12.0)
                instant = ((s >= year_start) & (s < year_end)).astype(float)
                d = duration[None, :, None]
                share = np.where(d > 0, active / np.where(d > 0, d, 1.0), instant)
            # Weights of every KPI of this kind at once: (runs, KPIs, activities) @ share.
            weights = np.empty((rows.stop - rows.start, len(kind_kpis), n))
            for position, k in enumerate(kind_kpis):
                weights[:, position, :] = base[rows] * impacts[:, KPIS.index(k)][None, :]
                if k in per_kpi:
                    weights[:, position, :] *= per_kpi[k][rows]
            totals = np.matmul(weights, share)
            for position, k in enumerate(kind_kpis):
                yearly[k][rows] = totals[:, position, :]
        if progress is not None:
            progress(rows.stop, runs)

    kpis = {k: _statistics(yearly[k]) for k in KPIS}
    cumulative = {k: _statistics(np.cumsum(yearly[k], axis=1))
                  for k in KPIS if KPI_KINDS[k] in ("flow", "spend")}
    probability = happens.mean(axis=0)
    activity_probability = {a.name: float(probability[i]) for i, a in enumerate(activities)}
    activity_finish: dict[str, dict[str, float] | None] = {}
    for i, a in enumerate(activities):
        done = finish[happens[:, i], i]
        activity_finish[a.name] = None if done.size == 0 else dict(zip(
            ("p5", "p50", "p95"), map(float, np.percentile(done, (5, 50, 95)))))
    labels = tuple(scenario.start_year + y for y in range(years)) if scenario.start_year \
        else tuple(range(1, years + 1))
    return ScenarioResult(
        name=scenario.name, runs=runs, seed=None if seed is None else int(seed),
        seconds=time.perf_counter() - started, years=labels, kpis=kpis, cumulative=cumulative,
        activity_probability=activity_probability, activity_finish=activity_finish,
    )
