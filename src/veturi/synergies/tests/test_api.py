"""The synergies API per role: staff read and decide; the office writes rules; others get 403; bad input names the field."""

import pytest

from veturi.synergies.models import Proposal, SynergyRule

pytestmark = pytest.mark.django_db

PATHS = ("/api/synergy-proposals/", "/api/synergy-runs/", "/api/synergy-attract/", "/api/synergy-rules/")


def test_staff_read_proposals_with_filters_and_factors(client, users, synergy):
    for role in ("office", "expert"):
        client.force_login(users[role])
        rows = client.get("/api/synergy-proposals/", {"family": "ash_slag", "min_score": "0.5"}).json()["results"]
        assert [r["id"] for r in rows] == [synergy["proposal"].pk]
        assert rows[0]["factors"][0]["name"] == "technical_fit" and rows[0]["supplier"] == synergy["alpha"].pk
        assert client.get("/api/synergy-proposals/", {"min_score": "0.9"}).json()["results"] == []
        for path in PATHS:
            assert client.get(path).status_code == 200, path


def test_an_expert_decides_through_the_api(client, users, synergy):
    client.force_login(users["expert"])
    url = f"/api/synergy-proposals/{synergy['proposal'].pk}/decide/"
    refused = client.post(url, {"status": "rejected"}, content_type="application/json")
    assert refused.status_code == 400 and "reason" in refused.json()
    wrong = client.post(url, {"status": "maybe"}, content_type="application/json")
    assert wrong.status_code == 400 and "status" in wrong.json()
    done = client.post(url, {"status": "validated", "reason": "Lab test passed"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "validated"
    assert Proposal.objects.get().decided_by == users["expert"]


def test_bad_filters_name_the_field(client, users, synergy):
    client.force_login(users["office"])
    response = client.get("/api/synergy-proposals/", {"min_score": "high"})
    assert response.status_code == 400 and "min_score" in response.json()
    assert "status" in client.get("/api/synergy-proposals/", {"status": "won"}).json()


def test_the_office_edits_a_rule_and_an_expert_may_not(client, users, synergy):
    url = f"/api/synergy-rules/{synergy['rule'].pk}/"
    client.force_login(users["expert"])
    assert client.patch(url, {"name": "X", "reason": "r"}, content_type="application/json").status_code == 403
    client.force_login(users["office"])
    bad = client.patch(url, {"fields": {"receiver_nace": "99.99"}, "reason": "r"}, content_type="application/json")
    assert bad.status_code == 400 and "receiver_nace" in bad.json()
    ok = client.patch(url, {"fields": {"receiver_nace": "23.51|23.52"}, "active": False, "reason": "Lime too"}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    rule = SynergyRule.objects.get()
    assert rule.fields["receiver_nace"] == "23.51|23.52" and not rule.active and rule.revisions.get().reason == "Lime too"


def test_other_roles_get_nothing(client, users, synergy):
    for role in ("company", "outsider", "viewer"):
        client.force_login(users[role])
        for path in PATHS:
            assert client.get(path).status_code == 403, (role, path)
        assert client.post(f"/api/synergy-proposals/{synergy['proposal'].pk}/decide/", {"status": "accepted"}, content_type="application/json").status_code == 403
    client.logout()
    assert client.get("/api/synergy-proposals/").status_code in (401, 403)


def test_the_office_writes_a_new_rule_through_the_api(client, users, park):
    new = {"rule_id": "water.cooling_reuse", "family": "water", "reason": "Brewery visit",
           "fields": {"name": "Cooling water reuse", "supplier_terms": "cooling water", "receiver_terms": "process water", "source": "Site visit"}}
    client.force_login(users["expert"])
    assert client.post("/api/synergy-rules/", new, content_type="application/json").status_code == 403
    client.force_login(users["office"])
    bad = client.post("/api/synergy-rules/", {**new, "fields": {**new["fields"], "conditions": "hot"}}, content_type="application/json")
    assert bad.status_code == 400 and "conditions" in bad.json()
    created = client.post("/api/synergy-rules/", new, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["origin"] == "office" and SynergyRule.objects.get().family == "water"
