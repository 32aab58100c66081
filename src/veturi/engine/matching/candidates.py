"""Exact pruning of the pairs a partition task must score: only pairs that can still be in an
output's top k are handed to the vectorised scorer.

Scoring every output against every input of its rules within the distance cap grows with the
square of the density: an output in the Ruhr has thousands of technically possible inputs
within 150 km. Yet every factor of the score only falls with distance (distance fit, the value
and CO2 after transport), and everything else is bounded. So, per output, a compiled kernel
(numba):

1. visits the inputs of the output's rules ring by ring on a fine grid around it, nearest
   first, and stops when even a perfect input at the ring's smallest possible distance could
   not beat the k-th best *lower bound* found so far (with what the output fixes: its supply
   bounds the value and CO2 left after transport and a pipe's distance scale);
2. for every input visited, first tests its key lowered by what the quantities and months
   alone rule out (:func:`_fit_gap`, before any rule table is read), then a bound without
   geodesic, exp or tanh (technical, quantity and time fits exact; distance, value and CO2
   fits of the ring's distance), then computes
   the score's lower and upper bound over what the kernel does not know exactly (geodesic
   distance bracketed by spheres of radius b²/a and a²/b and, for the survivors, by
   Vincenty's formula with a small margin). Conditions that read the receiver and the "both
   names carry the same term" bonus are exact, from per-task tables. Of a pair reachable
   through several rules, the engine's choice of rule is replayed on the bounds: when they
   decide it, the pair has that rule's bounds; else the upper bound of its best rule and the
   lower bound of the rule the engine visits first (strong receivers first, then rule order;
   it replaces that rule only by a higher score);
3. keeps, as (supply hit, demand hit) positions, the pairs whose upper bound reaches the k-th
   best lower bound (9-digit rounding included), each with the rules that can be the engine's
   choice (the decided one; else the first, and those whose upper bound reaches its lower
   bound).

The kept pairs are then scored exactly by :func:`~veturi.engine.matching.vectorised.score_pairs`
(pyproj geodesics, conditions, shared terms), so the top k is the same as scoring every pair.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numba
import numpy as np
import pandas as pd

from .matching import DEFAULT_WEIGHTS, TRANSPORT, TransportMode, _check_conditions, _shared_term
from .types import Rule
from .vectorised import (
    StreamTable, _demand_view, _factorize_ints, _RuleArrays, _rules_key, condition_key,
)

__all__ = ["candidate_pairs", "geodesic_bounds_km"]

# Radii of curvature of GRS80 (km): the geodesic lies between great circles on these spheres.
_A = 6378.137
_F = 1 / 298.257222101
_B = _A * (1 - _F)
_R_LOW = _B * _B / _A * (1 - 1e-9)
_R_HIGH = _A * _A / _B * (1 + 1e-9)
# Vincenty's inverse agrees with the geodesic pyproj computes far better than this.
_VINCENTY_RELATIVE = 1e-7
_VINCENTY_ABSOLUTE_KM = 1e-5
_EPSILON = 2e-9  # ranks use scores rounded to 9 digits


@numba.njit(cache=True, inline='always', fastmath=False)
def _haversine(lat1, lon1, lat2, lon2, radius):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(h)))


@numba.njit(cache=True, fastmath=False)
def _vincenty_km(lat1, lon1, lat2, lon2):
    """Vincenty's inverse on GRS80 (km); -1 when it does not converge."""
    if lat1 == lat2 and lon1 == lon2:
        return 0.0
    u1 = math.atan((1 - _F) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - _F) * math.tan(math.radians(lat2)))
    big_l = math.radians(lon2 - lon1)
    lam = big_l
    sin_u1, cos_u1, sin_u2, cos_u2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    for _ in range(100):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.sqrt((cos_u2 * sin_lam) ** 2
                              + (cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam) ** 2)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha ** 2
        cos_2sm = cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha if cos2_alpha != 0 else 0.0
        c = _F / 16 * cos2_alpha * (4 + _F * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * _F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm ** 2)))
        if abs(lam - previous) < 1e-13:
            u_sq = cos2_alpha * (_A * _A - _B * _B) / (_B * _B)
            a_coef = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
            b_coef = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
            delta = b_coef * sin_sigma * (cos_2sm + b_coef / 4 * (
                cos_sigma * (-1 + 2 * cos_2sm ** 2) - b_coef / 6 * cos_2sm
                * (-3 + 4 * sin_sigma ** 2) * (-3 + 4 * cos_2sm ** 2)))
            return _B * a_coef * (sigma - delta)
    return -1.0


def geodesic_bounds_km(lat1, lon1, lat2, lon2) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds (km) of the GRS80 geodesic the kernel uses (for tests).

    Examples
    --------
    >>> low, high = geodesic_bounds_km([60.0], [24.0], [60.5], [25.0])
    >>> bool(low[0] < high[0] and 70 < low[0] < 80)
    True
    """
    lat1, lon1, lat2, lon2 = (np.asarray(v, dtype=float) for v in (lat1, lon1, lat2, lon2))
    low, high = np.empty(len(lat1)), np.empty(len(lat1))
    for i in range(len(lat1)):
        low[i], high[i] = _distance_bounds(lat1[i], lon1[i], lat2[i], lon2[i])
    return low, high


@numba.njit(cache=True)
def _distance_bounds(lat1, lon1, lat2, lon2):
    if lat1 == lat2 and lon1 == lon2:
        return 0.0, 0.0
    metres = _vincenty_km(lat1, lon1, lat2, lon2)
    if metres < 0:
        return (_haversine(lat1, lon1, lat2, lon2, _R_LOW),
                _haversine(lat1, lon1, lat2, lon2, _R_HIGH))
    margin = metres * _VINCENTY_RELATIVE + _VINCENTY_ABSOLUTE_KM
    return max(0.0, metres - margin), metres + margin


def _rule_table(maturity, ratio, supply_unit, receive_unit, pipeline, scale_km, per_unit_km,
                reference_flow, fixed, kg_co2_km, disposal, purchase, processing, emission,
                ) -> np.ndarray:
    """The rules' scoring parameters as one float table, a row per rule (:func:`_params_of`):
    the kernel's helpers take a rule's row as a tuple, not a dozen arrays, since numba
    counts references to every array an inner call receives, and those atomic counts were a
    fifth of the kernel's time."""
    return np.column_stack([np.asarray(column, dtype=float) for column in (
        maturity, ratio, supply_unit, receive_unit, pipeline, scale_km, per_unit_km,
        reference_flow, fixed, kg_co2_km, disposal, purchase, processing, emission)])


@numba.njit(cache=True)
def _params_of(rule_table, r):
    """Rule ``r``'s row of :func:`_rule_table`: maturity, ratio, supply unit, receive unit,
    pipeline, distance scale, cost per unit and km, reference flow, fixed cost, kg CO2 per
    unit and km, disposal, purchase, processing, emission."""
    row = rule_table[r]
    return (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
            row[10], row[11], row[12], row[13])


@numba.njit(cache=True, inline='always')
def _months(mask):
    """How many months a (12-bit) month mask holds."""
    m = mask - ((mask >> 1) & 0x5555)
    m = (m & 0x3333) + ((m >> 2) & 0x3333)
    m = (m + (m >> 4)) & 0x0F0F
    return (m + (m >> 8)) & 0x1F


@numba.njit(cache=True)
def _transport_scale(p, flow):
    """Distance scale and cost per unit and km of a rule's (``p``) transport: a pipe carrying
    a larger flow reaches further and costs less per unit (a truck's do not depend on the
    flow)."""
    if p[4] != 0:
        return p[5] * flow, p[6] / flow
    return p[5], p[6]


