import pytest
from django.urls import reverse

from veturi.scenarios.models import ParkFigure

pytestmark = pytest.mark.django_db


def test_it_shows_every_category_with_statuses_and_missing_data(client, users, park):
    client.force_login(users["viewer"])
    response = client.get(reverse("kpi-framework"))
    body = response.content.decode()
    assert response.status_code == 200
    for heading in ("Park management performance", "Environmental performance", "Social performance", "Economic performance"):
        assert heading in body
    assert "no data" in body and "Share of wastewater treated to standard" in body
    assert "worldbank.org" in body and "Enter a park figure" not in body


def test_the_office_enters_a_figure_and_the_indicator_follows(client, users, park):
    client.force_login(users["office"])
    response = client.post(reverse("kpi-framework"), {"metric": "wastewater_treated_share", "value": 1.0, "year": 2026,
                                                      "note": "Water utility report 2026"})
    assert response.status_code == 302
    rows = {row["status"].indicator.id: row for category in client.get(reverse("kpi-framework")).context["categories"]
            for row in category["rows"]}
    assert rows["EN-5"]["status"].status == "met"
    assert rows["EN-5"]["values"][0][3] == "Water utility report 2026"
    client.post(reverse("kpi-framework"), {"metric": "wastewater_treated_share", "value": 0.5})
    assert ParkFigure.objects.get().value == 0.5


@pytest.mark.parametrize(("metric", "value", "field"), [
    ("wastewater_treated_share", 1.5, "value"), ("has_master_plan", 2, "value"), ("community_meetings_per_year", -1, "value"),
    ("synergies_realised", 3, "metric"), ("nonsense", 1, "metric"),
])
def test_a_bad_figure_is_refused_with_its_field(client, users, park, metric, value, field):
    client.force_login(users["office"])
    response = client.post(reverse("kpi-framework"), {"metric": metric, "value": value})
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not ParkFigure.objects.exists()


def test_only_the_office_enters_figures(client, users, park, refused):
    for role in ("expert", "viewer"):
        client.force_login(users[role])
        assert client.post(reverse("kpi-framework"), {"metric": "has_master_plan", "value": 1}).status_code == 403
    assert not ParkFigure.objects.exists()
    refused(reverse("kpi-framework"))
