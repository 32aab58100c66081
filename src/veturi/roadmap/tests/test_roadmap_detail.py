from django.urls import reverse

from veturi.roadmap.adapters import plan_violations


def test_staff_see_the_gantt_status_bound_and_gap(login, objects):
    roadmap = objects["roadmap"]
    body = login("office").get(reverse("roadmap-detail", args=[roadmap.pk])).content.decode()
    assert 'id="gantt"' in body and "<svg" in body
    assert 'id="solve-status"' in body and 'id="solve-bound"' in body and 'id="solve-gap"' in body
    assert 'class="bar critical"' in body  # the heat branch and the exchanges are the longest chain
    assert "Office staff time" in body and plan_violations(roadmap.latest_solve()) == []


def test_viewers_see_the_plan_and_yearly_totals_but_no_activity_figures(login, objects):
    roadmap = objects["roadmap"]
    body = login("viewer").get(reverse("roadmap-detail", args=[roadmap.pk])).content.decode()
    assert 'id="gantt"' in body and "What the plan yields each year" in body
    assert "Resources and yearly limits" not in body and 'id="solve"' not in body
    assert "roadmap/activities/" not in body


def test_an_infeasible_plan_lists_the_conflicting_constraints(login, roadmap):
    from veturi.roadmap.adapters import solve_and_store

    resource = roadmap.resources.get()
    resource.yearly_limits = [2.0, 2.0]
    resource.save()
    solve = solve_and_store(roadmap, time_limit_s=5)
    body = login("expert").get(reverse("roadmap-detail", args=[roadmap.pk])).content.decode()
    assert solve.status == "infeasible"
    assert 'id="conflicts"' in body
    assert "Office staff time limit 2 in year 1" in body


def test_a_changed_roadmap_marks_the_plan_stale(login, objects):
    activity = objects["activity"]
    activity.duration_months += 1
    activity.save()
    body = login("office").get(reverse("roadmap-detail", args=[objects["roadmap"].pk])).content.decode()
    assert 'id="stale"' in body


def test_companies_are_refused(login, objects):
    assert login("company").get(reverse("roadmap-detail", args=[objects["roadmap"].pk])).status_code == 403
