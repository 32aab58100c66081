"""Measure the scenario simulation: runs, seconds and runs per second.

Usage::

    python benchmarks/scenarios.py [--runs N] [--seed S] [--repeat R] [--data-dir DIR] [--json]

Three cases, in the same process:

* ``demo park``: the demo's roadmap scenarios read from a Veturi database (``--data-dir`` of an
  installation where ``veturi demo`` has run); without ``--data-dir``, a synthetic park of the
  demo's size (6 value networks x 3 steps + 4 infrastructure projects = 22 activities over 10
  years) with the demo's "Slow start" assumptions;
* ``10x park``: the same synthetic park ten times larger (220 activities);
* ``baseline``: a plain Python loop that simulates one run at a time (same model), on the
  demo-sized park, with fewer runs; the vectorised engine's speed-up is reported against it.

The machine is shared: the load average is printed beside the figures. Each case runs
``--repeat`` times and the fastest is kept.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

import numpy as np

from veturi.engine.scenarios import (
    KPI_KINDS, KPIS, Delay, Lognormal, Occurrence, QuantityRange, Scenario, ScenarioActivity, Triangular, simulate,
)


def synthetic_park(networks: int = 6, infrastructure: int = 4, years: int = 10, seed: int = 0) -> Scenario:
    """A park like the demo: each network's locomotive settles (18 months, after one of the
    infrastructure projects), its followers settle (12 months), its exchanges start (6 months);
    with the demo's "Slow start" assumptions."""
    rng = np.random.default_rng(seed)
    activities, occurrences, delays, quantities = [], [], [], []
    for i in range(infrastructure):
        name = f"infrastructure {i}"
        activities.append(ScenarioActivity(name, float(rng.integers(0, 24)), 18, {"investment_eur": 6e6, "land_use_ha": 1}))
        delays.append(Delay(name, Triangular(2, 6, 18)))
    for n in range(networks):
        group = f"network#{n}"
        start = float(rng.integers(0, 48))
        locomotive, followers, exchanges = f"locomotive {n} settles", f"followers of {n} settle", f"exchanges of {n} start"
        activities += [
            ScenarioActivity(locomotive, start, 18, {"jobs": 40, "investment_eur": 2e7, "land_use_ha": 5}, group=group,
                             predecessors=(f"infrastructure {n % infrastructure}",)),
            ScenarioActivity(followers, start + 18, 12, {"jobs": 15, "investment_eur": 4e6, "land_use_ha": 2}, group=group,
                             predecessors=(locomotive,)),
            ScenarioActivity(exchanges, start + 30, 6, {
                "co2_avoided_t": 2500, "virgin_material_saved_t": 4000, "waste_diverted_landfill_t": 300,
                "waste_diverted_incineration_t": 1200, "energy_recirculated_mwh": 20_000, "water_recirculated_m3": 50_000,
                "synergies_realised": 4}, group=group, predecessors=(followers,)),
        ]
        occurrences.append(Occurrence(locomotive, 0.55))
        occurrences.append(Occurrence(followers, 0.8))
        delays.append(Delay(locomotive, Lognormal(8, 0.6)))
        delays.append(Delay(followers, Triangular(0, 4, 12)))
        quantities.append(QuantityRange("", Triangular(0.5, 0.85, 1.05), target=exchanges))
    return Scenario(tuple(activities), tuple(occurrences), tuple(delays), tuple(quantities), years=years, name="synthetic")


