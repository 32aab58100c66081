import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["office", "expert"])
def test_staff_see_the_graph_linking_to_the_proposal_and_the_gaps(login, valuenet, role):
    network = valuenet["network"]
    body = login(role).get(reverse("valuenet-detail", args=[network.pk])).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="network-graph"' in body
    proposal_pk = network.edges[0][2]
    assert reverse("synergy-proposal", args=[proposal_pk]) in body
    assert 'data-role="locomotive"' in body and "graph.js" in body
    assert "23.51" in body and "9,999" in body
    assert "Beta can take 10 000 t/a of fly ash" in body
    assert "<script>" not in body and "style=" not in body


def test_only_the_office_gets_the_rename_form(login, valuenet):
    url = reverse("valuenet-detail", args=[valuenet["network"].pk])
    assert reverse("valuenet-edit", args=[valuenet["network"].pk]) in login("office").get(url).content.decode()
    assert reverse("valuenet-edit", args=[valuenet["network"].pk]) not in login("expert").get(url).content.decode()


def test_a_viewer_sees_the_summary_only(login, valuenet):
    response = login("viewer").get(reverse("valuenet-detail", args=[valuenet["network"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Beta Cement Oy" in body and "too few members to show figures" in body
    for leak in ("network-graph", "12,345", "50,000", "7,407", "Alpha secret fly ash", "9,999", "10 000 t/a"):
        assert leak not in body


def test_companies_and_anonymous_are_refused(refused, valuenet):
    refused(reverse("valuenet-detail", args=[valuenet["network"].pk]), roles=("company", "outsider"))


def test_an_unknown_network_is_404(login, valuenet):
    assert login("office").get(reverse("valuenet-detail", args=[99999])).status_code == 404


def test_the_value_says_when_competing_proposals_claim_more(login, valuenet):
    network = valuenet["network"]
    url = reverse("valuenet-detail", args=[network.pk])
    assert "competing proposals together claim" not in login("office").get(url).content.decode()
    network.evidence = {**network.evidence, "claimed_value_eur_per_year": 80000.0}
    network.save(update_fields=["evidence"])
    body = login("office").get(url).content.decode()
    assert "50,000 € / a" in body
    assert "each supply counted once; competing proposals together claim 80,000 € / a" in body
