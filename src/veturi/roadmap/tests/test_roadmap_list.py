from django.urls import reverse

from veturi.roadmap.models import Roadmap


def test_staff_see_the_roadmaps_and_the_form(login, roadmap):
    response = login("expert").get(reverse("roadmap-list"))
    assert response.status_code == 200
    assert "Test roadmap" in response.content.decode()
    assert 'action="/roadmap/add/"' in response.content.decode()


def test_viewers_see_the_roadmaps_without_the_form(login, roadmap):
    response = login("viewer").get(reverse("roadmap-list"))
    assert response.status_code == 200
    assert "Test roadmap" in response.content.decode()
    assert 'action="/roadmap/add/"' not in response.content.decode()


def test_companies_are_refused(login, roadmap):
    assert login("company").get(reverse("roadmap-list")).status_code == 403
    assert Roadmap.objects.count() == 1
