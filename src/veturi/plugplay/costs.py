"""Connection and transport price estimates, read from src/veturi/data/plugplay/connection_costs.json."""

from __future__ import annotations

import json
import math
from functools import lru_cache

from pathlib import Path

COSTS_FILE = Path(__file__).resolve().parent.parent / "data" / "plugplay" / "connection_costs.json"


@lru_cache(maxsize=1)
def price_list() -> dict:
    return json.loads(COSTS_FILE.read_text(encoding="utf-8"))


def annuity_factor(rate: float, years: int) -> float:
    """Yearly payment per euro invested (the capital recovery factor).

    >>> round(annuity_factor(0.05, 20), 4)
    0.0802
    """
    if rate == 0:
        return 1 / years
    return rate / (1 - (1 + rate) ** -years)


def connection_eur(kind: str, amount: float) -> float | None:
    """One-off cost of building a ``kind`` connection for ``amount`` (None when it cannot be built)."""
    entry = price_list()["connection_eur"].get(kind)
    if entry is None:
        return None
    return entry["fixed"] + entry["per_unit"] * math.ceil(max(amount, 0))


def connection_eur_per_year(kind: str, amount: float) -> float | None:
    once = connection_eur(kind, amount)
    if once is None:
        return None
    annuity = price_list()["annuity"]
    return once * annuity_factor(annuity["rate"], annuity["years"])


# Proposals name their transport as the matching engine does (truck, pipeline); the price list
# and the emission factors use road, rail, pipe and conveyor.
MODE_ALIASES = {"truck": "road", "lorry": "road", "train": "rail", "pipeline": "pipe", "belt": "conveyor"}


def transport_mode(mode: str | None) -> str:
    """The price list's name for a transport mode.

    >>> transport_mode("pipeline"), transport_mode("rail"), transport_mode(None)
    ('pipe', 'rail', '')
    """
    mode = (mode or "").strip().lower()
    return MODE_ALIASES.get(mode, mode)


def transport_eur_per_tkm(mode: str) -> float:
    table = price_list()["transport_eur_per_tkm"]
    return float(table.get(transport_mode(mode), table[""]))


def default_lease_percent() -> float:
    return float(price_list()["lease_percent_default"]["value"])
