import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from veturi.transfer.entities import ENTITIES
from veturi.transfer.importer import Importer

pytestmark = pytest.mark.django_db

URL = reverse("transfer-templates")


@pytest.mark.parametrize("role", ["office", "expert", "company", "outsider"])
def test_importers_see_the_list_of_templates(login, role):
    response = login(role).get(URL)
    assert response.status_code == 200
    assert b"entity=streams&amp;format=xlsx" in response.content


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_the_excel_template_has_header_example_and_notes(login, entity):
    response = login("office").get(URL, {"entity": entity, "format": "xlsx"})
    assert response.status_code == 200
    assert f"veturi-{entity}-template.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [entity, "notes"]
    header = [cell.value for cell in workbook[entity][1]]
    assert tuple(header) == ENTITIES[entity].column_names
    noted = [row[0] for row in workbook["notes"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert set(ENTITIES[entity].column_names) <= set(noted)


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_the_csv_template_describes_each_field_in_comment_lines(login, entity):
    response = login("expert").get(URL, {"entity": entity, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == ENTITIES[entity].column_names
    comments = [row[0] for row in rows[2:]]
    assert all(line.startswith("#") for line in comments)
    assert len(comments) == len(ENTITIES[entity].columns) + 1


@pytest.mark.parametrize("entity", ["organisations", "plots", "sites", "streams"])
def test_the_filled_in_example_row_imports_cleanly(login, park, entity):
    data = login("office").get(URL, {"entity": entity, "format": "xlsx"}).content
    data_csv = login("office").get(URL, {"entity": entity, "format": "csv"}).content
    if entity == "plots":  # the example plot lies in the demo park's zone
        data_csv = data_csv.replace(b"Kolmenkulma", b"Test zone")
    report = Importer().run_file(data_csv, f"{entity}.csv")
    assert report.ok, report.problems
    if entity != "plots":
        assert Importer().run_file(data, f"{entity}.xlsx").ok


def test_a_viewer_is_refused(login):
    assert login("viewer").get(URL, {"entity": "streams", "format": "csv"}).status_code == 403
