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


def _realised_fly_ash(park):
    from veturi.synergies.tests.factories import synergy_objects

    proposal = synergy_objects(park)["proposal"]  # Alpha's 12 345 t/a of fly ash (a waste) to Beta, 7407 t CO2/a
    proposal.status = "realised"
    proposal.save()
    return proposal


def test_realised_exchanges_give_the_computed_figures(client, users, park):
    _realised_fly_ash(park)
    client.force_login(users["office"])
    rows = {row["status"].indicator.id: row for category in client.get(reverse("kpi-framework")).context["categories"]
            for row in category["rows"]}
    assert rows["EN-4"]["status"].values == {"co2_avoided_t": pytest.approx(7407)}
    # 12 345 t reused of the park's 12 345 + 23 456 t of waste outputs: 34 %, below the 50 % default.
    assert rows["EN-7"]["status"].values["waste_reused_share"] == pytest.approx(12345 / 35801)
    assert rows["EN-7"]["status"].status == "not_met"
    assert rows["PM-2"]["status"].values == {"synergies_realised": 1.0}


def test_a_viewer_does_not_see_one_companys_exchange_figures(client, users, park):
    _realised_fly_ash(park)
    client.force_login(users["viewer"])
    response = client.get(reverse("kpi-framework"))
    body = response.content.decode()
    assert "withheld: fewer than three companies take part" in body
    for figure in ("7,407", "7407", "12,345", "12345", "50,000", "0.34"):
        assert figure not in body, figure
    rows = {row["status"].indicator.id: row for category in response.context["categories"] for row in category["rows"]}
    assert rows["EN-7"]["status"].status == "not_met"  # the status still shows
    api = client.get("/api/kpi-framework/").json()
    en4 = next(row for row in api["indicators"] if row["id"] == "EN-4")
    assert en4["values"]["co2_avoided_t"] is None and en4["origins"]["co2_avoided_t"] == "withheld"
