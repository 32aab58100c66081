import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def test_it_shows_participants_follow_ups_and_attachments(login, office):
    body = login("office").get(reverse("interaction-detail", args=[office["interaction"].pk])).content.decode()
    for text in ("Paula Project-Lead", "Aino Alpha", "Send ash analysis", "slides.pdf", "overdue"):
        assert text in body


def test_only_the_office_and_experts_see_it(client, users, office):
    assert_staff_only(client, users, reverse("interaction-detail", args=[office["interaction"].pk]))
