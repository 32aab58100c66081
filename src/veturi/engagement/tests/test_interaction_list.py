import pytest
from django.urls import reverse

from veturi.office.tests.factories import assert_staff_only

pytestmark = pytest.mark.django_db
URL = reverse("interaction-list")


def test_it_lists_interactions_and_filters_by_kind(login, office):
    client = login("office")
    assert "Discussed ash reuse." in client.get(URL).content.decode()
    assert "Discussed ash reuse." not in client.get(URL, {"kind": "call"}).content.decode()


def test_only_the_office_and_experts_see_it(client, users, office):
    assert_staff_only(client, users, URL)