def baseline(scenario: Scenario, runs: int, seed: int) -> dict[str, np.ndarray]:
    """One run at a time in plain Python (the same model as the engine): the speed reference."""
    rng = np.random.default_rng(seed)
    index = {a.name: i for i, a in enumerate(scenario.activities)}
    members: dict[str, list[int]] = {a.name: [i] for i, a in enumerate(scenario.activities)}
    for i, a in enumerate(scenario.activities):
        if a.group:
            members.setdefault(a.group, []).append(i)
    order = scenario.order()
    yearly = {k: np.zeros((runs, scenario.years)) for k in KPIS}
    for run in range(runs):
        own = [True] * len(scenario.activities)
        for o in scenario.occurrences:
            if rng.random() >= o.probability:
                for i in members[o.target]:
                    own[i] = False
        delay = [0.0] * len(scenario.activities)
        for d in scenario.delays:
            for i in members[d.target]:
                delay[i] += float(d.distribution.sample(rng, 1)[0])
        multiplier = [{k: 1.0 for k in KPIS} for _ in scenario.activities]
        for q in scenario.quantities:
            draw = float(q.distribution.sample(rng, 1)[0])
            for i in (members[q.target] if q.target else range(len(scenario.activities))):
                for k in ([q.kpi] if q.kpi else KPIS):
                    multiplier[i][k] *= draw
        happens, start, finish = own[:], [0.0] * len(own), [0.0] * len(own)
        for i in order:
            a = scenario.activities[i]
            start[i] = max(a.start_month + delay[i], 0.0)
            for p in a.predecessors:
                j = index[p]
                happens[i] = happens[i] and happens[j]
                start[i] = max(start[i], finish[j])
            finish[i] = start[i] + a.duration_months
        for i, a in enumerate(scenario.activities):
            if not happens[i]:
                continue
            for kpi, amount in a.impacts.items():
                for y in range(scenario.years):
                    lo, hi = 12.0 * y, 12.0 * (y + 1)
                    kind = KPI_KINDS[kpi]
                    if kind == "flow":
                        share = min(max(hi - max(lo, finish[i]), 0.0), 12.0) / 12
                    elif kind == "level":
                        share = float(finish[i] <= hi)
                    elif kind == "held":
                        share = float(start[i] < hi)
                    elif a.duration_months > 0:
                        share = min(max(min(hi, finish[i]) - max(lo, start[i]), 0.0), 12.0) / a.duration_months
                    else:
                        share = float(lo <= start[i] < hi)
                    yearly[kpi][run, y] += amount * multiplier[i][kpi] * share
    return yearly


def _timed(function, repeat: int):
    best, value = math.inf, None
    for _ in range(repeat):
        started = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - started)
    return best, value


def _scenarios_from_database(data_dir: str) -> list[Scenario]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veturi.web.settings")
    os.environ["VETURI_DATA_DIR"] = data_dir
    import django

    django.setup()
    from veturi.scenarios.adapters import scenario_to_engine
    from veturi.scenarios.models import Scenario as StoredScenario

    return [scenario_to_engine(s).scenario for s in StoredScenario.objects.all()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=500)
    parser.add_argument("--data-dir", help="A Veturi data directory where `veturi demo` has run.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    demo_park = synthetic_park()
    cases = []
    if args.data_dir:
        cases += [(f"demo park: {s.name}", s) for s in _scenarios_from_database(args.data_dir)]
    else:
        cases.append(("demo-sized synthetic park", demo_park))
    cases.append(("10x synthetic park", synthetic_park(networks=60, infrastructure=40)))
    rows = []
    for label, scenario in cases:
        seconds, _ = _timed(lambda: simulate(scenario, runs=args.runs, seed=args.seed), args.repeat)
        rows.append({"case": label, "activities": len(scenario.activities), "years": scenario.years, "runs": args.runs,
                     "seconds": round(seconds, 4), "runs_per_s": round(args.runs / seconds), "load": os.getloadavg()[0]})
    base_seconds, _ = _timed(lambda: baseline(demo_park, args.baseline_runs, args.seed), 1)
    engine_seconds, _ = _timed(lambda: simulate(demo_park, runs=args.baseline_runs, seed=args.seed), args.repeat)
    rows.append({"case": "baseline: plain Python loop, demo-sized park", "activities": len(demo_park.activities),
                 "years": demo_park.years, "runs": args.baseline_runs, "seconds": round(base_seconds, 4),
                 "runs_per_s": round(args.baseline_runs / base_seconds), "load": os.getloadavg()[0],
                 "engine_speedup": round(base_seconds / engine_seconds, 1)})
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    print(f"{'case':<48} {'activities':>10} {'runs':>8} {'seconds':>9} {'runs/s':>10} {'load':>6}")
    for row in rows:
        print(f"{row['case']:<48} {row['activities']:>10} {row['runs']:>8} {row['seconds']:>9.3f} {row['runs_per_s']:>10,} "
              f"{row['load']:>6.2f}")
    print(f"engine speed-up over the plain loop (same {args.baseline_runs} runs, same process): {rows[-1]['engine_speedup']}x")
    print(f"load average (1, 5, 15 min): {', '.join(f'{v:.2f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
