import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def test_it_shows_agenda_attendance_decisions_and_actions(login, office):
    body = login("expert").get(reverse("meeting-detail", args=[office["meeting"].pk])).content.decode()
    for text in ("Pipeline review", "Paula Project-Lead", "Invite Beta to the ash workshop", "Book the workshop room"):
        assert text in body


def test_only_the_office_and_experts_see_it(client, users, office):
    assert_staff_only(client, users, reverse("meeting-detail", args=[office["meeting"].pk]))
