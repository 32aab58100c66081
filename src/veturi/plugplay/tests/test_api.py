"""The plug-and-play API: runs, placements, requirements, offers, contracts with moves, templates."""

import pytest

from veturi.plugplay.models import Contract, PlotRequirement
from veturi.plugplay.tests.factories import plugplay_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(park):
    return plugplay_objects(park)


def test_staff_read_runs_with_placements_and_others_are_refused(login, objects):
    response = login("expert").get("/api/allocation-runs/")
    (run,) = response.json()["results"]
    assert {p["company_name"] for p in run["placements"]} == {"Alpha Ash Oy", "Beta Cement Oy"}
    assert login("expert").get("/api/allocation-placements/").status_code == 200
    for role in ("company", "viewer"):
        assert login(role).get("/api/allocation-runs/").status_code == 403


def test_a_company_keeps_its_own_requirement_only(login, park, objects):
    client = login("company")
    (mine,) = client.get("/api/plot-requirements/").json()["results"]
    assert mine["organisation"] == park["alpha"].pk
    response = client.patch(f"/api/plot-requirements/{mine['id']}/", {"area_m2": 12000}, content_type="application/json")
    assert response.status_code == 200 and PlotRequirement.objects.get(pk=mine["id"]).area_m2 == 12000
    beta = objects["requirements"]["beta"]
    assert client.patch(f"/api/plot-requirements/{beta.pk}/", {"area_m2": 1}, content_type="application/json").status_code == 404
    bad = client.patch(f"/api/plot-requirements/{mine['id']}/", {"needs": {"unobtainium": 1}}, content_type="application/json")
    assert bad.status_code == 400 and "needs" in bad.json()


def test_the_offer_reads_as_json(login, park, objects):
    data = login("office").get(f"/api/offers/{park['alpha'].pk}/").json()
    assert data["plots"] and data["value_eur_per_year"] == 150_000
    assert login("office").get(f"/api/offers/{park['city'].pk}/").status_code == 400
    assert login("office").get("/api/offers/abc/").status_code == 400
    assert login("viewer").get(f"/api/offers/{park['alpha'].pk}/").status_code == 403


def test_contracts_move_through_the_pipeline(login, park, objects):
    client = login("office")
    contract = objects["contract"]
    response = client.post(f"/api/contracts/{contract.pk}/move/", {"stage": "reservation"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["stage"] == "reservation"
    rival = Contract.objects.create(organisation=park["beta"], plot=contract.plot)
    response = client.post(f"/api/contracts/{rival.pk}/move/", {"stage": "reservation"}, content_type="application/json")
    assert response.status_code == 400 and "already reserved" in str(response.json())
    assert client.post(f"/api/contracts/{contract.pk}/move/", {"stage": "nonsense"}, content_type="application/json").status_code == 400
    assert client.post(f"/api/contracts/{contract.pk}/move/", {"stage": "offer"}, content_type="application/json").status_code == 400
    assert client.patch(f"/api/contracts/{contract.pk}/", {"stage": "sale"}, content_type="application/json").json()["stage"] == "reservation"


def test_only_the_office_writes_templates(login, objects):
    payload = {"name": "Lease", "stage": "lease", "language": "en", "body": "{{ organisation.name }}"}
    assert login("expert").post("/api/document-templates/", payload, content_type="application/json").status_code == 403
    assert login("office").post("/api/document-templates/", payload, content_type="application/json").status_code == 201
    broken = login("office").post("/api/document-templates/", payload | {"body": "{% if %}"}, content_type="application/json")
    assert broken.status_code == 400 and "body" in broken.json()


@pytest.mark.parametrize("body", [{}, {"area_m2": "lots"}, "valid"], ids=["empty", "bad", "valid"])
def test_a_viewer_creating_a_requirement_is_refused_before_its_body_is_read(login, park, body):
    data = {"organisation": park["alpha"].pk, "area_m2": 5000} if body == "valid" else body
    response = login("viewer").post("/api/plot-requirements/", data, content_type="application/json")
    assert response.status_code == 403  # was 400 (the body's errors) for an empty or bad body
    assert not PlotRequirement.objects.exists()
