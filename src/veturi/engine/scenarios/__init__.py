"""Roadmap scenarios: a schedule plus uncertain assumptions (whether each locomotive comes,
delays, quantity ranges), simulated by Monte Carlo into yearly KPI percentiles, and drawn as
fan charts.

Pure Python (numpy); no Django. See docs/scenarios.md.

Examples
--------
>>> from veturi.engine.scenarios import (Scenario, ScenarioActivity, Occurrence, Delay,
...                                      Triangular, simulate)
>>> scenario = Scenario(
...     (ScenarioActivity("locomotive settles", 0, 18, {"jobs": 120}, group="biogas"),
...      ScenarioActivity("digestate exchange", 18, 6, {"co2_avoided_t": 900},
...                       predecessors=("locomotive settles",), group="biogas")),
...     occurrences=(Occurrence("biogas", 0.7),),
...     delays=(Delay("locomotive settles", Triangular(0, 3, 12)),), years=5)
>>> result = simulate(scenario, runs=5000, seed=7)
>>> result.activity_probability["digestate exchange"] == result.activity_probability[
...     "locomotive settles"]
True
"""

from .chart import COLOURS, fan_chart_svg
from .simulation import MAX_RUN_ACTIVITIES, MAX_RUNS, simulate
from .types import (
    KPI_KINDS, KPI_LABELS, KPI_UNITS, KPIS, STATISTICS, Delay, Distribution, Fixed, Lognormal,
    Occurrence, QuantityRange, Scenario, ScenarioActivity, ScenarioResult, Triangular, Uniform,
    distribution_from_dict,
)

__all__ = [
    "COLOURS", "KPIS", "KPI_KINDS", "KPI_LABELS", "KPI_UNITS", "MAX_RUNS", "MAX_RUN_ACTIVITIES", "STATISTICS",
    "Delay", "Distribution", "Fixed", "Lognormal", "Occurrence", "QuantityRange", "Scenario",
    "ScenarioActivity", "ScenarioResult", "Triangular", "Uniform", "distribution_from_dict",
    "fan_chart_svg", "simulate",
]
