"""Chains, cascades and loops of the last run, with organisation and stream names."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_read_the_chain_by_name(client, users, synergy):
    client.force_login(users["expert"])
    body = client.get(reverse("synergy-chains")).content.decode()
    assert "Alpha Ash Oy → Beta Cement Oy" in body and "Alpha secret fly ash" in body


def test_the_kind_filter(client, users, synergy):
    client.force_login(users["office"])
    assert "Alpha Ash Oy → Beta Cement Oy" not in client.get(reverse("synergy-chains"), {"kind": "loop"}).content.decode()
    assert "Alpha Ash Oy → Beta Cement Oy" in client.get(reverse("synergy-chains"), {"kind": "chain"}).content.decode()


def test_other_roles_are_refused(refused_to_others, synergy):
    refused_to_others(reverse("synergy-chains"))
