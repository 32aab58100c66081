"""The vectorised path equals the reference engine; the partition plan equals the vectorised
path; streams near a cell border see candidates across it."""

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veturi.engine.matching import Organisation, Stream, load_rules, match_streams
from veturi.engine.matching import scale
from veturi.engine.matching.vectorised import classify, top_k_matches

RULES = load_rules()
OUTPUT_NAMES = ["Coal fly ash", "Waste heat 90 °C", "Sewage sludge", "Wood chips",
                "Steel scrap", "CO2 from fermentation", "Gypsum from flue gas", "Used tyres"]
INPUT_NAMES = ["Cement raw materials", "District heating", "Biogas plant feedstock",
               "Biomass fuel", "Scrap metal", "CO2 for greenhouses", "Gypsum", "Fuel"]
NACE = ["23.51", "35.30", "35.11", "24.10", "01.13", "38.21", "16.10"]


@st.composite
def cases(draw):
    count = draw(st.integers(2, 7))
    organisations = [
        Organisation(f"o{i}", nace=(draw(st.sampled_from(NACE)),),
                     lat=draw(st.floats(60.0, 61.0)), lon=draw(st.floats(24.0, 25.0)))
        for i in range(count)]
    streams = []
    for i in range(draw(st.integers(2, 14))):
        direction = draw(st.sampled_from(["output", "input"]))
        streams.append(Stream(
            f"s{i}", f"o{draw(st.integers(0, count - 1))}", direction,
            draw(st.sampled_from(OUTPUT_NAMES if direction == "output" else INPUT_NAMES)),
            quantity=draw(st.one_of(st.none(), st.floats(1, 1e5))),
            unit=draw(st.sampled_from(["t/a", "MWh/a", None])),
            months=draw(st.sampled_from([(), (1, 2, 3), (6, 7, 8, 9)])),
        ))
    return organisations, streams


def top10(result):
    return sorted((p.output, p.input, p.rank, p.score) for p in result.proposals if p.rank <= 10)


def vectorised_top10(frame):
    return sorted((r.output, r.input, r.rank, r.score) for r in frame.itertuples())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_vectorised_path_equals_reference_engine(case):
    organisations, streams = case
    reference = match_streams(organisations, streams, RULES, chains=False, attract=False,
                              lexicon="off")
    fast = vectorised_top10(top_k_matches(organisations, streams, RULES, lexicon="off"))
    slow = top10(reference)
    assert [row[:3] for row in fast] == [row[:3] for row in slow]
    # The engine rounds its scores to 6 digits.
    assert all(abs(a[3] - b[3]) <= 5.1e-7 for a, b in zip(fast, slow))


def spread_case():
    """Outputs and inputs over southern Finland and the Baltic, about 30-250 km apart."""
    organisations, streams = [], []
    for i in range(12):
        organisations.append(Organisation(f"o{i}", nace=(NACE[i % len(NACE)],),
                                          lat=59.0 + 0.25 * i, lon=22.0 + 0.5 * (i % 5)))
        streams.append(Stream(f"out{i}", f"o{i}", "output", OUTPUT_NAMES[i % 8],
                              quantity=1000.0 * (i + 1), unit="t/a"))
        streams.append(Stream(f"in{i}", f"o{i}", "input", INPUT_NAMES[(i + 3) % 8],
                              quantity=800.0 * (i + 1), unit="t/a"))
    return organisations, streams


def spread_source(cap, streams=None):
    """The spread case (or other ``streams`` of its organisations) classified, prepared for
    ``cap`` km and held in memory: the table and its source."""
    organisations, spread_streams = spread_case()
    table = scale.prepare(classify(organisations, streams or spread_streams, RULES,
                                   lexicon="off"), cap, 1.3)
    return table, scale.InMemorySource(table, RULES)


