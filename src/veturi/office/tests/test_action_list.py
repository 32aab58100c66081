import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("action-list")


def test_open_actions_of_interactions_and_meetings_in_one_place(login, office):
    client = login("office")
    body = client.get(URL).content.decode()
    assert "Send ash analysis" in body and "Book the workshop room" in body
    office["follow_up"].done = True
    office["follow_up"].save()
    assert "Send ash analysis" not in client.get(URL).content.decode()
    assert "Send ash analysis" in client.get(URL, {"show": "all"}).content.decode()


def test_only_the_office_and_experts_see_it(client, users, office):
    assert_staff_only(client, users, URL)
