import pytest
from django.urls import reverse

from veturi.scenarios.models import Assumption

pytestmark = pytest.mark.django_db


def _payload(plan, rows):
    scenario = plan["scenario"]
    data = {"name": scenario.name, "description": "", "roadmap": plan["roadmap"].pk, "runs": scenario.runs,
            "seed": scenario.seed, "waste_to_incineration_share": 0.8,
            "assumptions-TOTAL_FORMS": len(rows), "assumptions-INITIAL_FORMS": 1, "assumptions-MIN_NUM_FORMS": 0,
            "assumptions-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"assumptions-{i}-{key}"] = value
    return data


def _existing(plan, **kwargs):
    row = {"id": plan["assumption"].pk, "activity": plan["locomotive"].pk, "probability": 0.7, "delay_distribution": "triangular",
           "delay_low": 0, "delay_likely": 3, "delay_high": 12, "note": "Board decision in spring"}
    row.update(kwargs)
    return row


def test_it_saves_the_scenario_and_its_assumptions(client, users, plan):
    client.force_login(users["expert"])
    assert client.get(reverse("scenario-edit", args=[plan["scenario"].pk])).status_code == 200
    new = {"activity": plan["exchanges"].pk, "probability": 1, "quantity_kpi": "co2_avoided_t",
           "quantity_distribution": "uniform", "quantity_low": 0.8, "quantity_high": 1.2}
    response = client.post(reverse("scenario-edit", args=[plan["scenario"].pk]), _payload(plan, [_existing(plan, probability=0.6), new]))
    assert response.status_code == 302
    rows = {a.activity.name: a for a in Assumption.objects.all()}
    assert rows["Biogas plant settles"].probability == 0.6
    assert rows["Digestate exchanges start"].quantity_spec() == {"kind": "uniform", "low": 0.8, "high": 1.2}


@pytest.mark.parametrize(("change", "field"), [
    ({"probability": 1.5}, "probability"),
    ({"delay_low": 5, "delay_likely": 3}, "delay_distribution"),
    ({"delay_high": ""}, "delay_high"),
    ({"network": "", "activity": ""}, "activity"),
])
def test_a_bad_assumption_is_refused_with_its_field_and_nothing_is_saved(client, users, plan, change, field):
    client.force_login(users["office"])
    response = client.post(reverse("scenario-edit", args=[plan["scenario"].pk]),
                           _payload(plan, [_existing(plan, **{"probability": 0.3, **change})]))
    assert response.status_code == 400
    assert field in response.context["formset"].forms[0].errors
    assert Assumption.objects.get().probability == 0.7


def test_an_activity_of_another_roadmap_cannot_be_chosen(client, users, plan):
    from veturi.roadmap.models import Roadmap, RoadmapActivity

    other = RoadmapActivity.objects.create(roadmap=Roadmap.objects.create(name="Other", first_year=2027), name="Elsewhere")
    client.force_login(users["office"])
    response = client.post(reverse("scenario-edit", args=[plan["scenario"].pk]), _payload(plan, [_existing(plan, activity=other.pk)]))
    assert response.status_code == 400 and "activity" in response.context["formset"].forms[0].errors


def test_it_refuses_viewers_companies_and_outsiders(refused, plan):
    refused(reverse("scenario-edit", args=[plan["scenario"].pk]), roles=("viewer", "company", "outsider"))
