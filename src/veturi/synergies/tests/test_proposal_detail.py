"""A proposal's page explains every factor in words and shows the decision history."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_read_every_factor_in_words(client, users, synergy):
    url = reverse("synergy-proposal", args=[synergy["proposal"].pk])
    for role in ("office", "expert"):
        client.force_login(users[role])
        body = client.get(url).content.decode()
        assert "Technical fit (rule and conditions)" in body
        assert "fly ash code 10 01 02 and cement works NACE 23.51" in body
        assert "80&nbsp;%" in body and "CEMBUREAU" in body


def test_an_unknown_proposal_is_404(client, users, synergy):
    client.force_login(users["office"])
    assert client.get(reverse("synergy-proposal", args=[synergy["proposal"].pk + 1000])).status_code == 404


def test_other_roles_are_refused(refused_to_others, synergy):
    refused_to_others(reverse("synergy-proposal", args=[synergy["proposal"].pk]))
