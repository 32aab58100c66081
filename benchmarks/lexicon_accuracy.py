"""Accuracy of the stream-name lexicon on the labelled list, per language, with the misses.

Run from the repository root:

    .venv/bin/python benchmarks/lexicon_accuracy.py [path/to/labelled.csv] [--quiet]

A name counts as correct when the classifier resolves it to the expected scheme and code, or
when it leaves it unresolved and no code is expected. A wrong code, and an unresolved name that
has an expected code, are misses.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

from veturi.engine.lexicon import Classification, classify

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


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
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
