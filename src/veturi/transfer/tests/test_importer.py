"""The import service: dry run, all-or-nothing commit, updates without duplicates, rights."""

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from veturi.organisations.models import Organisation, Person
from veturi.plots.models import Plot
from veturi.streams.models import ResourceStream, Site
from veturi.transfer.importer import Importer
from veturi.transfer.samples import streams_csv

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[23.52, 61.52], [23.525, 61.52], [23.525, 61.5225], [23.52, 61.5225], [23.52, 61.52]]]}
# Valid business IDs (check digit computed by the rule of the Y-tunnus).
VALID_IDS = ["0112038-9", "0201256-6", "1944757-4", "2331972-7", "0109862-8", "1927556-8", "0116297-6", "1041090-0"]


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _counts():
    return (Organisation.objects.count(), Site.objects.count(), ResourceStream.objects.count(), Plot.objects.count(), Person.objects.count())


def _bad_workbook():
    """A workbook of 60 rows with one planted error per kind; returns the bytes and the planted (sheet, row, field)."""
    organisations = [["name", "business_id", "external_id", "nace_codes", "kind"]]
    for number in range(20):
        organisations.append([f"Company {number} Oy", "", f"company-{number}", "38.21", "company"])
    planted = set()
    organisations[3][1] = "0737546-3"  # row 4: bad check digit
    planted.add(("organisations", 4, "business_id"))
    organisations[6][3] = "99.99"  # row 7: unknown NACE
    planted.add(("organisations", 7, "nace_codes"))
    organisations[9][0] = None  # row 10: missing required name
    planted.add(("organisations", 10, "name"))
    organisations[12][2] = "company-3"  # row 13: same external ID as row 5
    planted.add(("organisations", 13, ""))
    organisations[15][4] = "spaceship"  # row 16: unknown kind
    planted.add(("organisations", 16, "kind"))

    streams = [["external_id", "organisation", "site", "direction", "kind", "name", "quantity", "unit", "ewc_code"]]
    for number in range(34):
        streams.append([f"s-{number}", "Alpha Ash Oy", "", "output", "by_product", f"Ash {number}", 100 + number, "t/a", "10 01 01"])
    streams[2][8] = "99 99 99"  # row 3: unknown waste code
    planted.add(("streams", 3, "ewc_code"))
    streams[5][7] = "furlongs per fortnight"  # row 6: bad unit
    planted.add(("streams", 6, "unit"))
    streams[8][1] = "No Such Company Oy"  # row 9: unknown organisation
    planted.add(("streams", 9, "organisation"))
    streams[11][6] = None  # row 12: missing quantity
    planted.add(("streams", 12, "quantity"))
    streams[14][0] = "s-0"  # row 15: duplicate of row 2
    planted.add(("streams", 15, ""))
    streams[17][3] = "sideways"  # row 18: bad direction
    planted.add(("streams", 18, "direction"))
    streams[20][6] = "-5"  # row 21: negative quantity
    planted.add(("streams", 21, "quantity"))

    plots = [["zone", "identifier", "geometry"]]
    for number in range(6):
        plots.append(["Test zone", f"P-{number}", json.dumps(SQUARE)])
    plots[2][2] = json.dumps({"type": "Polygon", "coordinates": [[[23.5, 61.5], [23.6, 61.6], [23.5, 61.6], [23.6, 61.5], [23.5, 61.5]]]})
    planted.add(("plots", 3, "geometry"))  # row 3: self-intersecting bow tie
    plots[4][2] = "not json"
    planted.add(("plots", 5, "geometry"))
    plots[5][0] = "Atlantis"
    planted.add(("plots", 6, "zone"))
    total_rows = len(organisations) + len(streams) + len(plots) - 3
    assert total_rows >= 50
    return _workbook({"organisations": organisations, "streams": streams, "plots": plots}), planted


