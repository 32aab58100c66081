"""Scale benchmark of the matching engine: full top-10 matching of every output stream of a
synthetic industry of N establishments.

Usage::

    python benchmarks/matching_scale.py --establishments N [--json] [--seed S]
                                        [--max-distance-km KM] [--duckdb | --in-memory]
                                        [--baseline-establishments M | --no-baseline]
                                        [--workdir DIR] [--progress] [--workers W]
                                        [--one-classification]

The generator spreads N establishments like European industry: around 40 large industrial
regions (Ruhr, Rotterdam-Antwerp, Lombardy, Upper Silesia, ...) with a Gaussian spread of
20-70 km, weighted by the region's industrial weight; heavy-tailed sizes (Pareto streams per
establishment, 4.4 on average, quantities lognormal times size); a NACE class per establishment
drawn from the classes the synergy rules name, outputs drawn from the rules whose supplier
side names that class (else any rule) and inputs from the rules whose receivers it belongs to;
names as a company would write them (the rules' own terms in several languages, with line or
site suffixes), waste and taxonomy codes on part of the streams, quality properties around the
rules' thresholds, seasonal months on a fifth.

It then runs the partitioned plan of :mod:`veturi.engine.matching.scale` (classification in
chunks of whole names in the worker processes from a million streams, else one
``classify_frame`` call -- ``--one-classification``: one call in any case --, one task per resource class and region cell, merge of
the top 10 per output; in memory up to 200 000 establishments, out of core through DuckDB
beyond, the hits appended chunk by chunk, or as forced) and prints
establishments, streams, seconds (wall) and cpu_seconds of the matching (generation excluded;
the worker processes' CPU included), peak_mib (peak memory of the process and its workers,
generation included: the largest of the process's own peak resident set, from
``getrusage(RUSAGE_SELF)``, and of the sum of the proportional set sizes (PSS, pages shared
after fork counted once) over the process tree, sampled with psutil every 0.25 s, or less
often while a sample costs more than 5 % of a core), pairs scored and pairs_per_second,
memory_sampler_cpu_seconds (the sampling's own CPU, left out of cpu_seconds), classify_seconds and classify_cpu_seconds (classification and
storage, before the plan); ``--json`` prints one object with those keys. The tasks run in
``--workers`` processes (default: the number of cores; 1 runs them in this process).

Then, in the same process, it compares with a plain pandas baseline on
``--baseline-establishments`` (default 10 000): both start from one classification (timed on
its own), then the plan and the baseline (one ``merge(how="cross")`` of outputs and inputs per
rule, every pair scored with the same factors, pairs further apart than the cap dropped,
``sort_values`` + ``groupby().head(10)``) each match it. It asserts that both give identical
top-10 results (same inputs, same ranks, same scores), prints "identical top-10: yes", the
speed ratio of the matching (wall and CPU) and the end-to-end CPU ratio (classification
included). The machine is shared: CPU seconds and the load average are printed next to wall
seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

from veturi.engine.matching import load_rules
from veturi.engine.matching import scale
from veturi.engine.matching.types import STREAM_KINDS
from veturi.engine.matching.vectorised import (
    STREAM_COLUMNS, best_rule_per_pair, classify_frame, score_pairs,
)

# (name, lat, lon, weight, spread km): Europe's largest industrial regions.
REGIONS = [
    ("Ruhr", 51.45, 7.2, 10, 40), ("Rhine-Neckar", 49.45, 8.55, 4, 35),
    ("Rotterdam", 51.9, 4.3, 6, 30), ("Antwerp", 51.25, 4.35, 5, 30),
    ("Lombardy", 45.55, 9.4, 8, 50), ("Emilia", 44.6, 11.0, 4, 50),
    ("Veneto", 45.5, 12.0, 4, 45), ("Piedmont", 45.05, 7.65, 3, 40),
    ("Upper Silesia", 50.3, 19.0, 5, 40), ("Ostrava", 49.8, 18.25, 2, 25),
    ("Stuttgart", 48.8, 9.2, 5, 40), ("Munich", 48.15, 11.6, 3, 40),
    ("Saxony", 51.1, 13.0, 3, 50), ("Hamburg", 53.55, 10.0, 3, 30),
    ("Lyon", 45.75, 4.85, 3, 40), ("Ile-de-France", 48.85, 2.35, 5, 50),
    ("Nord-Pas-de-Calais", 50.5, 3.0, 3, 40), ("Lorraine", 49.1, 6.2, 2, 40),
    ("Fos-Marseille", 43.4, 5.0, 2, 30), ("Catalonia", 41.45, 2.1, 5, 45),
    ("Basque Country", 43.25, -2.9, 3, 35), ("Madrid", 40.4, -3.7, 3, 45),
    ("Valencia", 39.5, -0.4, 2, 40), ("Porto", 41.2, -8.5, 2, 35),
    ("West Midlands", 52.5, -1.9, 4, 40), ("North West England", 53.5, -2.5, 4, 40),
    ("Teesside-Yorkshire", 54.0, -1.3, 3, 45), ("South Wales", 51.6, -3.4, 1, 30),
    ("Central Scotland", 55.9, -4.0, 1, 35), ("Upper Austria", 48.2, 14.3, 2, 40),
    ("Styria", 47.1, 15.4, 1, 35), ("Northern Hungary", 47.6, 19.0, 2, 45),
    ("Bohemia", 50.05, 14.4, 2, 45), ("Slovakia West", 48.2, 17.5, 1, 40),
    ("Romania Centre", 45.8, 24.5, 2, 70), ("Bulgaria", 42.7, 25.0, 1, 70),
    ("Southern Finland", 61.0, 24.5, 2, 60), ("Central Sweden", 59.5, 16.0, 2, 60),
    ("Denmark", 55.6, 11.5, 2, 50), ("Gdansk", 54.35, 18.6, 1, 30),
]
_SUFFIXES = ("", "", "", " - line 1", " - line 2", " (site 2)", ", boiler plant",
             " (dry)", " from production")
_KIND_BY_ROOT = {root: root for root in STREAM_KINDS}


def _templates(rules, side: str):
    """Stream templates per rule: (rule, name, kind, ewc, taxonomy, unit, properties)."""
    rows = []
    for rule_index, rule in enumerate(rules):
        terms = rule.supplier_terms if side == "output" else (
            rule.receiver_terms or rule.supplier_terms)
        terms = [term for term in terms if len(term) > 3][:4] or list(terms[:1])
        taxonomy = rule.supplier_taxonomy if side == "output" else rule.receiver_taxonomy
        root = (taxonomy[0].split(".")[0] if taxonomy else "material")
        kind = _KIND_BY_ROOT.get(root, "material")
        ewc = [code for code in rule.supplier_ewc if len(code.replace(" ", "")) == 6] \
            if side == "output" else []
        unit = rule.supply_unit if side == "output" else rule.receive_unit
        for term in terms:
            for suffix in (_SUFFIXES if side == "output" else ("", "", " for production")):
                rows.append((rule_index, term[:1].upper() + term[1:] + suffix, kind,
                             ewc[0] if ewc else "", taxonomy[0] if taxonomy else "", unit))
    return pd.DataFrame(rows, columns=["rule", "name", "kind", "ewc", "taxonomy", "unit"])


def _properties(rule, rng) -> str:
    values = {}
    for condition in rule.conditions:
        if condition.side != "supply" or rng.random() < 0.3:
            continue
        if isinstance(condition.value, bool):
            values[condition.property] = bool(rng.random() < 0.15) if \
                condition.property == "hazardous" else condition.value
        elif isinstance(condition.value, (int, float)):
            values[condition.property] = round(float(condition.value) * rng.uniform(0.7, 1.4), 1)
    return json.dumps(values, sort_keys=True) if values else ""


def generate(establishments: int, seed: int, rules) -> pd.DataFrame:
    """The streams of ``establishments`` synthetic establishments, columns
    :data:`~veturi.engine.matching.vectorised.STREAM_COLUMNS`."""
    rng = np.random.default_rng(seed)
    weights = np.array([region[3] for region in REGIONS], dtype=float)
    region = rng.choice(len(REGIONS), size=establishments, p=weights / weights.sum())
    centre_lat = np.array([r[1] for r in REGIONS])[region]
    centre_lon = np.array([r[2] for r in REGIONS])[region]
    spread_km = np.array([r[4] for r in REGIONS])[region]
    lat = centre_lat + rng.normal(size=establishments) * spread_km / 111.0
    lon = centre_lon + rng.normal(size=establishments) * spread_km / (
        111.0 * np.cos(np.radians(centre_lat)))
    streams_per = np.minimum(2 + np.floor(rng.pareto(2.0, establishments) * 3.0), 60)
    streams_per = streams_per.astype(np.int64)
    size = rng.pareto(1.2, establishments) + 1.0  # heavy-tailed size multiplier

    nace_pool = sorted({code for rule in rules for code in rule.receiver_nace + rule.supplier_nace
                        if len(code) == 5})
    nace = rng.choice(np.array(nace_pool, dtype=object), size=establishments)
    out_rules_of = {code: [i for i, r in enumerate(rules) if any(
        code.startswith(p) for p in r.supplier_nace)] for code in nace_pool}
    in_rules_of = {code: [i for i, r in enumerate(rules) if any(
        code.startswith(p) for p in r.receiver_nace)] for code in nace_pool}

    owner = np.repeat(np.arange(establishments), streams_per)
    total = len(owner)
    output = rng.random(total) < 0.5
    owner_nace = nace[owner]
    chosen_rule = rng.integers(0, len(rules), size=total)
    # Three streams in four follow the establishment's class; the rest are anything.
    typical = rng.random(total) < 0.75
    for code in nace_pool:
        for is_output, pool in ((True, out_rules_of[code]), (False, in_rules_of[code])):
            if not pool:
                continue
            where = np.flatnonzero((owner_nace == code) & (output == is_output) & typical)
            chosen_rule[where] = np.array(pool)[rng.integers(0, len(pool), size=len(where))]

    columns = {key: np.empty(total, dtype=object) for key in (
        "name", "kind", "ewc_code", "taxonomy_code", "unit", "properties")}
    for side, is_output in (("output", True), ("input", False)):
        templates = _templates(rules, side)
        starts = templates.groupby("rule").indices
        mask = output == is_output
        rows = np.flatnonzero(mask)
        picks = np.empty(len(rows), dtype=np.int64)
        for rule_index in np.unique(chosen_rule[rows]):
            here = np.flatnonzero(chosen_rule[rows] == rule_index)
            options = starts.get(int(rule_index))
            if options is None:
                options = np.arange(len(templates))
            picks[here] = np.asarray(options)[rng.integers(0, len(options), size=len(here))]
        picked = templates.iloc[picks]
        columns["name"][rows] = picked["name"].to_numpy()
        columns["kind"][rows] = picked["kind"].to_numpy()
        has_ewc = rng.random(len(rows)) < 0.5
        columns["ewc_code"][rows] = np.where(has_ewc, picked["ewc"].to_numpy(), "")
        has_tax = rng.random(len(rows)) < 0.3
        columns["taxonomy_code"][rows] = np.where(has_tax, picked["taxonomy"].to_numpy(), "")
        columns["unit"][rows] = picked["unit"].to_numpy()
        # Properties: a few hundred distinct draws per rule, reused.
        properties = np.array([""] * len(rows), dtype=object)
        for rule_index in np.unique(picked["rule"].to_numpy()):
            rule = rules[int(rule_index)]
            if not rule.conditions or not is_output:
                continue
            here = np.flatnonzero(picked["rule"].to_numpy() == rule_index)
            draws = np.array([_properties(rule, rng) for _ in range(min(len(here), 50))],
                             dtype=object)
            properties[here] = draws[rng.integers(0, len(draws), size=len(here))]
        columns["properties"][rows] = properties

    quantity = np.round(rng.lognormal(6.5, 1.5, total) * size[owner], 1)
    quantity[rng.random(total) < 0.1] = np.nan  # some streams come without quantity
    seasonal = rng.random(total) < 0.2
    months = np.where(seasonal, np.where(rng.random(total) < 0.5, 0b000111111000, 0b111000000111),
                      4095)
    handling = np.where(rng.random(total) < 0.2, np.round(rng.uniform(5, 120, total), 1), np.nan)
    organisation_ids = pd.Series(np.arange(establishments)).map("e{}".format).to_numpy()
    frame = pd.DataFrame({
        "id": pd.Series(np.arange(total)).map("s{}".format).to_numpy(),
        "organisation": organisation_ids[owner],
        "direction": np.where(output, "output", "input").astype(object),
        "name": columns["name"], "kind": columns["kind"], "ewc_code": columns["ewc_code"],
        "taxonomy_code": columns["taxonomy_code"], "quantity": quantity,
        "unit": columns["unit"], "months": months.astype(np.int64), "handling": handling,
        "properties": columns["properties"], "lat": lat[owner], "lon": lon[owner],
        "nace": nace[owner],
    })
    return frame[list(STREAM_COLUMNS)]


def cpu_seconds_with_children() -> float:
    """CPU seconds of this process and of its finished (waited for) worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


