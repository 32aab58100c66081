"""The stream field-group visibility columns: in the templates, in the export, and read back by the import."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from veturi.streams.models import ResourceStream
from veturi.transfer.entities import ENTITIES, STREAM_VISIBILITY_FIELDS
from veturi.transfer.importer import Importer

pytestmark = pytest.mark.django_db


def test_the_stream_template_has_every_visibility_column(login):
    workbook = load_workbook(io.BytesIO(login("office").get(reverse("transfer-templates"), {"entity": "streams", "format": "xlsx"}).content))
    header = [cell.value for cell in next(workbook.worksheets[0].iter_rows(max_row=1))]
    assert set(STREAM_VISIBILITY_FIELDS) <= set(header)
    assert {"name_visibility", "quantity_visibility", "cost_visibility", "quality_visibility", "months_visibility"} <= set(ENTITIES["streams"].column_names)


def test_an_export_brings_the_visibility_back_after_it_was_changed(login, park):
    stream = park["streams"]["beta_partners"]
    stream.quantity_visibility, stream.months_visibility, stream.cost_visibility = "public", "public", "office"
    stream.save()
    exported = login("office").get(reverse("transfer-export"), {"format": "xlsx"}).content
    ResourceStream.objects.filter(pk=stream.pk).update(quantity_visibility="", months_visibility="office", cost_visibility="")

    report = Importer().run_file(exported, "export.xlsx", commit=True)

    assert report.ok, report.problems[:5]
    stream.refresh_from_db()
    assert (stream.quantity_visibility, stream.months_visibility, stream.cost_visibility, stream.name_visibility) == ("public", "public", "office", "")


def test_a_csv_sets_the_visibility_and_a_bad_value_names_its_column(park):
    def streams_csv(**visibility):
        row = {"organisation": "0737546-2", "direction": "output", "kind": "by_product", "name": "Alpha public bottom ash", "quantity": "23456",
               "unit": "t/a", "confidentiality": "public", **visibility}
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
        return out.getvalue().encode()

    bad = Importer().run_file(streams_csv(quantity_visibility="everyone"), "streams.csv", commit=True)
    assert [problem.field for problem in bad.problems] == ["quantity_visibility"]
    assert ResourceStream.objects.get(pk=park["streams"]["alpha_public"].pk).quantity_visibility == ""

    good = Importer().run_file(streams_csv(quantity_visibility="office", quality_visibility="partners"), "streams.csv", commit=True)
    assert good.ok, good.problems
    stream = ResourceStream.objects.get(pk=park["streams"]["alpha_public"].pk)
    assert (stream.quantity_visibility, stream.quality_visibility) == ("office", "partners")
