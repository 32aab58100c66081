"""A company keeps its own plot requirement; the office keeps anyone's."""

import pytest
from django.urls import reverse

from veturi.plugplay.models import PlotRequirement

pytestmark = pytest.mark.django_db


def _payload(**changes):
    return {"area_m2": "15000", "zoning_classes": "T, TT", "hazard_separation_m": "0", "need_electricity": "2", **changes}


def test_a_company_sets_its_own_requirement(login, park):
    response = login("company").post(reverse("plot-requirement", args=[park["alpha"].pk]), _payload())
    assert response.status_code == 302
    requirement = PlotRequirement.objects.get(organisation=park["alpha"])
    assert requirement.zoning_list == ["T", "TT"] and requirement.needs == {"electricity": 2.0}


def test_bad_input_names_the_field(login, park):
    response = login("office").post(reverse("plot-requirement", args=[park["beta"].pk]), _payload(area_m2="-5", zoning_classes=" , "))
    body = response.content.decode()
    assert response.status_code == 200 and "more than zero" in body and "zoning class" in body
    assert not PlotRequirement.objects.exists()


def test_a_company_cannot_touch_another_companys_requirement(login, park):
    assert login("company").post(reverse("plot-requirement", args=[park["beta"].pk]), _payload()).status_code == 403
    assert login("viewer").get(reverse("plot-requirement", args=[park["alpha"].pk])).status_code == 403


@pytest.mark.parametrize("payload", [{}, {"area_m2": "-5"}, "valid"], ids=["empty", "bad", "valid"])
def test_a_viewer_posting_the_form_is_refused_before_the_form_is_read(login, park, payload):
    data = _payload() if payload == "valid" else payload
    response = login("viewer").post(reverse("plot-requirement", args=[park["alpha"].pk]), data)
    assert response.status_code == 403
    assert not PlotRequirement.objects.filter(organisation=park["alpha"]).exists()
