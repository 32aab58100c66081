from django.urls import reverse

from veturi.jobs.models import Job
from veturi.jobs.worker import run_pending
from veturi.roadmap.adapters import plan_violations
from veturi.roadmap.models import RoadmapSolve


def test_it_stores_a_plan_that_respects_precedence_and_capacity(login, roadmap):
    response = login("office").post(reverse("roadmap-solve", args=[roadmap.pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", args=[job.pk])
    (job,) = run_pending()
    assert job.status == "succeeded" and job.result_url == reverse("roadmap-detail", args=[roadmap.pk])
    solve = RoadmapSolve.objects.get(roadmap=roadmap)
    assert solve.status == "optimal" and solve.gap_percent == 0
    starts = {p.activity.name: (p.start_month, p.finish_month) for p in solve.planned.select_related("activity")}
    assert starts["Ash exchanges start"][0] >= max(starts["Build the heat branch"][1], starts["Alpha settles"][1])
    assert plan_violations(solve) == []
    assert solve.critical_path == ["Build the heat branch", "Ash exchanges start"]


def test_a_roadmap_without_activities_gets_a_clear_error(login, roadmap):
    roadmap.activities.all().delete()
    response = login("expert").post(reverse("roadmap-solve", args=[roadmap.pk]))
    assert response.status_code == 400
    assert "has no activities yet" in response.content.decode()
    assert not Job.objects.exists() and not RoadmapSolve.objects.exists()


def test_a_precedence_loop_is_answered_with_the_loop(login, roadmap):
    heat = roadmap.activities.get(name="Build the heat branch")
    heat.predecessors.add(roadmap.activities.get(name="Ash exchanges start"))
    client = login("office")
    response = client.post(reverse("roadmap-solve", args=[roadmap.pk]))
    (job,) = run_pending()
    solve = RoadmapSolve.objects.get(roadmap=roadmap)
    assert solve.status == "infeasible" and job.status == "succeeded"  # infeasible is a result, not a failure
    assert "No plan satisfies every constraint" in client.get(response["Location"]).content.decode()
    assert "Ash exchanges start starts after Build the heat branch finishes" in solve.conflicts
    assert "Build the heat branch starts after Ash exchanges start finishes" in solve.conflicts


def test_get_is_not_allowed_and_viewers_cannot_solve(login, roadmap):
    assert login("office").get(reverse("roadmap-solve", args=[roadmap.pk])).status_code == 405
    assert login("viewer").post(reverse("roadmap-solve", args=[roadmap.pk])).status_code == 403
    assert not Job.objects.exists() and not RoadmapSolve.objects.exists()
