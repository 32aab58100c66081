import pytest
from django.urls import reverse

from veturi.valuenets.models import ValueNetwork

pytestmark = pytest.mark.django_db


def test_the_office_renames_a_network_and_the_name_is_marked_as_its_own(login, valuenet):
    network = valuenet["network"]
    response = login("office").post(reverse("valuenet-edit", args=[network.pk]), {"name": "Kolmenkulma ash loop", "curated": "on", "notes": "Court Beta first"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.name, network.named_by_office, network.curated, network.notes) == ("Kolmenkulma ash loop", True, True, "Court Beta first")


def test_an_empty_name_is_refused_naming_the_field(login, valuenet):
    network = valuenet["network"]
    response = login("office").post(reverse("valuenet-edit", args=[network.pk]), {"name": "  ", "notes": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert ValueNetwork.objects.get(pk=network.pk).name == "Ash network around Alpha Ash Oy"


def test_experts_and_others_may_not_rename(refused, valuenet):
    refused(reverse("valuenet-edit", args=[valuenet["network"].pk]), roles=("expert", "company", "outsider", "viewer"), method="post", data={"name": "X"})
    assert ValueNetwork.objects.get(pk=valuenet["network"].pk).name != "X"


def test_a_get_is_not_allowed(login, valuenet):
    assert login("office").get(reverse("valuenet-edit", args=[valuenet["network"].pk])).status_code == 405
