import pytest
from django.urls import reverse

from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db


def _payload(site, **kwargs):
    payload = {
        "site": site.pk,
        "direction": "output",
        "kind": "energy",
        "name": "Waste heat from cooling",
        "taxonomy_code": "",
        "ewc_code": "",
        "quantity": "2",
        "unit": "MW",
        "months": [str(m) for m in range(1, 13)],
        "confidentiality": "office",
    }
    payload.update(kwargs)
    return payload


def _url(organisation):
    return reverse("stream-add", args=[organisation.pk])


def test_it_works_and_stores_the_canonical_quantity(login, park):
    site = park["alpha"].sites.get()
    response = login("company").post(_url(park["alpha"]), _payload(site, quantity="3", unit="t/d", kind="material", name="Kuona", ewc_code="10 01 01"))
    assert response.status_code == 302
    stream = ResourceStream.objects.get(name="Kuona")
    assert stream.canonical_unit == "t/a"
    assert stream.canonical_quantity == pytest.approx(3 * 365, rel=0.01)
    assert stream.quantity == 3 and stream.unit == "t/d"


def test_it_names_an_unknown_unit(login, park):
    site = park["alpha"].sites.get()
    response = login("company").post(_url(park["alpha"]), _payload(site, unit="furlongs/fortnight"))
    assert response.status_code == 200
    assert "furlongs/fortnight" in str(response.context["form"].errors["unit"])
    assert not ResourceStream.objects.filter(name="Waste heat from cooling").exists()


def test_it_refuses_a_unit_with_no_yearly_amount(login, park):
    site = park["alpha"].sites.get()
    response = login("company").post(_url(park["alpha"]), _payload(site, unit="°C"))
    assert "unit" in response.context["form"].errors


def test_it_refuses_an_unknown_waste_code(login, park):
    site = park["alpha"].sites.get()
    response = login("company").post(_url(park["alpha"]), _payload(site, ewc_code="99 99 99"))
    assert "99 99 99" in str(response.context["form"].errors["ewc_code"])


def test_it_classifies_a_name_without_a_code(login, park):
    site = park["alpha"].sites.get()
    login("company").post(_url(park["alpha"]), _payload(site, name="lentotuhka", kind="by_product", unit="t/a", quantity="500"))
    stream = ResourceStream.objects.get(name="lentotuhka")
    assert stream.classification_method == "lexicon"
    assert stream.ewc_code.startswith("10 01") or stream.ewc_code.startswith("19 01") or stream.taxonomy_code
    assert not stream.needs_review


def test_it_flags_a_name_it_cannot_classify(login, park):
    site = park["alpha"].sites.get()
    login("company").post(_url(park["alpha"]), _payload(site, name="Qwzx blorp", kind="material", unit="t/a", quantity="5"))
    stream = ResourceStream.objects.get(name="Qwzx blorp")
    assert stream.needs_review and stream.classification_method == "none"


def test_it_offers_only_the_organisations_own_sites(login, park):
    beta_site = park["beta"].sites.get()
    response = login("company").post(_url(park["alpha"]), _payload(beta_site))
    assert "site" in response.context["form"].errors


@pytest.mark.parametrize("role", ["outsider", "viewer"])
def test_it_refuses_other_roles(login, park, role):
    site = park["alpha"].sites.get()
    client = login(role)
    assert client.get(_url(park["alpha"])).status_code == 403
    assert client.post(_url(park["alpha"]), _payload(site)).status_code == 403
    assert not ResourceStream.objects.filter(name="Waste heat from cooling").exists()
