"""The adapter against random small roadmaps: every stored plan respects precedence, earliest starts,
the horizon and every yearly limit (checked by plan_violations, which shares no code with the solver),
and every infeasible one names its conflicts."""

import random

import pytest

from veturi.roadmap.adapters import plan_critical_path, plan_violations, roadmap_to_problem, solve_and_store
from veturi.roadmap.models import ActivityDemand, Roadmap, RoadmapActivity, RoadmapResource

pytestmark = pytest.mark.django_db


def random_roadmap(seed: int) -> Roadmap:
    rng = random.Random(seed)
    years = rng.choice([2, 3])
    roadmap = Roadmap.objects.create(name=f"Random {seed}", first_year=2026, years=years, weight_jobs=1, weight_co2_per_t=1,
                                     weight_value_per_eur=0, discount_rate=0.05)
    staff = RoadmapResource.objects.create(roadmap=roadmap, name="staff", usage="while_active",
                                           yearly_limits=[float(rng.randint(4, 12)) for _ in range(years)])
    land = RoadmapResource.objects.create(roadmap=roadmap, name="land", usage="from_start",
                                          yearly_limits=sorted(float(rng.randint(2, 8)) for _ in range(years)))
    grid = RoadmapResource.objects.create(roadmap=roadmap, name="grid", usage="from_finish",
                                          yearly_limits=sorted(float(rng.randint(1, 6)) for _ in range(years)))
    activities = []
    for i in range(rng.randint(4, 7)):
        activity = RoadmapActivity.objects.create(
            roadmap=roadmap, name=f"a{i}", duration_months=rng.randint(2, 9), earliest_start_month=rng.choice([0, 0, 3, 6]),
            required=rng.random() < 0.6, jobs=rng.randint(0, 20), co2_t_per_year=rng.randint(0, 500))
        if activities and rng.random() < 0.6:
            activity.predecessors.set(rng.sample(activities, k=min(len(activities), rng.randint(1, 2))))
        for resource, low, high in ((staff, 0, 1.5), (land, 0, 3), (grid, 0, 2)):
            if rng.random() < 0.7:
                ActivityDemand.objects.create(activity=activity, resource=resource, amount=round(rng.uniform(low, high), 2))
        activities.append(activity)
    return roadmap


@pytest.mark.parametrize("seed", range(8))
def test_stored_plans_respect_every_constraint_and_infeasible_ones_are_explained(seed):
    roadmap = random_roadmap(seed)
    solve = solve_and_store(roadmap, time_limit_s=3, seed=seed)
    assert solve.status in ("optimal", "feasible", "infeasible")
    if solve.has_plan:
        assert plan_violations(solve) == []
        assert set(solve.critical_path) <= {p.activity.name for p in solve.planned.select_related("activity")}
    else:
        assert solve.conflicts and not solve.planned.exists()


def test_the_checker_catches_a_broken_plan(roadmap):
    solve = solve_and_store(roadmap, time_limit_s=5)
    exchanges = solve.planned.get(activity__name="Ash exchanges start")
    exchanges.start_month, exchanges.finish_month = 0, 3
    exchanges.save()
    resource = roadmap.resources.get()
    resource.yearly_limits = [9.0, 12.0]  # the plan uses 6 + 2 + 1.5 staff months in 2026
    resource.save()
    problems = plan_violations(solve)
    assert "Ash exchanges start starts in month 0 before Build the heat branch finishes in month 6" in problems
    assert "Office staff time in 2026: 9.5 used > limit 9" in problems


def test_an_earliest_start_can_make_a_chain_critical(roadmap):
    alpha = roadmap.activities.get(name="Alpha settles")
    alpha.earliest_start_month = 5
    alpha.save()
    problem = roadmap_to_problem(roadmap)
    path = plan_critical_path(problem, {"Build the heat branch": 0, "Alpha settles": 5, "Ash exchanges start": 9})
    assert path == ["Alpha settles", "Ash exchanges start"]
