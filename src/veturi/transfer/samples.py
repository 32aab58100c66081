"""Generated import files for benchmarks and tests: valid rows, with errors planted on request.

Pure Python (no Django), deterministic for a seed.
"""

from __future__ import annotations

import csv
import io
import random

__all__ = ["STREAM_COLUMNS", "streams_csv"]

STREAM_COLUMNS = (
    "external_id", "organisation", "site", "direction", "kind", "name", "quantity", "unit",
    "ewc_code", "taxonomy_code", "months", "temperature_c", "confidentiality",
)

# Realistic (name, kind, unit, ewc_code, taxonomy_code) templates; codes exist in the reference data.
_STREAM_TEMPLATES = (
    ("Fly ash", "by_product", "t/a", "10 01 02", ""),
    ("Bottom ash", "by_product", "t/a", "10 01 01", ""),
    ("Waste heat", "energy", "MWh/a", "", "energy.heat"),
    ("Process water", "water", "m3/d", "", "water.process"),
    ("Wood chips", "material", "t/a", "", "energy.fuel.solid_bio.wood_chips"),
    ("Sawdust", "by_product", "t/a", "03 01 05", ""),
    ("Gypsum", "material", "t/a", "", "material.mineral.gypsum"),
    ("Steam", "energy", "t/h", "", "energy.steam"),
    ("Sewage sludge", "by_product", "t/a", "19 08 05", ""),
    ("Plastic packaging", "material", "t/a", "15 01 02", ""),
)


def streams_csv(count: int, organisations: list[str], *, seed: int = 0) -> bytes:
    """A valid CSV of ``count`` streams spread over the given organisation keys.

    Parameters
    ----------
    count : int
        Number of stream rows, at least 1.
    organisations : list of str
        Business IDs, external IDs or names of existing organisations, each with one site.
    seed : int, default 0
        Seed of the random quantities.

    Examples
    --------
    >>> text = streams_csv(3, ["0737546-2"]).decode()
    >>> text.splitlines()[0].split(",")[:3]
    ['external_id', 'organisation', 'site']
    >>> len(text.splitlines())
    4
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    if not organisations:
        raise ValueError("organisations must name at least one organisation")
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STREAM_COLUMNS)
    for number in range(count):
        name, kind, unit, ewc, taxonomy = _STREAM_TEMPLATES[number % len(_STREAM_TEMPLATES)]
        writer.writerow([
            f"bench-{number:06d}",
            organisations[number % len(organisations)],
            "",
            "output" if number % 3 else "input",
            kind,
            f"{name} {number}",
            round(rng.uniform(1, 50_000), 1),
            unit,
            ewc,
            taxonomy,
            "1-12" if number % 4 else "5-9",
            "85" if kind == "energy" else "",
            ("office", "partners", "public")[number % 3],
        ])
    return out.getvalue().encode()