@numba.njit(cache=True)
def _quantity_time_confidence(supply_q, demand_q, s_months, d_months, s_codes, d_codes,
                              unknown):
    """The scorer's exchanged quantity, quantity fit (NaN unless both quantities are known),
    time fit and confidence before distance, quantities in the rule's supply unit: shared by
    :func:`_score` and :func:`_visit_bound`, in the scorer's order of operations."""
    confidence = (1.0 if s_codes else 0.92) * (1.0 if d_codes else 0.95) * 0.93 ** unknown
    if np.isnan(supply_q):
        confidence *= 0.85
    if np.isnan(demand_q):
        confidence *= 0.9
    supply_months = _months(s_months)
    demand_months = _months(d_months)
    shared = _months(s_months & d_months)
    available = supply_q * shared / supply_months
    both = not np.isnan(available) and not np.isnan(demand_q)
    if both:
        exchanged = min(available, demand_q)
    elif np.isnan(available):
        exchanged = demand_q
    else:
        exchanged = available
    supply_share = exchanged / supply_q if supply_q > 0 else 0.0
    demand_share = exchanged / demand_q if demand_q > 0 else 0.0
    quantity_fit = 0.5 * supply_share + 0.5 * demand_share if both else np.nan
    time_fit = 0.5 * shared / demand_months + 0.5 * shared / supply_months
    return exchanged, quantity_fit, time_fit, confidence


@numba.njit(cache=True)
def _score(p, s_strength, d_strength, condition, unknown, s_codes, d_codes,
           s_quantity, s_unit, d_quantity, d_unit, s_months, d_months, s_handling,
           d_handling, distance, weights, total_weight):
    """The engine's score of one (pair, rule ``p``) as :func:`score_pairs` computes it."""
    technical = s_strength * d_strength * condition * p[0]
    r = p[1]
    if s_unit == p[2]:
        supply_q = s_quantity
    elif s_unit == p[3]:
        supply_q = s_quantity / r
    else:
        supply_q = np.nan
    if d_unit == p[3]:
        demand_q = d_quantity / r
    elif d_unit == p[2]:
        demand_q = d_quantity
    else:
        demand_q = np.nan
    exchanged, quantity_fit, time_fit, confidence = _quantity_time_confidence(
        supply_q, demand_q, s_months, d_months, s_codes, d_codes, unknown)
    if np.isnan(distance):
        confidence *= 0.85
    if np.isnan(exchanged) or exchanged <= 0:
        flow = 1.0
    else:
        flow = min(max(math.sqrt(exchanged / p[7]), 0.5), 4.0)
    scale, unit_km = _transport_scale(p, flow)
    distance_fit = math.exp(-distance / scale)
    transport_cost = exchanged * (unit_km * distance + p[8])
    transport_co2 = exchanged * p[9] * distance / 1000.0
    disposal = p[10] if np.isnan(s_handling) else s_handling
    purchase = p[11] if np.isnan(d_handling) else d_handling * r
    value = exchanged * (disposal + purchase - p[12]) - (
        0.0 if np.isnan(transport_cost) else transport_cost)
    co2 = exchanged * p[13] / 1000.0 - (
        0.0 if np.isnan(transport_co2) else transport_co2)
    value_fit = 0.5 + 0.5 * math.tanh(value / 100_000.0)
    co2_fit = 0.5 + 0.5 * math.tanh(co2 / 500.0)
    mean_fit = (
        weights[0] * (0.5 if np.isnan(quantity_fit) else quantity_fit)
        + weights[1] * time_fit
        + weights[2] * (0.5 if np.isnan(distance_fit) else distance_fit)
        + weights[3] * (0.5 if np.isnan(value_fit) else value_fit)
        + weights[4] * (0.5 if np.isnan(co2_fit) else co2_fit)
    ) / total_weight
    return technical * (0.3 + 0.7 * mean_fit) * (0.85 + 0.15 * confidence), technical


@numba.njit(cache=True)
def _output_fits(p, purchase_max, s_quantity, s_unit, s_handling, distance):
    """Upper bounds of the distance, value and CO2 fits of an output's hit (rule ``p``) with
    any input of the rule at ``distance`` km or further, from what the output alone fixes,
    and the output's supply in the rule's supply unit (NaN unknown): they come first.

    The exchanged quantity is at most the output's supply (quantities are not negative), so
    the value and CO2 fits after transport (``purchase_max``, the most any input of the task
    avoids in purchase) and, for pipes, the flow that widens the distance scale are bounded
    per output: heat, steam, cooling or water far away cannot score well even with a
    perfect input. Non-increasing in ``distance``.
    """
    if s_unit == p[2]:
        q = s_quantity
    elif s_unit == p[3]:
        q = s_quantity / p[1]
    else:
        q = np.nan
    known = not np.isnan(q)
    if known:
        flow = 1.0
        if q > 0:  # exchanged <= q; at or below 0 exchanged the scorer takes a flow of 1
            flow = max(1.0, min(max(math.sqrt(q / p[7]), 0.5), 4.0))
        most = q
    else:
        flow = 4.0
        most = np.inf
    scale, unit_km = _transport_scale(p, flow)
    distance_fit = math.exp(-distance / scale)
    disposal = p[10] if np.isnan(s_handling) else s_handling
    margin = disposal + purchase_max - p[12] - p[8] - unit_km * distance
    if np.isnan(margin) or (margin > 0 and np.isinf(most)):
        value_fit = 1.0
    elif margin > 0:
        value_fit = 0.5 + 0.5 * math.tanh(most * margin / 100_000.0)
    else:
        value_fit = 0.5
    co2_margin = p[13] - p[9] * distance
    if np.isnan(co2_margin) or (co2_margin > 0 and np.isinf(most)):
        co2_fit = 1.0
    elif co2_margin > 0:
        co2_fit = 0.5 + 0.5 * math.tanh(most * co2_margin / 1000.0 / 500.0)
    else:
        co2_fit = 0.5
    return q, distance_fit, value_fit, co2_fit


@numba.njit(cache=True)
def _output_bound(p, purchase_max, s_strength, condition, s_codes, s_quantity, s_unit,
                  s_handling, distance, weights, total_weight):
    """An upper bound of the score of an output's hit (rule ``p``) with any input of the rule
    at ``distance`` km or further, from what the output alone fixes (:func:`_output_fits`).
    An unknown supply bounds the quantity fit at 0.5 and the confidence. Non-increasing in
    ``distance``.
    """
    supply_q, distance_fit, value_fit, co2_fit = _output_fits(
        p, purchase_max, s_quantity, s_unit, s_handling, distance)
    return _bound_of_fits(s_strength * condition * p[0], s_codes, not np.isnan(supply_q),
                          distance_fit, value_fit, co2_fit, weights, total_weight)


@numba.njit(cache=True)
def _bound_of_fits(technical, s_codes, known, distance_fit, value_fit, co2_fit, weights,
                   total_weight):
    """The score bound of an output's hit of this technical upper bound, with these bounds
    of its fits (:func:`_output_fits`): quantity fit at most 0.5 and less confidence when
    its supply is unknown, time fit 1."""
    mean_fit = (weights[0] * (1.0 if known else 0.5) + weights[1] + weights[2] * distance_fit
                + weights[3] * value_fit + weights[4] * co2_fit) / total_weight
    confidence = (1.0 if s_codes else 0.92) * (1.0 if known else 0.85)
    # A hair of slack: the scorer's arithmetic rounds differently.
    return technical * (0.3 + 0.7 * mean_fit) * (0.85 + 0.15 * confidence) * (1 + 1e-9)


