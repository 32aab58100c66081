"""Compiled inner loops of the scheduling heuristics (numba, nopython, cached on disk).

Arrays only: durations ``(n,)``, requests ``(n, R)``, capacities ``(R,)``, precedence as
CSR (``ptr``/``idx``) lists, a ``(R, H)`` workspace of free capacity. The Python-level API
in :mod:`.heuristics` wraps them.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def serial_sgs(order, durations, requests, capacities, before_ptr, before_idx, free, start):
    """Serial schedule generation scheme; fills ``start`` and returns the makespan.

    ``before`` lists, for each activity, the activities that must finish before it
    (predecessors forward, successors when scheduling the reversed network).
    """
    n_resources, horizon = free.shape
    for r in range(n_resources):
        for t in range(horizon):
            free[r, t] = capacities[r]
    makespan = 0
    for k in range(order.shape[0]):
        j = order[k]
        t = 0
        for q in range(before_ptr[j], before_ptr[j + 1]):
            p = before_idx[q]
            if start[p] + durations[p] > t:
                t = start[p] + durations[p]
        d = durations[j]
        if d > 0:
            while True:
                # Scan the window from its end so that a clash lets us jump past it at once.
                clash = -1
                for tau in range(t + d - 1, t - 1, -1):
                    for r in range(n_resources):
                        if requests[j, r] > free[r, tau]:
                            clash = tau
                            break
                    if clash >= 0:
                        break
                if clash < 0:
                    break
                t = clash + 1
            for tau in range(t, t + d):
                for r in range(n_resources):
                    free[r, tau] -= requests[j, r]
        start[j] = t
        if t + d > makespan:
            makespan = t + d
    return makespan


@njit(cache=True)
def justify(start, durations, requests, capacities, pred_ptr, pred_idx, succ_ptr, succ_idx, rank,
            free, scratch):
    """Double justification: right-justify (backward pass), then left-justify (forward pass).

    Overwrites ``start`` with the new schedule and returns its makespan (never longer).
    """
    n = start.shape[0]
    horizon = free.shape[1] + 1
    key = np.empty(n, dtype=np.int64)
    for j in range(n):
        finish = start[j] + durations[j]
        key[j] = -((finish * horizon + start[j]) * (n + 1) + rank[j])
    order = np.argsort(key)
    serial_sgs(order, durations, requests, capacities, succ_ptr, succ_idx, free, scratch)
    makespan = 0
    for j in range(n):
        if scratch[j] + durations[j] > makespan:
            makespan = scratch[j] + durations[j]
    for j in range(n):
        real_start = makespan - scratch[j] - durations[j]
        key[j] = (real_start * horizon + real_start + durations[j]) * (n + 1) + rank[j]
    order = np.argsort(key)
    return serial_sgs(order, durations, requests, capacities, pred_ptr, pred_idx, free, start)


@njit(cache=True)
def improve(start, durations, requests, capacities, pred_ptr, pred_idx, succ_ptr, succ_idx, rank,
            free, scratch, max_rounds):
    """Repeat double justification while it shortens the schedule; returns the makespan."""
    best = 0
    for j in range(start.shape[0]):
        if start[j] + durations[j] > best:
            best = start[j] + durations[j]
    keep = start.copy()
    for _ in range(max_rounds):
        makespan = justify(start, durations, requests, capacities, pred_ptr, pred_idx, succ_ptr,
                           succ_idx, rank, free, scratch)
        if makespan < best:
            best = makespan
            keep[:] = start
        else:
            start[:] = keep
            break
    return best


@njit(cache=True)
def list_from_starts(start, rank):
    """Activity list ordered by start time (ties by topological rank): precedence-feasible,
    and its serial decoding is no longer than the schedule it came from."""
    n = start.shape[0]
    key = np.empty(n, dtype=np.int64)
    for j in range(n):
        key[j] = start[j] * (n + 1) + rank[j]
    return np.argsort(key)


@njit(cache=True)
def two_point_crossover(mother, father, q1, q2, child, used):
    """Hartmann's two-point crossover of activity lists (keeps precedence feasibility):
    mother's first q1, then father's next unused up to q2, then mother's rest."""
    n = mother.shape[0]
    for j in range(n):
        used[j] = False
    k = 0
    for i in range(q1):
        child[k] = mother[i]
        used[mother[i]] = True
        k += 1
    for i in range(n):
        if k >= q2:
            break
        a = father[i]
        if not used[a]:
            child[k] = a
            used[a] = True
            k += 1
    for i in range(n):
        a = mother[i]
        if not used[a]:
            child[k] = a
            used[a] = True
            k += 1


@njit(cache=True)
def mutate(activity_list, is_predecessor, probability, draws):
    """Swap neighbours that are not in a direct precedence relation, each with ``probability``."""
    n = activity_list.shape[0]
    for i in range(n - 1):
        if draws[i] < probability:
            a = activity_list[i]
            b = activity_list[i + 1]
            if not is_predecessor[a, b]:
                activity_list[i] = b
                activity_list[i + 1] = a