def test_the_dry_run_finds_every_planted_error_and_commits_nothing(park):
    data, planted = _bad_workbook()
    before = _counts()
    report = Importer().run_file(data, "bad.xlsx", commit=True)
    found = {(p.sheet, p.row, p.field) for p in report.problems}
    assert planted <= found, planted - found
    assert {(sheet, row) for sheet, row, _ in found} == {(sheet, row) for sheet, row, _ in planted}, "no problem on a good row"
    assert not report.committed
    assert _counts() == before


def test_messages_are_the_forms_and_the_engines(park):
    data, _ = _bad_workbook()
    problems = {(p.sheet, p.row, p.field): p.message for p in Importer().run_file(data, "bad.xlsx").problems}
    assert "check digit" in problems[("organisations", 4, "business_id")]
    assert problems[("organisations", 10, "name")] == "This field is required."
    assert "99 99 99" in problems[("streams", 3, "ewc_code")]
    assert "Duplicate of row 2" in problems[("streams", 15, "")]
    assert problems[("streams", 9, "organisation")] == "Unknown organisation 'No Such Company Oy'."


def test_a_valid_file_of_10000_streams_imports_whole(park):
    """A park-sized file goes in whole, in one transaction; how fast is benchmarks/import_speed.py's
    business (a benchmark prints figures; a timed test on a shared machine fails by chance)."""
    data = streams_csv(10_000, ["0737546-2", "Beta Cement Oy"])
    report = Importer().run_file(data, "streams.csv", commit=True)
    assert report.ok, report.problems[:5]
    assert report.created["streams"] == 10_000
    assert ResourceStream.objects.filter(external_id__startswith="bench-").count() == 10_000
    stream = ResourceStream.objects.get(external_id="bench-000004")
    assert stream.canonical_unit == "t/a" and stream.canonical_quantity == stream.quantity
    assert stream.months == [5, 6, 7, 8, 9]


def test_reimport_updates_and_never_duplicates(park):
    data = streams_csv(30, ["0737546-2"])
    Importer().run_file(data, "streams.csv", commit=True)
    before = _counts()
    changed = data.replace(b",output,", b",output,", 1).replace(b"bench-000001,0737546-2,,output,by_product,Bottom ash 1,", b"bench-000001,0737546-2,,output,by_product,Bottom ash renamed,")
    report = Importer().run_file(changed, "streams.csv", commit=True)
    assert report.committed and report.created["streams"] == 0 and report.updated["streams"] == 30
    assert _counts() == before
    assert ResourceStream.objects.get(external_id="bench-000001").name == "Bottom ash renamed"


def test_rows_without_external_id_match_by_natural_key(park):
    rows = b"organisation,direction,kind,name,quantity,unit\nAlpha Ash Oy,output,by_product,Alpha public bottom ash,999,t/a\n"
    report = Importer().run_file(rows, "streams.csv", commit=True)
    assert report.updated["streams"] == 1 and report.created["streams"] == 0
    assert ResourceStream.objects.get(pk=park["streams"]["alpha_public"].pk).quantity == 999


def test_organisations_update_by_business_id_and_replace_their_nace_codes(park):
    rows = b"name,business_id,nace_codes\nAlpha Ash Renamed Oy,07375462,38.21; 3511\n"
    report = Importer().run_file(rows, "organisations.csv", commit=True)
    assert report.updated["organisations"] == 1, report.problems
    alpha = Organisation.objects.get(pk=park["alpha"].pk)
    assert alpha.name == "Alpha Ash Renamed Oy" and alpha.nace_codes == ["38.21", "35.11"]