@pytest.mark.parametrize("cap", [60.0, 150.0])
def test_partition_plan_equals_in_memory_result(cap):
    organisations, streams = spread_case()
    expected = top_k_matches(organisations, streams, RULES, lexicon="off", max_distance_km=cap)
    table, source = spread_source(cap)
    plan = scale.make_plan(source, max_distance_km=cap, hits_per_task=1)
    assert len(plan) > 1
    grouped = scale.make_plan(source, max_distance_km=cap)
    assert len(grouped) < len(plan)
    for tasks in (plan, grouped, [replace(task, prune=False) for task in plan]):
        merged = scale.run_local(tasks, source)
        assert sorted(zip(merged.output, merged.input, merged["rank"])) == sorted(
            zip(expected.output, expected.input, expected["rank"]))
    with tempfile.TemporaryDirectory() as folder:
        database = scale.DuckDBSource.write(table, Path(folder) / "s.duckdb", RULES)
        out = Path(folder) / "parts"
        out.mkdir()
        scale.run_local(scale.make_plan(database, max_distance_km=cap, hits_per_task=2),
                        database, out)
        database.close()
        from_disk = scale.merge_parquet(out, 10)
    assert sorted(zip(from_disk.output, from_disk.input, from_disk["rank"])) == sorted(
        zip(expected.output, expected.input, expected["rank"]))


def test_plan_run_in_worker_processes_equals_one_process():
    cap = 60.0
    table, source = spread_source(cap)
    plan = scale.make_plan(source, max_distance_km=cap, hits_per_task=1)
    assert len(plan) > 2
    one_stats, two_stats, finished = {}, {}, []
    alone = scale.run_local(plan, source, stats=one_stats)
    cpu_seconds: dict = {}
    parallel = scale.run_local(plan, source, stats=two_stats, workers=2, processes_from_hits=0,
                               on_done=lambda number, task: finished.append(
                                   (task.name, task.name in cpu_seconds)),
                               task_cpu_seconds=cpu_seconds)
    assert len(alone) > 0
    assert alone.sort_values(["output", "rank"]).reset_index(drop=True).equals(
        parallel.sort_values(["output", "rank"]).reset_index(drop=True))
    assert one_stats == two_stats  # the workers' pair counts reach the caller
    assert sorted(finished) == sorted((task.name, True) for task in plan)
    assert sorted(cpu_seconds) == sorted(task.name for task in plan)
    assert all(seconds >= 0 for seconds in cpu_seconds.values())
    sizes = scale.task_sizes(plan, source)
    assert sizes == [sum(source.partition_sizes()[(task.resource_class, cell)]
                         for cell in task.cells) for task in plan]
    with tempfile.TemporaryDirectory() as folder:
        database = scale.DuckDBSource.write(table, Path(folder) / "s.duckdb", RULES)
        out = Path(folder) / "parts"
        out.mkdir()
        paths = scale.run_local(plan, database, out, workers=2, processes_from_hits=0)
        database.close()
        assert paths == [str(out / f"{task.name}.parquet") for task in plan]  # plan order
        from_disk = scale.merge_parquet(out, 10)
    assert sorted(zip(from_disk.output, from_disk.input, from_disk["rank"])) == sorted(
        zip(alone.output, alone.input, alone["rank"]))
    with pytest.raises(ValueError, match="workers"):
        scale.run_local(plan, source, workers=0)


def test_task_costs_are_the_pairs_sharing_a_rule_that_each_task_loads():
    cap = 150.0
    table, source = spread_source(cap)
    plan = scale.make_plan(source, max_distance_km=cap, hits_per_task=2)
    costs = scale.task_costs(plan, source)
    assert costs == [scale._join_size(*source.load(task)[1:]) for task in plan]
    assert len(set(costs)) > 1 and min(costs) >= 0
    with tempfile.TemporaryDirectory() as folder:
        database = scale.DuckDBSource.write(table, Path(folder) / "s.duckdb", RULES)
        assert scale.task_costs(plan, database) == costs
        database.close()


