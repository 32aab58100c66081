"""Check a schedule against its project, independently of any solver.

Deliberately naive (a loop over time units), so that it shares no code or cleverness
with the schedulers it checks.
"""

from __future__ import annotations

from collections.abc import Sequence

from .types import Project

__all__ = ["schedule_violations"]


def schedule_violations(project: Project, starts: Sequence[int]) -> list[str]:
    """List every way a schedule breaks its project's constraints.

    Parameters
    ----------
    project : Project
    starts : sequence of int
        One start time per activity.

    Returns
    -------
    list of str
        Empty for a valid schedule; otherwise one sentence per violated precedence and per
        time unit where a resource is over capacity.

    Examples
    --------
    >>> from veturi.engine.scheduling.types import Activity, Project
    >>> p = Project((Activity("a", 2, (1,), (1,)), Activity("b", 1, (1,))), (1,))
    >>> schedule_violations(p, [0, 2])
    []
    >>> schedule_violations(p, [0, 1])
    ['b starts at 1 before its predecessor a finishes at 2', 'R1 at time 1: 2 used > capacity 1']
    """
    activities = project.activities
    if len(starts) != len(activities):
        return [f"schedule has {len(starts)} start times for {len(activities)} activities"]
    problems: list[str] = []
    for i, activity in enumerate(activities):
        if starts[i] < 0:
            problems.append(f"{activity.name} starts at negative time {starts[i]}")
    for i, activity in enumerate(activities):
        finish = starts[i] + activity.duration
        for j in activity.successors:
            if starts[j] < finish:
                problems.append(
                    f"{activities[j].name} starts at {starts[j]} before its predecessor "
                    f"{activity.name} finishes at {finish}"
                )
    end = max((starts[i] + a.duration for i, a in enumerate(activities)), default=0)
    for r, capacity in enumerate(project.capacities):
        for t in range(min(starts, default=0), end):
            used = sum(
                a.requests[r]
                for i, a in enumerate(activities)
                if starts[i] <= t < starts[i] + a.duration
            )
            if used > capacity:
                problems.append(
                    f"{project.resource_names[r]} at time {t}: {used} used > capacity {capacity}"
                )
    return problems
