"""The proposals list: office and experts filter proposals; nobody else sees them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_see_the_proposal_with_its_figures(client, users, synergy):
    for role in ("office", "expert"):
        client.force_login(users[role])
        body = client.get(reverse("synergy-proposals")).content.decode()
        assert "Alpha secret fly ash" in body and "Beta secret gypsum demand" in body
        assert "50,000" in body and "Fly ash to cement" in body


def test_filters_narrow_the_list(client, users, synergy):
    client.force_login(users["office"])
    url = reverse("synergy-proposals")
    assert "Alpha secret fly ash" in client.get(url, {"family": "ash_slag", "min_score": "0.7"}).content.decode()
    assert "Alpha secret fly ash" not in client.get(url, {"min_score": "0.9"}).content.decode()
    assert "Alpha secret fly ash" not in client.get(url, {"status": "rejected"}).content.decode()
    assert "Alpha secret fly ash" not in client.get(url, {"kind": "energy"}).content.decode()
    assert "Alpha secret fly ash" in client.get(url, {"organisation": synergy["alpha"].pk}).content.decode()
    assert "Alpha secret fly ash" not in client.get(url, {"organisation": synergy["alpha"].pk + 999}).content.decode()


def test_stale_proposals_are_hidden_unless_asked_for(client, users, synergy):
    synergy["proposal"].__class__.objects.update(stale=True)
    client.force_login(users["expert"])
    url = reverse("synergy-proposals")
    assert "Alpha secret fly ash" not in client.get(url).content.decode()
    assert "Alpha secret fly ash" in client.get(url, {"stale": "on"}).content.decode()


def test_a_bad_minimum_score_is_named(client, users, synergy):
    client.force_login(users["office"])
    body = client.get(reverse("synergy-proposals"), {"min_score": "2"}).content.decode()
    assert "less than or equal to 1" in body


def test_other_roles_are_refused(refused_to_others, synergy):
    refused_to_others(reverse("synergy-proposals"))


def test_a_filter_error_is_not_repeated_in_every_row(client, users, synergy):
    client.force_login(users["office"])
    body = client.get(reverse("synergy-proposals"), {"min_score": "2", "stale": "on"}).content.decode()
    assert body.count("less than or equal to 1") == 1
