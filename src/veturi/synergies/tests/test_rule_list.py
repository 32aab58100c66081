"""The rule list with search: office and experts read it."""

import pytest
from django.urls import reverse

from veturi.synergies.tests.factories import make_rule
from veturi.engine.matching import Rule

pytestmark = pytest.mark.django_db


def test_search_finds_rules_by_words_of_their_name(client, users, synergy):
    make_rule(Rule(id="water.cooling", family="water", name="Cooling water reuse", supplier_terms=("cooling water",), receiver_terms=("process water",), source="BREF"))
    for role in ("office", "expert"):
        client.force_login(users[role])
        body = client.get(reverse("synergy-rules"), {"q": "cement"}).content.decode()
        assert "ash_slag.fly_ash_cement" in body and "water.cooling" not in body
        assert "water.cooling" in client.get(reverse("synergy-rules")).content.decode()


def test_other_roles_are_refused(refused_to_others):
    refused_to_others(reverse("synergy-rules"))
