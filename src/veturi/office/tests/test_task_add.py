import pytest
from django.urls import reverse

from veturi.office.models import Task
from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("task-add")


def test_the_office_adds_a_task_to_a_workstream(login, office):
    client = login("office")
    assert client.get(URL, {"workstream": office["workstream"].pk}).context["form"]["workstream"].value() == str(office["workstream"].pk)
    payload = {"workstream": office["workstream"].pk, "name": "Visit the sawmill", "owner": office["lead"].pk, "start": "2026-12-01", "due": "2026-12-12", "status": "planned"}
    assert client.post(URL, payload).status_code == 302
    assert Task.objects.get(name="Visit the sawmill").owner == office["lead"]


def test_a_task_due_before_it_starts_is_refused(login, office):
    payload = {"workstream": office["workstream"].pk, "name": "Backwards", "start": "2026-12-12", "due": "2026-12-01", "status": "planned"}
    response = login("office").post(URL, payload)
    assert response.status_code == 400 and "due" in response.context["form"].errors
    assert not Task.objects.filter(name="Backwards").exists()


def test_only_the_office_and_experts_add_tasks(client, users, office):
    assert_staff_only(client, users, URL)
