from django.urls import reverse

from veturi.roadmap.models import RoadmapResource


def test_it_adds_a_resource_with_yearly_limits(login, roadmap):
    response = login("office").post(reverse("roadmap-resource-add", args=[roadmap.pk]),
                                    {"name": "Heat capacity", "category": "utility", "usage": "from_finish", "unit": "MW", "yearly_limits": "5; 7.5"})
    assert response.status_code == 302
    assert RoadmapResource.objects.get(name="Heat capacity").yearly_limits == [5.0, 7.5]


def test_limits_of_the_wrong_length_or_not_numbers_are_refused(login, roadmap):
    url = reverse("roadmap-resource-add", args=[roadmap.pk])
    response = login("office").post(url, {"name": "Heat", "category": "utility", "usage": "from_finish", "yearly_limits": "5"})
    assert response.status_code == 400 and "Give 2 limits" in response.content.decode()
    response = login("office").post(url, {"name": "Heat", "category": "utility", "usage": "from_finish", "yearly_limits": "5 lots"})
    assert response.status_code == 400 and "Year 2: lots is not a number" in response.content.decode()
    assert not RoadmapResource.objects.filter(name="Heat").exists()


def test_viewers_cannot_add(login, roadmap):
    url = reverse("roadmap-resource-add", args=[roadmap.pk])
    assert login("viewer").post(url, {"name": "Heat", "category": "utility", "usage": "from_finish", "yearly_limits": "5 5"}).status_code == 403
