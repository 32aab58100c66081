from django.urls import reverse

from veturi.roadmap.models import RoadmapActivity


def _payload(roadmap, **extra):
    data = {"name": "Rail siding", "kind": "infrastructure", "infrastructure_kind": "rail_siding", "duration_months": 12,
            "earliest_start_month": 6, "required": "on", "weight": 1}
    for field in ("co2_t_per_year", "jobs", "value_eur_per_year", "virgin_material_t_per_year", "waste_diverted_t_per_year",
                  "energy_recirculated_mwh_per_year", "water_recirculated_m3_per_year", "investment_eur", "land_ha"):
        data[field] = 0
    data[f"demand_{roadmap.resources.get().pk}"] = 0.5
    data.update(extra)
    return data


def test_it_adds_an_activity_with_its_demand_and_predecessor(login, roadmap):
    heat = roadmap.activities.get(name="Build the heat branch")
    response = login("expert").post(reverse("roadmap-activity-add", args=[roadmap.pk]), _payload(roadmap, predecessors=[heat.pk]))
    assert response.status_code == 302
    siding = RoadmapActivity.objects.get(name="Rail siding")
    assert [p.name for p in siding.predecessors.all()] == ["Build the heat branch"]
    assert siding.demands.get().amount == 0.5


def test_an_activity_past_the_horizon_is_refused_naming_the_field(login, roadmap):
    response = login("office").post(reverse("roadmap-activity-add", args=[roadmap.pk]), _payload(roadmap, earliest_start_month=20))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Earliest start" in body and "24-month horizon" in body
    assert not RoadmapActivity.objects.filter(name="Rail siding").exists()


def test_a_duplicate_name_and_a_negative_demand_are_refused(login, roadmap):
    response = login("office").post(reverse("roadmap-activity-add", args=[roadmap.pk]),
                                    _payload(roadmap, name="Alpha settles", **{f"demand_{roadmap.resources.get().pk}": -1}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "already has an activity called Alpha settles" in body
    assert "greater than or equal to 0" in body


def test_viewers_cannot_add(login, roadmap):
    assert login("viewer").post(reverse("roadmap-activity-add", args=[roadmap.pk]), _payload(roadmap)).status_code == 403
