import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def test_the_office_marks_a_milestone_done_and_progress_follows(login, office):
    milestone = office["milestone"]
    payload = {"phase": milestone.phase_id, "name": milestone.name, "due": milestone.due.isoformat(), "status": "done"}
    assert login("office").post(reverse("milestone-edit", args=[milestone.pk]), payload).status_code == 302
    assert office["phase"].progress() == 1.0


def test_other_roles_cannot_change_milestones(client, users, office):
    assert_staff_only(client, users, reverse("milestone-edit", args=[office["milestone"].pk]))
