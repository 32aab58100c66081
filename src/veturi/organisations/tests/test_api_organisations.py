import pytest

from veturi.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_everyone_signed_in_lists_organisations_with_nace(login, park):
    data = login("viewer").get("/api/organisations/").json()
    alpha = next(row for row in data["results"] if row["name"] == "Alpha Ash Oy")
    assert alpha["nace"] == ["35.11"] and alpha["business_id"] == "0737546-2"


def test_the_office_creates_an_organisation_validated_like_a_form(login, park):
    client = login("office")
    response = client.post("/api/organisations/", {"name": "Gamma Oy", "kind": "company", "business_id": "0112038-8", "country": "FI"}, content_type="application/json")
    assert response.status_code == 400
    assert "business_id" in response.json()
    response = client.post("/api/organisations/", {"name": "Gamma Oy", "kind": "company", "business_id": "01120389", "nace": ["3821"]}, content_type="application/json")
    assert response.status_code == 201, response.content
    gamma = Organisation.objects.get(name="Gamma Oy")
    assert gamma.business_id == "0112038-9" and gamma.nace_codes == ["38.21"]


def test_an_unknown_nace_code_is_named(login, park):
    response = login("office").post("/api/organisations/", {"name": "Delta", "nace": ["38.21", "77.77"]}, content_type="application/json")
    assert response.status_code == 400
    assert "77.77" in str(response.json()["nace"])


def test_a_company_edits_its_own_organisation_only(login, park):
    client = login("company")
    assert client.patch(f"/api/organisations/{park['alpha'].pk}/", {"employees": 12}, content_type="application/json").status_code == 200
    assert Organisation.objects.get(pk=park["alpha"].pk).employees == 12
    assert client.patch(f"/api/organisations/{park['beta'].pk}/", {"employees": 1}, content_type="application/json").status_code == 403
    assert client.post("/api/organisations/", {"name": "Sneaky"}, content_type="application/json").status_code == 403


def test_a_viewer_changes_nothing(login, park):
    client = login("viewer")
    assert client.patch(f"/api/organisations/{park['alpha'].pk}/", {"name": "X"}, content_type="application/json").status_code == 403
    assert Organisation.objects.get(pk=park["alpha"].pk).name == "Alpha Ash Oy"


def test_the_engagement_stage_is_not_changed_through_this_endpoint(login, park):
    login("office").patch(f"/api/organisations/{park['alpha'].pk}/", {"engagement_stage": "operating"}, content_type="application/json")
    assert Organisation.objects.get(pk=park["alpha"].pk).engagement_stage == "identified"
