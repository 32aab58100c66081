"""Plain data of the scheduling engine: projects in, schedules out.

Every type is a frozen dataclass; :class:`Project` checks its own shape when built, so
a solver never meets a malformed project.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

__all__ = ["Activity", "Project", "ScheduleResult", "SCHEDULE_STATUSES"]

SCHEDULE_STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass(frozen=True)
class Activity:
    """One activity of a project.

    Parameters
    ----------
    name : str
        Label used in messages and results.
    duration : int
        Whole time units (days, months...), zero for milestones.
    requests : tuple of int
        Units of each renewable resource held while the activity runs, in the order of
        :attr:`Project.capacities`.
    successors : tuple of int
        Indices (into :attr:`Project.activities`) of activities that may start only after
        this one has finished.
    """

    name: str
    duration: int
    requests: tuple[int, ...] = ()
    successors: tuple[int, ...] = ()


@dataclass(frozen=True)
class Project:
    """A resource-constrained project: activities, precedence and renewable capacities.

    Parameters
    ----------
    activities : tuple of Activity
    capacities : tuple of int
        Units of each renewable resource available at every time unit.
    resource_names : tuple of str, optional
        Defaults to ``R1, R2, ...``.
    name : str, optional

    Raises
    ------
    ValueError
        If a duration, request or capacity is not a non-negative integer, a request row has
        the wrong length, or a successor index is out of range or points to itself. The
        message names the activity and field. A request above capacity or a precedence
        cycle is *not* an error here: solvers report it as an infeasible result.

    Examples
    --------
    >>> p = Project(
    ...     activities=(Activity("dig", 2, (1,), (1,)), Activity("build", 3, (1,))),
    ...     capacities=(1,),
    ... )
    >>> p.n_activities, p.resource_names
    (2, ('R1',))
    """

    activities: tuple[Activity, ...]
    capacities: tuple[int, ...]
    resource_names: tuple[str, ...] = ()
    name: str = "project"

    def __post_init__(self) -> None:
        object.__setattr__(self, "activities", tuple(self.activities))
        object.__setattr__(self, "capacities", tuple(self.capacities))
        if not self.activities:
            raise ValueError(f"project {self.name!r}: activities must not be empty")
        n_resources = len(self.capacities)
        for r, capacity in enumerate(self.capacities):
            if not _is_non_negative_int(capacity):
                raise ValueError(
                    f"project {self.name!r}: capacities[{r}] must be a non-negative integer, "
                    f"got {capacity!r}"
                )
        names = tuple(self.resource_names) or tuple(f"R{r + 1}" for r in range(n_resources))
        if len(names) != n_resources:
            raise ValueError(
                f"project {self.name!r}: resource_names has {len(names)} names "
                f"for {n_resources} capacities"
            )
        object.__setattr__(self, "resource_names", names)
        n = len(self.activities)
        for i, activity in enumerate(self.activities):
            where = f"project {self.name!r}, activity {i} ({getattr(activity, 'name', '?')!r})"
            if not isinstance(activity, Activity):
                raise ValueError(f"{where}: expected an Activity, got {type(activity).__name__}")
            if not _is_non_negative_int(activity.duration):
                raise ValueError(
                    f"{where}: duration must be a non-negative integer, got {activity.duration!r}"
                )
            if len(activity.requests) != n_resources:
                raise ValueError(
                    f"{where}: requests has {len(activity.requests)} values "
                    f"for {n_resources} resources"
                )
            for r, amount in enumerate(activity.requests):
                if not _is_non_negative_int(amount):
                    raise ValueError(
                        f"{where}: request for {names[r]} must be a non-negative integer, "
                        f"got {amount!r}"
                    )
            for successor in activity.successors:
                if not isinstance(successor, numbers.Integral) or not 0 <= successor < n:
                    raise ValueError(
                        f"{where}: successor {successor!r} is not an activity index in 0..{n - 1}"
                    )
                if successor == i:
                    raise ValueError(f"{where}: an activity cannot succeed itself")

    @property
    def n_activities(self) -> int:
        return len(self.activities)

    @property
    def n_resources(self) -> int:
        return len(self.capacities)

    @property
    def durations(self) -> tuple[int, ...]:
        return tuple(a.duration for a in self.activities)

    def predecessors(self) -> tuple[tuple[int, ...], ...]:
        """Direct predecessors of every activity (the reverse of ``successors``)."""
        preds: list[list[int]] = [[] for _ in self.activities]
        for i, activity in enumerate(self.activities):
            for j in activity.successors:
                preds[j].append(i)
        return tuple(tuple(p) for p in preds)


@dataclass(frozen=True)
class ScheduleResult:
    """What a scheduler found, and how sure it is.

    Attributes
    ----------
    starts : tuple of int
        Start time of every activity (same order as the project's activities); empty when
        no schedule was found.
    makespan : int or None
        Finish time of the last activity; None when no schedule was found.
    lower_bound : int
        Proven lower bound on the optimal makespan.
    status : str
        ``"optimal"`` (makespan equals the bound), ``"feasible"`` (a schedule, optimality
        not proven), ``"infeasible"`` (proven: see ``conflicts``) or ``"unknown"``
        (nothing found within the time limit).
    gap_percent : float or None
        ``100 * (makespan - lower_bound) / makespan``; None without a schedule.
    seconds : float
        Wall-clock time spent.
    method : str
        How the result was reached, e.g. ``"heuristic"`` or ``"cp-sat+lns"``.
    conflicts : tuple of str
        For an infeasible project, the constraints that cannot hold together.
    """

    starts: tuple[int, ...]
    makespan: int | None
    lower_bound: int
    status: str
    gap_percent: float | None
    seconds: float
    method: str
    conflicts: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.status not in SCHEDULE_STATUSES:
            raise ValueError(f"status must be one of {SCHEDULE_STATUSES}, got {self.status!r}")

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"


def _is_non_negative_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 0
