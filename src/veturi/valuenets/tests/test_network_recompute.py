import pytest
from django.urls import reverse

from veturi.valuenets.models import AnalysisRun, ValueNetwork

pytestmark = pytest.mark.django_db


def test_the_office_recomputes_and_the_fly_ash_exchange_forms_a_network(login, valuenet):
    response = login("office").post(reverse("valuenet-recompute"))
    assert response.status_code == 302
    assert AnalysisRun.objects.count() == 1
    community = ValueNetwork.objects.filter(method="community", current=True).get()
    assert set(community.members) == {valuenet["network"].members[0], valuenet["network"].members[1]}
    assert community.locomotives and community.exchanges == [valuenet["network"].edges[0][2]]


def test_experts_and_others_may_not_recompute(refused, valuenet):
    refused(reverse("valuenet-recompute"), roles=("expert", "company", "outsider", "viewer"), method="post")
    assert not AnalysisRun.objects.exists()