def test_a_small_plan_runs_in_this_process_whatever_the_workers(monkeypatch):
    _, source = spread_source(60.0)
    plan = scale.make_plan(source, max_distance_km=60.0, hits_per_task=1)
    assert sum(scale.task_sizes(plan, source)) < scale.PROCESSES_FROM_HITS

    def no_processes(*args, **kwargs):
        raise AssertionError("a park-size plan started worker processes")

    monkeypatch.setattr(scale, "_run_in_processes", no_processes)
    alone = scale.run_local(plan, source)
    assert scale.run_local(plan, source, workers=2).equals(alone)


def test_stream_near_a_cell_border_sees_candidates_across_it():
    cap = 100.0
    height, width = scale.cell_size_degrees(cap, 1.3)
    border = height * 600  # a latitude on a cell border
    organisations = [
        Organisation("power", nace=("35.11",), lat=border - 0.05, lon=width * 6 + 0.1),
        Organisation("cement", nace=("23.51",), lat=border + 0.05, lon=width * 6 + 0.1),
        Organisation("far", nace=("23.51",), lat=border + 3 * height, lon=width * 6 + 0.1),
    ]
    streams = [
        Stream("ash", "power", "output", "Coal fly ash", quantity=1000, unit="t/a"),
        Stream("raw", "cement", "input", "Cement raw materials", quantity=1000, unit="t/a"),
        Stream("far_raw", "far", "input", "Cement raw materials", quantity=1000, unit="t/a"),
    ]
    table = scale.prepare(classify(organisations, streams, RULES, lexicon="off"), cap, 1.3)
    cells = dict(zip(table.frame["id"], zip(table.frame["cell_y"], table.frame["cell_x"])))
    assert cells["ash"] != cells["raw"]  # the pair straddles the border
    source = scale.InMemorySource(table, RULES)
    merged = scale.run_local(scale.make_plan(source, max_distance_km=cap), source)
    assert list(merged[merged.output == "ash"].input) == ["raw"]  # "far" is beyond the cap
    unlimited = top_k_matches(organisations, streams, RULES, lexicon="off")
    assert set(unlimited[unlimited.output == "ash"].input) == {"raw", "far_raw"}


def test_bad_parameters_are_named():
    organisations, streams = spread_case()
    with pytest.raises(ValueError, match="max_distance_km"):
        top_k_matches(organisations, streams, RULES, max_distance_km=0)
    with pytest.raises(ValueError, match="top_k"):
        top_k_matches(organisations, streams, RULES, top_k=0)
    with pytest.raises(ValueError, match="max_distance_km"):
        scale.cell_size_degrees(-1, 1.3)


def test_a_task_loaded_from_duckdb_is_the_in_memory_task():
    _, streams = spread_case()
    streams[0] = replace(streams[0], quantity=None, properties={"moisture": 20})
    cap = 150.0
    table, memory = spread_source(cap, streams)
    plan = scale.make_plan(memory, max_distance_km=cap, hits_per_task=2)
    with tempfile.TemporaryDirectory() as folder:
        database = scale.DuckDBSource.write(table, Path(folder) / "s.duckdb", RULES)
        for task in plan:
            whole, supply, demand = memory.load(task)
            part, local_supply, local_demand = database.load(task)
            rows = np.unique(np.r_[supply["row"].to_numpy(), demand["row"].to_numpy()])
            expected = whole.frame.iloc[rows][list(scale._FRAME_COLUMNS)].reset_index(drop=True)
            pd.testing.assert_frame_equal(expected, part.frame[list(scale._FRAME_COLUMNS)],
                                          check_dtype=False)
            for name in ("id", "name", "properties", "quantity", "lat"):
                assert [str(v) for v in part.column(name)] == [
                    str(v) for v in whole.column(name)[rows]]
            for hits, local in ((supply, local_supply), (demand, local_demand)):
                hits, local = (frame.sort_values(["row", "rule"]) for frame in (hits, local))
                assert (rows[local["row"].to_numpy()] == hits["row"].to_numpy()).all()
                assert (local["rule"].to_numpy() == hits["rule"].to_numpy()).all()
        database.close()