def test_one_workbook_creates_organisations_sites_and_their_streams_together(park):
    data = _workbook({
        "organisations": [["name", "business_id"], ["Gamma Bio Oy", "0112038-9"]],
        "sites": [["organisation", "name", "latitude", "longitude", "zone", "plot"], ["0112038-9", "Gamma plant", 61.51, 23.51, "Test zone", "T-1"]],
        "streams": [["organisation", "direction", "kind", "name", "quantity", "unit", "months"], ["Gamma Bio Oy", "output", "energy", "Waste heat", "2,5", "MW", "5-9"]],
    })
    dry = Importer().run_file(data, "gamma.xlsx")
    assert dry.ok, dry.problems
    assert not Organisation.objects.filter(business_id="0112038-9").exists()
    report = Importer().run_file(data, "gamma.xlsx", commit=True)
    assert report.committed
    stream = ResourceStream.objects.get(name="Waste heat")
    assert stream.site.organisation.business_id == "0112038-9"
    assert stream.site.plot == park["plot"]
    assert stream.quantity == 2.5 and stream.canonical_unit == "MWh/a"
    assert stream.taxonomy_code, "the lexicon classifies a stream given without a code"


def test_business_register_records_become_organisations_with_nace_from_tol(park):
    document = {"results": [
        {"businessId": "0112038-9", "name": "Nokia Oyj", "registrationDate": "1978-03-15", "companyForm": "OYJ",
         "mainBusinessLine": {"code": "70100"}, "addresses": [{"street": "Karakaari 7", "postCode": "02610", "city": "Espoo"}]},
        {"businessId": "0201256-6", "name": "Kaupunki", "companyForm": "Kunta", "mainBusinessLine": "84110"},
        {"businessId": "0201256-7", "name": "Broken Oy", "mainBusinessLine": "99999"},
    ]}
    report = Importer().run_file(json.dumps(document).encode(), "ytj.json")
    fields = {(p.row, p.field) for p in report.problems}
    assert fields == {(4, "business_id"), (4, "nace_codes")}
    document["results"].pop()
    report = Importer().run_file(json.dumps(document).encode(), "ytj.json", commit=True)
    assert report.committed
    nokia = Organisation.objects.get(business_id="0112038-9")
    assert nokia.nace_codes == ["70.10"] and "Espoo" in nokia.notes
    assert Organisation.objects.get(business_id="0201256-6").kind == "municipality"


def test_plots_import_from_geojson(park):
    feature = {"type": "Feature", "properties": {"zone": "Test zone", "identifier": "G-1", "status": "reserved"}, "geometry": SQUARE}
    data = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    report = Importer().run_file(data, "plots.geojson", commit=True)
    assert report.committed, report.problems
    plot = Plot.objects.get(identifier="G-1")
    assert plot.status == "reserved" and plot.area_m2 > 10_000


def test_a_company_imports_its_own_streams_only(park, users):
    rows = (
        b"organisation,direction,kind,name,quantity,unit\n"
        b"Alpha Ash Oy,output,by_product,Own slag,5,t/a\n"
        b"Beta Cement Oy,output,by_product,Someone else's slag,5,t/a\n"
    )
    report = Importer(users["company"]).run_file(rows, "streams.csv", commit=True)
    assert [(p.row, p.field) for p in report.problems] == [(3, "organisation")]
    assert not report.committed
    assert Importer(users["company"]).run_file(rows.rsplit(b"\n", 2)[0] + b"\n", "streams.csv", commit=True).committed


def test_a_company_cannot_import_organisations_and_a_viewer_nothing(park, users):
    rows = b"name\nNew Oy\n"
    assert not Importer(users["company"]).run_file(rows, "organisations.csv", commit=True).committed
    refused = Importer(users["viewer"]).run_file(b"organisation,direction,kind,name,quantity,unit\nAlpha Ash Oy,output,water,W,1,m3/a\n", "streams.csv", commit=True)
    assert [p.message for p in refused.problems] == ["You may not import streams."]
    assert not Organisation.objects.filter(name="New Oy").exists()


def test_an_unreadable_file_is_one_clear_problem(park):
    report = Importer().run_file(b"\x00\x01garbage", "streams.xlsx")
    assert len(report.problems) == 1 and "Excel" in report.problems[0].message


def test_unknown_columns_are_named(park):
    report = Importer().run_file(b"name,colour\nX Oy,blue\n", "organisations.csv")
    assert any("colour" in p.message for p in report.problems)


