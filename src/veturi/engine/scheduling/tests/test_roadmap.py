"""The roadmap model: limits and precedence respected, objectives, infeasibility explained."""

import pytest

from veturi.engine.scheduling.roadmap import (
    RoadmapActivity,
    RoadmapProblem,
    RoadmapResource,
    solve_roadmap,
)


def park(years=5, budget=(10.0,) * 5, land=(4.0,) * 5, objective="max_impact", **kwargs):
    activities = (
        RoadmapActivity("heat network extension", 12, demands={"budget": 0.5}),
        RoadmapActivity("rail siding", 18, earliest_start_month=6, demands={"budget": 0.4}),
        RoadmapActivity(
            "biogas locomotive settles", 9, predecessors=("heat network extension",),
            demands={"land": 3.0}, yearly_impact={"co2_t": 5000, "jobs": 40}, weight=3.0,
        ),
        RoadmapActivity(
            "followers settle", 6, predecessors=("biogas locomotive settles", "rail siding"),
            demands={"land": 1.0}, yearly_impact={"co2_t": 800, "jobs": 25}, weight=1.0,
        ),
        RoadmapActivity(
            "storage yard", 6, demands={"budget": 0.8, "land": 1.0},
            yearly_impact={"value_eur": 100_000}, required=False,
        ),
    )
    resources = (
        RoadmapResource("budget", "while_active", tuple(budget)),
        RoadmapResource("land", "from_start", tuple(land)),
    )
    return RoadmapProblem(
        activities, resources, years=years, objective=objective,
        impact_weights={"co2_t": 1.0, "jobs": 10.0, "value_eur": 0.001}, **kwargs,
    )


def check_plan(problem, result):
    """Independent check of precedence, earliest starts and yearly limits."""
    by_name = {a.name: a for a in problem.activities}
    for a in problem.activities:
        if a.required:
            assert a.name in result.starts
        if a.name not in result.starts:
            continue
        start = result.starts[a.name]
        assert start >= a.earliest_start_month
        assert start + a.duration_months <= problem.horizon_months
        for p in a.predecessors:
            assert p in result.starts
            assert start >= result.starts[p] + by_name[p].duration_months
    for resource in problem.resources:
        for year in range(problem.years):
            used = 0.0
            for name, start in result.starts.items():
                a = by_name[name]
                amount = a.demands.get(resource.name, 0.0)
                if resource.kind == "while_active":
                    months = max(0, min(start + a.duration_months, 12 * year + 12) - max(start, 12 * year))
                    used += amount * months
                else:
                    held_from = start if resource.kind == "from_start" else start + a.duration_months
                    used += amount if held_from < 12 * (year + 1) else 0.0
            assert used <= resource.yearly_limits[year] + 1e-9, (resource.name, year, used)
            assert result.yearly_usage[resource.name][year] == pytest.approx(used)


def test_the_plan_respects_every_constraint_and_reports_its_quality():
    problem = park()
    result = solve_roadmap(problem, time_limit_s=10)
    assert result.status == "optimal"
    assert result.bound == result.objective and result.gap_percent == 0.0
    check_plan(problem, result)
    # Impact starts as soon as possible: the locomotive right after the heat network.
    assert result.starts["heat network extension"] == 0
    assert result.starts["biogas locomotive settles"] == 12


def test_a_tight_budget_delays_work_but_stays_within_limits():
    problem = park(budget=(4.0, 10.0, 10.0, 10.0, 10.0))
    result = solve_roadmap(problem, time_limit_s=10)
    assert result.status == "optimal"
    check_plan(problem, result)
    assert result.objective < solve_roadmap(park(), time_limit_s=10).objective


def test_discounting_lowers_the_impact():
    plain = solve_roadmap(park(), time_limit_s=10)
    discounted = solve_roadmap(park(discount_rate=0.05), time_limit_s=10)
    assert 0 < discounted.objective < plain.objective


def test_weighted_completion_objective():
    problem = park(objective="min_weighted_completion")
    result = solve_roadmap(problem, time_limit_s=10)
    assert result.status == "optimal"
    check_plan(problem, result)
    by_name = {a.name: a for a in problem.activities}
    expected = sum(
        by_name[n].weight * (s + by_name[n].duration_months) for n, s in result.starts.items()
    ) + sum(a.weight * problem.horizon_months for a in problem.activities if a.name not in result.starts)
    assert result.objective == pytest.approx(expected)


def test_an_infeasible_plan_names_the_conflicting_constraints():
    # The land released in the first two years cannot take the locomotive (3 ha) before the
    # followers must settle, and the horizon is too short to wait.
    problem = park(years=2, budget=(10.0, 10.0), land=(0.0, 2.0))
    result = solve_roadmap(problem, time_limit_s=10)
    assert result.status == "infeasible"
    assert result.starts == {} and result.objective is None
    assert "biogas locomotive settles must finish within the 2-year horizon" in result.conflicts
    assert "land limit 2 in year 2" in result.conflicts
    assert all("budget" not in c for c in result.conflicts)


def test_an_impossible_earliest_start_is_named():
    activities = (RoadmapActivity("wind power", 30, earliest_start_month=12),)
    problem = RoadmapProblem(activities, years=3)
    result = solve_roadmap(problem, time_limit_s=5)
    assert result.status == "infeasible"
    assert set(result.conflicts) == {
        "wind power must finish within the 3-year horizon",
        "wind power cannot start before month 12",
    }


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: RoadmapProblem((RoadmapActivity("a", -1),)), r"activity 'a': duration_months"),
        (lambda: RoadmapProblem((RoadmapActivity("a", 1, predecessors=("b",)),)), r"unknown predecessor 'b'"),
        (lambda: RoadmapProblem((RoadmapActivity("a", 1), RoadmapActivity("a", 2))), r"'a' appears twice"),
        (lambda: RoadmapProblem((RoadmapActivity("a", 1, demands={"cash": 1}),)), r"unknown resource 'cash'"),
        (lambda: RoadmapProblem((RoadmapActivity("a", 1),), (RoadmapResource("r", "while_active", (1.0,)),), years=2),
         r"resource 'r': yearly_limits has 1 values for 2 years"),
        (lambda: RoadmapProblem((RoadmapActivity("a", 1),), (RoadmapResource("r", "monthly", (1.0,)),), years=1),
         r"resource 'r': kind must be one of"),
        (lambda: RoadmapProblem((RoadmapActivity("a", 1),), objective="fastest"), r"objective must be one of"),
        (lambda: RoadmapProblem((RoadmapActivity("a", 1),), discount_rate=1.5), r"discount_rate must be in"),
    ],
)
def test_bad_roadmaps_get_clear_messages(build, message):
    with pytest.raises(ValueError, match=message):
        build()
