import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from veturi.streams.models import ResourceStream

pytestmark = pytest.mark.django_db

URL = reverse("transfer-import")
GOOD = b"organisation,direction,kind,name,quantity,unit,external_id\nAlpha Ash Oy,output,by_product,Boiler slag,120,t/a,slag-1\n"
BAD = b"organisation,direction,kind,name,quantity,unit\nAlpha Ash Oy,output,by_product,Boiler slag,120,parsecs\nNobody Oy,output,water,Water,1,m3/a\n"


def _upload(client, data, name="streams.csv", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **extra})


@pytest.mark.parametrize("role", ["office", "expert", "company", "outsider"])
def test_importers_see_the_form_and_the_templates(login, role):
    response = login(role).get(URL)
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert reverse("transfer-templates").encode() in response.content


def test_a_viewer_is_refused(login):
    assert login("viewer").get(URL).status_code == 403
    assert _upload(login("viewer"), GOOD).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_dry_run_shows_every_problem_by_row_and_field_and_saves_nothing(login, park):
    before = ResourceStream.objects.count()
    response = _upload(login("office"), BAD)
    assert response.status_code == 200
    problems = [(p.row, p.field) for p in response.context["problems"]]
    assert (2, "unit") in problems and (3, "organisation") in problems
    assert b"parsecs" in response.content and b"Nobody Oy" in response.content
    assert b"transfer-import-commit" not in response.content and b'name="token"' not in response.content
    assert ResourceStream.objects.count() == before


def test_a_clean_dry_run_offers_the_commit_and_still_saves_nothing(login, park):
    response = _upload(login("office"), GOOD)
    assert response.status_code == 200
    assert response.context["report"].ok and response.context["token"]
    assert reverse("transfer-import-commit").encode() in response.content
    assert not ResourceStream.objects.filter(external_id="slag-1").exists()


def test_a_company_gets_a_problem_for_another_organisations_streams(login, park):
    data = GOOD.replace(b"Alpha Ash Oy", b"Beta Cement Oy")
    response = _upload(login("company"), data)
    assert [(p.row, p.field) for p in response.context["problems"]] == [(2, "organisation")]


def test_the_form_refuses_an_unsupported_file(login):
    response = _upload(login("office"), b"%PDF-1.4", name="report.pdf")
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_an_unreadable_workbook_is_reported_not_a_crash(login, park):
    response = _upload(login("expert"), b"not really a workbook", name="streams.xlsx")
    assert response.status_code == 200
    assert len(response.context["problems"]) == 1
