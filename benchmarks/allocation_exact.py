"""Measure the exact QAP method on random plot-allocation cases.

Usage::

    python benchmarks/allocation_exact.py [--sizes 12x12,12x20,12x40] [--seeds 0-4]
                                          [--pinned P] [--time-limit S]
                                          [--method "branch and bound"] [--json]

Each case is built from ``numpy.random.default_rng(seed)``: ``n`` free companies
whose flows are ``uniform(1, 100)`` on 40 % of the ordered pairs (asymmetric, no
diagonal), ``m`` plots at ``uniform(0, 1000)`` in a 1 km square with Euclidean
distances, and a fit cost ``uniform(0, 5e4)`` per company and plot. With
``--pinned P`` there are ``P`` more companies pinned to ``P`` more plots,
exchanging with the free ones like the rest (so ``m`` plots stay free for them).

Per case it prints n, m, pinned, seed, status, cost, lower bound, gap, wall
and CPU seconds and the 1-minute load average; a summary closes the run
(proven k/N and the largest wall and CPU seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from veturi.engine.allocation import solve_qap
from veturi.engine.allocation.qap import EXACT_METHODS


def random_case(n: int, m: int, seed: int, pinned: int = 0):
    """``(flow, distance, linear_cost, fixed)`` of a random allocation case."""
    rng = np.random.default_rng(seed)
    total = n + pinned
    flow = rng.uniform(1, 100, (total, total)) * (rng.random((total, total)) < 0.4)
    np.fill_diagonal(flow, 0.0)
    points = rng.uniform(0, 1000, (m + pinned, 2))
    distance = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    linear = rng.uniform(0, 5e4, (total, m + pinned))
    fixed = {n + t: m + t for t in range(pinned)}
    return flow, distance, linear, fixed


def _sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for item in text.split(","):
        try:
            n, m = (int(part) for part in item.lower().split("x"))
        except ValueError:
            raise SystemExit(f"--sizes: {item!r} is not NxM (companies x plots)") from None
        if not 1 <= n <= m:
            raise SystemExit(f"--sizes: {item!r} needs 1 <= companies <= plots")
        sizes.append((n, m))
    return sizes


def _seeds(text: str) -> list[int]:
    if "-" in text:
        first, last = text.split("-", 1)
        return list(range(int(first), int(last) + 1))
    return [int(part) for part in text.split(",")]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="12x12,12x20,12x40", help="NxM,... (default %(default)s)")
    parser.add_argument("--seeds", default="0-4", help="A-B or A,B,C (default %(default)s)")
    parser.add_argument("--pinned", type=int, default=0, help="pinned tenants per case")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per case")
    parser.add_argument(
        "--method", default="branch and bound", choices=EXACT_METHODS, help="exact_method of solve_qap"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    args = parser.parse_args(argv)
    if args.pinned < 0:
        raise SystemExit("--pinned must be >= 0")

    # Compile (or load) the kernels before the first case is timed.
    solve_qap([[0, 1], [1, 0]], [[0, 1], [1, 0]], time_limit_s=1)

    rows = []
    for n, m in _sizes(args.sizes):
        for seed in _seeds(args.seeds):
            flow, distance, linear, fixed = random_case(n, m, seed, args.pinned)
            wall, cpu = time.perf_counter(), time.process_time()
            result = solve_qap(
                flow, distance, linear_cost=linear, fixed=fixed, seed=seed,
                time_limit_s=args.time_limit, exact_up_to=max(12, n), exact_method=args.method,
            )
            row = {
                "n": n, "m": m, "pinned": args.pinned, "seed": seed, "status": result.status,
                "cost": round(result.cost, 2), "bound": round(result.lower_bound, 2),
                "gap_percent": round(result.gap_percent, 3),
                "wall_s": round(time.perf_counter() - wall, 2),
                "cpu_s": round(time.process_time() - cpu, 2),
                "nodes": result.iterations, "load": round(os.getloadavg()[0], 2),
            }
            rows.append(row)
            if args.json:
                print(json.dumps(row), flush=True)
            else:
                print(
                    f"{n:>3} x {m:<3} pinned {args.pinned:<2} seed {seed:<3} {row['status']:<9} "
                    f"cost {row['cost']:>12.2f} bound {row['bound']:>12.2f} gap {row['gap_percent']:>7.3f} % "
                    f"wall {row['wall_s']:>6.2f} s cpu {row['cpu_s']:>6.2f} s load {row['load']}",
                    flush=True,
                )
    proven = sum(row["status"] == "optimal" for row in rows)
    summary = {
        "proven": proven, "cases": len(rows),
        "max_wall_s": max(row["wall_s"] for row in rows),
        "max_cpu_s": max(row["cpu_s"] for row in rows),
    }
    if args.json:
        print(json.dumps({"summary": summary}))
    else:
        print(
            f"proven optimal {proven}/{len(rows)}; max wall {summary['max_wall_s']} s, "
            f"max cpu {summary['max_cpu_s']} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
