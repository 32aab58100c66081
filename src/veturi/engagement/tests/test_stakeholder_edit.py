import pytest
from django.urls import reverse

from veturi.engagement.models import Stakeholder
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def _url(park):
    return reverse("stakeholder-edit", args=[park["beta"].pk])


def test_the_office_places_an_organisation_on_the_map_and_moves_it(login, park):
    client = login("office")
    assert client.post(_url(park), {"influence": 4, "interest": 2}).status_code == 302
    assert client.post(_url(park), {"influence": 4, "interest": 5, "notes": "Keen now"}).status_code == 302
    stakeholder = Stakeholder.objects.get(organisation=park["beta"])
    assert (stakeholder.influence, stakeholder.interest, stakeholder.notes) == (4, 5, "Keen now")


def test_scores_outside_one_to_five_are_refused(login, park):
    client = login("office")
    for field, value in (("influence", 6), ("interest", 0)):
        response = client.post(_url(park), {"influence": 3, "interest": 3, field: value})
        assert response.status_code == 200 and field in response.context["form"].errors
    assert not Stakeholder.objects.exists()


def test_only_the_office_and_experts_score_stakeholders(client, users, park):
    assert_staff_only(client, users, _url(park))
