import pytest
from django.urls import reverse

from veturi.office.models import Milestone, Task

pytestmark = pytest.mark.django_db
URL = reverse("plan")


def test_progress_per_phase_counts_done_tasks_and_milestones(office):
    # One task done, one milestone planned: half done.
    assert office["phase"].progress() == 0.5
    Task.objects.create(workstream=office["workstream"], name="Cancelled idea", status="cancelled")
    assert office["phase"].progress() == 0.5
    Milestone.objects.filter(pk=office["milestone"].pk).update(status="done")
    assert office["phase"].progress() == 1.0


def test_every_role_reads_the_plan_with_its_progress(client, users, office):
    for role in ("office", "expert", "company", "outsider", "viewer"):
        client.force_login(users[role])
        body = client.get(URL).content.decode()
        assert "1. Start-up and organisation" in body and 'value="50"' in body and "Map the actors" in body, role


def test_only_the_office_and_experts_get_edit_links(client, users, office):
    edit = reverse("task-edit", args=[office["task"].pk])
    client.force_login(users["expert"])
    assert edit in client.get(URL).content.decode()
    client.force_login(users["viewer"])
    assert edit not in client.get(URL).content.decode()


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