@numba.njit(cache=True)
def _visit_bound(technical, unknown, s_codes, d_codes, supply_q, demand_q, s_months,
                 d_months, distance_fit, value_fit, co2_fit, weights, total_weight):
    """An upper bound of a pair's score without its distance (quantities in the rule's
    supply unit): the technical fit, quantity and time fits and confidence exact, the
    distance fit and the value and CO2 fits those the output's hit reaches at the ring's
    distance (:func:`_output_fits`), the latter also bounded by what the input's quantity
    can bring (its key's fits). No exp, tanh or geodesic: it spares most visited inputs the
    scorer's cost."""
    _, quantity_fit, time_fit, confidence = _quantity_time_confidence(
        supply_q, demand_q, s_months, d_months, s_codes, d_codes, unknown)
    mean_fit = (weights[0] * (0.5 if np.isnan(quantity_fit) else quantity_fit)
                + weights[1] * time_fit + weights[2] * distance_fit
                + weights[3] * value_fit + weights[4] * co2_fit) / total_weight
    return technical * (0.3 + 0.7 * mean_fit) * (0.85 + 0.15 * confidence) * (1 + 1e-9)


@numba.njit(cache=True)
def _hit_bound(s_strength, condition, maturity, distance_fit, weights, total_weight):
    """An upper bound of the output's share of a pair's score (technical factor and distance
    fit; every other fit taken as 1): times an input's key, a bound of the pair's score."""
    return s_strength * condition * maturity * (
        0.3 + 0.7 * (total_weight - weights[2] * (1 - distance_fit)) / total_weight)


@numba.njit(cache=True)
def _fit_gap(supply_q, demand_q, s_months, d_months, weights, total_weight):
    """The points of the weighted mean fit that an input's key credits (quantity fit 1 when
    its demand is known, time fit 1) and the pair cannot have, from quantities (in the
    rule's supply unit) and months alone. ``key * hit bound * (1 - 0.7 * gap)`` bounds the
    score: a visit tests it before reading any rule table, and it ends most visits to
    inputs of a very different size or season."""
    if np.isnan(demand_q):
        quantity_gap = 0.0  # the key credits 0.5, the scorer too
    elif np.isnan(supply_q):
        quantity_gap = 0.5
    elif supply_q > 0 and demand_q > 0:
        # exchanged <= min(supply, demand): fit <= 0.5 + 0.5 * min(ratio, 1 / ratio)
        quantity_gap = 0.5 - 0.5 * min(supply_q / demand_q, demand_q / supply_q)
    else:
        quantity_gap = 1.0
    shared = _months(s_months & d_months)
    time_gap = 1 - (0.5 * shared / _months(d_months) + 0.5 * shared / _months(s_months))
    return (weights[0] * quantity_gap + weights[1] * max(0.0, time_gap)) / total_weight


@numba.njit(cache=True)
def _engine_choice(shared, rule_ub, rule_lb, rule_technical, rule_most, rule_weak):
    """The position of the rule the engine keeps for a pair, when the score bounds decide it,
    else -1.

    The engine visits a pair's rules strong receivers first, then in rule order; it skips a
    rule whose technical upper bound does not exceed the technical fit of the rule it keeps,
    and replaces that rule only by a strictly higher score (``best_rule_per_pair``). Rules
    with ``rule_ub`` below 0 are not among the scorer's rows. Technical fits and their upper
    bounds are the scorer's own products; a score comparison is decided when the bounds do
    not overlap (a tie within the bounds' width is left undecided).
    """
    chosen = -1
    for weak in (False, True):
        for step in range(shared):
            if rule_ub[step] < 0 or rule_weak[step] != weak:
                continue
            if chosen < 0:
                chosen = step
                continue
            if abs(rule_technical[chosen] - rule_most[step]) <= 1e-12:
                return -1  # a rounding could decide the skip either way
            if rule_technical[chosen] >= rule_most[step]:
                continue
            if rule_lb[step] > rule_ub[chosen]:
                chosen = step
            elif not rule_ub[step] <= rule_lb[chosen]:
                return -1
    return chosen


@numba.njit(cache=True)
def _grow(array, size):
    if size <= len(array):
        return array
    grown = np.empty(max(size, 2 * len(array)), dtype=array.dtype)
    grown[:len(array)] = array
    return grown


