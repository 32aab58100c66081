import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["office", "expert"])
def test_staff_see_each_network_with_its_figures_and_readiness(login, valuenet, role):
    body = login(role).get(reverse("valuenet-list")).content.decode()
    assert "Ash network around Alpha Ash Oy" in body
    assert "50,000" in body and "Alpha Ash Oy" in body
    assert "Blocked by open assumptions" in body


def test_a_viewer_sees_summaries_with_figures_only_when_three_companies_share_them(login, valuenet, park):
    response = login("viewer").get(reverse("valuenet-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ash network around Alpha Ash Oy" in body and "too few members to show figures" in body
    assert "50,000" not in body and "Blocked by open assumptions" not in body and "12,345" not in body
    network = valuenet["network"]
    network.members = [*network.members, park["city"].pk]
    network.save()
    assert "50,000" in login("viewer").get(reverse("valuenet-list")).content.decode()


def test_only_the_office_is_offered_a_recomputation(login, valuenet):
    assert "Recompute" in login("office").get(reverse("valuenet-list")).content.decode()
    assert "Recompute" not in login("expert").get(reverse("valuenet-list")).content.decode()


def test_companies_and_anonymous_are_refused(refused, valuenet):
    refused(reverse("valuenet-list"), roles=("company", "outsider"))


def test_an_empty_list_says_what_to_do(login, park):
    assert "No value network yet" in login("office").get(reverse("valuenet-list")).content.decode()


def test_readiness_of_every_network_comes_from_one_query(login, valuenet, park, django_assert_max_num_queries):
    from veturi.valuenets.models import Hypothesis
    from veturi.valuenets.tests.factories import make_network

    for number in range(8):
        network = make_network(park, key=f"template:more-{number}", name=f"Network {number}")
        Hypothesis.objects.create(statement=f"Hypothesis {number}", network=network, status="validated", blocks_prioritisation=False)
    client = login("office")
    client.get(reverse("valuenet-list"))
    # Was one hypothesis query per network.
    with django_assert_max_num_queries(9):
        body = client.get(reverse("valuenet-list")).content.decode()
    assert "Network 7" in body and "Blocked by open assumptions" in body
