"""The zone's public page: free plots, consenting partners, aggregates, and the enquiry form."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from veturi.engagement.models import Interaction
from veturi.organisations.models import Organisation
from veturi.plugplay.tests.factories import plugplay_park

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _enquiry(**changes):
    return {"company": "Gamma Recycling Oy", "name": "Greta", "email": "greta@example.com", "area_m2": "5000", "message": "A battery recycling line.", "website": "", **changes}


def test_anyone_sees_free_plots_and_consenting_partners_only(client, park):
    plugplay_park(park)
    park["plot"].status = "leased"
    park["plot"].save()
    body = client.get(reverse("zone-public")).content.decode()
    assert "T-2" in body and "T-3" in body and ">Test zone T-1<" not in body
    assert "Alpha Ash Oy" in body and "Ash for building materials" in body
    assert "Beta Cement Oy" not in body  # no consent


def test_no_confidential_figure_reaches_the_public(client, park):
    plugplay_park(park)
    body = client.get(reverse("zone-public")).content.decode() + client.get(reverse("zone-public-data")).content.decode()
    # One agreed exchange: its value and CO2 would be one company's figures, so they stay hidden.
    for secret in ("150,000", "150000", "150 000", "400", "Alpha secret fly ash", "12345", "50,000", "50000"):
        assert secret not in body, secret


def test_an_enquiry_becomes_a_lead(client, park):
    response = client.post(reverse("zone-public"), _enquiry())
    assert response.status_code == 302
    lead = Organisation.objects.get(name="Gamma Recycling Oy")
    assert lead.engagement_stage == "identified"
    interaction = Interaction.objects.get(organisation=lead)
    assert "greta@example.com" in interaction.summary and "battery" in interaction.summary
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_a_bad_enquiry_names_its_fields(client, park):
    response = client.post(reverse("zone-public"), _enquiry(email="not-an-email", company=""))
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Gamma Recycling Oy").exists()
    assert "valid email" in response.content.decode()


def test_a_bot_filling_the_honeypot_is_turned_away(client, park):
    response = client.post(reverse("zone-public"), _enquiry(website="http://spam.example"))
    assert response.status_code == 400 and not Organisation.objects.filter(name="Gamma Recycling Oy").exists()


def test_enquiries_are_limited_per_address(client, park):
    for number in range(5):
        assert client.post(reverse("zone-public"), _enquiry(company=f"Lead {number}")).status_code == 302
    response = client.post(reverse("zone-public"), _enquiry(company="Lead 6"))
    assert response.status_code == 429 and "Too many" in response.content.decode()
    assert not Organisation.objects.filter(name="Lead 6").exists()
    # Another address is not affected.
    assert client.post(reverse("zone-public"), _enquiry(company="Lead 7"), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_page_speaks_finnish(client, park):
    response = client.get(reverse("zone-public"), HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200 and response.headers["Content-Language"] == "fi"
