"""Measure Veturi's RCPSP scheduler on PSPLIB single-mode instances, beside the plain model.

Usage::

    python benchmarks/psplib.py FILE.sm... --time-limit S [--bks FILE] [--json]
                                [--seed N] [--workers N] [--no-plain]

For every instance both solvers get the same time limit and number of CP-SAT workers:
:func:`veturi.engine.scheduling.solve_rcpsp` (the scheduler) and
:func:`veturi.engine.scheduling.solve_rcpsp_plain` (one interval per activity, one
cumulative per resource, nothing else). Per instance it prints the makespan found, the
seconds, whether it is proven optimal and the gap to the best known makespan (when
``--bks`` gives a CSV with columns name,makespan), then the plain model's figures.
``--json`` prints one JSON object per line instead (name, makespan, seconds, optimal,
gap_percent, plain_makespan, plain_seconds, plain_optimal, plain_gap_percent, ...).
A summary per family (j30, j60, j120: by number of non-dummy jobs) closes the run:
how many proven optimal, the largest time, the mean gap of both solvers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from veturi.engine.scheduling import (
    PsplibFormatError,
    read_bks,
    read_sm,
    schedule_violations,
    solve_rcpsp,
    solve_rcpsp_plain,
    warm_up,
)


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run Veturi's RCPSP scheduler (and the plain CP-SAT model) on PSPLIB .sm files."
    )
    parser.add_argument("files", nargs="+", metavar="FILE.sm", help="PSPLIB single-mode files")
    parser.add_argument(
        "--time-limit", type=float, required=True, metavar="S", help="seconds per instance and solver"
    )
    parser.add_argument(
        "--bks", metavar="FILE", help="CSV with columns name,makespan (more columns are ignored)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default 0)")
    parser.add_argument(
        "--workers", type=int, default=2, metavar="N", help="CP-SAT workers (default 2)"
    )
    parser.add_argument(
        "--no-plain", action="store_true", help="skip the plain model (faster development runs)"
    )
    arguments = parser.parse_args(argv)
    if not arguments.time_limit > 0:
        parser.error(f"--time-limit must be positive, got {arguments.time_limit}")
    if arguments.seed < 0:
        parser.error(f"--seed must be non-negative, got {arguments.seed}")
    if arguments.workers < 1:
        parser.error(f"--workers must be at least 1, got {arguments.workers}")
    return arguments


def gap_to(makespan: int | None, best_known: int | None) -> float | None:
    if makespan is None or best_known is None or best_known <= 0:
        return None
    return round(100.0 * (makespan - best_known) / best_known, 3)


def measure(project, arguments, best_known: int | None) -> dict:
    # Process CPU seconds beside wall seconds: on a shared machine the wall time says how
    # loaded it was as much as how hard the instance is.
    cpu = time.process_time()
    result = solve_rcpsp(
        project, time_limit_s=arguments.time_limit, seed=arguments.seed, workers=arguments.workers
    )
    cpu = time.process_time() - cpu
    if result.starts and schedule_violations(project, result.starts):
        raise RuntimeError(f"{project.name}: the scheduler returned an invalid schedule")
    row = {
        "name": project.name,
        "family": f"j{project.n_activities - 2}",
        "makespan": result.makespan,
        "lower_bound": result.lower_bound,
        "seconds": round(result.seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "load_average": round(os.getloadavg()[0], 2),
        "optimal": result.optimal,
        "status": result.status,
        "method": result.method,
        "bks": best_known,
        "gap_percent": gap_to(result.makespan, best_known),
    }
    if not arguments.no_plain:
        cpu = time.process_time()
        plain = solve_rcpsp_plain(
            project, time_limit_s=arguments.time_limit, seed=arguments.seed, workers=arguments.workers
        )
        cpu = time.process_time() - cpu
        row.update(
            plain_makespan=plain.makespan,
            plain_seconds=round(plain.seconds, 3),
            plain_cpu_seconds=round(cpu, 3),
            plain_optimal=plain.optimal,
            plain_gap_percent=gap_to(plain.makespan, best_known),
        )
    return row


def format_row(row: dict) -> str:
    def part(prefix: str) -> str:
        gap = row[f"{prefix}gap_percent"]
        gap_text = "" if gap is None else f"  gap {gap:6.2f} %"
        proven = "optimal" if row[f"{prefix}optimal"] else "not proven"
        return (
            f"makespan {row[f'{prefix}makespan']!s:>4}  {row[f'{prefix}seconds']:6.2f} s "
            f"(cpu {row[f'{prefix}cpu_seconds']:6.2f} s)  {proven:<10}{gap_text}"
        )

    bks = "" if row["bks"] is None else f"bks {row['bks']:>4}  "
    text = f"{row['name']:<10} {bks}veturi: {part('')}"
    if "plain_makespan" in row:
        text += f"  |  plain: {part('plain_')}"
    return text + f"  load {row['load_average']:.1f}"


def summary(rows: list[dict]) -> str:
    by_family: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_family[row["family"]].append(row)
    loads = [row["load_average"] for row in rows]
    lines = [f"summary (load average during the run {min(loads):.1f}-{max(loads):.1f} on "
             f"{os.cpu_count()} cores):"]
    for family in sorted(by_family, key=lambda f: (len(f), f)):
        group = by_family[family]
        for prefix, label in (("", "veturi"), ("plain_", "plain ")):
            if f"{prefix}makespan" not in group[0]:
                continue
            proven = sum(1 for row in group if row[f"{prefix}optimal"])
            slowest = max(row[f"{prefix}seconds"] for row in group)
            cpu = max(row[f"{prefix}cpu_seconds"] for row in group)
            gaps = [row[f"{prefix}gap_percent"] for row in group if row[f"{prefix}gap_percent"] is not None]
            mean_gap = f"{sum(gaps) / len(gaps):.2f} %" if gaps else "n/a"
            lines.append(
                f"  {family:<5} {label}: {len(group)} instances, proven optimal {proven}/{len(group)}"
                f"{' (all)' if proven == len(group) else ''}, max {slowest:.2f} s (cpu {cpu:.2f} s), "
                f"mean gap to best known {mean_gap}"
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    try:
        projects = [read_sm(path) for path in arguments.files]
        bks = read_bks(arguments.bks) if arguments.bks else {}
    except (PsplibFormatError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    warm_up()  # compile the heuristic's kernels before any clock runs
    rows = []
    for project in projects:
        best = bks.get(project.name) or bks.get(Path(project.name).stem)
        row = measure(project, arguments, best.makespan if best else None)
        rows.append(row)
        print(json.dumps(row) if arguments.json else format_row(row), flush=True)
    if not arguments.json:
        print(summary(rows), flush=True)
    else:
        print(summary(rows), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
