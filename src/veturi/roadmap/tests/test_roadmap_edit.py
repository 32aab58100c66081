from django.urls import reverse


def _payload(roadmap, **extra):
    data = {"name": roadmap.name, "first_year": roadmap.first_year, "years": roadmap.years, "objective": roadmap.objective,
            "weight_co2_per_t": 10, "weight_jobs": 1000, "weight_value_per_eur": 1, "discount_rate": 0.05, "time_limit_s": 5}
    data.update(extra)
    return data


def test_it_saves_the_weights_and_objective(login, roadmap):
    response = login("office").post(reverse("roadmap-edit", args=[roadmap.pk]), _payload(roadmap, objective="min_weighted_completion"))
    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.objective == "min_weighted_completion" and roadmap.weight_co2_per_t == 10


def test_a_longer_horizon_extends_every_resource_limit(login, roadmap):
    login("expert").post(reverse("roadmap-edit", args=[roadmap.pk]), _payload(roadmap, years=4))
    roadmap.refresh_from_db()
    assert roadmap.years == 4
    assert roadmap.resources.get().yearly_limits == [12.0, 12.0, 12.0, 12.0]


def test_a_horizon_shorter_than_an_activity_is_refused_and_nothing_changes(login, roadmap):
    roadmap.activities.filter(name="Alpha settles").update(earliest_start_month=18)
    response = login("office").post(reverse("roadmap-edit", args=[roadmap.pk]), _payload(roadmap, years=1))
    assert response.status_code == 400
    assert "Alpha settles" in response.content.decode()
    roadmap.refresh_from_db()
    assert roadmap.years == 2 and roadmap.resources.get().yearly_limits == [12.0, 12.0]


def test_viewers_cannot_edit(login, roadmap):
    assert login("viewer").post(reverse("roadmap-edit", args=[roadmap.pk]), _payload(roadmap, name="x")).status_code == 403
