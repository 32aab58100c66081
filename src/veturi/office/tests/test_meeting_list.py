import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("meeting-list")


def test_it_lists_meetings_with_links_to_their_minutes(login, office):
    body = login("office").get(URL).content.decode()
    assert "Weekly office meeting" in body
    assert reverse("meeting-minutes-pdf", args=[office["meeting"].pk]) in body


def test_only_the_office_and_experts_see_it(client, users, office):
    assert_staff_only(client, users, URL)
