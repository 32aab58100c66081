"""The office writes a new rule, checked like a rule file; the next run uses it. Nobody else may."""

import pytest
from django.urls import reverse

from veturi.synergies.adapters import rules_to_engine
from veturi.synergies.models import SynergyRule

pytestmark = pytest.mark.django_db

NEW = {
    "rule_id": "water.cooling_reuse", "family": "water", "name": "Cooling water reuse", "supplier_terms": "cooling water",
    "receiver_terms": "process water", "supply_unit": "m3/a", "receive_unit": "m3/a", "source": "Office site visit 2026",
    "reason": "Seen at the brewery",
}


def test_the_office_writes_a_rule_and_the_next_run_uses_it(client, users, park):
    client.force_login(users["office"])
    assert client.get(reverse("synergy-rule-add")).status_code == 200
    response = client.post(reverse("synergy-rule-add"), NEW)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = SynergyRule.objects.get()
    assert (rule.origin, rule.family, rule.edited_by_office) == ("office", "water", True)
    assert rule.revisions.get().changed_by == users["office"]
    assert [r.id for r in rules_to_engine()] == ["water.cooling_reuse"]


def test_bad_rules_are_refused_naming_the_field(client, users, park):
    client.force_login(users["office"])
    url = reverse("synergy-rule-add")
    bad_unit = client.post(url, {**NEW, "supply_unit": "furlongs"})
    assert bad_unit.status_code == 400 and "not a canonical unit" in bad_unit.content.decode()
    bad_id = client.post(url, {**NEW, "rule_id": "Water Reuse"})
    assert bad_id.status_code == 400 and "lower-case letters" in bad_id.content.decode()
    no_receiver = client.post(url, {**NEW, "receiver_terms": ""})
    assert no_receiver.status_code == 400 and "receiver side needs" in no_receiver.content.decode()
    assert not SynergyRule.objects.exists()
    client.post(url, NEW)
    twice = client.post(url, NEW)
    assert twice.status_code == 400 and "already exists" in twice.content.decode()


def test_only_the_office_writes_rules(client, users, refused_to_others):
    client.force_login(users["expert"])
    assert client.get(reverse("synergy-rule-add")).status_code == 403
    assert client.post(reverse("synergy-rule-add"), NEW).status_code == 403
    refused_to_others(reverse("synergy-rule-add"))
    refused_to_others(reverse("synergy-rule-add"), method="post")
    assert not SynergyRule.objects.exists()
