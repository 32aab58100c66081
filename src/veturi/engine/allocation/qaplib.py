"""Readers for QAPLIB instance files (.dat) and best-known-solution tables (CSV).

A QAPLIB .dat file holds ``n``, then the ``n x n`` matrix A, then the ``n x n``
matrix B, as whitespace-separated numbers; rows may wrap across lines and blank
lines may appear anywhere. The cost of a permutation ``p`` is
``sum_ij A[i][j] * B[p(i)][p(j)]``, so A plays the flow and B the distance.
"""

from __future__ import annotations

import csv
import math
from os import PathLike
from pathlib import Path

import numpy as np

from veturi.engine.allocation.types import QaplibInstance

__all__ = ["QaplibFormatError", "read_qaplib", "parse_qaplib", "read_bks"]


class QaplibFormatError(ValueError):
    """A QAPLIB or best-known-solution file that cannot be read; the message names the file."""


def _number(token: str, source: str, what: str) -> float:
    try:
        value = float(token)
    except ValueError:
        raise QaplibFormatError(f"{source}: {what} is {token!r}, not a number") from None
    if not math.isfinite(value):
        raise QaplibFormatError(f"{source}: {what} is {token!r}, not a finite number")
    return value


def parse_qaplib(text: str, *, name: str = "instance", source: str | None = None) -> QaplibInstance:
    """Parse the text of a QAPLIB .dat file.

    Parameters
    ----------
    text : str
        ``n`` then A then B, whitespace-separated.
    name : str
        Instance name for the result.
    source : str, optional
        What to call the text in error messages (defaults to ``name``).

    Returns
    -------
    QaplibInstance

    Raises
    ------
    QaplibFormatError
        If ``n`` is missing or not a positive integer, a value is not a number,
        or the file holds too few or too many values.

    Examples
    --------
    >>> instance = parse_qaplib("2\\n0 3\\n3 0\\n\\n0 5\\n5 0\\n", name="tiny")
    >>> instance.n, instance.flow.tolist(), float(instance.distance[0, 1])
    (2, [[0.0, 3.0], [3.0, 0.0]], 5.0)
    """
    source = source or name
    tokens = text.split()
    if not tokens:
        raise QaplibFormatError(f"{source}: the file is empty; expected n, then matrix A, then matrix B")
    n_value = _number(tokens[0], source, "the size n (first value)")
    if n_value != int(n_value) or n_value < 1:
        raise QaplibFormatError(f"{source}: the size n (first value) must be a positive integer, got {tokens[0]!r}")
    n = int(n_value)
    expected = 1 + 2 * n * n
    if len(tokens) < expected:
        got = len(tokens) - 1
        raise QaplibFormatError(
            f"{source}: n = {n} needs {2 * n * n} matrix values (A then B, {n}x{n} each), "
            f"found only {got}"
        )
    if len(tokens) > expected:
        raise QaplibFormatError(
            f"{source}: n = {n} needs {2 * n * n} matrix values, found {len(tokens) - 1} "
            f"(extra values after matrix B)"
        )
    values = np.empty(2 * n * n)
    for t, token in enumerate(tokens[1:]):
        matrix = "A" if t < n * n else "B"
        row, col = divmod(t % (n * n), n)
        values[t] = _number(token, source, f"{matrix}[{row}][{col}]")
    flow = values[: n * n].reshape(n, n)
    distance = values[n * n :].reshape(n, n)
    return QaplibInstance(name=name, n=n, flow=flow, distance=distance)


def read_qaplib(path: str | PathLike) -> QaplibInstance:
    """Read a QAPLIB .dat file; the instance is named after the file stem.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    QaplibInstance

    Raises
    ------
    QaplibFormatError
        If the file is missing, unreadable or malformed (the message names it).

    Examples
    --------
    >>> from veturi.engine.allocation.qaplib import shipped_instances
    >>> instance = read_qaplib(shipped_instances()["had12"])
    >>> instance.name, instance.n, instance.flow.shape
    ('had12', 12, (12, 12))
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QaplibFormatError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise QaplibFormatError(f"{path}: cannot be read ({error})") from None
    return parse_qaplib(text, name=path.stem, source=str(path))


def read_bks(path: str | PathLike) -> dict[str, float]:
    """Read a best-known-solution table: CSV with a header and columns ``name`` and ``bks``.

    Other columns (such as ``n``) are ignored.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    dict
        Instance name -> best known objective value.

    Raises
    ------
    QaplibFormatError
        If the file is missing, lacks a ``name`` or ``bks`` column, has an empty
        name, a non-numeric value or a name twice (the message gives the line).

    Examples
    --------
    >>> from veturi.engine.allocation.qaplib import shipped_bks_path
    >>> read_bks(shipped_bks_path())["had12"]
    1652.0
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QaplibFormatError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise QaplibFormatError(f"{path}: cannot be read ({error})") from None
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in ("name", "bks") if c not in columns]
    if missing:
        raise QaplibFormatError(
            f"{path}: missing column(s) {', '.join(missing)}; the header must have name and bks"
        )
    table: dict[str, float] = {}
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        name = row.get("name", "")
        if not name:
            raise QaplibFormatError(f"{path}: line {line}: empty name")
        value = _number(row.get("bks", ""), f"{path}: line {line}", "bks")
        if name in table:
            raise QaplibFormatError(f"{path}: line {line}: {name} appears twice")
        table[name] = value
    return table


def shipped_instances() -> dict[str, Path]:
    """The small QAPLIB instances shipped with Veturi, by name."""
    folder = Path(__file__).resolve().parents[2] / "data" / "benchmarks" / "qaplib"
    return {path.stem: path for path in sorted(folder.glob("*.dat"))}


def shipped_bks_path() -> Path:
    """Path of the best-known-solution table of the shipped instances."""
    return Path(__file__).resolve().parents[2] / "data" / "benchmarks" / "qaplib" / "bks.csv"
