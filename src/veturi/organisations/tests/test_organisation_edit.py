import pytest
from django.urls import reverse

from veturi.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _payload(**kwargs):
    payload = {"name": "Alpha Ash Oy", "kind": "company", "business_id": "0737546-2", "country": "FI", "nace_codes": "35.11, 38.21"}
    payload.update(kwargs)
    return payload


def _url(organisation):
    return reverse("organisation-edit", args=[organisation.pk])


def test_it_works_for_the_company_itself(login, park):
    response = login("company").post(_url(park["alpha"]), _payload(employees="42"))
    assert response.status_code == 302
    alpha = Organisation.objects.get(pk=park["alpha"].pk)
    assert alpha.employees == 42
    assert alpha.nace_codes == ["35.11", "38.21"]


@pytest.mark.parametrize("role", ["outsider", "viewer"])
def test_it_refuses_other_roles(login, park, role):
    client = login(role)
    assert client.get(_url(park["alpha"])).status_code == 403
    assert client.post(_url(park["alpha"]), _payload(name="Hijacked")).status_code == 403
    assert Organisation.objects.get(pk=park["alpha"].pk).name == "Alpha Ash Oy"


def test_it_validates_the_business_id_checksum(login, park):
    response = login("office").post(_url(park["alpha"]), _payload(business_id="0737546-3"))
    assert response.status_code == 200
    assert "business_id" in response.context["form"].errors
    assert Organisation.objects.get(pk=park["alpha"].pk).business_id == "0737546-2"


def test_it_refuses_an_unknown_nace_code_and_saves_nothing(login, park):
    response = login("office").post(_url(park["alpha"]), _payload(name="Renamed", nace_codes="35.11, 99.99"))
    assert response.status_code == 200
    assert "99.99" in str(response.context["form"].errors["nace_codes"])
    alpha = Organisation.objects.get(pk=park["alpha"].pk)
    assert alpha.name == "Alpha Ash Oy" and alpha.nace_codes == ["35.11"]


def test_the_office_moves_the_engagement_stage(login, park):
    login("office").post(_url(park["beta"]), _payload(name="Beta Cement Oy", business_id="", engagement_stage="engaged"))
    assert Organisation.objects.get(pk=park["beta"].pk).engagement_stage == "engaged"


def test_a_company_cannot_move_its_own_stage(login, park):
    login("company").post(_url(park["alpha"]), _payload(engagement_stage="operating"))
    assert Organisation.objects.get(pk=park["alpha"].pk).engagement_stage == "identified"


def test_a_stage_changed_in_the_edit_form_goes_through_the_pipeline(login, park, users):
    from veturi.engagement.models import StageChange

    login("office").post(_url(park["beta"]), _payload(name="Beta Cement Oy", business_id="", engagement_stage="engaged"))
    change = StageChange.objects.get(organisation=park["beta"])
    assert (change.from_stage, change.to_stage, change.changed_by) == ("identified", "engaged", users["office"])


def test_the_edit_form_refuses_a_move_the_pipeline_refuses(login, park):
    client = login("office")
    client.post(_url(park["beta"]), _payload(name="Beta Cement Oy", business_id="", engagement_stage="operating"))
    response = client.post(_url(park["beta"]), _payload(name="Beta Cement Oy", business_id="", engagement_stage="identified"))
    assert response.status_code == 200 and "engagement_stage" in response.context["form"].errors
    assert Organisation.objects.get(pk=park["beta"].pk).engagement_stage == "operating"


def test_dropping_in_the_edit_form_needs_a_reason(login, park):
    response = login("office").post(_url(park["beta"]), _payload(name="Beta Cement Oy", business_id="", engagement_stage="dropped"))
    assert response.status_code == 200 and "dropped_reason" in response.context["form"].errors
    assert Organisation.objects.get(pk=park["beta"].pk).engagement_stage == "identified"
