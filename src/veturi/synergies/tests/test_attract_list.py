"""Who should we attract: outputs nobody takes, with the NACE classes of companies that would."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_see_the_kinds_of_company_and_the_rule(client, users, synergy):
    for role in ("office", "expert"):
        client.force_login(users[role])
        body = client.get(reverse("synergy-attract")).content.decode()
        assert "Alpha public bottom ash" in body and "23.51" in body and "Manufacture of cement" in body
        assert "takes this output" in body and "Fly ash to cement" in body


def test_other_roles_are_refused(refused_to_others, synergy):
    refused_to_others(reverse("synergy-attract"))
