import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def test_the_minutes_are_a_printable_page(login, office):
    body = login("office").get(reverse("meeting-minutes", args=[office["meeting"].pk])).content.decode()
    assert "Minutes: Weekly office meeting" in body and "Invite Beta to the ash workshop" in body
    assert 'class="no-print"' in body


def test_only_the_office_and_experts_read_minutes(client, users, office):
    assert_staff_only(client, users, reverse("meeting-minutes", args=[office["meeting"].pk]))
