"""The readers: plain tables out of CSV, XLSX, GeoJSON and business register files; never a crash."""

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from veturi.transfer.readers import ImportFileError, business_register_table, read_file, tol_to_nace_digits


def _xlsx(rows, title="streams") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("notes").append(["field", "description"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_csv_with_semicolons_and_windows_1252_reads_finnish_text():
    data = "nimi;määrä\nSäteilijä Oy;1 234,5\n".encode("cp1252")
    table = read_file(data, "yritykset.csv")[0]
    assert table.columns == ("nimi", "m_r")
    assert table.rows[0].get("nimi") == "Säteilijä Oy"


def test_csv_row_numbers_are_the_spreadsheets_and_comments_and_blank_lines_are_skipped():
    data = b"name,business_id\n\nAlpha,1\n# a note\nBeta,2\n"
    rows = read_file(data, "organisations.csv")[0].rows
    assert [(row.number, row.get("name")) for row in rows] == [(3, "Alpha"), (5, "Beta")]


def test_xlsx_reads_data_sheets_skips_the_notes_sheet_and_keeps_numbers_as_typed():
    tables = read_file(_xlsx([["Name", "Quantity", "EWC"], ["Ash", 1200.0, "10 01 01"], ["Heat", 2.5, None]]), "park.xlsx")
    assert [t.name for t in tables] == ["streams"]
    assert [(r.number, r.get("quantity"), r.get("ewc")) for r in tables[0].rows] == [(2, "1200", "10 01 01"), (3, "2.5", None)]


def test_a_duplicate_header_is_an_error_naming_the_column():
    with pytest.raises(ImportFileError, match="'name' appears twice"):
        read_file(b"name,Name\nA,B\n", "x.csv")


def test_a_value_without_a_header_is_an_error_naming_the_row():
    with pytest.raises(ImportFileError) as error:
        read_file(b"name\nA,extra\n", "x.csv")
    assert error.value.row == 2


def test_geojson_features_become_rows_with_their_geometry():
    document = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"Identifier": "T-1", "price": 12.5}, "geometry": {"type": "Polygon", "coordinates": []}},
    ]}
    table = read_file(json.dumps(document).encode(), "plots.geojson")[0]
    assert table.kind == "geojson" and table.rows[0].get("price") == "12.5" and table.rows[0].geometry["type"] == "Polygon"


def test_the_nested_business_register_shape_is_read():
    record = {
        "businessId": {"value": "0112038-9", "registrationDate": "1978-03-15"},
        "names": [{"name": "Old name Oy", "type": "1", "endDate": "1990-01-01"}, {"name": "Nokia Oyj", "type": "1"}],
        "mainBusinessLine": {"type": "70100", "descriptions": [{"languageCode": "3", "description": "Pääkonttorit"}]},
        "companyForms": [{"type": "17", "descriptions": [{"languageCode": "1", "description": "Julkinen osakeyhtiö"}]}],
        "addresses": [{"type": 1, "street": "Karakaari", "buildingNumber": "7", "postCode": "02610", "postOffices": [{"city": "ESPOO"}]}],
    }
    row = read_file(json.dumps({"companies": [record]}).encode(), "ytj.json")[0].rows[0]
    assert row.get("business_id") == "0112038-9" and row.get("name") == "Nokia Oyj" and row.get("nace_codes") == "7010"
    assert "Registered 1978-03-15" in row.get("notes") and "Karakaari 7 02610 ESPOO" in row.get("notes")


def test_the_business_register_csv_flattening_keeps_row_numbers():
    data = b"businessId;name;registrationDate;companyForm;mainBusinessLine;street;postCode;city\n0112038-9;Nokia Oyj;1978-03-15;OYJ;70100;Karakaari 7;02610;Espoo\n"
    table = read_file(data, "ytj.csv")[0]
    assert table.kind == "business_register"
    assert table.rows[0].number == 2 and table.rows[0].get("nace_codes") == "7010"