def test_an_organisation_known_by_name_only_gets_its_business_id_not_a_twin(park):
    rows = b"name,business_id\nBeta Cement Oy,0112038-9\n"
    report = Importer().run_file(rows, "organisations.csv", commit=True)
    assert report.updated["organisations"] == 1 and report.created["organisations"] == 0
    assert Organisation.objects.get(pk=park["beta"].pk).business_id == "0112038-9"


def test_a_plot_cannot_take_the_identifier_of_another_plot(park):
    Plot.objects.create(zone=park["zone"], identifier="T-2", geometry=SQUARE, external_id="t-2")
    rows = "zone,identifier,external_id,geometry\n" + f'Test zone,T-1,t-2,"{json.dumps(SQUARE).replace(chr(34), chr(34) * 2)}"\n'
    report = Importer().run_file(rows.encode(), "plots.csv", commit=True)
    assert [(p.row, p.field) for p in report.problems] == [(2, "identifier")]


def test_a_company_cannot_take_over_another_organisations_site_by_its_external_id(park, users):
    Site.objects.filter(organisation=park["beta"]).update(external_id="beta-plant")
    rows = b"organisation,name,external_id\nAlpha Ash Oy,Hijacked plant,beta-plant\n"
    report = Importer(users["company"]).run_file(rows, "sites.csv", commit=True)
    assert [(p.row, p.field) for p in report.problems] == [(2, "external_id")]
    assert Site.objects.get(external_id="beta-plant").organisation == park["beta"]


# Fuzzing the whole import: whatever the cells, a dry run answers with problems, never an exception.
_CELL = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(
    ["Alpha Ash Oy", "0737546-2", "Test zone", "T-1", "output", "input", "energy", "water", "MW", "t/a", "m3/d", "10 01 01",
     "-1", "1e309", "nan", "1,5", "5-9", "13", "{}", '{"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 1], [0, 0]]]}']))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(entity=st.sampled_from(["organisations", "people", "plots", "sites", "streams"]), rows=st.lists(st.lists(_CELL, min_size=1, max_size=8), max_size=5))
def test_fuzzed_rows_give_problems_never_an_exception(park, entity, rows):
    import csv as csv_module

    from veturi.transfer.entities import ENTITIES

    columns = ENTITIES[entity].column_names[:8]
    out = io.StringIO()
    writer = csv_module.writer(out)
    writer.writerow(columns)
    writer.writerows([[("" if cell is None else cell) for cell in row] for row in rows])
    report = Importer().run_file(out.getvalue().encode(), f"{entity}.csv")
    assert all(isinstance(problem.message, str) for problem in report.problems)


def test_streams_of_two_sites_with_one_name_are_told_apart_by_external_id(park):
    twin = Site.objects.create(organisation=park["alpha"], name="Alpha Ash Oy plant", external_id="alpha-2")
    ResourceStream.objects.create(site=twin, direction="output", kind="water", name="Rinse water", quantity=5, unit="m3/d", external_id="rinse")
    rows = b"organisation,site,direction,kind,name,quantity,unit,external_id\nAlpha Ash Oy,alpha-2,output,water,Rinse water,7,m3/d,rinse\n"
    report = Importer().run_file(rows, "streams.csv", commit=True)
    assert report.updated["streams"] == 1, report.problems
    assert ResourceStream.objects.get(external_id="rinse").quantity == 7


def test_organisations_of_one_name_keep_their_own_sites(park):
    namesake = Organisation.objects.create(name="Alpha Ash Oy")  # no IDs: found by no key of the file
    Site.objects.create(organisation=namesake, name="Namesake plant", external_id="namesake-plant")
    rows = b"organisation,site,direction,kind,name,quantity,unit\nBeta Cement Oy,,output,water,Rinse water,7,m3/d\n"
    report = Importer().run_file(rows, "streams.csv", commit=True)
    assert report.created["streams"] == 1, report.problems
    assert ResourceStream.objects.get(name="Rinse water").site.organisation == park["beta"]
