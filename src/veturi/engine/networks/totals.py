"""Totals of a set of exchanges that count each supply (and each demand) at most once.

Matching proposes several takers for one output (and several suppliers for one input); each
proposal's value assumes it gets the whole supply it can use. Summing them counts the same
tonnes, megawatt-hours and euros several times. Here the exchanges share out each output's
supply and each input's demand greedily, best first: realised before validated before
proposed, then by matching score, then by value. An exchange is counted for the share of its
quantity that is still free on both sides, and its value and CO2 are scaled by that share.

A stream's capacity is the quantity its exchanges give (``Exchange.supply_quantity``,
``Exchange.demand_quantity``, in the exchange's unit) or, when no exchange gives it, the largest
quantity any one of its exchanges carries (a supply is never smaller than what one exchange takes
of it, so this never counts more than the supply, at the risk of counting less). An exchange
whose quantity is unknown counts whole if it is the first of its output and of its input, else
not at all (as "the best proposal per output").
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .types import EXCHANGE_STATUSES, Exchange

__all__ = ["CountedTotals", "count_once"]

_STATUS_ORDER = {status: -index for index, status in enumerate(EXCHANGE_STATUSES)}


@dataclass(frozen=True)
class CountedTotals:
    """Value and CO2 of a set of exchanges with each supply and demand counted once.

    ``shares`` maps every exchange key to the share of it counted (0..1); ``claimed_*`` are the
    plain sums of every exchange, to show how much competing proposals overlap.
    """

    value_eur_per_year: float
    co2_t_per_year: float
    claimed_value_eur_per_year: float
    claimed_co2_t_per_year: float
    shares: dict[Hashable, float]


def _quantity(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 and number == number and number != float("inf") else None


def count_once(edges: Iterable[tuple[Hashable, Mapping[str, Any]]]) -> CountedTotals:
    """Count value and CO2 of exchanges so that no supply or demand is used twice.

    Parameters
    ----------
    edges : iterable of (key, data)
        Edge keys and attribute dicts of the synergy graph (``value``, ``co2``, ``status`` and
        ``exchange``, the :class:`Exchange`). An edge without an ``exchange`` counts whole.

    Examples
    --------
    Two takers compete for 100 t of ash; each could take all of it. Only the better one counts.

    >>> a = Exchange("ash->kiln", "p", "k", value_eur_per_year=1000.0, output="ash",
    ...              input="kiln", quantity=100.0, unit="t/a", score=0.9, supply_quantity=100.0)
    >>> b = Exchange("ash->road", "p", "r", value_eur_per_year=600.0, output="ash",
    ...              input="road", quantity=100.0, unit="t/a", score=0.7, supply_quantity=100.0)
    >>> t = count_once([(e.id, {"value": e.value_eur_per_year, "exchange": e}) for e in (a, b)])
    >>> t.value_eur_per_year, t.claimed_value_eur_per_year, t.shares["ash->road"]
    (1000.0, 1600.0, 0.0)
    """
    items = list(edges)

    def order(item: tuple[Hashable, Mapping[str, Any]]) -> tuple:
        key, data = item
        exchange = data.get("exchange")
        status = data.get("status") or (exchange.status if exchange else "proposed")
        score = exchange.score if exchange is not None and exchange.score is not None else 0.0
        value = data.get("value") or 0.0
        return (_STATUS_ORDER.get(status, 1), -score, -value, str(key))

    items.sort(key=order)
    # Capacity of each (stream, unit): given, else the largest quantity one exchange carries.
    supply_cap: dict[tuple[str, str], float] = {}
    demand_cap: dict[tuple[str, str], float] = {}
    given_supply: dict[tuple[str, str], float] = {}
    given_demand: dict[tuple[str, str], float] = {}
    for key, data in items:
        exchange = data.get("exchange")
        if not isinstance(exchange, Exchange):
            continue
        quantity = _quantity(exchange.quantity)
        out_key, in_key = _stream_keys(key, exchange)
        if (given := _quantity(exchange.supply_quantity)) is not None:
            given_supply[out_key] = max(given_supply.get(out_key, 0.0), given)
        if (given := _quantity(exchange.demand_quantity)) is not None:
            given_demand[in_key] = max(given_demand.get(in_key, 0.0), given)
        if quantity is not None:
            supply_cap[out_key] = max(supply_cap.get(out_key, 0.0), quantity)
            demand_cap[in_key] = max(demand_cap.get(in_key, 0.0), quantity)
    supply_left = {**supply_cap, **given_supply}
    demand_left = {**demand_cap, **given_demand}
    used_outputs: set[str] = set()
    used_inputs: set[str] = set()

    shares: dict[Hashable, float] = {}
    value = co2 = claimed_value = claimed_co2 = 0.0
    for key, data in items:
        exchange = data.get("exchange")
        edge_value = float(data.get("value") or 0.0)
        edge_co2 = float(data.get("co2") or 0.0)
        claimed_value += edge_value
        claimed_co2 += edge_co2
        if not isinstance(exchange, Exchange):
            share = 1.0
        else:
            out_key, in_key = _stream_keys(key, exchange)
            quantity = _quantity(exchange.quantity)
            if quantity is None or quantity == 0.0:
                fresh = out_key[0] not in used_outputs and in_key[0] not in used_inputs
                share = 1.0 if fresh else 0.0
                if fresh:
                    # Nothing is known of how much it takes: treat the streams as taken.
                    supply_left[out_key] = demand_left[in_key] = 0.0
            else:
                taken = min(quantity, supply_left.get(out_key, quantity),
                            demand_left.get(in_key, quantity))
                taken = max(taken, 0.0)
                share = taken / quantity
                supply_left[out_key] = supply_left.get(out_key, quantity) - taken
                demand_left[in_key] = demand_left.get(in_key, quantity) - taken
            if share > 0:
                used_outputs.add(out_key[0])
                used_inputs.add(in_key[0])
        shares[key] = share
        value += edge_value * share
        co2 += edge_co2 * share
    return CountedTotals(
        value_eur_per_year=value, co2_t_per_year=co2, claimed_value_eur_per_year=claimed_value,
        claimed_co2_t_per_year=claimed_co2, shares=shares,
    )


def _stream_keys(key: Hashable, exchange: Exchange) -> tuple[tuple[str, str], tuple[str, str]]:
    # An exchange not made from streams stands for its own supply and demand.
    output = exchange.output or f"exchange:{key}:output"
    input_ = exchange.input or f"exchange:{key}:input"
    return (output, exchange.unit), (input_, exchange.unit)
