"""The schedulers: valid schedules, proven optima equal to PSPLIB's, infeasibility explained."""

import random
import time
from importlib.resources import files
from pathlib import Path

import pytest

from veturi.engine.scheduling import (
    Activity,
    Project,
    heuristic_schedule,
    makespan_lower_bound,
    read_bks,
    read_sm,
    schedule_violations,
    solve_rcpsp,
    serial_schedule,
    solve_rcpsp_plain,
)
from veturi.engine.scheduling.lns import lns_improve
from veturi.engine.scheduling.rcpsp import HELPER_MAX_ACTIVITIES

DATA = Path(str(files("veturi.data") / "benchmarks" / "psplib"))
BKS = read_bks(DATA / "bks.csv")
J30 = sorted(p.stem for p in DATA.glob("j30*.sm"))


def random_project(seed: int, n: int = 9, resources: int = 2) -> Project:
    """A small random project: a layered precedence graph, tight capacities."""
    rnd = random.Random(seed)
    capacities = tuple(rnd.randint(3, 6) for _ in range(resources))
    activities = []
    for i in range(n):
        later = list(range(i + 1, n))
        successors = tuple(sorted(rnd.sample(later, min(len(later), rnd.randint(0, 2)))))
        requests = tuple(rnd.randint(0, c) for c in capacities)
        activities.append(Activity(f"a{i}", rnd.randint(0, 5), requests, successors))
    return Project(tuple(activities), capacities, name=f"random{seed}")


@pytest.mark.parametrize("name", J30)
def test_j30_optimum_is_proven_and_equals_the_known_optimum(name):
    project = read_sm(DATA / f"{name}.sm")
    result = solve_rcpsp(project, time_limit_s=30)
    assert result.status == "optimal"
    assert result.makespan == BKS[name].makespan
    assert result.lower_bound == result.makespan and result.gap_percent == 0.0
    assert schedule_violations(project, result.starts) == []


@pytest.mark.parametrize("seed", range(8))
def test_both_models_agree_on_random_projects_and_respect_every_constraint(seed):
    project = random_project(seed)
    strong = solve_rcpsp(project, time_limit_s=10)
    plain = solve_rcpsp_plain(project, time_limit_s=10)
    assert strong.status == plain.status == "optimal"
    assert strong.makespan == plain.makespan
    assert schedule_violations(project, strong.starts) == []
    assert schedule_violations(project, plain.starts) == []
    assert makespan_lower_bound(project) <= strong.makespan


def test_large_instance_gets_a_valid_schedule_and_an_honest_gap():
    project = read_sm(DATA / "j1202_1.sm")
    result = solve_rcpsp(project, time_limit_s=3)
    assert result.status in ("optimal", "feasible")
    assert schedule_violations(project, result.starts) == []
    assert result.lower_bound <= BKS["j1202_1"].makespan <= result.makespan
    assert result.gap_percent == pytest.approx(
        100 * (result.makespan - result.lower_bound) / result.makespan
    )


def test_heuristic_schedules_are_feasible_and_never_below_the_bound():
    for name in ("j3025_4", "j6030_5", "j1202_1"):
        project = read_sm(DATA / f"{name}.sm")
        result = heuristic_schedule(project, max_schedules=200, time_limit_s=30)
        assert schedule_violations(project, result.starts) == []
        assert result.makespan >= BKS[name].makespan
        assert result.makespan == max(s + a.duration for s, a in zip(result.starts, project.activities))


def test_heuristic_is_repeatable_with_a_seed():
    project = read_sm(DATA / "j3025_4.sm")
    first = heuristic_schedule(project, max_schedules=300, time_limit_s=60, seed=7)
    second = heuristic_schedule(project, max_schedules=300, time_limit_s=60, seed=7)
    assert first.starts == second.starts


def test_single_worker_solve_is_repeatable():
    project = read_sm(DATA / "j301_6.sm")
    first = solve_rcpsp(project, time_limit_s=30, workers=1, seed=3)
    second = solve_rcpsp(project, time_limit_s=30, workers=1, seed=3)
    assert first.status == "optimal"
    assert (first.starts, first.makespan) == (second.starts, second.makespan)


def test_a_request_above_capacity_is_infeasible_and_named():
    project = Project(
        (Activity("dig", 2, (1, 0), (1,)), Activity("lift", 3, (1, 5))),
        capacities=(2, 4),
        resource_names=("crew", "crane"),
    )
    for solve in (solve_rcpsp, solve_rcpsp_plain):
        result = solve(project, time_limit_s=5)
        assert result.status == "infeasible"
        assert result.starts == () and result.makespan is None
        assert result.conflicts == ("activity lift requests 5 of crane but its capacity is 4",)


def test_a_precedence_cycle_is_infeasible_and_named():
    project = Project(
        (
            Activity("permit", 1, (0,), (1,)),
            Activity("build", 2, (1,), (2,)),
            Activity("inspect", 1, (1,), (1,)),
        ),
        capacities=(1,),
    )
    result = solve_rcpsp(project, time_limit_s=5)
    assert result.status == "infeasible"
    assert result.conflicts == ("precedence cycle: build -> inspect -> build",)


