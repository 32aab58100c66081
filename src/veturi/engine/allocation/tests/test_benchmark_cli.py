"""The QAPLIB benchmark command line (benchmarks/qaplib.py), run as a user would."""

import json
import subprocess
import sys
from pathlib import Path

from veturi.engine.allocation.qaplib import shipped_bks_path, shipped_instances

SCRIPT = Path(__file__).resolve().parents[5] / "benchmarks" / "qaplib.py"


def run(*arguments):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_prints_one_json_line_per_instance_and_a_summary():
    done = run(
        shipped_instances()["had12"],
        "--time-limit", "0.5", "--bks", shipped_bks_path(), "--json", "--vs-scipy",
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    row, summary = lines
    assert row["name"] == "had12" and row["n"] == 12
    assert row["cost"] == 1652 and row["gap_percent"] == 0 and row["status"] == "optimal"
    assert row["scipy_cost"] >= row["cost"]
    assert "had 0.000 %" in summary["summary"] and "vs scipy:" in summary["summary"]


def test_a_bad_file_is_named_and_the_exit_code_is_not_zero(tmp_path):
    bad = tmp_path / "broken.dat"
    bad.write_text("3\n1 2 3\n")
    done = run(bad, "--time-limit", "1")
    assert done.returncode == 2
    assert "broken.dat" in done.stderr and "found only 3" in done.stderr


def test_a_cost_below_the_best_known_is_flagged_not_celebrated(tmp_path):
    table = tmp_path / "bks.csv"
    table.write_text("name,bks\nhad12,2000\n")  # had12's optimum is 1652: the table is wrong
    done = run(shipped_instances()["had12"], "--time-limit", "0.5", "--bks", table, "--json")
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout.splitlines()[0])
    assert "below the best known 2000" in row["warning"] and "had12" in done.stderr
    assert row["load"] >= 0


EXACT_SCRIPT = SCRIPT.with_name("allocation_exact.py")


def test_the_exact_benchmark_prints_each_case_and_a_summary():
    done = subprocess.run(
        [sys.executable, str(EXACT_SCRIPT), "--sizes", "5x5,5x8", "--seeds", "0-1", "--pinned", "2",
         "--time-limit", "10", "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    *rows, summary = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(row["n"], row["m"], row["seed"]) for row in rows] == [(5, 5, 0), (5, 5, 1), (5, 8, 0), (5, 8, 1)]
    for row in rows:
        assert row["status"] == "optimal" and row["pinned"] == 2
        assert row["bound"] == row["cost"] and row["gap_percent"] == 0
        assert row["wall_s"] >= 0 and row["cpu_s"] >= 0
    assert summary["summary"]["proven"] == 4 and summary["summary"]["cases"] == 4


def test_the_exact_benchmark_refuses_a_bad_size():
    done = subprocess.run(
        [sys.executable, str(EXACT_SCRIPT), "--sizes", "8x5"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0 and "8x5" in done.stderr
