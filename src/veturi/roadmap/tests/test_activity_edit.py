from django.urls import reverse

from veturi.roadmap.models import ActivityDemand, RoadmapActivity


def _payload(activity, **extra):
    data = {"name": activity.name, "kind": activity.kind, "infrastructure_kind": activity.infrastructure_kind,
            "duration_months": activity.duration_months, "earliest_start_month": activity.earliest_start_month,
            "required": "on", "weight": 1, "predecessors": [p.pk for p in activity.predecessors.all()]}
    for field in ("co2_t_per_year", "jobs", "value_eur_per_year", "virgin_material_t_per_year", "waste_diverted_t_per_year",
                  "energy_recirculated_mwh_per_year", "water_recirculated_m3_per_year", "investment_eur", "land_ha"):
        data[field] = getattr(activity, field)
    data.update(extra)
    return data


def test_it_saves_the_duration_and_removes_a_zero_demand(login, roadmap):
    heat = roadmap.activities.get(name="Build the heat branch")
    response = login("office").post(reverse("roadmap-activity-edit", args=[heat.pk]),
                                    _payload(heat, duration_months=9, **{f"demand_{roadmap.resources.get().pk}": 0}))
    assert response.status_code == 302
    heat.refresh_from_db()
    assert heat.duration_months == 9
    assert not ActivityDemand.objects.filter(activity=heat).exists()


def test_a_predecessor_that_closes_a_loop_is_refused(login, roadmap):
    heat = roadmap.activities.get(name="Build the heat branch")
    exchanges = roadmap.activities.get(name="Ash exchanges start")
    response = login("expert").post(reverse("roadmap-activity-edit", args=[heat.pk]), _payload(heat, predecessors=[exchanges.pk]))
    assert response.status_code == 400
    assert "close a loop" in response.content.decode()
    assert not heat.predecessors.exists()


def test_it_deletes_an_activity(login, roadmap):
    heat = roadmap.activities.get(name="Build the heat branch")
    assert login("office").post(reverse("roadmap-activity-edit", args=[heat.pk]), {"delete": "1"}).status_code == 302
    assert not RoadmapActivity.objects.filter(pk=heat.pk).exists()


def test_companies_cannot_edit(login, roadmap):
    heat = roadmap.activities.get(name="Build the heat branch")
    assert login("company").post(reverse("roadmap-activity-edit", args=[heat.pk]), {"delete": "1"}).status_code == 403
    assert RoadmapActivity.objects.filter(pk=heat.pk).exists()
