"""Result types of the allocation engine (frozen dataclasses, plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["QapResult", "QaplibInstance"]


@dataclass(frozen=True)
class QapResult:
    """Outcome of :func:`~veturi.engine.allocation.solve_qap`.

    Attributes
    ----------
    assignment : tuple of int
        ``assignment[i]`` is the location of facility ``i``; empty when infeasible.
    cost : float
        Objective value of ``assignment`` (``inf`` when infeasible).
    lower_bound : float
        Proven lower bound on the optimum: the cost itself when proven optimal,
        otherwise the Gilmore–Lawler bound (``inf`` when infeasible).
    gap_percent : float
        ``100 * (cost - lower_bound) / |cost|``: 0 when proven optimal, ``nan``
        when infeasible.
    status : str
        ``"optimal"`` (proven), ``"feasible"`` (best found within the limits) or
        ``"infeasible"`` (the hard constraints cannot all hold).
    seconds : float
        Wall-clock time spent.
    iterations : int
        Tabu-search iterations plus branch-and-bound nodes.
    method : str
        How the answer was reached, e.g. ``"branch and bound (Gilmore-Lawler)"``.
    conflicts : tuple of str
        When infeasible, the constraints that cannot hold together, in words.
    """

    assignment: tuple[int, ...]
    cost: float
    lower_bound: float
    gap_percent: float
    status: str
    seconds: float
    iterations: int
    method: str
    conflicts: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class QaplibInstance:
    """A QAPLIB instance: ``cost(p) = sum_ij flow[i][j] * distance[p(i)][p(j)]``.

    ``flow`` is QAPLIB's first matrix (A), ``distance`` its second (B), both
    ``n x n`` numpy arrays of float64.
    """

    name: str
    n: int
    flow: object
    distance: object
