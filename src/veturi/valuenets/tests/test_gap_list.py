import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["office", "expert"])
def test_staff_see_every_gap_with_the_nace_to_attract_and_the_value_lost(login, valuenet, role):
    body = login(role).get(reverse("valuenet-gaps")).content.decode()
    assert "Ash network around Alpha Ash Oy" in body and "23.51" in body and "9,999" in body and "12,345" in body


def test_others_are_refused(refused, valuenet):
    refused(reverse("valuenet-gaps"))