class TreeMemory:
    """Peak of the summed PSS (proportional set size: a page shared by forked processes
    counts once in the sum) of this process and its children, sampled in a thread.

    Reading a process's PSS walks its page tables (0.03-0.09 s of CPU for a 2-3 GiB worker),
    so the sampler waits at least 1/``overhead`` times what a sample cost: 5 % of a core at
    most, every 0.25 s for small processes, every few seconds for large ones. Its CPU seconds
    (``cpu_seconds``) are left out of the benchmark's CPU figure."""

    def __init__(self, interval: float = 0.25, overhead: float = 0.05):
        import psutil

        self._process = psutil.Process()
        self._interval = interval
        self._overhead = overhead
        self.peak_bytes = 0
        self.cpu_seconds = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            cpu = time.thread_time()
            total = 0
            for process in [self._process, *self._process.children(recursive=True)]:
                try:
                    total += process.memory_full_info().pss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            self.peak_bytes = max(self.peak_bytes, total)
            spent = time.thread_time() - cpu
            self.cpu_seconds += spent
            self._stop.wait(max(self._interval, spent / self._overhead))

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_plan(frame: pd.DataFrame | None, rules, *, top_k: int, max_distance_km: float,
             detour_factor: float, duckdb_dir: str | None, stats: dict,
             classified=None, progress: bool = False, workers: int = 1,
             one_classification: bool = False) -> pd.DataFrame:
    """Classification (unless ``classified`` is given: in chunks of whole names in ``workers``
    processes, or in one ``classify_frame`` call), plan, local execution and merge; in memory
    or through DuckDB (hits appended chunk by chunk)."""
    wall, cpu = time.perf_counter(), cpu_seconds_with_children()
    if duckdb_dir is not None and classified is None and not one_classification:
        source = scale.DuckDBSource.write_in_chunks(
            frame, Path(duckdb_dir) / "streams.duckdb", rules, max_distance_km=max_distance_km,
            detour_factor=detour_factor, workers=workers)
        del frame
    else:
        if classified is None:
            classified = classify_frame(frame, rules) if one_classification else \
                scale.classify_in_chunks(frame, rules, workers=workers)
        table = scale.prepare(classified, max_distance_km, detour_factor)
        del frame, classified
        if duckdb_dir is None:
            source = scale.InMemorySource(table, tuple(rules))
        else:
            source = scale.DuckDBSource.write(table, Path(duckdb_dir) / "streams.duckdb", rules)
            del table
    stats["classify_seconds"] = time.perf_counter() - wall
    stats["classify_cpu_seconds"] = cpu_seconds_with_children() - cpu
    plan = scale.make_plan(source, top_k=top_k, max_distance_km=max_distance_km,
                           detour_factor=detour_factor)
    stats["partitions"] = len(plan)
    on_done, task_cpu_seconds = None, None
    if progress:
        task_cpu_seconds = {}
        costs = dict(zip((task.name for task in plan), scale.task_costs(plan, source)))
        wall = time.perf_counter()
        print(f"classified and stored: {stats['classify_seconds']:.0f} s wall, "
              f"{stats['classify_cpu_seconds']:.0f} s CPU; load {os.getloadavg()}",
              file=sys.stderr, flush=True)
        print(f"plan: {len(plan)} tasks, {workers} worker(s)", file=sys.stderr, flush=True)

        def on_done(number, task):
            # The task's own CPU (its process); the workers' total is printed at the end.
            print(f"task {number}/{len(plan)} {task.name}: {time.perf_counter() - wall:.0f} s "
                  f"wall, task CPU {task_cpu_seconds.get(task.name, 0):.1f} s, cost "
                  f"{costs[task.name]:.3g} pairs, pairs {stats.get('pairs', 0)}, load "
                  f"{os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    if duckdb_dir is None:
        return scale.run_local(plan, source, stats=stats, on_done=on_done, workers=workers,
                               task_cpu_seconds=task_cpu_seconds)
    parts = Path(duckdb_dir) / "parts"
    parts.mkdir(exist_ok=True)
    scale.run_local(plan, source, out_dir=parts, stats=stats, on_done=on_done, workers=workers,
                    task_cpu_seconds=task_cpu_seconds)
    source.close()
    destination = Path(duckdb_dir) / "top_k.parquet"
    stats["rows"] = scale.merge_parquet(parts, top_k, destination)
    return pd.read_parquet(destination, columns=["output", "input", "rank"]) \
        if stats["rows"] < 2_000_000 else pd.DataFrame()


def pandas_baseline(table, rules, *, top_k: int, max_distance_km: float,
                    detour_factor: float) -> pd.DataFrame:
    """A plain pandas merge of outputs and inputs per rule of a classified table, scored,
    sorted, head(top_k)."""
    supply = table.supply_hits.reset_index(drop=True)
    demand = table.demand_hits.reset_index(drop=True)
    supply_positions = supply.assign(position=np.arange(len(supply)))
    demand_positions = demand.assign(position=np.arange(len(demand)))
    scored = []
    for rule_index, supply_of_rule in supply_positions.groupby("rule"):
        demand_of_rule = demand_positions[demand_positions["rule"] == rule_index]
        if demand_of_rule.empty:
            continue
        pairs = supply_of_rule[["position"]].merge(
            demand_of_rule[["position"]], how="cross", suffixes=("_supply", "_demand"))
        scored.append(score_pairs(
            table, rules, supply, demand, max_distance_km=max_distance_km,
            detour_factor=detour_factor, resolve_rules=False,
            joined=(pairs["position_supply"].to_numpy(), pairs["position_demand"].to_numpy())))
    pairs = best_rule_per_pair(pd.concat(scored, ignore_index=True))
    ids = table.frame["id"].to_numpy()
    pairs = pairs.assign(output=ids[pairs["out_row"]], input=ids[pairs["in_row"]],
                         rounded=-pairs["score"].round(9))
    pairs = pairs.sort_values(["output", "rounded", "input"])
    top = pairs.groupby("output", sort=False).head(top_k).copy()
    top["rank"] = top.groupby("output", sort=False).cumcount() + 1
    return top[["output", "input", "rank", "score"]].reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--establishments", type=int, required=True)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--max-distance-km", type=float, default=150.0)
    parser.add_argument("--detour-factor", type=float, default=1.3)
    storage = parser.add_mutually_exclusive_group()
    storage.add_argument("--duckdb", action="store_true", help="out of core through DuckDB")
    storage.add_argument("--in-memory", action="store_true")
    parser.add_argument("--workdir", default=None, help="folder for the DuckDB files")
    parser.add_argument("--baseline-establishments", type=int, default=10_000)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--progress", action="store_true",
                        help="print each finished task (wall seconds, pairs) to stderr")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes that run the plan's tasks (default: the number of cores)")
    parser.add_argument("--one-classification", action="store_true",
                        help="classify in one classify_frame call in this process (as before "
                             "chunks), then store")
    args = parser.parse_args(argv)
    if args.establishments < 1:
        parser.error("--establishments must be at least 1")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    rules = load_rules()
    memory = TreeMemory().__enter__()

    started = time.perf_counter()
    frame = generate(args.establishments, args.seed, rules)
    generation_seconds = time.perf_counter() - started
    streams = len(frame)
    use_duckdb = args.duckdb or (not args.in_memory and args.establishments > 200_000)
    stats: dict = {}
    wall, cpu = time.perf_counter(), cpu_seconds_with_children()
    sampler_cpu_before = memory.cpu_seconds
    frames = [frame]
    del frame  # run_plan drops the generated frame once classified
    with tempfile.TemporaryDirectory(dir=args.workdir) as workdir:
        result = run_plan(frames.pop(), rules, top_k=args.top, max_distance_km=args.max_distance_km,
                          detour_factor=args.detour_factor,
                          duckdb_dir=workdir if use_duckdb else None, stats=stats,
                          progress=args.progress, workers=args.workers,
                          one_classification=args.one_classification)
        seconds = time.perf_counter() - wall
        sampler_cpu = memory.cpu_seconds - sampler_cpu_before
        cpu_seconds = cpu_seconds_with_children() - cpu - sampler_cpu
    memory.__exit__(None, None, None)
    self_peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_mib = max(self_peak_mib, memory.peak_bytes / 2**20)
    report = {
        "establishments": args.establishments, "streams": streams,
        "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3),
        "peak_mib": round(peak_mib, 1), "peak_mib_process_rss": round(self_peak_mib, 1),
        "peak_mib_tree_pss_sampled": round(memory.peak_bytes / 2**20, 1),
        "peak_mib_largest_worker_rss": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "memory_sampler_cpu_seconds": round(sampler_cpu, 3),
        "workers": args.workers, "pairs": int(stats.get("pairs", 0)),
        "pairs_per_second": round(stats.get("pairs", 0) / seconds) if seconds else None,
        "partitions": stats.get("partitions"), "proposals": int(stats.get("rows", len(result))),
        "classify_seconds": round(stats["classify_seconds"], 3),
        "classify_cpu_seconds": round(stats["classify_cpu_seconds"], 3),
        "generation_seconds": round(generation_seconds, 3),
        "storage": "duckdb" if use_duckdb else "memory",
        "max_distance_km": args.max_distance_km,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    del result

    if not args.no_baseline:
        baseline_frame = generate(args.baseline_establishments, args.seed, rules)
        # Both paths start from the same classification (timed once, on its own), then the
        # plan and the baseline each match it.
        wall, cpu = time.perf_counter(), time.process_time()
        classified = classify_frame(baseline_frame, rules)
        classify_seconds, classify_cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall, cpu = time.perf_counter(), cpu_seconds_with_children()
        fast = run_plan(None, rules, top_k=args.top,
                        max_distance_km=args.max_distance_km, detour_factor=args.detour_factor,
                        duckdb_dir=None, stats={}, classified=classified, workers=args.workers)
        fast_seconds, fast_cpu = time.perf_counter() - wall, cpu_seconds_with_children() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        slow = pandas_baseline(classified, rules, top_k=args.top,
                               max_distance_km=args.max_distance_km,
                               detour_factor=args.detour_factor)
        slow_seconds, slow_cpu = time.perf_counter() - wall, time.process_time() - cpu
        fast_keys = fast[["output", "input", "rank"]].sort_values(["output", "rank"])
        slow_keys = slow[["output", "input", "rank"]].sort_values(["output", "rank"])
        identical = fast_keys.reset_index(drop=True).equals(slow_keys.reset_index(drop=True))
        if identical:
            scores = fast.merge(slow, on=["output", "input", "rank"], suffixes=("", "_b"))
            identical = bool(np.allclose(scores["score"], scores["score_b"], rtol=0, atol=1e-12))
        report.update({
            "baseline_establishments": args.baseline_establishments,
            "baseline_streams": len(baseline_frame),
            "classification_seconds": round(classify_seconds, 3),
            "classification_cpu_seconds": round(classify_cpu, 3),
            "fast_seconds": round(fast_seconds, 3), "fast_cpu_seconds": round(fast_cpu, 3),
            "baseline_seconds": round(slow_seconds, 3),
            "baseline_cpu_seconds": round(slow_cpu, 3),
            "speed_ratio": round(slow_seconds / fast_seconds, 2) if fast_seconds else None,
            "cpu_speed_ratio": round(slow_cpu / fast_cpu, 2) if fast_cpu else None,
            "end_to_end_cpu_speed_ratio": round(
                (classify_cpu + slow_cpu) / (classify_cpu + fast_cpu), 2)
            if classify_cpu + fast_cpu else None,
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "identical_top_k": identical,
        })
        assert identical, "the fast path and the pandas baseline differ"

    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
        if not args.no_baseline:
            print("identical top-10: yes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
