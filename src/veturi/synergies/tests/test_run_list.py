"""The matching runs with their figures and the "run matching now" button."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_see_the_last_runs_figures(client, users, synergy):
    for role in ("office", "expert"):
        client.force_login(users[role])
        body = client.get(reverse("synergy-runs")).content.decode()
        assert "Run matching now" in body and "1 proposals" in body


def test_other_roles_are_refused(refused_to_others, synergy):
    refused_to_others(reverse("synergy-runs"))
