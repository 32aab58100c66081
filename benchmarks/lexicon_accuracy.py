"""Accuracy of the stream-name lexicon on the labelled list, per language, with the misses.

Run from the repository root:

    .venv/bin/python benchmarks/lexicon_accuracy.py [path/to/labelled.csv ...] [--quiet] [--demo]

A name counts as correct when the classifier resolves it to the expected scheme and code, or
when it leaves it unresolved and no code is expected. A wrong code, and an unresolved name that
has an expected code, are misses.

``--demo`` also classifies the stream names of the demo park (``data/demo/organisations.json``,
written by another engineer with its own codes) and reports how many the lexicon gives the same
code, a code of the same branch or EWC sub-chapter, another code, or leaves unresolved. Its codes
follow the producer's activity (e.g. 02 07 04 for a brewery's spent grain) where the lexicon,
which sees only the name, gives the product view, so this is an agreement figure, not accuracy.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

from veturi.engine.lexicon import Classification, classify
from veturi.engine.reference import is_under

DEFAULT_LABELLED = (
    Path(__file__).resolve().parent.parent
    / "src" / "veturi" / "engine" / "tests" / "data" / "lexicon_labelled.csv"
)


def is_correct(result: Classification, expected_scheme: str, expected_code: str) -> bool:
    """Score one name as the tests do."""
    if not expected_code:
        return not result.resolved
    return result.resolved and (result.scheme, result.code) == (expected_scheme, expected_code)


def evaluate(path: Path) -> tuple[dict[str, list[int]], list[tuple[dict, Classification]]]:
    """Return per-language [correct, total] counts and the misses."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            result = classify(row["name"])
            correct = is_correct(result, row["expected_scheme"], row["expected_code"])
            for key in (row["language"], "all"):
                counts[key][0] += correct
                counts[key][1] += 1
            if not correct:
                misses.append((row, result))
    return dict(counts), misses


DEMO_ORGANISATIONS = (
    Path(__file__).resolve().parent.parent
    / "src" / "veturi" / "data" / "demo" / "organisations.json"
)


def demo_agreement(path: Path, *, verbose: bool) -> None:
    """Print how the lexicon's codes for the demo park's streams agree with the demo's codes."""
    import json

    organisations = json.loads(path.read_text(encoding="utf-8"))
    streams = [stream for organisation in organisations
               for site in organisation.get("sites", []) for stream in site.get("streams", [])]
    outcomes: dict[str, int] = defaultdict(int)
    for stream in streams:
        expected = stream.get("ewc") or stream.get("taxonomy") or ""
        result = classify(stream["name"], kind=stream.get("kind") or None)
        if not result.resolved:
            outcome = "unresolved"
        elif result.code == expected:
            outcome = "same code"
        elif expected and (is_under(result.code, expected) or is_under(expected, result.code)
                           or (" " in expected and result.code[:5] == expected[:5])):
            outcome = "same branch"
        else:
            outcome = "other code"
        outcomes[outcome] += 1
        if verbose and outcome != "same code":
            print(f"  {outcome.upper()} {stream['name']!r}: demo {expected}, lexicon {result.code}"
                  f" ({result.confidence})")
    total = len(streams)
    print(f"{path.name}: {total} demo streams, " + ", ".join(
        f"{name} {outcomes[name] / total:.3f}"
        for name in ("same code", "same branch", "other code", "unresolved")))


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    if "--demo" in argv and DEMO_ORGANISATIONS.exists():
        demo_agreement(DEMO_ORGANISATIONS, verbose=not quiet)
    paths = [Path(arg) for arg in argv if not arg.startswith("--")] or [DEFAULT_LABELLED]
    for path in paths:
        started = time.perf_counter()
        counts, misses = evaluate(path)
        elapsed = time.perf_counter() - started
        print(f"{path.name}: {counts['all'][1]} names in {elapsed:.2f} s")
        for language in sorted(counts):
            correct, total = counts[language]
            print(f"  accuracy {language:>3}: {correct / total:.3f} ({correct}/{total})")
        if not quiet:
            for row, result in misses:
                expected = row["expected_code"] or "(unresolved)"
                got = result.code if result.resolved else f"unresolved, best {result.code}"
                print(f"  MISS [{row['language']}] {row['name']!r}: expected {expected}, "
                      f"got {got} (confidence {result.confidence}, term {result.matched_term!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
