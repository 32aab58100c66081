"""Quality benchmark of the matching engine on documented eco-industrial parks.

Usage::

    python benchmarks/eip_cases.py [CASE.json ...] [--json] [--top K]

Each case file (``benchmarks/cases/*.json`` by default) is a data package plus
``"expected": [{"output", "input", "source"}]``, the exchanges the park really runs according
to the cited literature. For every case, and for all cases merged into one package with each
park moved to lie 20 km from one common centre, it prints:

- ``top1``: share of outputs with a documented exchange whose first proposal is a documented
  receiver;
- ``recall@5`` and ``recall@10``: share of documented exchanges found among their output's
  first 5 and 10 proposals;
- ``MRR``: mean over those outputs of 1 / rank of the first documented receiver (0 if none is
  in the first 10);

for the Veturi engine, for a TF-IDF baseline over character n-grams of the stream's name, kind
and code (ranking the other organisations' inputs for each output), and for that baseline
multiplied by ``exp(-distance / 25 km)``. scikit-learn is used for the baseline only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from veturi.engine.geo import distance_m
from veturi.engine.matching import match_streams
from veturi.engine.matching.package import package_from_dict
from veturi.engine.matching.types import Organisation, Stream

CASES = Path(__file__).resolve().parent / "cases"
MERGE_CENTRE = (61.0, 25.0)  # lat, lon of the common centre of the merged region
MERGE_RADIUS_KM = 20.0
BASELINE_DISTANCE_KM = 25.0
FLOORS = {"top1": 0.65, "recall@10": 0.92, "mrr": 0.7}
PARK_RECALL10_FLOOR = 0.8


def load_case(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    organisations, streams = package_from_dict(data)
    expected = [(e["output"], e["input"]) for e in data.get("expected", [])]
    ids = {s.id for s in streams}
    for output, input_ in expected:
        if output not in ids or input_ not in ids:
            raise SystemExit(f"{path.name}: expected exchange {output} -> {input_} names an "
                             "unknown stream")
    return {"name": path.stem, "title": data.get("case", path.stem),
            "organisations": organisations, "streams": streams, "expected": expected}


def merge_cases(cases: list[dict]) -> dict:
    """One package of all parks, each park's centre moved 20 km from a common centre."""
    organisations: list[Organisation] = []
    streams: list[Stream] = []
    expected: list[tuple[str, str]] = []
    for index, case in enumerate(cases):
        located = [o for o in case["organisations"] if o.lat is not None and o.lon is not None]
        # The park's centre is the median site, so that a far-away partner does not pull it.
        lats = sorted(o.lat for o in located)
        lons = sorted(o.lon for o in located)
        centre_lat, centre_lon = lats[len(lats) // 2], lons[len(lons) // 2]
        angle = 2 * math.pi * index / len(cases)
        target_lat = MERGE_CENTRE[0] + MERGE_RADIUS_KM * math.cos(angle) / 111.2
        target_lon = MERGE_CENTRE[1] + MERGE_RADIUS_KM * math.sin(angle) / (
            111.2 * math.cos(math.radians(MERGE_CENTRE[0]))
        )
        for organisation in case["organisations"]:
            if organisation.lat is None or organisation.lon is None:
                organisations.append(organisation)
                continue
            # Keep each site's offset from the park centre in kilometres.
            north_km = (organisation.lat - centre_lat) * 111.2
            east_km = (organisation.lon - centre_lon) * 111.2 * math.cos(math.radians(centre_lat))
            lat = target_lat + north_km / 111.2
            lon = target_lon + east_km / (111.2 * math.cos(math.radians(target_lat)))
            organisations.append(replace(organisation, lat=max(-90.0, min(90.0, lat)), lon=lon))
        streams.extend(case["streams"])
        expected.extend(case["expected"])
    return {"name": "merged", "title": "All cases merged (20 km from a common centre)",
            "organisations": organisations, "streams": streams, "expected": expected}


def metrics(ranked: dict[str, list[str]], expected: list[tuple[str, str]]) -> dict[str, float]:
    """top1, recall@5, recall@10 and MRR of ranked inputs per output against expected pairs."""
    by_output: dict[str, set[str]] = {}
    for output, input_ in expected:
        by_output.setdefault(output, set()).add(input_)
    top1 = mrr = 0.0
    for output, documented in by_output.items():
        ranking = ranked.get(output, [])[:10]
        if ranking and ranking[0] in documented:
            top1 += 1
        for position, input_ in enumerate(ranking, start=1):
            if input_ in documented:
                mrr += 1 / position
                break
    recall = {}
    for k in (5, 10):
        found = sum(1 for output, input_ in expected if input_ in ranked.get(output, [])[:k])
        recall[k] = found / len(expected)
    return {"top1": top1 / len(by_output), "recall@5": recall[5], "recall@10": recall[10],
            "mrr": mrr / len(by_output)}


def engine_ranking(case: dict) -> tuple[dict[str, list[str]], float]:
    started = time.perf_counter()
    result = match_streams(case["organisations"], case["streams"], top_k=10, chains=False,
                           attract=False)
    seconds = time.perf_counter() - started
    ranked: dict[str, list[str]] = {}
    for proposal in sorted(result.proposals, key=lambda p: (p.output, p.rank)):
        if proposal.rank <= 10:
            ranked.setdefault(proposal.output, []).append(proposal.input)
    return ranked, seconds


def baseline_rankings(case: dict) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """TF-IDF over character n-grams, alone and times exp(-distance / 25 km)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    def text(stream: Stream) -> str:
        return " ".join(filter(None, (stream.name, stream.kind, stream.ewc_code,
                                      stream.taxonomy_code)))

    outputs = [s for s in case["streams"] if s.direction == "output"]
    inputs = [s for s in case["streams"] if s.direction == "input"]
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True)
    vectoriser.fit([text(s) for s in case["streams"]])
    similarity = cosine_similarity(vectoriser.transform([text(s) for s in outputs]),
                                   vectoriser.transform([text(s) for s in inputs]))
    organisation = {o.id: o for o in case["organisations"]}
    distance_cache: dict[tuple[str, str], float] = {}

    def distance_km(a: str, b: str) -> float:
        if (a, b) not in distance_cache:
            oa, ob = organisation[a], organisation[b]
            if None in (oa.lat, oa.lon, ob.lat, ob.lon):
                distance_cache[(a, b)] = 0.0
            else:
                distance_cache[(a, b)] = distance_m(oa.lon, oa.lat, ob.lon, ob.lat) / 1000
        return distance_cache[(a, b)]

    plain: dict[str, list[str]] = {}
    weighted: dict[str, list[str]] = {}
    for i, output in enumerate(outputs):
        candidates = [(similarity[i, j], inputs[j]) for j in range(len(inputs))
                      if inputs[j].organisation != output.organisation]
        plain[output.id] = [s.id for _, s in sorted(candidates, key=lambda c: (-c[0], c[1].id))]
        scored = [(score * math.exp(-distance_km(output.organisation, s.organisation)
                                    / BASELINE_DISTANCE_KM), s) for score, s in candidates]
        weighted[output.id] = [s.id for _, s in sorted(scored, key=lambda c: (-c[0], c[1].id))]
    return plain, weighted


def evaluate(case: dict) -> dict:
    engine, seconds = engine_ranking(case)
    row = {"case": case["name"], "title": case["title"], "outputs": len(
        {o for o, _ in case["expected"]}), "exchanges": len(case["expected"]),
        "streams": len(case["streams"]), "seconds": round(seconds, 3),
        "veturi": metrics(engine, case["expected"])}
    try:
        plain, weighted = baseline_rankings(case)
    except ImportError:
        row["tfidf"] = row["tfidf_distance"] = None
    else:
        row["tfidf"] = metrics(plain, case["expected"])
        row["tfidf_distance"] = metrics(weighted, case["expected"])
    row["misses"] = [
        {"output": output, "input": input_, "got": engine.get(output, [])[:3]}
        for output, input_ in case["expected"] if input_ not in engine.get(output, [])[:1]
    ]
    return row


def print_row(row: dict) -> None:
    print(f"\n{row['title']}  ({row['streams']} streams, {row['outputs']} outputs with "
          f"{row['exchanges']} documented exchanges; matched in {row['seconds']:.2f} s)")
    print(f"  {'method':<22}{'top1':>7}{'rec@5':>7}{'rec@10':>8}{'MRR':>7}")
    for label, key in (("veturi", "veturi"), ("tf-idf", "tfidf"),
                       ("tf-idf x exp(-d/25km)", "tfidf_distance")):
        figures = row.get(key)
        if figures is None:
            print(f"  {label:<22}  (scikit-learn not installed)")
            continue
        print(f"  {label:<22}{figures['top1']:>7.3f}{figures['recall@5']:>7.3f}"
              f"{figures['recall@10']:>8.3f}{figures['mrr']:>7.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", type=Path, help="case files (default: all shipped)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--misses", action="store_true", help="list exchanges not ranked first")
    args = parser.parse_args(argv)
    paths = args.cases or sorted(CASES.glob("*.json"))
    if not paths:
        parser.error(f"no case files in {CASES}")
    cases = [load_case(path) for path in paths]
    rows = [evaluate(case) for case in cases]
    merged = evaluate(merge_cases(cases)) if len(cases) > 1 else None
    checks = []
    if merged is not None:
        for name, floor in FLOORS.items():
            checks.append((f"merged {name} >= {floor}", merged["veturi"][name] >= floor))
        for row in rows:
            checks.append((f"{row['case']} recall@10 >= {PARK_RECALL10_FLOOR}",
                           row["veturi"]["recall@10"] >= PARK_RECALL10_FLOOR))
        for key in ("tfidf", "tfidf_distance"):
            if merged.get(key):
                for name in ("top1", "recall@5", "recall@10", "mrr"):
                    checks.append((f"merged {name} above {key}",
                                   merged["veturi"][name] > merged[key][name]))
    if args.json:
        print(json.dumps({"cases": rows, "merged": merged,
                          "checks": {name: ok for name, ok in checks},
                          "load_average": [round(x, 2) for x in os.getloadavg()]}, indent=2))
    else:
        for row in rows + ([merged] if merged else []):
            print_row(row)
            if args.misses:
                for miss in row["misses"]:
                    print(f"    miss: {miss['output']} -> {miss['input']}; got {miss['got']}")
        if checks:
            print("\nFloors:")
            for name, ok in checks:
                print(f"  [{'ok' if ok else 'FAIL'}] {name}")
        print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
