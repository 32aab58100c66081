"""The office API: meetings and action items for the office and experts; the plan read by all."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_office_reads_a_meeting_with_its_agenda_decisions_and_actions(client, users, office):
    client.force_login(users["office"])
    meeting = client.get(f"/api/meetings/{office['meeting'].pk}/").json()
    assert meeting["agenda_items"][0]["title"] == "Pipeline review"
    assert meeting["decisions"] == [{"text": "Invite Beta to the ash workshop"}]
    assert meeting["action_items"][0]["status"] == "open"


def test_an_action_item_is_closed_through_the_api(client, users, office):
    client.force_login(users["expert"])
    item = office["meeting"].action_items.get()
    response = client.patch(f"/api/action-items/{item.pk}/", {"status": "done"}, content_type="application/json")
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "done"


def test_every_role_reads_the_plan_and_its_progress_but_only_staff_change_it(client, users, office):
    client.force_login(users["viewer"])
    phases = client.get("/api/plan/phases/").json()["results"]
    assert phases[0]["progress"] == 0.5
    assert client.patch(f"/api/plan/tasks/{office['task'].pk}/", {"status": "late"}, content_type="application/json").status_code == 403
    client.force_login(users["office"])
    bad = client.patch(f"/api/plan/tasks/{office['task'].pk}/", {"start": "2027-01-02", "due": "2027-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and "due" in bad.json()


def test_meetings_are_the_offices_own(client, users, office):
    for role in ("company", "outsider", "viewer"):
        client.force_login(users[role])
        assert client.get("/api/meetings/").status_code == 403, role
        assert client.get("/api/action-items/").status_code == 403, role
