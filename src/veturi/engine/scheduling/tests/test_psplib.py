"""Reading PSPLIB files: the shipped instances, and clear errors on broken ones."""

from importlib.resources import files
from pathlib import Path

import pytest

from veturi.engine.scheduling import PsplibFormatError, parse_sm, read_bks, read_sm

DATA = Path(str(files("veturi.data") / "benchmarks" / "psplib"))

TINY = """\
jobs (incl. supersource/sink ):  4
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    1
  3      1     5       1    0
  4      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    2    4
"""


def test_it_reads_a_shipped_j30_file():
    project = read_sm(DATA / "j301_6.sm")
    assert project.name == "j301_6"
    assert project.n_activities == 32
    assert project.capacities == (12, 10, 10, 12)
    assert project.resource_names == ("R1", "R2", "R3", "R4")
    # Job 2 of the file: duration 10, requests 4 of R4, successors jobs 5, 7, 8.
    job2 = project.activities[1]
    assert (job2.name, job2.duration, job2.requests) == ("2", 10, (0, 0, 0, 4))
    assert job2.successors == (4, 6, 7)
    assert project.activities[-1].successors == ()


def test_every_shipped_instance_parses_with_dummy_source_and_sink():
    for path in sorted(DATA.glob("*.sm")):
        project = read_sm(path)
        assert project.activities[0].duration == 0, path
        assert project.activities[-1].duration == 0, path
        assert all(len(a.requests) == project.n_resources for a in project.activities)


def test_it_parses_text():
    project = parse_sm(TINY, name="tiny")
    assert [a.duration for a in project.activities] == [0, 3, 5, 0]
    assert project.activities[0].successors == (1, 2)
    assert project.capacities == (2, 4)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("   2        1          1           4", "   2        1          2           4",
         r"tiny\.sm:8: job 2 announces 2 successors but lists 1"),
        ("   3        1          1           4", "   3        1          1           9",
         r"tiny\.sm:9: job 3 has successor 9 outside 1\.\.4"),
        ("  2      1     3       2    1", "  2      1     3       2    x",
         r"tiny\.sm:15: request/duration row must hold integers only"),
        ("  3      1     5       1    0", "  3      1     5       1",
         r"tiny\.sm:16: job 3: expected job, mode, duration and 2 requests"),
        ("   2        1          1           4", "   2        2          1           4",
         r"job 2 has 2 modes; only single-mode"),
        ("  - nonrenewable              :  0   N", "  - nonrenewable              :  1   N",
         r"tiny\.sm:4: nonrenewable resources are not supported"),
        ("    2    4", "    2", r"tiny\.sm:\d+: expected 2 capacities, got 1"),
        ("REQUESTS/DURATIONS:", "REQUESTS:", r"no line starting with 'REQUESTS/DURATIONS'"),
        ("   3        1          1           4", "   2        1          1           4",
         r"tiny\.sm:9: expected job 3, got job 2"),
    ],
)
def test_it_names_file_line_and_problem(tmp_path, old, new, message):
    assert old in TINY
    path = tmp_path / "tiny.sm"
    path.write_text(TINY.replace(old, new, 1))
    with pytest.raises(PsplibFormatError, match=message):
        read_sm(path)


def test_truncated_file_is_reported(tmp_path):
    path = tmp_path / "cut.sm"
    path.write_text(TINY.split("REQUESTS/DURATIONS")[0])
    with pytest.raises(PsplibFormatError, match=r"cut\.sm"):
        read_sm(path)


def test_it_reads_the_rich_bks_table():
    table = read_bks(DATA / "bks.csv")
    assert table["j301_6"].makespan == 48
    assert table["j301_6"].optimal is True
    assert table["j12011_3"].optimal is False
    assert table["j12011_3"].lower_bound == 186
    assert table["j12022_4"].lower_bound is None


def test_it_reads_the_two_column_bks_table(tmp_path):
    path = tmp_path / "bks.csv"
    path.write_text("name,makespan\nj301_1,43\nj301_2,47\n")
    table = read_bks(path)
    assert (table["j301_2"].makespan, table["j301_2"].optimal) == (47, None)


@pytest.mark.parametrize(
    "text, message",
    [
        ("instance,makespan\nj301_1,43\n", r"bks\.csv:1: missing column 'name'"),
        ("name,makespan\nj301_1,forty\n", r"bks\.csv:2: makespan must be an integer, got 'forty'"),
        ("name,makespan\nj301_1,43\nj301_1,44\n", r"bks\.csv:3: duplicate name 'j301_1'"),
        ("name,makespan,optimal\nj301_1,43,maybe\n", r"bks\.csv:2: optimal must be yes/no"),
        ("name,makespan\nj301_1,\n", r"bks\.csv:2: empty makespan"),
    ],
)
def test_bad_bks_tables_are_reported(tmp_path, text, message):
    path = tmp_path / "bks.csv"
    path.write_text(text)
    with pytest.raises(PsplibFormatError, match=message):
        read_bks(path)