@numba.njit(cache=True)
def _kernel(
    # supply hits, grouped by output (starts), sorted by rule inside a group
    out_starts, s_row, s_rule, s_strength, s_codes, s_term, s_condition, s_unknown, s_exact,
    s_cond_base, condition_table, unknown_table, s_term_base, term_table,
    # demand hits: by (local rule, cell) and by input (sorted by rule)
    d_row, d_rule, d_strength, d_codes, d_term, d_view, d_term_local, d_key, d_value_fit,
    d_co2_fit, d_demand_q, d_weak,
    d_org, d_months, d_lat, d_lon, d_quantity, d_unit, d_handling, cell_starts, by_input_starts, by_input_hit,
    d_local, rule_local, n_cells_y, n_cells_x, y0, x0, cell_h, cell_w, cos_max, located,
    # streams (global rows)
    lat, lon, org, months, quantity, unit, handling,
    # rules (the helpers read a rule's row of rule_table; weights a tuple: see _rule_table)
    maturity, has_terms, max_scale, weights, total_weight, rule_table,
    top_k, min_technical, detour, cap, has_cap, purchase_max, tight,
):
    n_outputs = len(out_starts) - 1
    capacity = max(1024, 8 * top_k * n_outputs)
    keep_s = np.empty(capacity, dtype=np.int64)
    keep_d = np.empty(capacity, dtype=np.int64)
    keep_ub = np.empty(capacity, dtype=np.float64)
    kept = 0
    visited = 0
    exact = 0
    heap = np.empty(top_k, dtype=np.float64)
    # int32: the kernel's most frequent read out of order (cache misses, perf).
    # Outputs per task stay far below 2**31.
    seen = np.full(len(by_input_starts) - 1, -1, dtype=np.int32)
    widest = 1
    for o in range(n_outputs):
        widest = max(widest, out_starts[o + 1] - out_starts[o])
    # Of each shared rule of a pair: score bounds, technical fit and its upper bound, weak.
    rule_ub = np.empty(widest, dtype=np.float64)
    rule_lb = np.empty(widest, dtype=np.float64)
    rule_technical = np.empty(widest, dtype=np.float64)
    rule_most = np.empty(widest, dtype=np.float64)
    rule_weak = np.empty(widest, dtype=np.bool_)
    # ... and what its lower bound needs.
    rule_hit = np.empty(widest, dtype=np.int64)
    rule_d_up = np.empty(widest, dtype=np.float64)
    rule_condition = np.empty(widest, dtype=np.float64)
    rule_unknown = np.empty(widest, dtype=np.int64)
    rule_codes = np.empty(widest, dtype=np.bool_)
    n_cells = n_cells_y * n_cells_x
    for o in range(n_outputs):
        a, b = out_starts[o], out_starts[o + 1]
        row = s_row[a]
        o_lat, o_lon = lat[row], lon[row]
        count = 0
        threshold = -1.0
        first_kept = kept
        if located:
            cy = int(math.floor(o_lat / cell_h)) - y0
            cx = int(math.floor(o_lon / cell_w)) - x0
            rings = 1 + max(abs(cy), abs(cx), abs(cy - n_cells_y + 1), abs(cx - n_cells_x + 1))
        else:
            cy, cx, rings = 0, 0, 1
        for ring in range(rings):
            ring_km = 0.0
            if located and ring >= 2:
                steps = ring - 1
                lat_km = _R_LOW * math.radians(steps * cell_h)
                half = math.radians(steps * cell_w) / 2
                lon_km = 2 * _R_LOW * math.asin(min(1.0, cos_max * math.sin(min(half, math.pi / 2))))
                ring_km = detour * min(lat_km, lon_km)
                if has_cap and ring_km > cap:
                    break
                if count >= top_k:
                    best = 0.0
                    for h in range(a, b):
                        r = s_rule[h]
                        bound = _hit_bound(s_strength[h], s_condition[h], maturity[r],
                                           math.exp(-ring_km / max_scale[r]), weights,
                                           total_weight)
                        if tight:
                            bound = min(bound, _output_bound(
                                _params_of(rule_table, r), purchase_max[r], s_strength[h],
                                s_condition[h], s_codes[h], quantity[row], unit[row],
                                handling[row], ring_km, weights, total_weight))
                        best = max(best, bound)
                    if best < threshold - _EPSILON:
                        break
            for h in range(a, b):
                r = s_rule[h]
                local = rule_local[r]
                if local < 0:
                    continue
                params = _params_of(rule_table, r)
                # The best this hit can do with an input of key 1 in this ring.
                hit_bound = _hit_bound(s_strength[h], s_condition[h], maturity[r],
                                       math.exp(-ring_km / max_scale[r]), weights, total_weight)
                # What the output fixes (its quantity, value and CO2 after transport, a pipe's
                # distance scale): past some distance no input of this rule can make the top k.
                if tight:
                    h_supply_q, h_distance_fit, h_value_fit, h_co2_fit = _output_fits(
                        params, purchase_max[r], quantity[row], unit[row], handling[row],
                        ring_km)
                    if count >= top_k and _bound_of_fits(
                            s_strength[h] * s_condition[h] * maturity[r], s_codes[h],
                            not np.isnan(h_supply_q), h_distance_fit, h_value_fit, h_co2_fit,
                            weights, total_weight) < threshold - _EPSILON:
                        continue
                    # A pipe's distance scale is at most what the output's supply allows.
                    hit_bound = min(hit_bound, _hit_bound(
                        s_strength[h], s_condition[h], maturity[r], h_distance_fit, weights,
                        total_weight) * (1 + 1e-12))
                for dy in range(-ring, ring + 1):
                    y = cy + dy
                    if y < 0 or y >= n_cells_y:
                        continue
                    step = 1 if (dy == -ring or dy == ring) else 2 * ring
                    if ring == 0:
                        step = 1
                    for dx in range(-ring, ring + 1, step):
                        x = cx + dx
                        if x < 0 or x >= n_cells_x:
                            continue
                        cell = local * n_cells + y * n_cells_x + x
                        for j in range(cell_starts[cell], cell_starts[cell + 1]):
                            # Inputs of a cell by key, best first: the rest cannot do better.
                            if count >= top_k and d_key[j] * hit_bound < threshold - _EPSILON:
                                break
                            if d_org[j] == org[row] or (months[row] & d_months[j]) == 0:
                                continue
                            li = d_local[j]
                            if seen[li] == o:  # handled through another of its rules
                                continue
                            i = d_row[j]
                            visited += 1
                            # Quantities and months alone, before any rule table is read.
                            if count >= top_k and tight and d_key[j] * hit_bound * (
                                    1 - 0.7 * _fit_gap(h_supply_q, d_demand_q[j], months[row],
                                                       d_months[j], weights, total_weight)
                            ) < threshold - _EPSILON:
                                continue
                            # A rule the scorer drops for this pair (condition failed,
                            # technical fit below the floor) is no way in: the pair is
                            # handled through another of its rules, or not at all.
                            d_s = d_strength[j]
                            if s_strength[h] * (1 + d_s) / 2 * maturity[r] < min_technical - 1e-9:
                                continue
                            d_up = d_s
                            if has_terms[r] and s_term[h] and d_term[j] and \
                                    term_table[s_term_base[h] + d_term_local[j]]:
                                d_up = d_s + (1 - d_s) * 0.5
                            # The supply's own conditions, or the (rule, supply signature,
                            # receiver view) table's (read inline: no arrays into a call).
                            if s_exact[h]:
                                cond_up, unknown_up = s_condition[h], s_unknown[h]
                            else:
                                cond_up = condition_table[s_cond_base[h] + d_view[j]]
                                unknown_up = unknown_table[s_cond_base[h] + d_view[j]]
                            if cond_up <= 0:
                                continue
                            technical = s_strength[h] * d_up * cond_up * maturity[r]
                            if technical < min_technical - 1e-9:
                                continue
                            if count >= top_k:
                                # Without the geodesic, exp or tanh: most visits end here.
                                if tight and _visit_bound(
                                        technical, unknown_up, s_codes[h], d_codes[j],
                                        h_supply_q, d_demand_q[j], months[row], d_months[j],
                                        h_distance_fit, min(h_value_fit, d_value_fit[j]),
                                        min(h_co2_fit, d_co2_fit[j]), weights, total_weight,
                                ) < threshold - _EPSILON:
                                    continue
                            i_lat, i_lon = d_lat[j], d_lon[j]
                            if located:
                                if o_lat == i_lat and o_lon == i_lon:
                                    low_km = 0.0
                                else:
                                    low_km = _haversine(o_lat, o_lon, i_lat, i_lon, _R_LOW) * detour
                                if has_cap and low_km > cap:
                                    continue
                            else:
                                low_km = np.nan
                            # Cheap bound first: this rule's best at low_km. A pair is handled
                            # (all its shared rules) at the first of its rules that passes; a
                            # pair none of whose rules passes cannot reach the top k.
                            if count >= top_k:
                                score, _ = _score(
                                    params, s_strength[h], d_up, cond_up, unknown_up,
                                    s_codes[h], d_codes[j], quantity[row], unit[row],
                                    d_quantity[j], d_unit[j], months[row], d_months[j],
                                    handling[row], d_handling[j], low_km, weights,
                                    total_weight)
                                if score < threshold - _EPSILON:
                                    continue
                            seen[li] = o
                            p, q = a, by_input_starts[li]
                            q_end = by_input_starts[li + 1]
                            exact += 1
                            if located:
                                d_low, d_high = _distance_bounds(o_lat, o_lon, i_lat, i_lon)
                                d_low *= detour
                                d_high *= detour
                                if has_cap and d_low > cap:
                                    continue
                            else:
                                d_low, d_high = np.nan, np.nan
                            pair_ub = -1.0
                            pair_lb = 2.0
                            # The engine keeps the first of a pair's rules (strong receivers
                            # first, then rule order) unless a later one scores higher: the
                            # pair scores at least that first rule.
                            first_strong = -1.0
                            first_weak = -1.0
                            near_edge = False
                            surely = False
                            possible = 0
                            shared = 0
                            p2, q2 = p, q
                            while p2 < b and q2 < q_end:
                                h2, j2 = p2, by_input_hit[q2]
                                rp, rq = s_rule[h2], d_rule[j2]
                                if rp < rq:
                                    p2 += 1
                                    continue
                                if rq < rp:
                                    q2 += 1
                                    continue
                                p2 += 1
                                q2 += 1
                                rule_ub[shared] = -1.0  # not a rule the scorer keeps
                                shared += 1
                                d_s = d_strength[j2]
                                most = s_strength[h2] * (1 + d_s) / 2 * maturity[rp]
                                if abs(most - min_technical) < 1e-9:
                                    near_edge = True
                                if most < min_technical:
                                    continue
                                bonus = has_terms[rp] and s_term[h2] and d_term[j2] and \
                                    term_table[s_term_base[h2] + d_term_local[j2]]
                                d_up = d_s + (1 - d_s) * 0.5 if bonus else d_s
                                if s_exact[h2]:
                                    cond_up, unknown_up = s_condition[h2], s_unknown[h2]
                                else:
                                    cond_up = condition_table[s_cond_base[h2] + d_view[j2]]
                                    unknown_up = unknown_table[s_cond_base[h2] + d_view[j2]]
                                upper, tech_up = _score(
                                    _params_of(rule_table, rp), s_strength[h2], d_up, cond_up,
                                    unknown_up, s_codes[h2], d_codes[j2], quantity[row],
                                    unit[row], quantity[i], unit[i], months[row], months[i],
                                    handling[row], handling[i], d_low, weights, total_weight)
                                if abs(tech_up - min_technical) < 1e-9:
                                    near_edge = True  # the scorer may round it either way
                                if cond_up <= 0 or tech_up < min_technical:
                                    continue
                                possible += 1
                                step = shared - 1
                                rule_ub[step] = upper
                                pair_ub = max(pair_ub, upper)
                                rule_technical[step] = tech_up
                                rule_most[step] = most
                                rule_weak[step] = d_weak[j2]
                                rule_hit[step] = h2
                                rule_d_up[step] = d_up
                                rule_condition[step] = cond_up
                                rule_unknown[step] = unknown_up
                                rule_codes[step] = d_codes[j2]
                            if possible == 0:
                                continue
                            # Below the k-th lower bound at its best: no lower bound needed.
                            if count >= top_k and pair_ub < threshold - _EPSILON:
                                continue
                            for step in range(shared):
                                if rule_ub[step] < 0:
                                    continue
                                h2 = rule_hit[step]
                                lower, tech_low = _score(
                                    _params_of(rule_table, s_rule[h2]), s_strength[h2],
                                    rule_d_up[step], rule_condition[step], rule_unknown[step],
                                    s_codes[h2], rule_codes[step], quantity[row], unit[row],
                                    quantity[i], unit[i], months[row], months[i],
                                    handling[row], handling[i], d_high, weights, total_weight)
                                rule_lb[step] = lower
                                if has_cap and d_high > cap:
                                    lower = 0.0  # may lie beyond the cap: no pair then
                                elif tech_low >= min_technical:
                                    surely = True
                                else:
                                    lower = 0.0
                                pair_lb = min(pair_lb, lower)
                                if rule_weak[step]:
                                    if first_weak < 0:
                                        first_weak = lower
                                elif first_strong < 0:
                                    first_strong = lower
                            chosen = -1
                            if not near_edge:
                                pair_lb = first_strong if first_strong >= 0 else first_weak
                                chosen = _engine_choice(shared, rule_ub, rule_lb,
                                                        rule_technical, rule_most, rule_weak)
                                if chosen >= 0:
                                    pair_ub = rule_ub[chosen]
                                    pair_lb = rule_lb[chosen]
                                    if has_cap and d_high > cap:
                                        pair_lb = 0.0
                            if surely:
                                if count < top_k:
                                    heap[count] = pair_lb
                                    count += 1
                                    if count == top_k:
                                        threshold = heap.min()
                                elif pair_lb > threshold:
                                    smallest = np.argmin(heap)
                                    heap[smallest] = pair_lb
                                    threshold = heap.min()
                            if count >= top_k and pair_ub < threshold - _EPSILON:
                                continue
                            # Keep the shared rules that can be the engine's choice: the first
                            # (its score is the pair's lower bound) and those that may score
                            # higher and replace it; the scorer picks one.
                            p2, q2 = p, q
                            step = -1
                            while p2 < b and q2 < q_end:
                                h2, j2 = p2, by_input_hit[q2]
                                rp, rq = s_rule[h2], d_rule[j2]
                                if rp < rq:
                                    p2 += 1
                                    continue
                                if rq < rp:
                                    q2 += 1
                                    continue
                                step += 1
                                if (chosen >= 0 and step != chosen) or (
                                        not near_edge and rule_ub[step] < pair_lb - _EPSILON):
                                    p2 += 1
                                    q2 += 1
                                    continue
                                if kept >= len(keep_s):
                                    keep_s = _grow(keep_s, kept + 1)
                                    keep_d = _grow(keep_d, kept + 1)
                                    keep_ub = _grow(keep_ub, kept + 1)
                                keep_s[kept] = h2
                                keep_d[kept] = j2
                                keep_ub[kept] = pair_ub
                                kept += 1
                                p2 += 1
                                q2 += 1
        # Drop what the final k-th lower bound rules out.
        if count >= top_k:
            write = first_kept
            for position in range(first_kept, kept):
                if keep_ub[position] >= threshold - _EPSILON:
                    keep_s[write] = keep_s[position]
                    keep_d[write] = keep_d[position]
                    keep_ub[write] = keep_ub[position]
                    write += 1
            kept = write
    return keep_s[:kept], keep_d[:kept], visited, exact


