import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db


def test_the_office_marks_a_task_in_progress(login, office):
    task = office["task"]
    payload = {"workstream": task.workstream_id, "name": task.name, "owner": task.owner_id, "status": "in_progress"}
    assert login("expert").post(reverse("task-edit", args=[task.pk]), payload).status_code == 302
    task.refresh_from_db()
    assert task.status == "in_progress"


def test_other_roles_cannot_change_tasks(client, users, office):
    assert_staff_only(client, users, reverse("task-edit", args=[office["task"].pk]))
    client.force_login(users["viewer"])
    assert client.post(reverse("task-edit", args=[office["task"].pk]), {"name": "x"}).status_code == 403
