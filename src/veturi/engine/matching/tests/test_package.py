import json

import pytest

from veturi.engine.matching import (
    PackageError, format_result, match_package, read_package, result_to_dicts,
)

PACKAGE = {
    "organisations": [
        {"id": "power", "name": "CHP plant", "nace": "35.11", "country": "FI",
         "lat": 61.0, "lon": 23.0},
        {"id": "gyproc", "name": "Plasterboard works", "nace": ["23.62"], "lat": 61.01,
         "lon": 23.0},
    ],
    "streams": [
        {"id": "gypsum", "organisation": "power", "direction": "output", "name": "FGD gypsum",
         "kind": "by_product", "quantity": 1000, "unit": "t/kk", "properties": {"purity_pct": 96},
         "months": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]},
        {"id": "need", "organisation": "gyproc", "direction": "input",
         "name": "Gypsum for plasterboard", "quantity": 20000, "unit": "t/a"},
        {"id": "ash", "organisation": "power", "direction": "output", "name": "Bottom ash",
         "ewc": "100101"},
    ],
    "expected": [{"output": "gypsum", "input": "need", "source": "ignored by the reader"}],
}


def _write(tmp_path, data):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_json_package_is_read_into_engine_types(tmp_path):
    organisations, streams, raw = read_package(_write(tmp_path, PACKAGE))
    assert [o.nace for o in organisations] == [("35.11",), ("23.62",)]
    gypsum = streams[0]
    assert (gypsum.quantity, gypsum.unit) == (12000.0, "t/a")
    assert gypsum.properties == {"purity_pct": 96.0}
    assert streams[2].ewc_code == "10 01 01"
    assert raw["expected"][0]["output"] == "gypsum"


def test_csv_folder_is_the_same_package(tmp_path):
    (tmp_path / "organisations.csv").write_text(
        "id,name,nace,lat,lon\npower,CHP plant,35.11,61.0,23.0\n"
        "gyproc,Plasterboard works,23.62,61.01,23.0\n", encoding="utf-8")
    (tmp_path / "streams.csv").write_text(
        "id,organisation,direction,name,quantity,unit,months,properties.purity_pct\n"
        "gypsum,power,output,FGD gypsum,12000,t/a,1-12,96\n"
        "need,gyproc,input,Gypsum for plasterboard,20000,t/a,,\n", encoding="utf-8")
    organisations, streams, _ = read_package(tmp_path)
    assert streams[0].months == tuple(range(1, 13))
    assert streams[0].properties == {"purity_pct": 96.0}
    result = match_package(tmp_path)
    assert result.for_output("gypsum")[0].input == "need"


def _broken(**stream_changes):
    data = json.loads(json.dumps(PACKAGE))
    data["streams"][0].update(stream_changes)
    return data


@pytest.mark.parametrize("changes, message", [
    ({"direction": "out"}, "stream 'gypsum', field direction"),
    ({"organisation": "nobody"}, "stream 'gypsum', field organisation: unknown organisation"),
    ({"unit": "furlongs"}, "stream 'gypsum', field unit"),
    ({"quantity": "lots"}, "stream 'gypsum', field quantity: expected a number"),
    ({"months": [0, 13]}, "stream 'gypsum', field months"),
    ({"ewc": "99 99 99"}, "stream 'gypsum', field ewc"),
    ({"code": "energy.heat.t60"}, "stream 'gypsum', field code"),
    ({"kind": "magic"}, "stream 'gypsum', field kind"),
    ({"properties": {"temperature_c": "hot"}}, "stream 'gypsum', field properties.temperature_c"),
    ({"name": ""}, "stream 'gypsum', field name: is required"),
])
def test_bad_stream_input_names_the_stream_and_field(tmp_path, changes, message):
    with pytest.raises(PackageError, match=message):
        read_package(_write(tmp_path, _broken(**changes)))


def test_bad_organisation_input_names_it(tmp_path):
    data = json.loads(json.dumps(PACKAGE))
    data["organisations"][0]["lat"] = 123
    with pytest.raises(PackageError, match="organisation 'power', field lat"):
        read_package(_write(tmp_path, data))
    data["organisations"][0].update(lat=61.0, nace="99.99")
    with pytest.raises(PackageError, match="organisation 'power', field nace"):
        read_package(_write(tmp_path, data))


def test_unreadable_files_are_reported(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(PackageError, match="not valid JSON"):
        read_package(bad)
    with pytest.raises(PackageError, match="missing organisations.csv"):
        read_package(tmp_path)


def test_result_formats_carry_the_issue_columns(tmp_path):
    result = match_package(_write(tmp_path, PACKAGE), top_k=5)
    rows = result_to_dicts(result)
    first = next(row for row in rows if row["output"] == "gypsum")
    assert {"output", "input", "supplier", "receiver", "rank", "score", "value_eur_per_year",
            "co2_t_per_year", "explanation"} <= set(first)
    assert first["input"] == "need" and first["rank"] == 1 and first["value_eur_per_year"] > 0
    as_json = json.loads(format_result(result, "json"))
    assert as_json["proposals"][0]["explanation"]["technical_fit"]["detail"]
    assert "attract" in as_json and "chains" in as_json
    csv_text = format_result(result, "csv")
    assert csv_text.splitlines()[0].startswith("output,input,supplier,receiver,rank,score")
    table = format_result(result, "table")
    assert "FGD gypsum" in table and "Gypsum for plasterboard" in table
    with pytest.raises(ValueError, match="fmt must be"):
        format_result(result, "xml")
