import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from veturi.engine.matching.package import package_from_dict
from veturi.organisations.models import Person

pytestmark = pytest.mark.django_db

URL = reverse("transfer-export")
ROLES = ["office", "expert", "company", "outsider", "viewer"]
SEES_ALPHA_SECRETS = {"office": True, "expert": True, "company": True, "outsider": False, "viewer": False}


@pytest.fixture
def alpha_contact(park):
    park["alpha"].notes = "Alpha's confidential notes"
    park["alpha"].save()
    return Person.objects.create(name="Alpha Contact", organisation=park["alpha"], email="contact@alpha.example")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_export_page(login, role):
    response = login(role).get(URL)
    assert response.status_code == 200
    assert b"?format=xlsx" in response.content


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL, {"format": "xlsx"}).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_the_workbook_holds_what_the_role_may_see(login, park, alpha_contact, role):
    response = login(role).get(URL, {"format": "xlsx"})
    assert response.status_code == 200 and "veturi-export.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["organisations", "people", "plots", "sites", "streams", "zones"]
    text = " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    assert ("Alpha secret fly ash" in text) == SEES_ALPHA_SECRETS[role]
    assert ("Alpha Contact" in text) == SEES_ALPHA_SECRETS[role]
    assert ("Alpha's confidential notes" in text) == SEES_ALPHA_SECRETS[role]
    assert "Alpha public bottom ash" in text and "Test zone" in text
    assert ("Beta secret gypsum demand" in text) == (role in {"office", "expert", "outsider"})
    quantities = [row[5] for row in workbook["streams"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(quantity, (int, float)) for quantity in quantities), "numbers stay numbers for Excel"


@pytest.mark.parametrize("role", ["office", "viewer"])
def test_the_csv_zip_has_one_file_per_record_type(login, park, role):
    response = login(role).get(URL, {"format": "csv"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == sorted(f"{n}.csv" for n in ["organisations", "people", "plots", "sites", "streams", "zones"])
        streams = list(csv.DictReader(io.StringIO(archive.read("streams.csv").decode("utf-8-sig"))))
    names = {row["name"] for row in streams}
    assert ("Alpha secret fly ash" in names) == (role == "office")
    assert "Beta public cooling water" in names


def test_geojson_has_zones_plots_and_sites(login, park):
    document = json.loads(login("viewer").get(URL, {"format": "geojson"}).content)
    layers = sorted(feature["properties"]["layer"] for feature in document["features"])
    assert layers == ["plot", "site", "site", "zone"]


@pytest.mark.parametrize("role", ROLES)
def test_the_data_package_reads_in_the_matching_engine_and_hides_secrets(login, park, role):
    package = json.loads(login(role).get(URL, {"format": "package"}).content)
    organisations, streams = package_from_dict(package)
    names = {stream.name for stream in streams}
    assert ("Alpha secret fly ash" in names) == SEES_ALPHA_SECRETS[role]
    assert "Beta public cooling water" in names
    alpha = next(o for o in organisations if o.name == "Alpha Ash Oy")
    assert alpha.nace == ("35.11",) and alpha.lat == 61.52


def test_an_export_imports_back_without_changes(login, park):
    from veturi.transfer.importer import Importer

    data = login("office").get(URL, {"format": "xlsx"}).content
    report = Importer().run_file(data, "export.xlsx", commit=True)
    assert report.ok, report.problems[:5]
    assert sum(report.created.values()) == 0, report.created
    assert report.updated["streams"] == 5


def test_an_unknown_format_shows_the_page(login):
    response = login("office").get(URL, {"format": "pdf"})
    assert response.status_code == 200 and b"?format=package" in response.content
