import pytest
from django.urls import reverse

from veturi.scenarios.tests.conftest import READERS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", READERS)
def test_it_lists_the_scenarios_with_their_last_simulation(client, users, plan, role):
    client.force_login(users[role])
    response = client.get(reverse("scenario-list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Base case" in body and "Demo plan" in body and "not yet" in body
    assert ("New scenario" in body) == (role != "viewer")


def test_it_refuses_companies_and_outsiders(refused, plan):
    refused(reverse("scenario-list"))
