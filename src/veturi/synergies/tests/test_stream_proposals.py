"""A stream's synergies: its proposals best first, each factor explained, and attract suggestions."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_output_lists_its_receivers_with_the_explanation(client, users, park, synergy):
    client.force_login(users["expert"])
    body = client.get(reverse("synergy-stream", args=[park["streams"]["alpha_office"].pk])).content.decode()
    assert "Beta secret gypsum demand" in body and "Time fit" not in body
    assert "fly ash code 10 01 02 and cement works NACE 23.51" in body


def test_the_input_lists_its_suppliers(client, users, park, synergy):
    client.force_login(users["office"])
    body = client.get(reverse("synergy-stream", args=[park["streams"]["beta_office"].pk])).content.decode()
    assert "Alpha secret fly ash" in body


def test_a_stream_without_proposals_shows_who_to_attract(client, users, park, synergy):
    client.force_login(users["office"])
    body = client.get(reverse("synergy-stream", args=[park["streams"]["alpha_public"].pk])).content.decode()
    assert "No proposals for this stream." in body and "Cement works" in body


def test_other_roles_are_refused(refused_to_others, park, synergy):
    refused_to_others(reverse("synergy-stream", args=[park["streams"]["alpha_office"].pk]))
