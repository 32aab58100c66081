"""Write the synthetic industry of ``matching_scale.py`` as a data package file, so that
``veturi match PACKAGE`` can be timed at park size.

Usage::

    python benchmarks/park_package.py --establishments 500 [--seed 1] OUT.json
    PYTHONHASHSEED=0 /usr/bin/time -f "%U s CPU %e s wall" veturi match OUT.json --format json > /dev/null

500 establishments give 2 088 streams (seed 1). Prints the number of organisations and streams
written.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import matching_scale  # noqa: E402  (the generator lives next to this script)

from veturi.engine.matching import load_rules  # noqa: E402


def _months(mask: int) -> list[int]:
    """A 12-bit month mask as month numbers; all months as [] (the package's "all year")."""
    return [] if mask == 4095 else [m for m in range(1, 13) if mask >> (m - 1) & 1]


def park_package(establishments: int, seed: int) -> dict:
    frame = matching_scale.generate(establishments, seed, load_rules())
    organisations: dict[str, dict] = {}
    streams = []
    for row in frame.itertuples(index=False):
        organisations.setdefault(row.organisation, {
            "id": row.organisation, "name": row.organisation, "nace": [row.nace],
            "lat": float(row.lat), "lon": float(row.lon),
        })
        stream = {
            "id": row.id, "organisation": row.organisation, "direction": row.direction,
            "name": row.name, "kind": row.kind or None, "ewc": row.ewc_code or None,
            "code": row.taxonomy_code or None,
            "quantity": None if math.isnan(row.quantity) else float(row.quantity),
            "unit": row.unit or None,
            "properties": json.loads(row.properties) if row.properties else {},
            "months": _months(int(row.months)),
        }
        if not math.isnan(row.handling):
            stream["cost_eur_per_unit"] = float(row.handling)
        streams.append(stream)
    return {"organisations": list(organisations.values()), "streams": streams}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--establishments", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    package = park_package(args.establishments, args.seed)
    args.out.write_text(json.dumps(package), encoding="utf-8")
    print(f"organisations: {len(package['organisations'])}  streams: {len(package['streams'])}"
          f"  written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
