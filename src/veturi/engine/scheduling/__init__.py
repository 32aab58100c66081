"""Scheduling: resource-constrained project scheduling with OR-Tools CP-SAT.

* :mod:`.types` - :class:`Project`, :class:`Activity`, :class:`ScheduleResult`.
* :mod:`.psplib` - read PSPLIB ``.sm`` instances and best-known-makespan tables.
* :mod:`.heuristics` - bounds, priority rules, forward-backward improvement.
* :mod:`.rcpsp` - :func:`solve_rcpsp` (the strong scheduler) and
  :func:`solve_rcpsp_plain` (the plain baseline model).
* :mod:`.lns` - :func:`lns_improve`, large-neighbourhood search on a schedule.
* :mod:`.validation` - :func:`schedule_violations`, an independent checker.
* :mod:`.roadmap` - :func:`solve_roadmap`, the park's multi-year roadmap (yearly limits,
  discounted impact or weighted completion, infeasibility explained).
"""

from .heuristics import (
    critical_path,
    forward_backward_improvement,
    heuristic_schedule,
    makespan_lower_bound,
    serial_schedule,
    warm_up,
)
from .lns import lns_improve
from .psplib import BestKnown, PsplibFormatError, parse_sm, read_bks, read_sm
from .rcpsp import solve_rcpsp, solve_rcpsp_plain
from .roadmap import (
    RoadmapActivity,
    RoadmapProblem,
    RoadmapResource,
    RoadmapResult,
    solve_roadmap,
)
from .types import Activity, Project, ScheduleResult
from .validation import schedule_violations

__all__ = [
    "Activity",
    "BestKnown",
    "Project",
    "PsplibFormatError",
    "RoadmapActivity",
    "RoadmapProblem",
    "RoadmapResource",
    "RoadmapResult",
    "ScheduleResult",
    "critical_path",
    "forward_backward_improvement",
    "heuristic_schedule",
    "lns_improve",
    "makespan_lower_bound",
    "parse_sm",
    "read_bks",
    "read_sm",
    "schedule_violations",
    "serial_schedule",
    "solve_rcpsp",
    "solve_rcpsp_plain",
    "solve_roadmap",
    "warm_up",
]
