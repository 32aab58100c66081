"""A rule's page: the office edits it (checked like a rule file, with a reason); experts read it and its history."""

import pytest
from django.urls import reverse

from veturi.synergies.models import SynergyRule

pytestmark = pytest.mark.django_db


def _payload(rule, **changes):
    return {**rule.fields, "active": "on", "reason": "Checked with the cement works", **changes}


def test_the_office_edits_a_rule_and_the_history_says_who_and_why(client, users, synergy):
    rule = synergy["rule"]
    client.force_login(users["office"])
    url = reverse("synergy-rule", args=[rule.pk])
    response = client.post(url, _payload(rule, conditions="moisture_pct<=20;not_hazardous"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.fields["conditions"] == "moisture_pct<=20.0;hazardous==false" and rule.edited_by_office
    assert rule.to_engine().conditions[0].value == 20.0
    body = client.get(url).content.decode()
    assert "Checked with the cement works" in body and "moisture_pct&lt;=20.0" in body and "office" in body


def test_a_bad_value_is_refused_naming_the_field(client, users, synergy):
    rule = synergy["rule"]
    client.force_login(users["office"])
    url = reverse("synergy-rule", args=[rule.pk])
    response = client.post(url, _payload(rule, supplier_ewc="99 99 99"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "unknown European List of Waste code" in body and 'id="id_supplier_ewc"' in body and "has-error" in body
    assert client.post(url, _payload(rule, substitution_ratio="-1")).status_code == 400
    assert client.post(url, _payload(rule, reason="")).status_code == 400
    assert SynergyRule.objects.get().fields == rule.fields and rule.revisions.count() == 0


def test_an_expert_reads_but_cannot_edit(client, users, synergy):
    rule = synergy["rule"]
    client.force_login(users["expert"])
    url = reverse("synergy-rule", args=[rule.pk])
    body = client.get(url).content.decode()
    assert "CEMBUREAU" in body and "<form method=\"post\" class=\"form\">" not in body
    assert client.post(url, _payload(rule, name="Changed")).status_code == 403
    assert SynergyRule.objects.get().name == "Fly ash to cement"


def test_other_roles_are_refused(refused_to_others, synergy):
    refused_to_others(reverse("synergy-rule", args=[synergy["rule"].pk]))
    refused_to_others(reverse("synergy-rule", args=[synergy["rule"].pk]), method="post")
