from django.urls import reverse

from veturi.roadmap.models import Roadmap


def _payload(**extra):
    data = {"name": "Kolmenkulma 2027", "first_year": 2027, "years": 8, "objective": "max_impact", "weight_co2_per_t": 100,
            "weight_jobs": 50000, "weight_value_per_eur": 1, "discount_rate": 0.04, "time_limit_s": 10}
    data.update(extra)
    return data


def test_it_creates_a_roadmap_with_default_resources(login, users):
    response = login("office").post(reverse("roadmap-add"), _payload())
    roadmap = Roadmap.objects.get(name="Kolmenkulma 2027")
    assert response.status_code == 302 and response["Location"] == reverse("roadmap-detail", args=[roadmap.pk])
    limits = {r.name: r.yearly_limits for r in roadmap.resources.all()}
    assert set(limits) == {"Infrastructure budget", "Land released", "Office staff time", "Electricity capacity"}
    assert all(len(values) == 8 for values in limits.values())


def test_a_bad_horizon_is_refused_naming_the_field(login, users):
    response = login("expert").post(reverse("roadmap-add"), _payload(years=40, discount_rate=1.5))
    assert response.status_code == 400
    body = response.content.decode()
    assert "years" in body and "discount" in body
    assert not Roadmap.objects.exists()


def test_viewers_cannot_create(login, users):
    assert login("viewer").post(reverse("roadmap-add"), _payload()).status_code == 403
    assert not Roadmap.objects.exists()
