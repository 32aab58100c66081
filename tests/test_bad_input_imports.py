"""Bad input to every import (CSV, XLSX, GeoJSON, JSON): a clear problem naming the row or field,
never an exception, and nothing half-written (the row counts stay as they were)."""

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veturi.transfer.entities import ENTITIES, ENTITY_ORDER
from veturi.transfer.importer import Importer

pytestmark = pytest.mark.django_db

NASTY = [
    "", " ", "0", "-1", "1e309", "NaN", "-inf", "9" * 400, "1,5", "12 345,6", "<script>alert(1)</script>",
    "'; DROP TABLE organisations_organisation; --", "ä€😀 Ωmega", "\u202eevil", "../../etc/passwd", "{{ 7|add:7 }}",
    "2026-13-45", "61.5;23.7", "=HYPERLINK(\"http://x\")", "x" * 5000,
]
cell = st.one_of(st.sampled_from(NASTY), st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
BAD_INPUT = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def row_counts() -> dict[str, int]:
    from veturi.organisations.models import Organisation, Person
    from veturi.plots.models import Plot
    from veturi.streams.models import ResourceStream, Site

    return {model.__name__: model.objects.count() for model in (Organisation, Person, Plot, Site, ResourceStream)}


def as_csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(name, header, rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = name
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def assert_clear_or_committed(report, before):
    """Refused: every problem names where, and nothing changed. Accepted: it was committed."""
    if report.problems:
        assert not report.committed
        assert row_counts() == before, "a refused import wrote rows"
        for problem in report.problems:
            assert problem.message.strip()
    else:
        assert report.committed


@BAD_INPUT
@given(entity=st.sampled_from(ENTITY_ORDER), rows=st.lists(st.lists(cell, min_size=0, max_size=12), min_size=1, max_size=4),
       fmt=st.sampled_from(["csv", "xlsx"]))
def test_random_rows_are_refused_clearly_or_saved_whole(users, entity, rows, fmt):
    header = ENTITIES[entity].column_names
    rows = [row[: len(header)] for row in rows]
    data = as_csv(header, rows) if fmt == "csv" else as_xlsx(entity, header, rows)
    before = row_counts()
    report = Importer(users["office"]).run_file(data, f"random.{fmt}", entity=entity, commit=True)
    assert_clear_or_committed(report, before)


@pytest.mark.parametrize("entity", ENTITY_ORDER)
def test_one_bad_row_after_good_ones_writes_nothing(users, entity):
    spec = ENTITIES[entity]
    good = [column.example for column in spec.columns]
    # Another record (its own key) whose every other field is far too long or not a number.
    bad = [f"{good[0]} 2"] + ["x" * 5000 for _ in spec.columns[1:]]
    before = row_counts()
    report = Importer(users["office"]).run_file(as_csv(spec.column_names, [good, bad]), "half.csv", entity=entity, commit=True)
    assert report.problems and not report.committed
    assert any(problem.row is not None for problem in report.problems), "the problem names its row"
    assert row_counts() == before


@BAD_INPUT
@given(data=st.one_of(
    st.binary(max_size=300),
    st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=20),
                 lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
                 max_leaves=12).map(lambda value: json.dumps(value).encode()),
    st.just(b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[1e400, 2]]]}, "properties": {"identifier": "X"}}]}'),
), suffix=st.sampled_from([".geojson", ".json", ".csv", ".xlsx"]))
def test_garbage_files_are_one_clear_problem(users, data, suffix):
    before = row_counts()
    report = Importer(users["office"]).run_file(data, f"garbage{suffix}", commit=True)
    assert_clear_or_committed(report, before)


def test_the_upload_page_answers_garbage_with_a_report_not_a_500(client, users):
    client.force_login(users["company"])
    before = row_counts()
    for name, data in [("x.xlsx", b"PK\x03\x04 not a zip"), ("x.csv", "\ufeffname\n" .encode() + b"\xff\xfe\x00"), ("x.geojson", b"{")]:
        response = client.post("/transfer/import/", {"file": _named(name, data)})
        assert response.status_code == 200, name
    assert row_counts() == before


def _named(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
