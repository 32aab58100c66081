"""The engagement API: the office's notes for the office and experts only; moves follow the pipeline's rules."""

import pytest

from veturi.engagement.models import StageChange
from veturi.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_move_through_the_api_follows_the_rules_and_is_recorded(client, users, park):
    client.force_login(users["expert"])
    response = client.post("/api/stage-changes/", {"organisation": park["beta"].pk, "to_stage": "engaged", "reason": "Call"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["from_stage"] == "identified"
    assert StageChange.objects.get().changed_by == users["expert"]
    refused = client.post("/api/stage-changes/", {"organisation": park["beta"].pk, "to_stage": "dropped"}, content_type="application/json")
    assert refused.status_code == 400 and "reason" in refused.json()
    assert Organisation.objects.get(pk=park["beta"].pk).engagement_stage == "engaged"


def test_the_office_records_an_interaction_and_its_follow_up(client, users, park):
    client.force_login(users["office"])
    interaction = client.post(
        "/api/interactions/", {"organisation": park["alpha"].pk, "date": "2026-11-20", "kind": "call", "summary": "Ash"}, content_type="application/json"
    )
    assert interaction.status_code == 201, interaction.content
    follow_up = client.post(
        "/api/follow-ups/", {"interaction": interaction.json()["id"], "action": "Send data", "due": "2020-01-01"}, content_type="application/json"
    )
    assert follow_up.status_code == 201 and follow_up.json()["overdue"] is True


def test_stakeholder_scores_are_checked(client, users, park):
    client.force_login(users["office"])
    response = client.post("/api/stakeholders/", {"organisation": park["alpha"].pk, "influence": 9, "interest": 3}, content_type="application/json")
    assert response.status_code == 400 and "influence" in response.json()


def test_other_roles_see_nothing(client, users, park):
    for role in ("company", "outsider", "viewer"):
        client.force_login(users[role])
        for path in ("/api/interactions/", "/api/follow-ups/", "/api/stakeholders/", "/api/stage-changes/"):
            assert client.get(path).status_code == 403, (role, path)
            assert client.post(path, {}, content_type="application/json").status_code == 403, (role, path)