@pytest.mark.parametrize("code, digits", [("46900", "4690"), ("C2410", "2410"), ("38.32", "3832"), ("01", "01"), (None, None)])
def test_tol_2008_maps_to_nace_by_its_first_four_digits(code, digits):
    assert tol_to_nace_digits(code) == digits


def test_register_records_must_be_a_list_of_objects():
    with pytest.raises(ImportFileError):
        business_register_table({"businessId": "x"})
    with pytest.raises(ImportFileError) as error:
        business_register_table(["text"])
    assert error.value.row == 2


@pytest.mark.parametrize("data, name", [(b"", "x.csv"), (b"{", "x.json"), (b"[1, 2]", "x.json"), (b"PK\x03\x04junk", "x.xlsx"), (b"a", "x.pdf")])
def test_unreadable_files_raise_the_import_error(data, name):
    with pytest.raises(ImportFileError):
        read_file(data, name)


# Fuzzing: whatever the bytes, the readers raise ImportFileError or return tables.
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzzed_csv_bytes_raise_nothing_but_the_import_error(data):
    try:
        tables = read_file(data, "fuzz.csv")
    except ImportFileError:
        return
    for table in tables:
        for row in table.rows:
            assert row.number >= 2


@FUZZ
@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=20), st.integers(), st.floats(allow_nan=False)), max_size=6), max_size=8))
def test_fuzzed_csv_text_raises_nothing_but_the_import_error(rows):
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    try:
        read_file(out.getvalue().encode(), "fuzz.csv")
    except ImportFileError:
        pass


_VALID_XLSX = _xlsx([["name", "quantity"], ["Ash", 1.5], ["Heat", None]])


@FUZZ
@given(st.data())
def test_fuzzed_xlsx_bytes_raise_nothing_but_the_import_error(data):
    """Random bytes, and a valid workbook with bytes flipped, truncated or members swapped."""
    choice = data.draw(st.sampled_from(["random", "flip", "truncate", "member"]))
    if choice == "random":
        content = data.draw(st.binary(max_size=3000))
    elif choice == "flip":
        content = bytearray(_VALID_XLSX)
        for _ in range(data.draw(st.integers(1, 20))):
            position = data.draw(st.integers(0, len(content) - 1))
            content[position] = data.draw(st.integers(0, 255))
        content = bytes(content)
    elif choice == "truncate":
        content = _VALID_XLSX[: data.draw(st.integers(0, len(_VALID_XLSX)))]
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(_VALID_XLSX)) as source, zipfile.ZipFile(out, "w") as target:
            victim = data.draw(st.sampled_from(source.namelist()))
            for name in source.namelist():
                target.writestr(name, data.draw(st.binary(max_size=300)) if name == victim else source.read(name))
        content = out.getvalue()
    try:
        read_file(content, "fuzz.xlsx")
    except ImportFileError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=30), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False), st.booleans()), max_size=5), max_size=6))
def test_fuzzed_xlsx_cells_raise_nothing_but_the_import_error(rows):
    try:
        content = _xlsx(rows)
    except Exception:
        return  # openpyxl refuses to write some text (control characters): not a reader's input
    try:
        read_file(content, "fuzz.xlsx")
    except ImportFileError:
        pass


@FUZZ
@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
                    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(
                        ["type", "features", "properties", "geometry", "businessId", "name", "results", "companies",
                         "names", "addresses", "mainBusinessLine", "companyForms", "value", "code", "city"]), children, max_size=5)),
                    max_leaves=25))
def test_fuzzed_json_raises_nothing_but_the_import_error(document):
    try:
        read_file(json.dumps(document).encode(), "fuzz.json")
    except ImportFileError:
        pass


@pytest.mark.parametrize("module_name", ["veturi.transfer.readers", "veturi.transfer.samples"])
def test_the_docstring_examples_hold(module_name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module_name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
