import pytest
from django.urls import reverse

from veturi.office.models import Milestone
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("milestone-add")


def test_the_office_adds_a_milestone(login, office):
    payload = {"phase": office["phase"].pk, "name": "Phase 1 review", "due": "2026-12-15", "status": "planned"}
    assert login("office").post(URL, payload).status_code == 302
    assert Milestone.objects.get(name="Phase 1 review").phase == office["phase"]


def test_a_milestone_needs_a_due_date(login, office):
    response = login("office").post(URL, {"phase": office["phase"].pk, "name": "Someday", "status": "planned"})
    assert response.status_code == 400 and "due" in response.context["form"].errors


def test_only_the_office_and_experts_add_milestones(client, users, office):
    assert_staff_only(client, users, URL)
