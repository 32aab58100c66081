"""Compiled inner loops of the QAP solver (numba, nopython).

Everything here works on a *reduced, square* problem of size ``n``: facilities
``0 .. n_real-1`` are real, ``n_real .. n-1`` are dummies (zero flows, zero linear
cost, allowed everywhere) that pad the problem when there are more locations than
facilities. Matrices are float64, the permutation ``p`` maps facility -> location.
The public wrappers in :mod:`veturi.engine.allocation.qap` build that reduced
problem (fixed pairs folded into the linear term) and validate the input.

Conventions: ``A`` flow between facilities, ``B`` distance between locations, ``L``
linear cost ``L[i, k]`` of facility ``i`` on location ``k`` and ``ok[i, k]`` whether
that pair is allowed. Cost of ``p`` is
``sum_ij A[i, j] * B[p[i], p[j]] + sum_i L[i, p[i]]``.
"""

from __future__ import annotations

import time

import numba
import numpy as np
from numba import njit

INF = 1.0e300

# ---------------------------------------------------------------- randomness
# A private xorshift64* generator whose whole state is one uint64 in an array, so
# that a run is reproducible from its seed whatever else uses numpy's generator.


@njit(cache=True)
def _next_u64(rng):
    x = rng[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    rng[0] = x
    return x * np.uint64(2685821657736338717)


@njit(cache=True)
def _rand_unit(rng):
    """Uniform float in [0, 1)."""
    return (_next_u64(rng) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def _rand_int(rng, upper):
    """Uniform int in [0, upper)."""
    return np.int64(_rand_unit(rng) * upper)


def make_rng(seed: int) -> np.ndarray:
    """State array for the compiled generator, mixed from ``seed`` (splitmix64)."""
    z = (int(seed) + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    z ^= z >> 31
    return np.array([z or 0x2545F4914F6CDD1D], dtype=np.uint64)


@njit(cache=True)
def _clock():
    with numba.objmode(now="float64"):
        now = time.perf_counter()
    return now


# ---------------------------------------------------------------- costs and deltas


@njit(cache=True)
def full_cost(A, B, L, p):
    """Objective value of the permutation ``p``."""
    n = p.shape[0]
    total = 0.0
    for i in range(n):
        pi = p[i]
        total += L[i, pi]
        for j in range(n):
            total += A[i, j] * B[pi, p[j]]
    return total


@njit(cache=True)
def swap_delta(A, B, L, p, r, s):
    """Change of the objective when facilities ``r`` and ``s`` swap locations, O(n)."""
    n = p.shape[0]
    pr = p[r]
    ps = p[s]
    d = (A[r, r] - A[s, s]) * (B[ps, ps] - B[pr, pr]) + (A[r, s] - A[s, r]) * (
        B[ps, pr] - B[pr, ps]
    )
    for k in range(n):
        if k != r and k != s:
            pk = p[k]
            d += (A[k, r] - A[k, s]) * (B[pk, ps] - B[pk, pr]) + (A[r, k] - A[s, k]) * (
                B[ps, pk] - B[pr, pk]
            )
    d += L[r, ps] + L[s, pr] - L[r, pr] - L[s, ps]
    return d


@njit(cache=True)
def all_deltas(A, B, L, p, n_real, delta):
    """Fill ``delta[i, j]`` (i < j, i real) for every swap, O(n^3)."""
    n = p.shape[0]
    for i in range(n_real):
        for j in range(i + 1, n):
            delta[i, j] = swap_delta(A, B, L, p, i, j)


# The search keeps the distance matrix permuted along with ``p``
# (``Bp[i, j] = B[p[i], p[j]]``) so that every inner loop reads contiguous rows
# instead of gathering through ``p``: several times faster on large n.


@njit(cache=True)
def permute_distances(B, p, Bp, BpT):
    """Fill ``Bp[i, j] = B[p[i], p[j]]`` and its transpose ``BpT``."""
    n = p.shape[0]
    for i in range(n):
        for j in range(n):
            Bp[i, j] = B[p[i], p[j]]
            BpT[j, i] = Bp[i, j]


@njit(cache=True)
def _swap_rows_and_columns(M, r, s):
    n = M.shape[0]
    for k in range(n):
        tmp = M[r, k]
        M[r, k] = M[s, k]
        M[s, k] = tmp
    for k in range(n):
        tmp = M[k, r]
        M[k, r] = M[k, s]
        M[k, s] = tmp


@njit(cache=True, fastmath=True)
def _row_products(A, Bp, r, s):
    """``sum_k (A[r, k] - A[s, k]) * (Bp[s, k] - Bp[r, k])`` over contiguous rows."""
    ar = A[r]
    as_ = A[s]
    br = Bp[r]
    bs = Bp[s]
    total = 0.0
    for k in range(ar.shape[0]):
        total += (ar[k] - as_[k]) * (bs[k] - br[k])
    return total


@njit(cache=True)
def dense_delta(A, AT, Bp, BpT, L, p, r, s, symmetric):
    """Same value as :func:`swap_delta`, from contiguous rows of ``A``, ``A.T``, ``Bp``, ``Bp.T``.

    The sum runs over every ``k`` (no branch, so it vectorises) and the terms of
    ``k = r`` and ``k = s`` are then replaced by the exact ones.
    """
    if symmetric:
        total = 2.0 * _row_products(A, Bp, r, s)
    else:
        total = _row_products(AT, BpT, r, s) + _row_products(A, Bp, r, s)
    # Remove the k = r and k = s terms of the sum ...
    total -= (AT[r, r] - AT[s, r]) * (BpT[s, r] - BpT[r, r]) + (A[r, r] - A[s, r]) * (
        Bp[s, r] - Bp[r, r]
    )
    total -= (AT[r, s] - AT[s, s]) * (BpT[s, s] - BpT[r, s]) + (A[r, s] - A[s, s]) * (
        Bp[s, s] - Bp[r, s]
    )
    # ... and add what the swap does to the pair {r, s} itself.
    total += (A[r, r] - A[s, s]) * (Bp[s, s] - Bp[r, r]) + (A[r, s] - A[s, r]) * (
        Bp[s, r] - Bp[r, s]
    )
    pr = p[r]
    ps = p[s]
    return total + L[r, ps] + L[s, pr] - L[r, pr] - L[s, ps]


@njit(cache=True)
def _swap_vectors(A, AT, Bp, BpT, r, s, row_a, row_b, col_a, col_b):
    """Per-facility differences that make the O(1) delta update a product of differences.

    With the swap already applied (``Bp`` permuted accordingly), for a pair
    ``{i, j}`` disjoint from ``{r, s}`` Taillard's update of ``delta[i, j]`` is
    ``(ra_i - ra_j)(rb_i - rb_j) + (ca_i - ca_j)(cb_i - cb_j)`` where
    ``ra_i = A[r, i] - A[s, i]``, ``rb_i = B[p_s, p_i] - B[p_r, p_i]`` and
    ``ca``/``cb`` are the same on columns.
    """
    n = row_a.shape[0]
    for i in range(n):
        row_a[i] = A[r, i] - A[s, i]
        row_b[i] = Bp[s, i] - Bp[r, i]
        col_a[i] = AT[r, i] - AT[s, i]
        col_b[i] = BpT[s, i] - BpT[r, i]


@njit(cache=True)
def _refresh_row(A, AT, Bp, BpT, L, p, n_real, delta, i, r, s, symmetric, row_a, row_b, col_a, col_b):
    """Bring ``delta[i, i+1:]`` up to date after the swap of ``r`` and ``s``."""
    n = p.shape[0]
    if i == r or i == s:
        for j in range(i + 1, n):
            delta[i, j] = dense_delta(A, AT, Bp, BpT, L, p, i, j, symmetric)
        return
    rai = row_a[i]
    rbi = row_b[i]
    if symmetric:
        for j in range(i + 1, n):
            delta[i, j] += 2.0 * (rai - row_a[j]) * (rbi - row_b[j])
    else:
        cai = col_a[i]
        cbi = col_b[i]
        for j in range(i + 1, n):
            delta[i, j] += (rai - row_a[j]) * (rbi - row_b[j]) + (cai - col_a[j]) * (cbi - col_b[j])
    # Pairs with r or s were changed wrongly by the loop above: recompute them.
    if r > i:
        delta[i, r] = dense_delta(A, AT, Bp, BpT, L, p, i, r, symmetric)
    if s > i:
        delta[i, s] = dense_delta(A, AT, Bp, BpT, L, p, i, s, symmetric)


@njit(cache=True)
def apply_swap(A, B, L, p, n_real, delta, r, s):
    """Swap ``r`` and ``s`` in ``p`` and bring every delta up to date in O(n^2).

    A stand-alone version of the update the tabu search does (which keeps its
    permuted matrices between moves instead of building them here).
    """
    n = p.shape[0]
    AT = np.ascontiguousarray(A.T)
    Bp = np.empty((n, n))
    BpT = np.empty((n, n))
    tmp = p[r]
    p[r] = p[s]
    p[s] = tmp
    permute_distances(B, p, Bp, BpT)
    symmetric = is_symmetric(A) and is_symmetric(B)
    row_a = np.empty(n)
    row_b = np.empty(n)
    col_a = np.empty(n)
    col_b = np.empty(n)
    _swap_vectors(A, AT, Bp, BpT, r, s, row_a, row_b, col_a, col_b)
    for i in range(n_real):
        _refresh_row(A, AT, Bp, BpT, L, p, n_real, delta, i, r, s, symmetric, row_a, row_b, col_a, col_b)


@njit(cache=True)
def is_symmetric(M):
    n = M.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            if M[i, j] != M[j, i]:
                return False
    return True


@njit(cache=True)
def _swap_allowed(ok, p, n_real, i, j):
    # Dummies (index >= n_real) may sit anywhere.
    if not ok[i, p[j]]:
        return False
    if j < n_real and not ok[j, p[i]]:
        return False
    return True


# ---------------------------------------------------------------- tabu search


@njit(cache=True)
def _select(ok, has_forbidden, n_real, p, delta, tabu, tabu_by_location, iteration, aspiration, current, best, eps):
    """The swap Taillard's rule picks: ``(i, j, delta)``, or ``(-1, -1, INF)`` if none.

    A swap is allowed unless both assignments it creates are tabu. It is
    aspired when it would beat the best cost, or when one of its assignments
    has not been allowed for ``aspiration`` iterations (the long-term
    diversification of robust tabu search). The best aspired swap wins;
    otherwise the best allowed one.
    """
    n = p.shape[0]
    improving = best - current - eps
    old = iteration - aspiration
    aspired_delta = INF
    aspired_i = -1
    aspired_j = -1
    allowed_delta = INF
    allowed_i = -1
    allowed_j = -1
    for i in range(n_real):
        pi = p[i]
        for j in range(i + 1, n):
            d = delta[i, j]
            # Tabu time of i on p[j] and of j on p[i]; the later-freed one decides.
            t = min(tabu[i, p[j]], tabu_by_location[pi, j])
            if t < old or d < improving:
                if d < aspired_delta:
                    if has_forbidden and not _swap_allowed(ok, p, n_real, i, j):
                        continue
                    aspired_delta = d
                    aspired_i = i
                    aspired_j = j
            elif t < iteration and d < allowed_delta:
                if has_forbidden and not _swap_allowed(ok, p, n_real, i, j):
                    continue
                allowed_delta = d
                allowed_i = i
                allowed_j = j
    if aspired_i >= 0:
        return aspired_i, aspired_j, aspired_delta
    return allowed_i, allowed_j, allowed_delta


@njit(cache=True)
def _reset_deltas(A, AT, B, Bp, BpT, L, p, n_real, delta, symmetric):
    permute_distances(B, p, Bp, BpT)
    n = p.shape[0]
    for i in range(n_real):
        for j in range(i + 1, n):
            delta[i, j] = dense_delta(A, AT, Bp, BpT, L, p, i, j, symmetric)


@njit(cache=True)
def iterated_tabu_search(
    A,
    B,
    L,
    ok,
    has_forbidden,
    n_real,
    p,
    max_iterations,
    deadline,
    rng,
    target,
    tenure_factor,
    aspiration_factor,
    stagnation_factor,
    eps,
):
    """Robust tabu search (Taillard 1991) with perturbation restarts.

    The search is Taillard's robust tabu search: the best non-tabu swap each
    iteration (aspiration when it beats the best so far, or when an assignment
    has not been allowed for ``aspiration_factor * n^2`` iterations), a random
    tenure drawn as ``u^3 * tenure_factor * n`` so short and long tenures mix,
    and O(n^2) per iteration thanks to the O(1) delta updates.

    When the best cost has not improved for ``stagnation_factor * n`` iterations
    the walk jumps back to the best solution found, perturbed by a number of
    random swaps that grows while restarts keep failing (iterated local search
    on top of tabu search); the perturbing swaps are made tabu so the search
    does not undo them at once.

    Returns ``(best_p, best_cost, iterations, current_cost)``; ``p`` holds the
    final walk, whose cost is ``current_cost`` (tracked incrementally).
    """
    n = p.shape[0]
    best_p = p.copy()
    if n_real == 0 or n < 2:
        return best_p, full_cost(A, B, L, p), 0, full_cost(A, B, L, p)
    symmetric = is_symmetric(A) and is_symmetric(B)
    AT = np.ascontiguousarray(A.T)
    Bp = np.empty((n, n))
    BpT = np.empty((n, n))
    delta = np.zeros((n, n))
    _reset_deltas(A, AT, B, Bp, BpT, L, p, n_real, delta, symmetric)
    current = full_cost(A, B, L, p)
    best = current
    # tabu[i, k]: until which iteration putting facility i back on k is tabu;
    # tabu_by_location is its transpose, kept so both reads are row-wise.
    tabu = np.zeros((n, n), dtype=np.int64)
    tabu_by_location = np.zeros((n, n), dtype=np.int64)
    tenure_scale = tenure_factor * n
    aspiration = np.int64(aspiration_factor * n * n)
    stagnation = max(np.int64(stagnation_factor * n), np.int64(100))
    last_best_iteration = 0
    perturbation_min = max(2, n // 10)
    perturbation_max = max(perturbation_min, n // 2)
    perturbation = perturbation_min
    row_a = np.empty(n)
    row_b = np.empty(n)
    col_a = np.empty(n)
    col_b = np.empty(n)
    iteration = 0
    while iteration < max_iterations:
        if (iteration & 255) == 0:
            if _clock() > deadline:
                break
        if best <= target:
            break
        r, s, d = _select(
            ok, has_forbidden, n_real, p, delta, tabu, tabu_by_location, iteration, aspiration,
            current, best, eps,
        )
        iteration += 1
        if r < 0:
            # Every swap is forbidden or tabu (tiny or tightly constrained
            # problems): forget the tabu list, or stop if nothing can move.
            if tabu.max() == 0:
                break
            tabu[:, :] = 0
            tabu_by_location[:, :] = 0
            continue
        old_r = p[r]
        old_s = p[s]
        p[r] = old_s
        p[s] = old_r
        _swap_rows_and_columns(Bp, r, s)
        _swap_rows_and_columns(BpT, r, s)
        current += d
        u = _rand_unit(rng)
        tabu[r, old_r] = iteration + np.int64(u * u * u * tenure_scale)
        tabu_by_location[old_r, r] = tabu[r, old_r]
        u = _rand_unit(rng)
        tabu[s, old_s] = iteration + np.int64(u * u * u * tenure_scale)
        tabu_by_location[old_s, s] = tabu[s, old_s]
        if current < best - eps:
            best = current
            best_p[:] = p
            last_best_iteration = iteration
            perturbation = perturbation_min
        elif iteration - last_best_iteration > stagnation:
            # Restart from the best solution, perturbed.
            p[:] = best_p
            done = 0
            attempts = 0
            while done < perturbation and attempts < 20 * perturbation:
                attempts += 1
                a = _rand_int(rng, n_real)
                b = _rand_int(rng, n)
                if a == b:
                    continue
                if has_forbidden and not _swap_allowed(ok, p, n_real, min(a, b), max(a, b)):
                    continue
                until = iteration + np.int64(tenure_scale / 4) + 1
                tabu[a, p[a]] = until
                tabu_by_location[p[a], a] = until
                tabu[b, p[b]] = until
                tabu_by_location[p[b], b] = until
                tmp = p[a]
                p[a] = p[b]
                p[b] = tmp
                done += 1
            _reset_deltas(A, AT, B, Bp, BpT, L, p, n_real, delta, symmetric)
            current = full_cost(A, B, L, p)
            last_best_iteration = iteration
            perturbation = min(perturbation + max(1, n // 20), perturbation_max)
            continue
        # Bring every delta up to date after the swap of r and s.
        _swap_vectors(A, AT, Bp, BpT, r, s, row_a, row_b, col_a, col_b)
        for i in range(n_real):
            _refresh_row(
                A, AT, Bp, BpT, L, p, n_real, delta, i, r, s, symmetric, row_a, row_b, col_a, col_b
            )
    return best_p, full_cost(A, B, L, best_p), iteration, current


# ---------------------------------------------------------------- assignment problem


@njit(cache=True)
def solve_lap(C, rows, cols):
    """Min-cost assignment of ``rows`` to distinct ``cols`` (len(rows) <= len(cols)).

    Shortest augmenting paths with potentials (Kuhn–Munkres, O(r^2 c)).
    Returns ``(value, row_to_col_position, u, v)`` where ``u``/``v`` are dual
    potentials with ``C[rows[a], cols[b]] - u[a] - v[b] >= 0``. A value of at
    least ``INF / 2`` means no finite assignment exists.
    """
    nr = rows.shape[0]
    nc = cols.shape[0]
    u = np.zeros(nr + 1)
    v = np.zeros(nc + 1)
    match = np.zeros(nc + 1, dtype=np.int64)  # column (1-based) -> row (1-based)
    way = np.zeros(nc + 1, dtype=np.int64)
    minv = np.empty(nc + 1)
    used = np.zeros(nc + 1, dtype=np.bool_)
    for i in range(1, nr + 1):
        match[0] = i
        j0 = 0
        for j in range(nc + 1):
            minv[j] = INF
            used[j] = False
        while True:
            used[j0] = True
            i0 = match[j0]
            delta = INF
            j1 = -1
            for j in range(1, nc + 1):
                if not used[j]:
                    cur = C[rows[i0 - 1], cols[j - 1]] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            if j1 < 0 or delta >= INF / 4:
                return INF, np.zeros(nr, dtype=np.int64), u[1:], v[1:]
            for j in range(nc + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match[j0] == 0:
                break
        while True:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
            if j0 == 0:
                break
    assign = np.zeros(nr, dtype=np.int64)
    value = 0.0
    for j in range(1, nc + 1):
        if match[j] != 0:
            assign[match[j] - 1] = j - 1
            value += C[rows[match[j] - 1], cols[j - 1]]
    return value, assign, u[1:], v[1:]


# ---------------------------------------------------------------- Gilmore–Lawler


@njit(cache=True)
def _min_scalar_product(a_desc, b_asc, count, nb):
    """Least ``sum a[t] * b[sigma(t)]`` over injections of ``count`` a's into ``nb`` b's.

    ``a_desc`` is sorted descending, ``b_asc`` ascending. Positive a's take the
    smallest b's, negative a's the largest (rearrangement inequality); the two
    ends never meet because ``count <= nb``.
    """
    total = 0.0
    lo = 0
    for t in range(count):
        if a_desc[t] > 0.0:
            total += a_desc[t] * b_asc[lo]
            lo += 1
        else:
            break
    hi = nb - 1
    for t in range(count - 1, -1, -1):
        if a_desc[t] < 0.0:
            total += a_desc[t] * b_asc[hi]
            hi -= 1
        else:
            break
    return total


@njit(cache=True)
def gilmore_lawler_matrix(A, B, L, ok, p_partial, free_facilities, free_locations, C):
    """Gilmore–Lawler cost ``C[i, k]`` of putting free facility ``i`` on free location ``k``.

    ``C[i, k]`` = linear cost + interaction with the already placed facilities
    (exact) + the diagonal term (exact) + the least possible interaction with the
    other free facilities (a lower bound: minimal scalar product of the flow row
    and the distance row). Forbidden pairs cost ``INF``. ``p_partial[g]`` is the
    location of placed facility ``g`` or -1. Rows only are used so that the bound
    is valid for asymmetric matrices as well.
    """
    n = A.shape[0]
    nf = free_facilities.shape[0]
    nl = free_locations.shape[0]
    a_row = np.empty(max(nf - 1, 1))
    b_rows = np.empty((nl, max(nl - 1, 1)))
    for kk in range(nl):
        k = free_locations[kk]
        t = 0
        for ll in range(nl):
            if ll != kk:
                b_rows[kk, t] = B[k, free_locations[ll]]
                t += 1
        if nl > 1:
            b_rows[kk, : nl - 1] = np.sort(b_rows[kk, : nl - 1])
    for ii in range(nf):
        i = free_facilities[ii]
        t = 0
        for jj in range(nf):
            if jj != ii:
                a_row[t] = -A[i, free_facilities[jj]]
                t += 1
        if nf > 1:
            a_row[: nf - 1] = -np.sort(a_row[: nf - 1])  # descending
        for kk in range(nl):
            k = free_locations[kk]
            if not ok[i, k]:
                C[i, k] = INF
                continue
            c = L[i, k] + A[i, i] * B[k, k]
            for g in range(n):
                pg = p_partial[g]
                if pg >= 0:
                    c += A[i, g] * B[k, pg] + A[g, i] * B[pg, k]
            if nf > 1:
                c += _min_scalar_product(a_row, b_rows[kk], nf - 1, nl - 1)
            C[i, k] = c


@njit(cache=True)
def gilmore_lawler_bound(A, B, L, ok, n_real):
    """Gilmore–Lawler lower bound of the reduced problem (real facilities only)."""
    n = A.shape[0]
    p_partial = -np.ones(n, dtype=np.int64)
    free_facilities = np.arange(n_real)
    free_locations = np.arange(n)
    C = np.zeros((n, n))
    gilmore_lawler_matrix(A, B, L, ok, p_partial, free_facilities, free_locations, C)
    value, _, _, _ = solve_lap(C, free_facilities, free_locations)
    return value


# ---------------------------------------------------------------- branch and bound


@njit(cache=True)
def _node_bound_matrix(A, B, L, ok, placed, free_f, free_l, location_used, nearest, C, a_row, b_small):
    """Gilmore–Lawler costs ``C[i, k]`` of one node, for non-negative flows and distances.

    The same values as :func:`gilmore_lawler_matrix`, computed faster: the
    interaction with the placed facilities comes in ``placed[i, k]`` (kept up to
    date as facilities are placed), and since every flow is >= 0 the minimal
    scalar product only needs the ``nf - 1`` smallest distances from ``k`` to the
    other free locations, read off ``nearest[k]`` (all locations by increasing
    distance from ``k``) skipping the used ones.
    """
    nf = free_f.shape[0]
    nl = free_l.shape[0]
    need = nf - 1
    for kk in range(nl):
        k = free_l[kk]
        t = 0
        for r in range(nearest.shape[1]):
            if t >= need:
                break
            l = nearest[k, r]
            if l != k and not location_used[l]:
                b_small[kk, t] = B[k, l]
                t += 1
    for ii in range(nf):
        i = free_f[ii]
        t = 0
        for jj in range(nf):
            if jj != ii:
                a_row[t] = -A[i, free_f[jj]]
                t += 1
        if need > 1:
            a_row[:need] = np.sort(a_row[:need])  # negated: largest flow first
        for kk in range(nl):
            k = free_l[kk]
            if not ok[i, k]:
                C[i, k] = INF
                continue
            c = L[i, k] + A[i, i] * B[k, k] + placed[i, k]
            for t in range(need):
                c -= a_row[t] * b_small[kk, t]
            C[i, k] = c


@njit(cache=True)
def branch_and_bound(A, B, L, ok, n_real, upper_bound, incumbent, deadline, eps):
    """Depth-first branch and bound with Gilmore–Lawler bounds.

    Each node places one more real facility. Its bound is the cost among the
    placed facilities plus the Gilmore–Lawler bound of the rest; children whose
    reduced cost already lifts the bound above the incumbent are never built.
    The facility branched on is the one whose row prunes the most children.
    With non-negative flows and distances (the plot case) a node's bound matrix
    is built in O(nf·nl·nf) from kept interaction sums and presorted distance
    rows (:func:`_node_bound_matrix`); otherwise by :func:`gilmore_lawler_matrix`.

    Returns ``(best_p, best_cost, nodes, complete, lower_bound)``; ``complete``
    is True when the whole tree was explored, so the incumbent is proven
    optimal. When the deadline stops the search, ``lower_bound`` is what the
    tree still proves: the least child bound (node bound + reduced cost) of the
    subtrees not yet finished along the current path, which is at least the
    root's bound; the candidates being sorted, the one being explored at each
    depth bounds its later siblings too.
    """
    n = A.shape[0]
    best_p = incumbent.copy()
    best = upper_bound
    p_partial = -np.ones(n, dtype=np.int64)
    location_used = np.zeros(n, dtype=np.bool_)
    # Per depth: the facility branched on, the candidate locations (sorted by
    # reduced cost), their reduced costs, how many and which is next, the node bound.
    facility_at = np.zeros(n_real + 1, dtype=np.int64)
    candidates = np.zeros((n_real + 1, n), dtype=np.int64)
    candidate_rc = np.zeros((n_real + 1, n))
    n_candidates = np.zeros(n_real + 1, dtype=np.int64)
    next_candidate = np.zeros(n_real + 1, dtype=np.int64)
    node_bound = np.zeros(n_real + 1)
    placed_cost = np.zeros(n_real + 2)
    C = np.zeros((n, n))
    nonnegative = True
    for i in range(n):
        for j in range(n):
            if A[i, j] < 0.0 or B[i, j] < 0.0:
                nonnegative = False
    # placed[d, i, k]: interaction of facility i on k with the facilities placed at depth d.
    placed = np.zeros((n_real + 1, n_real, n))
    nearest = np.zeros((n, n), dtype=np.int64)
    for k in range(n):
        nearest[k] = np.argsort(B[k])
    a_row = np.zeros(max(n_real, 1))
    b_small = np.zeros((n, max(n_real, 1)))
    nodes = 0
    complete = True

    depth = 0
    expand = True  # evaluate the node at `depth` (placed facilities = depth)
    while True:
        if expand:
            nodes += 1
            if (nodes & 63) == 0 and _clock() > deadline:
                complete = False
                break
            # Free facilities and locations of this node.
            nf = n_real - depth
            free_facilities = np.empty(nf, dtype=np.int64)
            t = 0
            for i in range(n_real):
                if p_partial[i] < 0:
                    free_facilities[t] = i
                    t += 1
            free_locations = np.empty(n - depth, dtype=np.int64)
            t = 0
            for k in range(n):
                if not location_used[k]:
                    free_locations[t] = k
                    t += 1
            pruned = False
            if nf == 0:
                # Leaf: every real facility placed; dummies cost nothing.
                if placed_cost[depth] < best - eps:
                    best = placed_cost[depth]
                    t = 0
                    for i in range(n_real):
                        best_p[i] = p_partial[i]
                    used = location_used.copy()
                    for i in range(n_real, n):
                        while used[t]:
                            t += 1
                        best_p[i] = t
                        used[t] = True
                pruned = True
            else:
                if nonnegative:
                    _node_bound_matrix(
                        A, B, L, ok, placed[depth], free_facilities, free_locations,
                        location_used, nearest, C, a_row, b_small,
                    )
                else:
                    gilmore_lawler_matrix(
                        A, B, L, ok, p_partial, free_facilities, free_locations, C
                    )
                value, _, u, v = solve_lap(C, free_facilities, free_locations)
                bound = placed_cost[depth] + value
                if value >= INF / 2 or bound >= best - eps:
                    pruned = True
                else:
                    # Branch on the facility whose row prunes the most children.
                    slack = best - bound
                    best_row = 0
                    best_pruned = -1
                    best_spread = -1.0
                    for ii in range(nf):
                        count = 0
                        spread = 0.0
                        for kk in range(free_locations.shape[0]):
                            rc = C[free_facilities[ii], free_locations[kk]] - u[ii] - v[kk]
                            if rc >= slack - eps:
                                count += 1
                            else:
                                spread += rc
                        if count > best_pruned or (count == best_pruned and spread > best_spread):
                            best_pruned = count
                            best_spread = spread
                            best_row = ii
                    i = free_facilities[best_row]
                    facility_at[depth] = i
                    node_bound[depth] = bound
                    m = 0
                    for kk in range(free_locations.shape[0]):
                        k = free_locations[kk]
                        rc = C[i, k] - u[best_row] - v[kk]
                        if ok[i, k] and rc < slack - eps:
                            candidates[depth, m] = k
                            candidate_rc[depth, m] = rc
                            m += 1
                    # Insertion sort by reduced cost: the most promising first.
                    for a in range(1, m):
                        key_rc = candidate_rc[depth, a]
                        key_k = candidates[depth, a]
                        b = a - 1
                        while b >= 0 and candidate_rc[depth, b] > key_rc:
                            candidate_rc[depth, b + 1] = candidate_rc[depth, b]
                            candidates[depth, b + 1] = candidates[depth, b]
                            b -= 1
                        candidate_rc[depth, b + 1] = key_rc
                        candidates[depth, b + 1] = key_k
                    n_candidates[depth] = m
                    next_candidate[depth] = 0
            if pruned:
                # Go back to the parent, undoing the parent's last placement.
                depth -= 1
                if depth < 0:
                    break
                i = facility_at[depth]
                location_used[p_partial[i]] = False
                p_partial[i] = -1
            expand = False
            continue
        # Try the next candidate at `depth`.
        c = next_candidate[depth]
        if c >= n_candidates[depth] or node_bound[depth] + candidate_rc[depth, c] >= best - eps:
            depth -= 1
            if depth < 0:
                break
            i = facility_at[depth]
            location_used[p_partial[i]] = False
            p_partial[i] = -1
            continue
        next_candidate[depth] = c + 1
        i = facility_at[depth]
        k = candidates[depth, c]
        added = L[i, k] + A[i, i] * B[k, k] + placed[depth, i, k]
        if not nonnegative:
            added = L[i, k] + A[i, i] * B[k, k]
            for g in range(n):
                pg = p_partial[g]
                if pg >= 0:
                    added += A[i, g] * B[k, pg] + A[g, i] * B[pg, k]
        p_partial[i] = k
        location_used[k] = True
        placed_cost[depth + 1] = placed_cost[depth] + added
        if nonnegative:
            # The free facilities' interaction with i, now that it sits on k.
            for j in range(n_real):
                if p_partial[j] < 0:
                    aij = A[j, i]
                    aji = A[i, j]
                    for l in range(n):
                        if not location_used[l]:
                            placed[depth + 1, j, l] = placed[depth, j, l] + aij * B[l, k] + aji * B[k, l]
        depth += 1
        expand = True
    lower_bound = best
    if not complete:
        # The node being expanded when time ran out is the child under way at depth - 1.
        for d in range(depth):
            if next_candidate[d] > 0:
                open_bound = node_bound[d] + candidate_rc[d, next_candidate[d] - 1]
                if open_bound < lower_bound:
                    lower_bound = open_bound
    return best_p, best, nodes, complete, lower_bound
