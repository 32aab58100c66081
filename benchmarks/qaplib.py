"""Measure Veturi's QAP solver on QAPLIB instances (and against scipy, optionally).

Usage::

    python benchmarks/qaplib.py FILE.dat... --time-limit S [--bks FILE] [--json]
                                [--vs-scipy] [--seed N]

Per instance it prints name, n, cost found, seconds and the gap to the best known
solution (when ``--bks`` gives a CSV with columns name,bks); ``--json`` prints
one JSON object per line instead (the summary too, as ``{"summary": ...}``). With ``--vs-scipy``,
``scipy.optimize.quadratic_assignment`` runs too: FAQ and 2opt are each
restarted from random starts for as long as Veturi's solver took, and the
better of the two is reported as ``scipy_cost``. A summary closes the run:
mean gap per family, how many instances reached the best known value, and
wins/ties/losses against scipy.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import queue
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from veturi.engine.allocation import QaplibFormatError, read_bks, read_qaplib, solve_qap


def _scipy_worker(method: str, flow, distance, seed: int, results) -> None:
    """Restart ``method`` from random starts forever, sending each answer."""
    import warnings

    from scipy.optimize import quadratic_assignment

    warnings.simplefilter("ignore")
    rng = np.random.default_rng(seed)
    while True:
        options = {"rng": rng}
        if method == "faq":
            options["P0"] = "randomized"
        answer = quadratic_assignment(flow, distance, method=method, options=options)
        perm = np.asarray(answer.col_ind)
        results.put(float((flow * distance[np.ix_(perm, perm)]).sum()))


def scipy_best(flow, distance, seconds: float, seed: int) -> float:
    """Best cost of scipy's FAQ and 2opt, each restarted for ``seconds``.

    Each method runs in its own process, stopped at the deadline (scipy has no
    time limit of its own); when not even one run has finished by then, the
    first one is waited for, up to ten times as long.
    """
    context = multiprocessing.get_context("fork")
    best = math.inf
    for method in ("faq", "2opt"):
        results = context.Queue()
        worker = context.Process(
            target=_scipy_worker, args=(method, flow, distance, seed, results), daemon=True
        )
        worker.start()
        started = time.perf_counter()
        got = False
        while True:
            elapsed = time.perf_counter() - started
            limit = seconds if got else 10 * seconds
            if elapsed >= limit:
                break
            try:
                best = min(best, results.get(timeout=max(0.01, limit - elapsed)))
                got = True
            except queue.Empty:
                continue
        worker.terminate()
        worker.join()
        while True:
            try:
                best = min(best, results.get_nowait())
            except (queue.Empty, OSError, ValueError):
                break
    return best


def family(name: str) -> str:
    match = re.match(r"[a-z]+", name)
    return match.group(0) if match else name


def warm_up() -> None:
    """Compile (or load from cache) the numba kernels before anything is timed."""
    rng = np.random.default_rng(0)
    flow = rng.integers(0, 9, (14, 14)).astype(float)
    solve_qap(flow[:6, :6], flow[:6, :6].T, time_limit_s=60)
    solve_qap(flow, flow.T, time_limit_s=60, max_iterations=10)


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run Veturi's QAP solver on QAPLIB .dat files.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE.dat", help="QAPLIB instance files")
    parser.add_argument(
        "--time-limit", type=float, required=True, metavar="S", help="seconds per instance"
    )
    parser.add_argument("--bks", metavar="FILE", help="CSV with columns name,bks")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--vs-scipy",
        action="store_true",
        help="also run scipy.optimize.quadratic_assignment (FAQ and 2opt) for the same time",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    arguments = parser.parse_args(argv)
    if not arguments.time_limit > 0:
        parser.error(f"--time-limit must be positive, got {arguments.time_limit}")
    if arguments.seed < 0:
        parser.error(f"--seed must be non-negative, got {arguments.seed}")
    return arguments


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    try:
        instances = [read_qaplib(path) for path in arguments.files]
        bks = read_bks(arguments.bks) if arguments.bks else {}
    except QaplibFormatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    warm_up()

    rows = []
    for instance in instances:
        result = solve_qap(
            instance.flow, instance.distance, time_limit_s=arguments.time_limit, seed=arguments.seed
        )
        row = {
            "name": instance.name,
            "n": instance.n,
            "cost": result.cost,
            "seconds": round(result.seconds, 3),
            "gap_percent": None,
            "status": result.status,
            # 1-minute load average when the instance finished: the machine is shared.
            "load": round(os.getloadavg()[0], 2),
        }
        best_known = bks.get(instance.name)
        if best_known is not None:
            row["bks"] = best_known
            row["gap_percent"] = round(100.0 * (result.cost - best_known) / abs(best_known), 4) if best_known else (
                0.0 if result.cost == 0 else math.inf
            )
        if arguments.vs_scipy:
            row["scipy_cost"] = scipy_best(
                instance.flow,
                instance.distance,
                max(result.seconds, 0.5),
                arguments.seed,
            )
        if best_known is not None and result.cost < best_known:
            # A cost below the best known value means the file or the table is wrong
            # (a scaled copy, a typo), not a record: say so instead of a "negative gap".
            row["warning"] = (
                f"cost {result.cost:.0f} is below the best known {best_known:.0f}: "
                "check the instance file and the BKS table"
            )
            print(f"warning: {instance.name}: {row['warning']}", file=sys.stderr, flush=True)
        rows.append(row)
        if arguments.json:
            print(json.dumps(row), flush=True)
        else:
            gap = "" if row["gap_percent"] is None else f"  gap {row['gap_percent']:.3f} %"
            versus = ""
            if arguments.vs_scipy:
                versus = f"  scipy {row['scipy_cost']:.0f}"
            print(
                f"{row['name']:<10} n={row['n']:<4} cost {row['cost']:.0f}  "
                f"{row['seconds']:.1f} s{gap}{versus}  ({row['status']}, load {row['load']})",
                flush=True,
            )
    text = summary(rows, arguments.vs_scipy)
    print(json.dumps({"summary": text}) if arguments.json else text, flush=True)
    return 0


def summary(rows, vs_scipy: bool) -> str:
    gaps = defaultdict(list)
    for row in rows:
        if row["gap_percent"] is not None:
            gaps[family(row["name"])].append(row["gap_percent"])
    parts = []
    if gaps:
        means = ", ".join(
            f"{name} {sum(values) / len(values):.3f} %" for name, values in sorted(gaps.items())
        )
        at_bks = sum(1 for row in rows if row["gap_percent"] is not None and row["gap_percent"] <= 0)
        with_bks = sum(len(values) for values in gaps.values())
        parts.append(f"mean gap per family: {means}")
        parts.append(f"at best known: {at_bks}/{with_bks}")
    proven = sum(1 for row in rows if row["status"] == "optimal")
    parts.append(f"proven optimal: {proven}/{len(rows)}")
    if vs_scipy:
        wins = sum(1 for row in rows if row["cost"] < row["scipy_cost"])
        ties = sum(1 for row in rows if row["cost"] == row["scipy_cost"])
        losses = len(rows) - wins - ties
        parts.append(f"vs scipy: {wins} wins, {ties} ties, {losses} losses")
    return "summary: " + "; ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
