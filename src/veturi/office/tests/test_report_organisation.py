import pytest
from django.urls import reverse

from veturi.engagement.models import Stakeholder
from veturi.engagement.pipeline import move_stage
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def test_it_shows_stage_history_interactions_actions_and_streams(login, office, users):
    move_stage(office["alpha"], "engaged", by=users["office"], reason="NDA signed")
    Stakeholder.objects.create(organisation=office["alpha"], influence=4, interest=4)
    body = login("office").get(reverse("organisation-report", args=[office["alpha"].pk])).content.decode()
    for text in ("NDA signed", "Discussed ash reuse.", "Send ash analysis", "Alpha secret fly ash", "Manage closely", "<svg"):
        assert text in body, text


def test_only_the_office_and_experts_see_it(client, users, office):
    assert_staff_only(client, users, reverse("organisation-report", args=[office["alpha"].pk]))