def candidate_pairs(
    table: StreamTable, rules: Sequence[Rule], supply: pd.DataFrame, demand: pd.DataFrame, *,
    top_k: int = 10, min_technical_fit: float = 0.2, detour_factor: float = 1.3,
    weights: Mapping[str, float] | None = None,
    transport: Mapping[str, TransportMode] | None = None,
    max_distance_km: float | None = None, cell_km: float | None = None,
    stats: dict | None = None, _cache: dict | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The (supply hit, demand hit) positions that can reach an output's top ``top_k``.

    ``supply`` and ``demand`` are hits of ``table`` (as :func:`score_pairs` takes them); the
    result goes to ``score_pairs(..., joined=result)``. Returns None when pruning does not
    apply (streams without coordinates mixed with located ones, negative transport figures or
    weights): score every pair then. ``stats["pairs"]`` counts the pairs visited,
    ``stats["scored"]`` those kept.
    """
    merged = dict(DEFAULT_WEIGHTS)
    merged.update(weights or {})
    modes = dict(TRANSPORT)
    modes.update(transport or {})
    if any(value < 0 for value in merged.values()) or any(
            m.eur_per_unit_km < 0 or m.kg_co2_per_unit_km < 0 for m in modes.values()):
        return None
    if len(supply) == 0 or len(demand) == 0:
        return np.array([], dtype=np.int64), np.array([], dtype=np.int64)
    rules = tuple(rules)
    arrays = _RuleArrays(rules, modes)
    lat = table.column("lat").astype(float, copy=False)
    lon = table.column("lon").astype(float, copy=False)
    s_rows = supply["row"].to_numpy(np.int64)
    d_rows = demand["row"].to_numpy(np.int64)
    involved = np.concatenate([s_rows, d_rows])
    unlocated = np.isnan(lat[involved]) | np.isnan(lon[involved])
    if unlocated.any() and not unlocated.all():
        return None
    located = not unlocated.any()

    # Supply hits grouped by output row, rules ascending inside a group.
    s_order = np.lexsort((supply["rule"].to_numpy(), s_rows))
    s_rows_sorted = s_rows[s_order]
    s_rule = supply["rule"].to_numpy(np.int64)[s_order]
    starts = np.flatnonzero(np.r_[True, s_rows_sorted[1:] != s_rows_sorted[:-1]])
    out_starts = np.r_[starts, len(s_order)].astype(np.int64)
    condition, unknown, exact = _supply_conditions(
        table, rules, arrays, s_rows_sorted, s_rule, _cache)
    d_rule = demand["rule"].to_numpy(np.int64)
    s_cond_base, d_view, condition_table, unknown_table = _receiver_conditions(
        table, rules, arrays, s_rows_sorted, s_rule, d_rows, d_rule, condition)
    s_term_base, d_term_local, term_table = _shared_terms(
        table, rules, arrays, s_rows_sorted, s_rule,
        supply["term"].to_numpy(bool)[s_order], d_rows, d_rule, demand["term"].to_numpy(bool))

    # Demand hits by input (rules ascending) and by (rule, fine cell).
    inputs, d_local = np.unique(d_rows, return_inverse=True)
    by_input_hit = np.lexsort((d_rule, d_local)).astype(np.int64)
    by_input_starts = np.searchsorted(d_local[by_input_hit], np.arange(len(inputs) + 1))
    used_rules = np.unique(s_rule)
    rule_local = np.full(len(rules), -1, dtype=np.int64)
    rule_local[used_rules] = np.arange(len(used_rules))
    wanted = rule_local[d_rule] >= 0
    cap = float(max_distance_km) if max_distance_km is not None else 0.0
    if located:
        all_lat = lat[involved]
        cos_max = math.cos(math.radians(min(89.0, float(np.abs(all_lat).max()))))
        if cell_km is None:
            cell_km = min(10.0, cap / 6) if max_distance_km is not None else 10.0
        # Fine cells where the task is dense, coarser where a small task spans a wide area:
        # the grid holds (rules x cells) run starts.
        budget = max(4 * len(d_rows), 50_000)
        while True:
            cell_h = cell_km / 111.0
            cell_w = min(cell_km / (111.0 * cos_max), 360.0)
            d_y = np.floor(lat[d_rows] / cell_h).astype(np.int64)
            d_x = np.floor(lon[d_rows] / cell_w).astype(np.int64)
            y0, x0 = int(d_y.min()), int(d_x.min())
            n_y, n_x = int(d_y.max()) - y0 + 1, int(d_x.max()) - x0 + 1
            if n_y * n_x * len(used_rules) <= budget:
                break
            cell_km *= 1.5
        cell = (d_y - y0) * n_x + (d_x - x0)
    else:
        cos_max, cell_h, cell_w, y0, x0, n_y, n_x = 1.0, 1.0, 1.0, 0, 0, 1, 1
        cell = np.zeros(len(d_rows), dtype=np.int64)
    n_cells = n_y * n_x
    # Hits of rules no output of the task has sort last (the inputs still list them).
    key = np.where(wanted, rule_local[d_rule] * n_cells + cell, len(used_rules) * n_cells)
    units, unit_codes = _unit_codes(table, arrays)
    d_key, d_value_fit, d_co2_fit, d_demand_q = _demand_keys(
        table, arrays, merged, units, unit_codes, s_rows_sorted, s_rule, d_rows, d_rule,
        demand["strength"].to_numpy(float), demand["from_codes"].to_numpy(bool),
        demand["term"].to_numpy(bool))
    by_cell = np.lexsort((-d_key, key))  # by (rule, cell), best key first
    cell_starts = np.searchsorted(key[by_cell], np.arange(len(used_rules) * n_cells + 1))
    position_in_cells = np.empty(len(by_cell), dtype=np.int64)
    position_in_cells[by_cell] = np.arange(len(by_cell))

    org_codes = table.column("org_code").astype(np.int64, copy=False)
    months = table.column("months").astype(np.int64, copy=False)
    quantity = table.column("quantity").astype(float, copy=False)
    handling = table.column("handling").astype(float, copy=False)
    total_weight = sum(merged.values()) or 1.0
    weight_tuple = tuple(float(merged[name])
                         for name in ("quantity", "time", "distance", "value", "co2"))
    max_scale = np.where(arrays.pipeline, arrays.scale_km * 4.0, arrays.scale_km)
    purchase_max, tight = _output_bound_inputs(table, arrays, involved, d_rows, d_rule, located)
    rule_table = _rule_table(
        arrays.maturity, arrays.ratio, units["supply"], units["receive"], arrays.pipeline,
        arrays.scale_km, arrays.per_unit_km, arrays.reference_flow, arrays.fixed,
        arrays.kg_co2_km, arrays.disposal, arrays.purchase, arrays.processing, arrays.emission)
    keep_s, keep_d, visited, scored = _kernel(
        out_starts, s_rows_sorted, s_rule,
        supply["strength"].to_numpy(float)[s_order],
        supply["from_codes"].to_numpy(bool)[s_order], supply["term"].to_numpy(bool)[s_order],
        condition, unknown, exact, s_cond_base, condition_table, unknown_table,
        s_term_base, term_table,
        d_rows[by_cell], d_rule[by_cell], demand["strength"].to_numpy(float)[by_cell],
        demand["from_codes"].to_numpy(bool)[by_cell], demand["term"].to_numpy(bool)[by_cell],
        d_view[by_cell], d_term_local[by_cell], d_key[by_cell], d_value_fit[by_cell],
        d_co2_fit[by_cell], d_demand_q[by_cell],
        demand["weak"].to_numpy(bool)[by_cell],
        *(values[d_rows[by_cell]] for values in (
            org_codes, months, lat, lon, quantity, unit_codes, handling)),
        cell_starts.astype(np.int64), by_input_starts.astype(np.int64),
        position_in_cells[by_input_hit], d_local[by_cell].astype(np.int64),
        rule_local, n_y, n_x, y0, x0, cell_h, cell_w, cos_max, located,
        lat, lon, org_codes, months, quantity, unit_codes, handling,
        arrays.maturity.astype(float), arrays.has_supplier_terms, max_scale.astype(float),
        weight_tuple, float(total_weight), rule_table, int(top_k), float(min_technical_fit),
        float(detour_factor), cap, max_distance_km is not None, purchase_max, tight,
    )
    if stats is not None:
        stats["pairs"] = stats.get("pairs", 0) + int(visited)
        stats["scored"] = stats.get("scored", 0) + int(len(keep_s))
        stats["bounded"] = stats.get("bounded", 0) + int(scored)
    # Positions in the caller's frames: supply sorted by s_order, demand by by_cell.
    return s_order[keep_s].astype(np.int64), by_cell[keep_d].astype(np.int64)


def _output_bound_inputs(table: StreamTable, arrays: _RuleArrays, involved: np.ndarray,
                         d_rows: np.ndarray, d_rule: np.ndarray, located: bool,
                         ) -> tuple[np.ndarray, bool]:
    """The most any input of the task avoids in purchase per unit, per rule (NaN where one of
    them is unknown: no value bound then), and whether :func:`_output_bound` holds for the
    task (located streams, no negative quantity or substitution ratio: the exchanged quantity
    is then between 0 and the supply)."""
    handling = table.column("handling").astype(float, copy=False)[d_rows]
    purchase = np.where(np.isnan(handling), arrays.purchase[d_rule],
                        handling * arrays.ratio[d_rule])
    purchase_max = np.full(len(arrays.purchase), -np.inf)
    np.maximum.at(purchase_max, d_rule, np.where(np.isnan(purchase), np.inf, purchase))
    purchase_max[np.isinf(purchase_max) & (purchase_max > 0)] = np.nan
    quantity = table.column("quantity").astype(float, copy=False)[involved]
    tight = bool(located and not (quantity < 0).any() and (arrays.ratio > 0).all())
    return purchase_max, tight


def _unit_codes(table: StreamTable, arrays: _RuleArrays) -> tuple[dict, np.ndarray]:
    """Units as integers, equal where the strings are equal (streams and rules)."""
    cached = table._columns.get("_unit_codes")
    if cached is None:
        cached = table._columns["_unit_codes"] = pd.factorize(
            table.column("unit"), use_na_sentinel=False)
    stream_codes, uniques = cached
    lookup = {unit: position for position, unit in enumerate(uniques)}
    rule_codes = {
        side: np.array([lookup.get(unit, -1 - index) for index, unit in enumerate(units)],
                       dtype=np.int64)
        for side, units in (("supply", arrays.supply_unit), ("receive", arrays.receive_unit))}
    return rule_codes, stream_codes.astype(np.int64)


def _supply_conditions(table: StreamTable, rules: Sequence[Rule], arrays: _RuleArrays,
                       rows: np.ndarray, rule_of_hit: np.ndarray, cache: dict | None,
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Condition factor and unknown count of every supply hit whose rule tests the supply
    only (``exact``); others are bounded in the kernel."""
    condition = np.ones(len(rows))
    unknown = np.zeros(len(rows), dtype=np.int64)
    exact = ~arrays.reads_receiver[rule_of_hit]
    with_conditions = np.flatnonzero(exact & arrays.has_conditions[rule_of_hit])
    if len(with_conditions) == 0:
        return condition, unknown, exact
    from .vectorised import _CACHE

    cache = _CACHE if cache is None else cache
    signature = table.column("condition_sig")
    codes, uniques = _factorize_ints(rule_of_hit[with_conditions], signature[rows[with_conditions]])
    first = np.full(len(uniques), -1)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    factors = np.empty(len(uniques))
    unknowns = np.empty(len(uniques), dtype=np.int64)
    by_codes = table.by_codes
    rule_ids = _rules_key(by_codes, rules)
    for position in range(len(uniques)):
        hit = with_conditions[first[position]]
        code_key = ("c", rule_ids, int(rule_of_hit[hit]), int(signature[rows[hit]]), -1)
        found = by_codes.get(code_key)
        if found is None:
            rule = rules[rule_of_hit[hit]]
            key = ("c", rule, condition_key(table, rows[hit]), None)
            found = cache.get(key)
            if found is None:
                stream = table.streams[rows[hit]]
                factor, _, unknown_count = _check_conditions(rule, stream, stream)
                found = cache[key] = (factor, unknown_count)
            by_codes[code_key] = found
        factors[position], unknowns[position] = found
    condition[with_conditions] = factors[codes]
    unknown[with_conditions] = unknowns[codes]
    return condition, unknown, exact


def _receiver_conditions(table: StreamTable, rules: Sequence[Rule], arrays: _RuleArrays,
                         s_rows: np.ndarray, s_rule: np.ndarray, d_rows: np.ndarray,
                         d_rule: np.ndarray, condition: np.ndarray,
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exact conditions of the rules that read the receiver, as a table the kernel indexes.

    Such a rule's factor depends on the supply's condition signature and on the receiver's
    *view* (what it says of the properties the rule tests), of which a task holds few. For
    every rule, the table holds one row per distinct supply signature and one column per
    distinct view; ``s_cond_base[h] + d_view[j]`` is the position of a (supply hit, demand
    hit) pair. ``condition`` of those supply hits becomes their best factor over the views
    (the bound of the kernel's ring test).
    """
    s_cond_base = np.zeros(len(s_rows), dtype=np.int64)
    d_view = np.zeros(len(d_rows), dtype=np.int64)
    reading_s = np.flatnonzero(arrays.reads_receiver[s_rule])
    reading_d = np.flatnonzero(arrays.reads_receiver[d_rule])
    empty = np.zeros(1), np.zeros(1, dtype=np.int64)
    if len(reading_s) == 0 or len(reading_d) == 0:
        condition[reading_s] = 0.0
        return s_cond_base, d_view, *empty
    signature = table.column("condition_sig").astype(np.int64, copy=False)
    by_codes = table.by_codes
    rule_ids = _rules_key(by_codes, rules)
    # The view of every demand hit, once per distinct (rule, input signature).
    rules_d = d_rule[reading_d]
    codes, keys = _factorize_ints(rules_d, signature[d_rows[reading_d]])
    first = np.full(len(keys), -1)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    views = np.empty(len(keys), dtype=np.int64)
    for position in range(len(keys)):
        at = first[position]
        rule_index = int(rules_d[at])
        view_key = ("v", rule_ids, rule_index, int(signature[d_rows[reading_d[at]]]))
        view = by_codes.get(view_key)
        if view is None:
            view = by_codes[view_key] = by_codes.setdefault(
                ("view", rule_index, _demand_view(rules[rule_index],
                                                  table.streams[d_rows[reading_d[at]]])),
                len(by_codes))
        views[position] = view
    view_of_hit = views[codes]
    # Local view and supply-signature numbers per rule.
    view_pairs, view_inverse = np.unique(np.stack([rules_d, view_of_hit], axis=1), axis=0,
                                         return_inverse=True)
    view_inverse = view_inverse.reshape(-1)
    view_start = np.searchsorted(view_pairs[:, 0], view_pairs[:, 0], side="left")
    d_view[reading_d] = (np.arange(len(view_pairs)) - view_start)[view_inverse]
    n_views = np.bincount(view_pairs[:, 0], minlength=len(rules))
    first_view_row = np.full(len(view_pairs), -1)
    first_view_row[view_inverse[::-1]] = d_rows[reading_d][::-1]

    rules_s = s_rule[reading_s]
    sig_pairs, sig_inverse = np.unique(np.stack([rules_s, signature[s_rows[reading_s]]], axis=1),
                                       axis=0, return_inverse=True)
    sig_inverse = sig_inverse.reshape(-1)
    sig_start = np.searchsorted(sig_pairs[:, 0], sig_pairs[:, 0], side="left")
    first_sig_row = np.full(len(sig_pairs), -1)
    first_sig_row[sig_inverse[::-1]] = s_rows[reading_s][::-1]
    sizes = n_views[sig_pairs[:, 0]]
    base = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
    s_cond_base[reading_s] = base[sig_inverse]
    condition_table = np.zeros(max(1, int(sizes.sum())))
    unknown_table = np.zeros(len(condition_table), dtype=np.int64)
    best = np.zeros(len(sig_pairs))
    view_rule_start = np.searchsorted(view_pairs[:, 0], np.arange(len(rules) + 1))
    for position in range(len(sig_pairs)):
        rule_index, sig = int(sig_pairs[position, 0]), int(sig_pairs[position, 1])
        supplied = None
        for v in range(int(sizes[position])):
            view_position = view_rule_start[rule_index] + v
            view = int(view_pairs[view_position, 1])
            code_key = ("c", rule_ids, rule_index, sig, view)
            found = by_codes.get(code_key)
            if found is None:
                if supplied is None:
                    supplied = table.streams[first_sig_row[position]]
                factor, _, unknown_count = _check_conditions(
                    rules[rule_index], supplied, table.streams[first_view_row[view_position]])
                found = by_codes[code_key] = (factor, unknown_count)
            condition_table[base[position] + v] = found[0]
            unknown_table[base[position] + v] = found[1]
            best[position] = max(best[position], found[0])
    condition[reading_s] = best[sig_inverse]
    return s_cond_base, d_view, condition_table, unknown_table


def _shared_terms(table: StreamTable, rules: Sequence[Rule], arrays: _RuleArrays,
                  s_rows: np.ndarray, s_rule: np.ndarray, s_term: np.ndarray,
                  d_rows: np.ndarray, d_rule: np.ndarray, d_term: np.ndarray,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whether both names share a term of the rule, as a table the kernel indexes: per
    rule, one row per distinct output name and one column per distinct input name (of the
    hits whose names carry a term of the rule); ``s_term_base[h] + d_term_local[j]``."""
    s_base = np.zeros(len(s_rows), dtype=np.int64)
    d_local = np.zeros(len(d_rows), dtype=np.int64)
    s_sel = np.flatnonzero(s_term & arrays.has_supplier_terms[s_rule])
    d_sel = np.flatnonzero(d_term & arrays.has_supplier_terms[d_rule])
    if len(s_sel) == 0 or len(d_sel) == 0:
        return s_base, d_local, np.zeros(1, dtype=np.bool_)
    names = table.column("name_code").astype(np.int64, copy=False)
    name_text = table.column("name")
    d_pairs, _, d_local[d_sel], d_first, d_counts = _per_rule(
        d_rule[d_sel], names[d_rows[d_sel]], len(rules))
    s_pairs, s_inverse, _, s_first, _ = _per_rule(s_rule[s_sel], names[s_rows[s_sel]], len(rules))
    sizes = d_counts[s_pairs[:, 0]]
    base = np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int64)
    s_base[s_sel] = base[s_inverse]
    term_table = np.zeros(max(1, int(sizes.sum())), dtype=np.bool_)
    d_rule_start = np.searchsorted(d_pairs[:, 0], np.arange(len(rules) + 1))
    by_codes = table.by_codes
    rule_ids = _rules_key(by_codes, rules)
    for position in range(len(s_pairs)):
        rule_index, out_name = int(s_pairs[position, 0]), int(s_pairs[position, 1])
        for v in range(int(sizes[position])):
            in_name = int(d_pairs[d_rule_start[rule_index] + v, 1])
            code_key = ("t", rule_ids, rule_index, out_name, in_name)
            found = by_codes.get(code_key)
            if found is None:
                found = by_codes[code_key] = bool(_shared_term(
                    rules[rule_index].supplier_terms,
                    str(name_text[s_rows[s_sel[s_first[position]]]] or ""),
                    str(name_text[d_rows[d_sel[d_first[d_rule_start[rule_index] + v]]]] or "")))
            term_table[base[position] + v] = found
    return s_base, d_local, term_table


def _per_rule(rule: np.ndarray, key: np.ndarray, n_rules: int):
    """Distinct (rule, key) pairs sorted by rule; for every hit its pair and that pair's
    number within its rule; the first hit of every pair; the number of pairs of every rule."""
    pairs, inverse = np.unique(np.stack([rule, key], axis=1), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    start = np.searchsorted(pairs[:, 0], pairs[:, 0], side="left")
    first = np.full(len(pairs), -1)
    first[inverse[::-1]] = np.arange(len(inverse))[::-1]
    return pairs, inverse, (np.arange(len(pairs)) - start)[inverse], first, \
        np.bincount(pairs[:, 0], minlength=n_rules)


def _demand_keys(table: StreamTable, arrays: _RuleArrays, weights: Mapping[str, float],
                 units: dict, unit_codes: np.ndarray, s_rows: np.ndarray, s_rule: np.ndarray,
                 d_rows: np.ndarray, d_rule: np.ndarray, d_strength: np.ndarray,
                 d_codes: np.ndarray, d_term: np.ndarray,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """An upper bound of every demand hit's share of a pair's score, whatever the output:
    a pair scores at most ``s_strength * condition * maturity * key`` (times the distance
    factor of its ring). It bounds what the input alone limits: its strength (with the
    same-term bonus if its name carries a term), its codes and unknown quantity in the
    confidence, and the value and CO2 that at most its quantity can bring (the most any of
    the task's outputs of the rule avoids in disposal). A perfect input has key 1.

    Also returns those upper bounds of the value and CO2 fits (1 where unknown), which
    :func:`_visit_bound` combines with what the output allows, and every hit's demand in its
    rule's supply unit (NaN unknown), which :func:`_fit_gap` compares with the supply.
    """
    quantity = table.column("quantity").astype(float, copy=False)[d_rows]
    handling = table.column("handling").astype(float, copy=False)
    unit = unit_codes[d_rows]
    ratio = arrays.ratio[d_rule]
    demand_q = np.where(unit == units["receive"][d_rule], quantity / ratio,
                        np.where(unit == units["supply"][d_rule], quantity, np.nan))
    # The most any output of the task avoids per unit for each rule.
    s_disposal = np.where(np.isnan(handling[s_rows]), arrays.disposal[s_rule], handling[s_rows])
    disposal = np.full(len(arrays.disposal), -np.inf)
    np.maximum.at(disposal, s_rule, s_disposal)
    disposal[np.isinf(disposal)] = 0.0  # rules no output of the task has: never visited
    d_handling = handling[d_rows]
    purchase = np.where(np.isnan(d_handling), arrays.purchase[d_rule], d_handling * ratio)
    known = ~np.isnan(demand_q)
    value_fit, co2_fit = _input_fits(demand_q, disposal[d_rule], purchase,
                                     arrays.processing[d_rule], arrays.emission[d_rule])
    strength = np.where(d_term & arrays.has_supplier_terms[d_rule],
                        d_strength + (1 - d_strength) * 0.5, d_strength)
    key = _input_key(strength, known, value_fit, co2_fit, d_codes, weights)
    return (key, np.where(np.isnan(value_fit), 1.0, value_fit) * (1 + 1e-12),
            np.where(np.isnan(co2_fit), 1.0, co2_fit) * (1 + 1e-12), demand_q)


def _input_key(strength, known, value_fit, co2_fit, codes, weights: Mapping[str, float]):
    """The key of inputs of this (bonus-included) strength, known demand, value and CO2 fit
    bounds and codes: every other fit taken as 1 (:func:`_demand_keys`)."""
    total = sum(weights.values()) or 1.0
    mean_fit = (weights["quantity"] * np.where(known, 1.0, 0.5) + weights["time"]
                + weights["distance"] + weights["value"] * value_fit
                + weights["co2"] * co2_fit) / total
    confidence = np.where(codes, 1.0, 0.95) * np.where(known, 1.0, 0.9)
    # A hair of slack: the kernel's own arithmetic rounds differently.
    return strength * (0.3 + 0.7 * mean_fit) * (0.85 + 0.15 * confidence) * (1 + 1e-9)


def _input_fits(demand_q: np.ndarray, disposal: np.ndarray, purchase: np.ndarray,
                processing: np.ndarray, emission: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Upper bounds of the value and CO2 fits of pairs with inputs needing ``demand_q`` (in
    the rule's supply unit, NaN unknown: fit 1), at most ``disposal`` avoided per unit by
    the output: the exchanged quantity is at most the demand and transport only costs."""
    known = ~np.isnan(demand_q)
    q = np.where(known, demand_q, 0.0)
    value = np.maximum(0.0, q * (disposal + purchase - processing))
    co2 = np.maximum(0.0, q * emission / 1000.0)
    return (np.where(known, 0.5 + 0.5 * np.tanh(value / 100_000.0), 1.0),
            np.where(known, 0.5 + 0.5 * np.tanh(co2 / 500.0), 1.0))