def test_zero_duration_milestones_and_idle_resources_are_fine():
    project = Project(
        (Activity("start", 0, (9,), (1,)), Activity("work", 4, (2,), (2,)), Activity("end", 0, (9,))),
        capacities=(2,),
    )
    result = solve_rcpsp(project, time_limit_s=5)
    assert (result.status, result.makespan, result.starts) == ("optimal", 4, (0, 0, 4))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"time_limit_s": 0}, "time_limit_s must be a positive number"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"workers": 0}, "workers must be a positive integer"),
    ],
)
def test_bad_parameters_are_refused(kwargs, message):
    project = random_project(0)
    for solve in (solve_rcpsp, solve_rcpsp_plain):
        with pytest.raises(ValueError, match=message):
            solve(project, **kwargs)


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Project((Activity("a", -1, (1,)),), (1,)), r"activity 0 \('a'\): duration must be"),
        (lambda: Project((Activity("a", 1, (1, 2)),), (1,)), r"requests has 2 values for 1 resources"),
        (lambda: Project((Activity("a", 1, (1,), (5,)),), (1,)), r"successor 5 is not an activity index"),
        (lambda: Project((Activity("a", 1, (1,), (0,)),), (1,)), r"cannot succeed itself"),
        (lambda: Project((Activity("a", 1, (-2,)),), (1,)), r"request for R1 must be a non-negative"),
        (lambda: Project((Activity("a", 1, (1,)),), (1.5,)), r"capacities\[0\] must be a non-negative"),
        (lambda: Project((), (1,)), r"activities must not be empty"),
        (lambda: Project((Activity("a", 1, (1,)),), (1,), ("x", "y")), r"resource_names has 2 names"),
    ],
)
def test_bad_projects_get_clear_messages(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_validator_catches_broken_schedules():
    project = read_sm(DATA / "j301_6.sm")
    good = solve_rcpsp(project, time_limit_s=10).starts
    assert schedule_violations(project, good) == []
    everything_at_zero = [0] * project.n_activities
    problems = schedule_violations(project, everything_at_zero)
    assert any("before its predecessor" in p for p in problems)
    assert any("> capacity" in p for p in problems)
    assert schedule_violations(project, good[:-1]) == ["schedule has 31 start times for 32 activities"]


def test_heuristic_refuses_infeasible_projects_with_the_reason():
    over = Project((Activity("lift", 2, (5,)),), (4,))
    with pytest.raises(ValueError, match="lift requests 5 of R1 but its capacity is 4"):
        heuristic_schedule(over)
    cycle = Project((Activity("a", 1, (1,), (1,)), Activity("b", 1, (1,), (0,))), (1,))
    with pytest.raises(ValueError, match="precedence cycle"):
        heuristic_schedule(cycle)


def test_neighbourhood_search_shortens_a_poor_schedule_and_keeps_every_constraint():
    project = read_sm(DATA / "j6030_5.sm")
    # PSPLIB numbers activities in a precedence order: the serial scheme over that order
    # gives a valid but poor schedule.
    poor = serial_schedule(project, list(range(project.n_activities)))
    poor_makespan = max(s + a.duration for s, a in zip(poor, project.activities))
    heard = []
    starts, makespan = lns_improve(
        project, poor, deadline=time.perf_counter() + 4, seed=1,
        on_improvement=lambda s, m: heard.append(m),
    )
    assert schedule_violations(project, starts) == []
    assert makespan == max(s + a.duration for s, a in zip(starts, project.activities))
    assert BKS["j6030_5"].makespan <= makespan < poor_makespan
    assert heard and heard[-1] == makespan and heard == sorted(heard, reverse=True)


@pytest.mark.parametrize("seed", range(4))
def test_neighbourhood_search_on_random_projects_never_lengthens_or_breaks_a_schedule(seed):
    project = random_project(seed, n=30, resources=3)
    start = serial_schedule(project, list(range(project.n_activities)))
    start_makespan = max(s + a.duration for s, a in zip(start, project.activities))
    starts, makespan = lns_improve(project, start, deadline=time.perf_counter() + 0.5, seed=seed)
    assert schedule_violations(project, starts) == []
    assert makespan_lower_bound(project) <= makespan <= start_makespan


def test_neighbourhood_search_refuses_a_schedule_of_the_wrong_length():
    project = random_project(0)
    with pytest.raises(ValueError, match="starts must hold 9 values, got 2"):
        lns_improve(project, [0, 1], deadline=time.perf_counter() + 1)


def test_large_project_race_with_neighbourhood_search_gives_a_valid_schedule():
    # Above HELPER_MAX_ACTIVITIES the heuristic's thread turns to neighbourhood search once
    # the genetic algorithm has converged.
    project = random_project(5, n=HELPER_MAX_ACTIVITIES + 10, resources=3)
    result = solve_rcpsp(project, time_limit_s=4)
    assert result.status in ("optimal", "feasible")
    assert schedule_violations(project, result.starts) == []
    assert result.lower_bound <= result.makespan
    assert result.seconds < 6
