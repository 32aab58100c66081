"""Read PSPLIB single-mode instances (``.sm``) and best-known-makespan tables.

PSPLIB (Kolisch & Sprecher, EJOR 96:205-216, 1997) is the standard benchmark library of
the resource-constrained project scheduling problem. A ``.sm`` file lists the jobs
(including a dummy source and sink), each job's successors, its duration and its request
of every renewable resource, then the resource capacities.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .types import Activity, Project

__all__ = ["PsplibFormatError", "BestKnown", "read_sm", "parse_sm", "read_bks"]


class PsplibFormatError(ValueError):
    """A benchmark file does not follow the expected layout; the message names file and line."""


@dataclass(frozen=True)
class BestKnown:
    """Best known makespan of a benchmark instance.

    ``optimal`` is True when the makespan is proven optimal, False when it is not, and
    None when the table does not say (the two-column ``name,makespan`` layout).
    """

    name: str
    makespan: int
    lower_bound: int | None = None
    optimal: bool | None = None


_INT = re.compile(r"-?\d+")


def read_sm(path: str | Path) -> Project:
    """Read a PSPLIB single-mode ``.sm`` file.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    Project
        Named after the file stem; activities named ``"1"``, ``"2"``, ... as the job
        numbers of the file (job 1 and the last job are PSPLIB's dummy source and sink).

    Raises
    ------
    PsplibFormatError
        With ``file:line: what is wrong``.
    FileNotFoundError

    Examples
    --------
    >>> from importlib.resources import files
    >>> path = files("veturi.data") / "benchmarks" / "psplib" / "j301_6.sm"
    >>> project = read_sm(path)
    >>> project.name, project.n_activities, project.capacities
    ('j301_6', 32, (12, 10, 10, 12))
    """
    path = Path(str(path))
    text = path.read_text(encoding="utf-8", errors="replace")
    return parse_sm(text, name=path.stem, source=str(path))


def parse_sm(text: str, *, name: str = "project", source: str = "<string>") -> Project:
    """Parse the text of a PSPLIB ``.sm`` file; see :func:`read_sm`.

    Examples
    --------
    >>> text = '''jobs (incl. supersource/sink ):  3
    ...   - renewable                 :  1   R
    ... PRECEDENCE RELATIONS:
    ... jobnr.    #modes  #successors   successors
    ...    1        1          1           2
    ...    2        1          1           3
    ...    3        1          0
    ... REQUESTS/DURATIONS:
    ... jobnr. mode duration  R 1
    ... ------------------------------------------------------------------------
    ...   1      1     0       0
    ...   2      1     4       2
    ...   3      1     0       0
    ... RESOURCEAVAILABILITIES:
    ...   R 1
    ...    3
    ... '''
    >>> p = parse_sm(text, name="tiny")
    >>> [a.duration for a in p.activities], p.capacities
    ([0, 4, 0], (3,))
    """
    lines = text.splitlines()

    def fail(line_index: int | None, what: str) -> PsplibFormatError:
        where = f"{source}:{line_index + 1}" if line_index is not None else source
        return PsplibFormatError(f"{where}: {what}")

    def find(prefix: str, start: int = 0) -> int:
        for k in range(start, len(lines)):
            if lines[k].strip().lower().startswith(prefix.lower()):
                return k
        raise fail(None, f"no line starting with {prefix!r}")

    def ints_after_colon(k: int, what: str) -> list[int]:
        _, _, rest = lines[k].partition(":")
        values = [int(v) for v in _INT.findall(rest)]
        if not values:
            raise fail(k, f"expected the number of {what} after ':'")
        return values

    def data_rows(start: int, count: int, what: str) -> list[tuple[int, list[int]]]:
        """The next ``count`` non-empty lines after ``start`` as integer rows."""
        rows: list[tuple[int, list[int]]] = []
        k = start
        while len(rows) < count:
            if k >= len(lines) or lines[k].lstrip().startswith("*"):
                raise fail(min(k, len(lines) - 1), f"expected {count} {what} rows, found {len(rows)}")
            stripped = lines[k].strip()
            if stripped and not set(stripped) <= {"-"}:
                tokens = stripped.split()
                if not all(_INT.fullmatch(t) for t in tokens):
                    raise fail(k, f"{what} row must hold integers only, got {stripped!r}")
                rows.append((k, [int(t) for t in tokens]))
            k += 1
        return rows

    projects_line = next(
        (k for k, line in enumerate(lines) if line.strip().lower().startswith("projects")), None
    )
    if projects_line is not None and ints_after_colon(projects_line, "projects")[0] != 1:
        raise fail(projects_line, "only single-project files are supported")
    jobs_line = find("jobs")
    n_jobs = ints_after_colon(jobs_line, "jobs")[0]
    if n_jobs < 1:
        raise fail(jobs_line, f"number of jobs must be positive, got {n_jobs}")
    renewable_line = find("- renewable")
    n_renewable = ints_after_colon(renewable_line, "renewable resources")[0]
    for kind in ("- nonrenewable", "- doubly constrained"):
        try:
            k = find(kind)
        except PsplibFormatError:
            continue
        if ints_after_colon(k, kind[2:])[0] != 0:
            raise fail(k, f"{kind[2:]} resources are not supported (single-mode renewable only)")

    # Precedence: jobnr, #modes, #successors, successors...
    precedence_line = find("PRECEDENCE RELATIONS")
    successors: list[tuple[int, ...]] = []
    for expected_job, (k, row) in enumerate(
        data_rows(find("jobnr", precedence_line) + 1, n_jobs, "precedence"), start=1
    ):
        if len(row) < 3:
            raise fail(k, "precedence row needs job number, #modes and #successors")
        job, modes, n_successors, rest = row[0], row[1], row[2], row[3:]
        if job != expected_job:
            raise fail(k, f"expected job {expected_job}, got job {job}")
        if modes != 1:
            raise fail(k, f"job {job} has {modes} modes; only single-mode files are supported")
        if len(rest) != n_successors:
            raise fail(k, f"job {job} announces {n_successors} successors but lists {len(rest)}")
        for s in rest:
            if not 1 <= s <= n_jobs:
                raise fail(k, f"job {job} has successor {s} outside 1..{n_jobs}")
            if s == job:
                raise fail(k, f"job {job} lists itself as a successor")
        successors.append(tuple(s - 1 for s in rest))

    # Requests: jobnr, mode, duration, one request per resource.
    requests_line = find("REQUESTS/DURATIONS")
    durations: list[int] = []
    requests: list[tuple[int, ...]] = []
    for expected_job, (k, row) in enumerate(
        data_rows(find("jobnr", requests_line) + 1, n_jobs, "request/duration"), start=1
    ):
        if len(row) != 3 + n_renewable:
            raise fail(
                k,
                f"job {row[0]}: expected job, mode, duration and {n_renewable} requests "
                f"({3 + n_renewable} numbers), got {len(row)}",
            )
        if row[0] != expected_job:
            raise fail(k, f"expected job {expected_job}, got job {row[0]}")
        if row[2] < 0:
            raise fail(k, f"job {row[0]}: negative duration {row[2]}")
        if any(v < 0 for v in row[3:]):
            raise fail(k, f"job {row[0]}: negative resource request")
        durations.append(row[2])
        requests.append(tuple(row[3:]))

    # Capacities: a header line with resource names, then one line of numbers.
    availability_line = find("RESOURCEAVAILABILITIES")
    header_index = availability_line + 1
    if header_index >= len(lines):
        raise fail(availability_line, "missing resource availability lines")
    resource_names = tuple(
        f"{kind}{number}" for kind, number in re.findall(r"([A-Za-z])\s*(\d+)", lines[header_index])
    )
    [(k, capacities)] = data_rows(header_index + 1, 1, "resource availability")
    if len(capacities) != n_renewable:
        raise fail(k, f"expected {n_renewable} capacities, got {len(capacities)}")
    if any(c < 0 for c in capacities):
        raise fail(k, "negative resource capacity")
    if len(resource_names) != n_renewable:
        resource_names = tuple(f"R{r + 1}" for r in range(n_renewable))

    activities = tuple(
        Activity(str(j + 1), durations[j], requests[j], successors[j]) for j in range(n_jobs)
    )
    return Project(activities, tuple(capacities), resource_names, name=name)


def read_bks(path: str | Path) -> dict[str, BestKnown]:
    """Read a best-known-makespan CSV table.

    Accepts the two-column layout ``name,makespan`` and the richer
    ``name,makespan,lower_bound,optimal`` one (``optimal`` is ``yes``/``no``, ``true``/
    ``false`` or ``1``/``0``; an empty lower bound is allowed).

    Raises
    ------
    PsplibFormatError
        With ``file:line: what is wrong`` for a missing column, a duplicate name or a
        value that is not an integer.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write("name,makespan\\nj301_1,43\\n")
    >>> read_bks(f.name)["j301_1"].makespan
    43
    >>> os.remove(f.name)
    """
    path = Path(str(path))
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        for required in ("name", "makespan"):
            if required not in fields:
                raise PsplibFormatError(
                    f"{path}:1: missing column {required!r} (columns: {', '.join(fields) or 'none'})"
                )
        table: dict[str, BestKnown] = {}
        for line_number, raw in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
            name = row["name"]
            if not name:
                raise PsplibFormatError(f"{path}:{line_number}: empty name")
            if name in table:
                raise PsplibFormatError(f"{path}:{line_number}: duplicate name {name!r}")
            makespan = _parse_int(row["makespan"], path, line_number, "makespan")
            if makespan is None:
                raise PsplibFormatError(f"{path}:{line_number}: empty makespan for {name!r}")
            lower = _parse_int(row.get("lower_bound", ""), path, line_number, "lower_bound")
            optimal_text = row.get("optimal", "").lower()
            if optimal_text in ("yes", "true", "1", "y"):
                optimal: bool | None = True
            elif optimal_text in ("no", "false", "0", "n"):
                optimal = False
            elif optimal_text == "":
                optimal = None
            else:
                raise PsplibFormatError(
                    f"{path}:{line_number}: optimal must be yes/no, got {optimal_text!r}"
                )
            table[name] = BestKnown(name, makespan, lower, optimal)
    return table


def _parse_int(text: str, path: Path, line_number: int, column: str) -> int | None:
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        raise PsplibFormatError(
            f"{path}:{line_number}: {column} must be an integer, got {text!r}"
        ) from None
