import pytest
from django.urls import reverse

from veturi.scenarios.models import Scenario

pytestmark = pytest.mark.django_db


def _payload(plan, **kwargs):
    data = {"name": "Slow start", "description": "", "roadmap": plan["roadmap"].pk, "runs": 5000, "seed": 1,
            "waste_to_incineration_share": 0.8}
    data.update(kwargs)
    return data


@pytest.mark.parametrize("role", ("office", "expert"))
def test_it_works(client, users, plan, role):
    client.force_login(users[role])
    assert client.get(reverse("scenario-add")).status_code == 200
    response = client.post(reverse("scenario-add"), _payload(plan))
    scenario = Scenario.objects.get(name="Slow start")
    assert response.status_code == 302 and response["Location"] == reverse("scenario-edit", args=[scenario.pk])


@pytest.mark.parametrize(("field", "value"), [("runs", 10), ("runs", 10_000_000), ("waste_to_incineration_share", 1.5),
                                              ("name", "Base case"), ("seed", -1)])
def test_it_validates_with_the_field_named(client, users, plan, field, value):
    client.force_login(users["office"])
    response = client.post(reverse("scenario-add"), _payload(plan, **{field: value}))
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Scenario.objects.filter(name="Slow start").exists()


def test_it_refuses_viewers_companies_and_outsiders(refused, plan):
    refused(reverse("scenario-add"), roles=("viewer", "company", "outsider"))
    refused(reverse("scenario-add"), roles=("viewer",), method="post", data=_payload(plan))
    assert not Scenario.objects.filter(name="Slow start").exists()
