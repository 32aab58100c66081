"""Plot allocation: the quadratic assignment core and the QAPLIB benchmark reader.

``solve_qap`` places facilities (companies) on locations (plots) so that what
flows between them travels the least, under fixed and forbidden pairs and a
linear fit cost; it is exact on small cases and a robust tabu search beyond.
"""

from veturi.engine.allocation.qap import gilmore_lawler_bound, qap_cost, solve_qap
from veturi.engine.allocation.qaplib import QaplibFormatError, read_bks, read_qaplib
from veturi.engine.allocation.types import QapResult, QaplibInstance
from veturi.engine.allocation.plots import (
    Allocation,
    AllocationComparison,
    AllocationProblem,
    Company,
    Flow,
    Placement,
    Plot,
    add_company,
    allocate,
    close_plot,
    compare,
    pin,
    plot_distances_m,
)

__all__ = [
    "Allocation",
    "AllocationComparison",
    "AllocationProblem",
    "Company",
    "Flow",
    "Placement",
    "Plot",
    "add_company",
    "allocate",
    "close_plot",
    "compare",
    "pin",
    "plot_distances_m",
    "QapResult",
    "QaplibFormatError",
    "QaplibInstance",
    "gilmore_lawler_bound",
    "qap_cost",
    "read_bks",
    "read_qaplib",
    "solve_qap",
]
