import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def test_the_office_adds_a_follow_up_with_owner_and_due_date(login, office):
    url = reverse("follow-up-add", args=[office["interaction"].pk])
    response = login("office").post(url, {"action": "Call back", "owner": office["lead"].pk, "due": "2026-12-03"})
    assert response.status_code == 302
    follow_up = office["interaction"].follow_ups.get(action="Call back")
    assert follow_up.owner == office["lead"] and str(follow_up.due) == "2026-12-03"


def test_a_bad_date_is_refused(login, office):
    url = reverse("follow-up-add", args=[office["interaction"].pk])
    response = login("office").post(url, {"action": "Call back", "due": "next week"})
    assert response.status_code == 400 and "due" in response.context["form"].errors


def test_only_the_office_and_experts_add_follow_ups(client, users, office):
    assert_staff_only(client, users, reverse("follow-up-add", args=[office["interaction"].pk]))
