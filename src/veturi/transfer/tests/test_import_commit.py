import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db

URL = reverse("transfer-import-commit")
GOOD = b"organisation,direction,kind,name,quantity,unit,external_id\nAlpha Ash Oy,output,by_product,Boiler slag,120,t/a,slag-1\n"


def _dry_run(client, data=GOOD):
    response = client.post(reverse("transfer-import"), {"file": SimpleUploadedFile("streams.csv", data)})
    return response.context["token"]


@pytest.mark.parametrize("role", ["office", "expert", "company"])
def test_confirming_a_clean_dry_run_saves_every_row(login, park, role):
    client = login(role)
    token = _dry_run(client)
    response = client.post(URL, {"token": token, "entity": ""})
    assert response.status_code == 302 and response["Location"] == reverse("transfer-import")
    stream = ResourceStream.objects.get(external_id="slag-1")
    assert stream.site.organisation == park["alpha"] and stream.canonical_quantity == 120


def test_confirming_twice_does_not_duplicate(login, park):
    client = login("office")
    client.post(URL, {"token": _dry_run(client)})
    client.post(URL, {"token": _dry_run(client)})
    assert ResourceStream.objects.filter(external_id="slag-1").count() == 1


def test_another_users_token_opens_nothing(login, park, client, users):
    token = _dry_run(login("office"))
    client.force_login(users["expert"])
    response = client.post(URL, {"token": token})
    assert response.status_code == 302
    assert not ResourceStream.objects.filter(external_id="slag-1").exists()


def test_a_forged_token_opens_nothing(login, park):
    response = login("office").post(URL, {"token": "../../etc/passwd"})
    assert response.status_code == 302
    assert not ResourceStream.objects.filter(external_id="slag-1").exists()


def test_get_is_not_allowed_and_a_viewer_is_refused(login):
    assert login("office").get(URL).status_code == 405
    assert login("viewer").post(URL, {"token": "0" * 32}).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.post(URL, {"token": "0" * 32}).status_code == 302


def test_a_file_gone_bad_since_its_dry_run_is_reported_and_not_saved(login, park):
    client = login("office")
    token = _dry_run(client)
    park["alpha"].name = "Alpha Renamed Oy"  # the file's organisation name no longer matches
    park["alpha"].save()
    response = client.post(URL, {"token": token})
    assert response.status_code == 200
    assert [p.field for p in response.context["problems"]] == ["organisation"]
    assert not ResourceStream.objects.filter(external_id="slag-1").exists()
