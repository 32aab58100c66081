import pytest
from django.urls import reverse

from veturi.valuenets.models import Hypothesis

pytestmark = pytest.mark.django_db


def test_validating_a_hypothesis_makes_the_network_ready(login, valuenet):
    hypothesis, network = valuenet["hypothesis"], valuenet["network"]
    assert network.readiness()["level"] == "blocked"
    response = login("office").post(reverse("hypothesis-edit", args=[hypothesis.pk]), {
        "statement": hypothesis.statement, "network": network.pk, "status": "validated", "confidence": "0.9",
        "resolution": "Beta's plant manager confirmed at the visit",
    })
    assert response.status_code == 302
    hypothesis.refresh_from_db()
    assert hypothesis.status == "validated" and hypothesis.status_changed_at is not None
    assert network.readiness()["level"] == "ready" and network.readiness()["share"] == 1.0


def test_the_edit_page_shows_the_statement(login, valuenet):
    body = login("expert").get(reverse("hypothesis-edit", args=[valuenet["hypothesis"].pk])).content.decode()
    assert "Beta can take 10 000 t/a of fly ash" in body


def test_others_are_refused(refused, valuenet):
    refused(reverse("hypothesis-edit", args=[valuenet["hypothesis"].pk]))
    assert Hypothesis.objects.get().status == "open"
