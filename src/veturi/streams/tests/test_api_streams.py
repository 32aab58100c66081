import pytest

from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db


def _names(client):
    return {row["name"] for row in client.get("/api/streams/?limit=1000").json()["results"]}


def test_the_office_reads_every_stream(login, park):
    assert len(_names(login("office"))) == 5


def test_a_company_reads_its_own_and_public_streams(login, park):
    assert _names(login("company")) == {"Alpha secret fly ash", "Alpha public bottom ash", "Beta public cooling water"}


def test_a_viewer_reads_public_streams_only(login, park):
    client = login("viewer")
    assert _names(client) == {"Alpha public bottom ash", "Beta public cooling water"}
    secret = park["streams"]["alpha_office"]
    assert client.get(f"/api/streams/{secret.pk}/").status_code == 404
    assert "12345" not in client.get("/api/streams/?limit=1000").content.decode()


def test_a_company_adds_a_stream_and_gets_the_canonical_quantity(login, park):
    site = park["alpha"].sites.get()
    response = login("company").post(
        "/api/streams/",
        {"site": site.pk, "direction": "output", "kind": "energy", "name": "Savukaasulauhde", "quantity": 2, "unit": "MW", "months": [1, 2, 3, 4, 5, 6]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["canonical_unit"] == "MWh/a" and data["canonical_quantity"] == pytest.approx(8760)
    assert data["months"] == [1, 2, 3, 4, 5, 6]


def test_a_bad_unit_is_named_and_nothing_is_saved(login, park):
    site = park["alpha"].sites.get()
    response = login("company").post(
        "/api/streams/",
        {"site": site.pk, "direction": "output", "kind": "material", "name": "Kuona", "quantity": 5, "unit": "lightyears/fortnight"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "lightyears" in str(response.json()["unit"])
    assert not ResourceStream.objects.filter(name="Kuona").exists()


def test_a_company_cannot_write_into_another_companys_site(login, park):
    beta_site = park["beta"].sites.get()
    response = login("company").post(
        "/api/streams/",
        {"site": beta_site.pk, "direction": "output", "kind": "material", "name": "Planted", "quantity": 5, "unit": "t/a"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not ResourceStream.objects.filter(name="Planted").exists()


def test_a_company_cannot_delete_another_companys_public_stream(login, park):
    public = park["streams"]["beta_public"]
    assert login("company").delete(f"/api/streams/{public.pk}/").status_code == 403
    assert ResourceStream.objects.filter(pk=public.pk).exists()


@pytest.mark.parametrize("payload", [{"quantity": -1}, {"months": []}, {"months": [13]}, {"quality": {"dry_matter_pct": 400}}, {"ewc_code": "12 34 56"}])
def test_invalid_updates_are_400_not_500(login, park, payload):
    stream = park["streams"]["alpha_office"]
    response = login("office").patch(f"/api/streams/{stream.pk}/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
