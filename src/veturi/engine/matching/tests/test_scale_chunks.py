"""Classification in chunks of whole names (in worker processes) equals one classification,
and the DuckDB file written chunk by chunk equals the one written from a table in memory."""

import importlib.util
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veturi.engine.matching import load_rules, scale
from veturi.engine.matching.vectorised import STREAM_COLUMNS, classify_frame

RULES = load_rules()
SCRIPT = Path(__file__).resolve().parents[5] / "benchmarks" / "matching_scale.py"


def generator():
    spec = importlib.util.spec_from_file_location("matching_scale_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def assert_same_table(expected, actual):
    pdt.assert_frame_equal(expected.frame, actual.frame)
    pdt.assert_frame_equal(expected.supply_hits, actual.supply_hits)
    pdt.assert_frame_equal(expected.demand_hits, actual.demand_hits)


@pytest.mark.parametrize("chunks, workers", [(1, 1), (5, 1), (4, 2)])
def test_chunks_of_the_generated_industry_equal_one_classification(chunks, workers):
    frame = generator()(400, 3, RULES)
    assert frame["name"].nunique() > 500  # "auto" picks the fallback lexicon for the whole
    expected = classify_frame(frame, RULES)
    assert len(expected.supply_hits) and len(expected.demand_hits)
    assert_same_table(expected, scale.classify_in_chunks(frame, RULES, chunks=chunks,
                                                         workers=workers))


NAMES = ["Coal fly ash", "Waste heat 90 °C", "Sewage sludge", "Wood chips", "Steel scrap",
         "CO2 from fermentation", "Gypsum", "Used tyres", "Cement raw materials",
         "District heating", "Biomass fuel", "Fuel", "Scrap metal", "Mystery stuff", ""]


@st.composite
def stream_frames(draw):
    size = draw(st.integers(0, 40))
    rows = st.tuples(
        st.sampled_from(["output", "input"]), st.sampled_from(NAMES),
        st.sampled_from(["", "by_product", "waste", "energy", "water", "material"]),
        st.sampled_from(["", "10 01 02", "19 08 05", "03 01 05"]),
        st.sampled_from(["", "material.mineral", "energy.heat"]),
        st.sampled_from(["", "23.51", "35.30|38.21", "01.13", "16.10"]),
        st.sampled_from(["", '{"moisture": 30}', '{"hazardous": true}']),
        st.integers(0, 5))
    drawn = draw(st.lists(rows, min_size=size, max_size=size))
    ids = draw(st.permutations([f"s{i}" for i in range(size)]))
    return pd.DataFrame({
        "id": ids, "organisation": [f"o{row[7]}" for row in drawn],
        "direction": [row[0] for row in drawn], "name": [row[1] for row in drawn],
        "kind": [row[2] for row in drawn], "ewc_code": [row[3] for row in drawn],
        "taxonomy_code": [row[4] for row in drawn], "quantity": 100.0, "unit": "t/a",
        "months": 4095, "handling": np.nan, "properties": [row[6] for row in drawn],
        "lat": 60.0, "lon": 25.0, "nace": [row[5] for row in drawn],
    }, columns=list(STREAM_COLUMNS))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stream_frames(), st.integers(1, 6), st.sampled_from(["auto", "all", "fallback", "off"]))
def test_chunks_of_random_frames_equal_one_classification(frame, chunks, lexicon):
    assert_same_table(classify_frame(frame, RULES, lexicon=lexicon),
                      scale.classify_in_chunks(frame, RULES, chunks=chunks, lexicon=lexicon))


def test_every_row_of_a_name_is_in_one_chunk():
    names = np.array(NAMES * 7, dtype=object)
    chunk = scale.name_chunks(names, 3)
    assert set(chunk) <= {0, 1, 2}
    for name in NAMES:
        assert len(set(chunk[names == name])) == 1
    with pytest.raises(ValueError, match="chunks"):
        scale.name_chunks(names, 0)


def database_tables(path):
    import duckdb

    connection = duckdb.connect(str(path), read_only=True)
    try:
        return {name: connection.execute(f"SELECT * FROM {name}").df()
                for name in ("streams", "supply_hits", "demand_hits")}
    finally:
        connection.close()


def test_database_written_in_chunks_equals_the_one_written_from_memory():
    frame = generator()(300, 5, RULES)
    cap, detour = 150.0, 1.3
    with tempfile.TemporaryDirectory() as folder:
        whole = scale.prepare(classify_frame(frame, RULES), cap, detour)
        scale.DuckDBSource.write(whole, Path(folder) / "whole.duckdb", RULES)
        source = scale.DuckDBSource.write_in_chunks(
            frame, Path(folder) / "chunks.duckdb", RULES, max_distance_km=cap,
            detour_factor=detour, chunks=3, workers=2)
        expected = database_tables(Path(folder) / "whole.duckdb")
        actual = database_tables(Path(folder) / "chunks.duckdb")
        for name in expected:
            pdt.assert_frame_equal(expected[name], actual[name])
        assert len(expected["supply_hits"]) == len(whole.supply_hits)
        memory = scale.InMemorySource(whole, RULES)
        assert source.partition_sizes() == memory.partition_sizes()
        source.close()
