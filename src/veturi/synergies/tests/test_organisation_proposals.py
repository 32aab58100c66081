"""An organisation's synergies: its proposals as supplier or receiver, and who to attract for its streams."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_both_partners_pages_list_the_proposal(client, users, park, synergy):
    client.force_login(users["office"])
    for organisation in (park["alpha"], park["beta"]):
        body = client.get(reverse("synergy-organisation", args=[organisation.pk])).content.decode()
        assert "Alpha secret fly ash" in body and "Beta secret gypsum demand" in body
    alpha = client.get(reverse("synergy-organisation", args=[park["alpha"].pk])).content.decode()
    assert "Cement works" in alpha
    city = client.get(reverse("synergy-organisation", args=[park["city"].pk])).content.decode()
    assert "No proposals for this organisation." in city


def test_the_organisation_page_links_here_for_staff_only(client, users, park, synergy):
    link = reverse("synergy-organisation", args=[park["alpha"].pk])
    client.force_login(users["expert"])
    assert link in client.get(reverse("organisation-detail", args=[park["alpha"].pk])).content.decode()
    client.force_login(users["company"])
    assert link not in client.get(reverse("organisation-detail", args=[park["alpha"].pk])).content.decode()


def test_other_roles_are_refused(refused_to_others, park, synergy):
    refused_to_others(reverse("synergy-organisation", args=[park["alpha"].pk]))
