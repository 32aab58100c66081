import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db

IMPORT = "/api/transfer/import/"
EXPORT = "/api/transfer/export/"
ROWS = b"organisation,direction,kind,name,quantity,unit,external_id\nAlpha Ash Oy,output,by_product,Boiler slag,120,t/a,slag-1\n"


def _post(client, data=ROWS, **fields):
    return client.post(IMPORT, {"file": SimpleUploadedFile("streams.csv", data), **fields})


def test_a_dry_run_reports_and_a_commit_saves(login, park):
    client = login("office")
    dry = _post(client).json()
    assert dry["ok"] and not dry["committed"] and dry["created"] == {"streams": 1}
    assert not ResourceStream.objects.filter(external_id="slag-1").exists()
    saved = _post(client, commit="true").json()
    assert saved["committed"] and ResourceStream.objects.filter(external_id="slag-1").count() == 1


def test_problems_come_by_row_and_field(login, park):
    body = _post(login("expert"), ROWS.replace(b"t/a", b"parsecs"), commit="true").json()
    assert not body["ok"] and not body["committed"]
    assert [(p["row"], p["field"]) for p in body["problems"]] == [(2, "unit")]


def test_a_company_may_not_import_another_organisations_streams(login, park):
    body = _post(login("outsider"), commit="true").json()
    assert [(p["row"], p["field"]) for p in body["problems"]] == [(2, "organisation")]


def test_a_viewer_and_anonymous_are_refused(login, park, client):
    assert _post(client).status_code in (401, 403)
    assert _post(login("viewer")).status_code == 403


def test_a_request_without_file_is_a_400(login):
    assert login("office").post(IMPORT, {"commit": "true"}).status_code == 400


@pytest.mark.parametrize("role, sees", [("office", True), ("company", True), ("outsider", False), ("viewer", False)])
def test_the_export_hides_what_the_role_may_not_see(login, park, role, sees):
    response = login(role).get(EXPORT, {"file_format": "package"})
    assert response.status_code == 200
    assert (b"Alpha secret fly ash" in response.content) == sees


def test_an_unknown_export_format_is_a_400(login):
    assert login("office").get(EXPORT, {"file_format": "pdf"}).status_code == 400


def test_the_schema_lists_the_endpoints(login):
    body = login("viewer").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert IMPORT in body and EXPORT in body
