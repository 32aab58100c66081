"""Accept or reject a proposal with a reason, inline with htmx or as a plain form."""

import pytest
from django.urls import reverse

from veturi.synergies.models import Proposal

pytestmark = pytest.mark.django_db


def test_an_expert_accepts_inline_and_the_decision_is_recorded(client, users, synergy):
    client.force_login(users["expert"])
    url = reverse("synergy-proposal-decide", args=[synergy["proposal"].pk])
    response = client.post(url, {"status": "accepted", "reason": "Both keen"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Accepted" in response.content.decode()
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.reason, proposal.decided_by) == ("accepted", "Both keen", users["expert"])
    assert proposal.decisions.get().status == "accepted"


def test_a_rejection_needs_a_reason(client, users, synergy):
    client.force_login(users["office"])
    url = reverse("synergy-proposal-decide", args=[synergy["proposal"].pk])
    inline = client.post(url, {"status": "rejected", "reason": " "}, HTTP_HX_REQUEST="true")
    assert "Say why the proposal is rejected." in inline.content.decode()
    plain = client.post(url, {"status": "rejected"})
    assert plain.status_code == 400 and "Say why the proposal is rejected." in plain.content.decode()
    assert Proposal.objects.get().status == "proposed"
    done = client.post(url, {"status": "rejected", "reason": "Too far"})
    assert done.status_code == 302 and Proposal.objects.get().status == "rejected"


def test_an_unknown_status_is_refused(client, users, synergy):
    client.force_login(users["office"])
    response = client.post(reverse("synergy-proposal-decide", args=[synergy["proposal"].pk]), {"status": "maybe"})
    assert response.status_code == 400 and Proposal.objects.get().status == "proposed"


def test_a_get_is_not_allowed(client, users, synergy):
    client.force_login(users["office"])
    assert client.get(reverse("synergy-proposal-decide", args=[synergy["proposal"].pk])).status_code == 405


def test_other_roles_cannot_decide(refused_to_others, synergy):
    refused_to_others(reverse("synergy-proposal-decide", args=[synergy["proposal"].pk]), method="post")
    assert Proposal.objects.get().status == "proposed"
