"""Reading QAPLIB instance files and best-known-solution tables."""

import numpy as np
import pytest

from veturi.engine.allocation import QaplibFormatError, read_bks, read_qaplib
from veturi.engine.allocation.qaplib import parse_qaplib, shipped_bks_path, shipped_instances


def test_it_reads_a_shipped_instance():
    instance = read_qaplib(shipped_instances()["had12"])
    assert instance.name == "had12"
    assert instance.n == 12
    assert instance.flow.shape == instance.distance.shape == (12, 12)
    # had12's first matrix starts 0 1 2 2 ... and its second row of B starts 3 0 6.
    assert instance.flow[0, :4].tolist() == [0, 1, 2, 2]
    assert instance.distance[1, :3].tolist() == [3, 0, 6]


def test_it_tolerates_wrapped_rows_and_blank_lines(tmp_path):
    path = tmp_path / "wrapped.dat"
    path.write_text("  3\n\n0 1\n2 3 0\n4 5 6 0\n\n\n0 7 8 9\n0 1\n2 3 0  \n")
    instance = read_qaplib(path)
    assert instance.flow.tolist() == [[0, 1, 2], [3, 0, 4], [5, 6, 0]]
    assert instance.distance.tolist() == [[0, 7, 8], [9, 0, 1], [2, 3, 0]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("x\n", r"size n \(first value\) is 'x'"),
        ("2.5\n", "positive integer"),
        ("0\n", "positive integer"),
        ("2\n0 1\n1 0\n0 1\n", "needs 8 matrix values .* found only 6"),
        ("2\n0 1\n1 0\n0 1\n1 0\n9\n", "extra values after matrix B"),
        ("2\n0 1\n1 0\n0 one\n1 0\n", r"B\[0\]\[1\] is 'one'"),
        ("2\n0 1\nnan 0\n0 1\n1 0\n", r"A\[1\]\[0\] is 'nan', not a finite number"),
    ],
)
def test_it_names_the_file_and_the_fault(tmp_path, text, message):
    path = tmp_path / "bad.dat"
    path.write_text(text)
    with pytest.raises(QaplibFormatError, match=message) as caught:
        read_qaplib(path)
    assert "bad.dat" in str(caught.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(QaplibFormatError, match="nowhere.dat: no such file"):
        read_qaplib(tmp_path / "nowhere.dat")


def test_it_reads_the_shipped_bks_table_with_its_extra_column():
    table = read_bks(shipped_bks_path())
    assert set(table) == set(shipped_instances())
    assert table["nug14"] == 1014


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,value\nnug14,1\n", "missing column"),
        ("name,bks\nnug14,lots\n", "line 2: bks is 'lots'"),
        ("name,bks\nnug14,1\nnug14,2\n", "line 3: nug14 appears twice"),
        ("name,bks\n,5\n", "line 2: empty name"),
    ],
)
def test_bad_bks_tables_are_explained(tmp_path, text, message):
    path = tmp_path / "bks.csv"
    path.write_text(text)
    with pytest.raises(QaplibFormatError, match=message):
        read_bks(path)


def test_parse_round_trips_random_matrices():
    rng = np.random.default_rng(3)
    a = rng.integers(0, 100, (5, 5))
    b = rng.integers(0, 100, (5, 5))
    text = "5\n" + "\n".join(" ".join(map(str, row)) for row in np.vstack([a, b]))
    instance = parse_qaplib(text)
    assert np.array_equal(instance.flow, a) and np.array_equal(instance.distance, b)


def test_the_published_kra32_optimum_reproduces_under_our_convention():
    """QAPLIB's kra32.sln permutation costs exactly the shipped table's value on the shipped file.

    The file's distances are a fifth of the scale of QAPLIB's published 88700 (kra30a's step is 50,
    kra32's 10), so its optimum is 17740; the inverse convention would give another number.
    """
    from veturi.engine.allocation import qap_cost

    instance = read_qaplib(shipped_instances()["kra32"])
    published = np.array([31, 23, 18, 21, 22, 19, 10, 11, 15, 9, 30, 29, 14, 12, 17, 26, 27, 28, 1, 7, 6, 25, 5, 3, 8, 24, 32, 13, 2, 20, 4, 16]) - 1
    cost = qap_cost(instance.flow, instance.distance, published)
    assert cost == read_bks(shipped_bks_path())["kra32"] == 17740 == 88700 / 5
    assert qap_cost(instance.flow, instance.distance, np.argsort(published)) != cost
