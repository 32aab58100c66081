"""Top-k matching of millions of streams as a plan of independent partition tasks.

The streams are classified once (:func:`~veturi.engine.matching.vectorised.classify_frame`)
and every output is given one **partition**: its resource class (matter, energy, water,
service, from its kind) and its **region cell** on a latitude/longitude grid. A partition task
scores the outputs of its class in its cell against the inputs, of the rules those outputs
match, in the cell *and its eight neighbours*, and keeps the top k of each output. Cells are
at least ``max_distance_km`` (road) across, so an input within that distance of an output is
always in the output's cell or a neighbour: a stream near a cell border sees candidates across
it. Pairs further apart than ``max_distance_km`` are not proposed (the cap is what makes the
plan partitionable; with few candidates nearby an output gets fewer than k proposals).

Every output lies in exactly one partition, with every rule it matches, so a partition's top k
of an output is its global top k, and the engine's choice of one rule per pair is unchanged:
the plan gives the same results as :func:`~veturi.engine.matching.vectorised.top_k_matches`
with the same ``max_distance_km``. The final merge (:func:`merge_top_k`) still ranks per output
across partition results, so partitions that split an output further (a finer plan) stay
correct.

Classification can run in chunks too (:func:`classify_in_chunks`, :func:`classified_chunks`):
the streams are split by a hash of their name (every row of a name in one chunk, so no name's
evidence is computed twice), the chunks are classified in worker processes, their hit rows
numbered in the whole frame, and the columns classification derives over the whole frame
(:func:`with_derived_columns`) computed once: the table is that of one ``classify_frame``
call. :meth:`DuckDBSource.write_in_chunks` appends each chunk's hits to the DuckDB file as it
comes, so the classified table is never held whole.

A plan is a list of :class:`PartitionTask`; :func:`run_partition` is a pure function of a
source and a task. :func:`run_local` runs the tasks on this machine (one after the other,
or in worker processes, costliest first by :func:`task_costs`: the (output hit, input hit)
pairs sharing a rule in the task's neighbourhood); data that does not fit
in memory goes through :class:`DuckDBSource` (stream columns and classification hits in one
DuckDB file, each task reading only its cells). A Dask executor maps the same plan unchanged::

    futures = client.map(run_partition, [source] * len(plan), plan, out_dir=out_dir)
    merged = client.submit(merge_top_k, futures, top_k)   # or merge_parquet(out_dir, top_k)

where ``source`` is a :class:`DuckDBSource` on a shared file system (each worker opens the file
read-only) or an :class:`InMemorySource` scattered once with ``client.scatter``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .matching import _KIND_GROUP
from .types import Rule
from .vectorised import (
    StreamTable, _factorize_columns, _factorize_ints, _RowStreams, classify_frame, keep_top_k,
    score_pairs,
)

__all__ = [
    "DuckDBSource", "InMemorySource", "PartitionTask", "assign_cells", "cell_size_degrees",
    "classified_chunks", "classify_in_chunks", "make_plan", "merge_parquet", "merge_top_k",
    "name_chunks", "prepare", "resource_class", "run_local", "run_partition", "task_costs",
    "task_sizes", "with_derived_columns",
]

_KM_PER_DEGREE_LAT = 110.5  # the shortest degree of latitude is 110.57 km: cells err large
_KM_PER_DEGREE_LON_EQUATOR = 111.0
_MAX_LATITUDE = 75.0  # longitude cells are sized for this latitude (northern Europe)
NO_CELL = -(10**9)  # the cell of streams without coordinates
WHOLE_BAND = -(10**9) + 1  # the column of streams beyond _MAX_LATITUDE


def resource_class(kind: str) -> str:
    """The resource class of a stream kind: matter, energy, water, service or other.

    Examples
    --------
    >>> resource_class("by_product"), resource_class("")
    ('matter', 'other')
    """
    return _KIND_GROUP.get(kind or "", "other")


def cell_size_degrees(max_distance_km: float, detour_factor: float) -> tuple[float, float]:
    """Height and width in degrees of a cell at least ``max_distance_km`` (road) across.

    Examples
    --------
    >>> height, width = cell_size_degrees(130.0, 1.3)
    >>> round(height, 3), width > height
    (0.905, True)
    """
    if not max_distance_km > 0:
        raise ValueError(f"max_distance_km must be positive, got {max_distance_km!r}")
    straight_km = max_distance_km / detour_factor
    height = straight_km / _KM_PER_DEGREE_LAT
    width = straight_km / (_KM_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(_MAX_LATITUDE)))
    return height, width


def assign_cells(frame: pd.DataFrame, max_distance_km: float, detour_factor: float) -> pd.DataFrame:
    """Add ``cell_y``, ``cell_x`` (grid cell; streams without coordinates get cell
    ``NO_CELL``, ``NO_CELL`` and are only matched among themselves) and ``resource_class``.

    Examples
    --------
    >>> frame = pd.DataFrame({"lat": [60.0, 60.5, None], "lon": [25.0, 25.1, None],
    ...                       "kind": ["energy", "energy", ""]})
    >>> assign_cells(frame, 130.0, 1.3)[["cell_y", "cell_x"]].values.tolist()[:2]
    [[66, 7], [66, 7]]
    """
    height, width = cell_size_degrees(max_distance_km, detour_factor)
    lat, lon = frame["lat"].to_numpy(dtype=float), frame["lon"].to_numpy(dtype=float)
    located = ~(np.isnan(lat) | np.isnan(lon))
    cell_y = np.where(located, np.floor(np.nan_to_num(lat) / height), NO_CELL).astype(np.int64)
    cell_x = np.where(located, np.floor(np.nan_to_num(lon) / width), NO_CELL).astype(np.int64)
    if (np.abs(lat[located]) > _MAX_LATITUDE).any():
        # Beyond the latitude cells are sized for, longitude cells would be too narrow.
        cell_x[located & (np.abs(lat) > _MAX_LATITUDE)] = WHOLE_BAND
    return frame.assign(
        cell_y=cell_y, cell_x=cell_x,
        resource_class=frame["kind"].fillna("").map(resource_class).to_numpy(),
    )


@dataclass(frozen=True)
class PartitionTask:
    """One independent unit of work: the outputs of one resource class in one or more
    region cells (neighbouring cells of a sparse region share a task, so that a task is
    worth its fixed cost).

    ``neighbours`` are the cells whose inputs the task reads (its cells and the eight around
    each). The scoring parameters travel with the task so that a worker needs nothing else
    than the task and the source. ``prune`` hands the task's pairs to the exact pruning of
    :mod:`~veturi.engine.matching.candidates` first (same result, far fewer pairs scored).
    """

    resource_class: str
    cells: tuple[tuple[int, int], ...]
    neighbours: tuple[tuple[int, int], ...]
    top_k: int = 10
    min_technical_fit: float = 0.2
    detour_factor: float = 1.3
    max_distance_km: float = 150.0
    weights: tuple[tuple[str, float], ...] = ()
    prune: bool = True

    @property
    def cell(self) -> tuple[int, int]:
        """The first of the task's cells."""
        return self.cells[0]

    @property
    def name(self) -> str:
        """A file-safe name, e.g. ``energy_66_6`` (``_n3`` when the task has 3 cells)."""
        suffix = f"_n{len(self.cells)}" if len(self.cells) > 1 else ""
        return f"{self.resource_class}_{self.cell[0]}_{self.cell[1]}{suffix}"


def _neighbourhood(cells: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted({near for cell in cells for near in _neighbours(cell)}))


def _neighbours(cell: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    y, x = cell
    if x == NO_CELL:  # no coordinates: matched among themselves
        return ((y, x),)
    if x == WHOLE_BAND:  # beyond the latitude the grid is sized for: whole latitude bands
        return tuple((y + dy, WHOLE_BAND) for dy in (-1, 0, 1))
    return tuple((y + dy, x + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))


# ------------------------------------------------------------ classification in chunks

#: The columns classification reads: a chunk carries only these (the others are placeholders,
#: the frame's derived columns are computed over the whole frame).
CLASSIFIED_COLUMNS = ("direction", "name", "kind", "ewc_code", "taxonomy_code", "nace")

#: Rows per classification chunk (its pandas joins hold a few dozen columns per row).
CHUNK_ROWS = 250_000

#: Below this many rows a frame is classified in one piece in this process: starting the
#: workers, pickling their hits back and sorting them cost more than the workers save
#: (441 125 rows, 23:10 UTC: one call 2.1-2.8 s wall, 8 chunks in 2 workers 2.6-3.1 s).
CHUNKS_FROM_ROWS = 1_000_000


def name_chunks(names: np.ndarray, chunks: int) -> np.ndarray:
    """The chunk (0 .. ``chunks`` - 1) of every row: a hash of its name, so that every row of
    one name lies in one chunk and no name's evidence is computed twice.

    Examples
    --------
    >>> chunk = name_chunks(np.array(["ash", "heat", "ash"], dtype=object), 4)
    >>> bool(chunk[0] == chunk[2])
    True
    """
    if chunks < 1:
        raise ValueError(f"chunks must be at least 1, got {chunks!r}")
    hashes = pd.util.hash_array(np.asarray(names, dtype=object))
    return (hashes % np.uint64(chunks)).astype(np.int64)


def with_derived_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The stream frame with the columns classification derives over the whole frame
    (``org_code``, ``condition_sig``, ``name_code``, ``id_rank``), as
    :func:`~veturi.engine.matching.vectorised.classify_frame` derives them."""
    frame = frame.reset_index(drop=True)
    return frame.assign(
        org_code=pd.factorize(frame["organisation"])[0],
        condition_sig=_factorize_columns(
            frame, ["name", "ewc_code", "taxonomy_code", "properties"])[0],
        name_code=pd.factorize(frame["name"])[0],
        id_rank=frame["id"].rank(method="first").astype(np.int64) - 1,
    )


#: The frame and rules a pool of classification workers reads: set before the pool forks.
_FORKED_CLASSIFICATION: tuple[pd.DataFrame, tuple[Rule, ...]] | None = None


def _chunk_frame(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """The classified columns of ``rows``; ids and organisations are row numbers (unique and
    cheap: the chunk's own derived columns are thrown away)."""
    placeholder = np.arange(len(rows))
    # take() keeps each column's type (Arrow strings are taken without Python objects).
    chunk = frame[list(CLASSIFIED_COLUMNS)].take(rows).reset_index(drop=True)
    return chunk.assign(
        id=placeholder, organisation=placeholder, quantity=np.nan, unit="", months=4095,
        handling=np.nan, properties="", lat=np.nan, lon=np.nan)


def _classify_chunk(rows: np.ndarray, lexicon: str, chunk: pd.DataFrame | None = None,
                    rules: tuple[Rule, ...] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Supply and demand hits of ``rows`` of the frame, in global row numbers."""
    if chunk is None:
        frame, rules = _FORKED_CLASSIFICATION
        chunk = _chunk_frame(frame, rows)
    table = classify_frame(chunk, rules, lexicon=lexicon)
    return tuple(hits.assign(row=rows[hits["row"].to_numpy()])
                 for hits in (table.supply_hits, table.demand_hits))


def classified_chunks(frame: pd.DataFrame, rules: Sequence[Rule], *, lexicon: str = "auto",
                      chunks: int | None = None, workers: int = 1):
    """Classify ``frame`` in chunks of whole names (:func:`name_chunks`), in ``workers``
    processes: yields the (supply hits, demand hits) of each chunk, rows numbered in
    ``frame`` (reset index), in the order chunks finish.

    ``lexicon="auto"`` is decided here over the whole frame (a chunk holds fewer names).
    ``chunks`` defaults to one per :data:`CHUNK_ROWS` rows and at least four per worker (hashed
    names do not split evenly), or one under :data:`CHUNKS_FROM_ROWS` rows.
    """
    global _FORKED_CLASSIFICATION
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    if lexicon == "auto":
        lexicon = "all" if frame["name"].nunique() <= 500 else "fallback"
    frame = frame.reset_index(drop=True)
    rules = tuple(rules)
    chunks = _chunk_count(len(frame), chunks, workers)
    chunk_of_row = name_chunks(frame["name"].to_numpy(), chunks)
    order = np.argsort(chunk_of_row, kind="stable")
    bounds = np.searchsorted(chunk_of_row[order], np.arange(chunks + 1))
    parts = [order[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b > a] or [order]
    parts.sort(key=len, reverse=True)  # largest first: the workers end together
    if workers == 1 or len(parts) == 1:
        for rows in parts:
            yield _classify_chunk(rows, lexicon, _chunk_frame(frame, rows), rules)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    fork = "fork" in multiprocessing.get_all_start_methods()
    _FORKED_CLASSIFICATION = (frame, rules) if fork else None
    try:
        context = multiprocessing.get_context("fork" if fork else "spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(parts)),
                                 mp_context=context) as pool:
            futures = [pool.submit(_classify_chunk, rows, lexicon,
                                   None if fork else _chunk_frame(frame, rows),
                                   None if fork else rules) for rows in parts]
            for future in as_completed(futures):
                yield future.result()
    finally:
        _FORKED_CLASSIFICATION = None


def _chunk_count(rows: int, chunks: int | None, workers: int) -> int:
    if chunks is not None:
        return chunks
    return 1 if rows < CHUNKS_FROM_ROWS else max(-(-rows // CHUNK_ROWS), 4 * workers)


def _in_row_order(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Hits of all chunks as one frame sorted by (row, rule), as one classification gives."""
    filled = [part for part in parts if len(part)] or list(parts[:1])
    hits = pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0]
    return hits.sort_values(["row", "rule"], kind="stable").reset_index(drop=True)


def classify_in_chunks(frame: pd.DataFrame, rules: Sequence[Rule], *, lexicon: str = "auto",
                       chunks: int | None = None, workers: int = 1) -> StreamTable:
    """The table of :func:`~veturi.engine.matching.vectorised.classify_frame` (identical
    frame and hits), classified in chunks of whole names in ``workers`` processes
    (:func:`classified_chunks`)."""
    if _chunk_count(len(frame), chunks, workers) == 1:  # park size: no chunking to undo
        return classify_frame(frame, rules, lexicon=lexicon)
    supply, demand = [], []
    for supply_part, demand_part in classified_chunks(frame, rules, lexicon=lexicon,
                                                      chunks=chunks, workers=workers):
        supply.append(supply_part)
        demand.append(demand_part)
    frame = with_derived_columns(frame)
    return StreamTable(_RowStreams(frame), frame, _in_row_order(supply), _in_row_order(demand))


class Source(Protocol):
    """Where partition tasks read their streams and classification hits from."""

    rules: tuple[Rule, ...]

    def partitions(self) -> list[tuple[str, tuple[int, int]]]: ...

    def partition_sizes(self) -> dict[tuple[str, tuple[int, int]], int]: ...

    def rule_counts(self) -> tuple[pd.DataFrame, pd.DataFrame]: ...

    def load(self, task: PartitionTask) -> tuple[StreamTable, pd.DataFrame, pd.DataFrame]: ...


def _positions_by_key(*columns: np.ndarray) -> dict[tuple, np.ndarray]:
    """Positions (ascending) of every distinct row of ``columns``, keyed by that row as a
    tuple of Python values. (Grouping by a MultiIndex built the tuples of every row.)"""
    if len(columns[0]) == 0:
        return {}
    codes, _ = _factorize_ints(*(pd.factorize(column)[0] for column in columns))
    groups = pd.Series(np.arange(len(codes))).groupby(codes).indices
    return {tuple(column[positions[0]].item() if hasattr(column[positions[0]], "item")
                  else column[positions[0]] for column in columns): positions
            for positions in groups.values()}


@dataclass
class InMemorySource:
    """A classified stream table held in memory, indexed by partition.

    ``table.frame`` must carry the columns of :func:`assign_cells`.
    """

    table: StreamTable
    rules: tuple[Rule, ...]
    _supply_index: dict = field(default_factory=dict, repr=False)
    _demand_index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        frame = self.table.frame
        supply, demand = self.table.supply_hits, self.table.demand_hits
        rows = supply["row"].to_numpy()
        self._supply_index = _positions_by_key(
            frame["resource_class"].to_numpy()[rows], frame["cell_y"].to_numpy()[rows],
            frame["cell_x"].to_numpy()[rows])
        rows = demand["row"].to_numpy()
        self._demand_index = _positions_by_key(
            frame["cell_y"].to_numpy()[rows], frame["cell_x"].to_numpy()[rows])

    def partitions(self) -> list[tuple[str, tuple[int, int]]]:
        return sorted((key[0], (int(key[1]), int(key[2]))) for key in self._supply_index)

    def partition_sizes(self) -> dict[tuple[str, tuple[int, int]], int]:
        return {(key[0], (int(key[1]), int(key[2]))): len(positions)
                for key, positions in self._supply_index.items()}

    def rule_counts(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Hits per (class, cell, rule) of the outputs and per (cell, rule) of the inputs
        (columns ``resource_class``, ``cell_y``, ``cell_x``, ``rule``, ``hits``)."""
        frame = self.table.frame
        counts = []
        for hits, keys in ((self.table.supply_hits, ["resource_class", "cell_y", "cell_x"]),
                           (self.table.demand_hits, ["cell_y", "cell_x"])):
            rows = hits["row"].to_numpy()
            located = pd.DataFrame({key: frame[key].to_numpy()[rows] for key in keys})
            counts.append(located.assign(rule=hits["rule"].to_numpy())
                          .groupby(keys + ["rule"]).size().rename("hits").reset_index())
        return counts[0], counts[1]

    def load(self, task: PartitionTask) -> tuple[StreamTable, pd.DataFrame, pd.DataFrame]:
        positions = [self._supply_index[key] for key in (
            (task.resource_class, *cell) for cell in task.cells) if key in self._supply_index]
        supply = self.table.supply_hits.iloc[
            np.sort(np.concatenate(positions)) if positions else []]
        positions = [self._demand_index[c] for c in task.neighbours if c in self._demand_index]
        demand = self.table.demand_hits.iloc[np.concatenate(positions) if positions else []]
        demand = demand[demand["rule"].isin(np.unique(supply["rule"].to_numpy()))]
        return self.table, supply, demand


def make_plan(
    source: Source, *, top_k: int = 10, min_technical_fit: float = 0.2,
    detour_factor: float = 1.3, max_distance_km: float = 150.0,
    weights: Mapping[str, float] | None = None, hits_per_task: int = 20_000,
) -> list[PartitionTask]:
    """Tasks of (resource class, region cells) that hold outputs: a cell's outputs are never
    split; cells of one class (in row order) share a task until it holds
    ``hits_per_task`` output classification hits (1: one task per cell).

    Examples
    --------
    >>> from veturi.engine.matching import Organisation, Stream
    >>> from veturi.engine.matching.knowledge_base import rule_from_row
    >>> from veturi.engine.matching.vectorised import classify
    >>> rule = rule_from_row({"id": "r", "name": "Ash", "supplier_terms": "fly ash",
    ...     "receiver_terms": "cement", "source": "s"})
    >>> table = classify([Organisation("a", lat=60.0, lon=25.0)],
    ...                  [Stream("s", "a", "output", "Fly ash", kind="by_product")], [rule])
    >>> source = InMemorySource(prepare(table, 130.0, 1.3), (rule,))
    >>> [task.name for task in make_plan(source, max_distance_km=130.0)]
    ['matter_66_7']
    """
    if hits_per_task < 1:
        raise ValueError(f"hits_per_task must be at least 1, got {hits_per_task!r}")
    weight_items = tuple(sorted((weights or {}).items()))
    sizes = source.partition_sizes()
    groups: list[tuple[str, list[tuple[int, int]]]] = []
    held = 0
    for klass, cell in sorted(sizes):
        last = groups[-1] if groups else None
        # Same class (cells in row order) and room left.
        if last is not None and last[0] == klass and held < hits_per_task \
                and held + sizes[(klass, cell)] <= 2 * hits_per_task:
            last[1].append(cell)
            held += sizes[(klass, cell)]
        else:
            groups.append((klass, [cell]))
            held = sizes[(klass, cell)]
    return [
        PartitionTask(klass, tuple(cells), _neighbourhood(cells), top_k, min_technical_fit,
                      detour_factor, max_distance_km, weight_items)
        for klass, cells in groups
    ]


def prepare(table: StreamTable, max_distance_km: float, detour_factor: float) -> StreamTable:
    """The classified table with the region cell and resource class of every stream."""
    return StreamTable(
        table.streams, assign_cells(table.frame, max_distance_km, detour_factor),
        table.supply_hits, table.demand_hits, by_codes=table.by_codes)


_RESULT_ROW_COLUMNS = ["output", "input", "rule", "score", "technical_fit", "distance_km"]


#: Below this many (output, input) hit pairs sharing a rule, a task scores every pair: the
#: pruning kernel would cost more than it saves.
PRUNE_FROM_PAIRS = 1_000_000


def _join_size(supply: pd.DataFrame, demand: pd.DataFrame) -> int:
    """How many (supply hit, demand hit) pairs share a rule."""
    if len(supply) == 0 or len(demand) == 0:
        return 0
    size = int(max(supply["rule"].max(), demand["rule"].max())) + 1
    return int(np.dot(np.bincount(supply["rule"].to_numpy(), minlength=size).astype(np.int64),
                      np.bincount(demand["rule"].to_numpy(), minlength=size).astype(np.int64)))


#: Kept pairs are scored this many at a time (whole outputs per chunk): scoring holds a few
#: dozen arrays per pair, so the peak memory of a dense task stays bounded.
SCORE_CHUNK_PAIRS = 1_000_000


def _by_outputs(joined: tuple[np.ndarray, np.ndarray] | None, supply_rows: np.ndarray,
                size: int) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """``joined`` (supply, demand hit positions) cut into chunks of about ``size`` pairs,
    every output's pairs in one chunk (its top k is then the chunk's)."""
    if joined is None or len(joined[0]) <= size:
        return [joined]
    supply_positions, demand_positions = joined
    rows = supply_rows[supply_positions]
    order = np.argsort(rows, kind="stable")
    rows = rows[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])  # where an output begins
    cuts = np.unique(starts[np.searchsorted(starts, np.arange(size, len(rows), size))
                            .clip(max=len(starts) - 1)])
    bounds = np.r_[0, cuts[cuts > 0], len(rows)]
    return [(supply_positions[order[a:b]], demand_positions[order[a:b]])
            for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def run_partition(source: Source, task: PartitionTask, out_dir: str | Path | None = None,
                  stats: dict | None = None) -> pd.DataFrame | str:
    """Score one partition and keep the top k of each of its outputs.

    A pure function of the source and the task. Returns the frame (columns ``output``,
    ``input``, ``rule``, ``score``, ``technical_fit``, ``distance_km``, ids not rows), or,
    with ``out_dir``, writes it as ``<task.name>.parquet`` there and returns the path.
    ``stats["pairs"]``, when given, is increased by the pairs the task scored.
    """
    table, supply, demand = source.load(task)
    weights = dict(task.weights) or None
    joined = None
    if task.prune and _join_size(supply, demand) > PRUNE_FROM_PAIRS:
        from .candidates import candidate_pairs  # numba: loaded only when worth it

        joined = candidate_pairs(
            table, source.rules, supply, demand, top_k=task.top_k,
            min_technical_fit=task.min_technical_fit, detour_factor=task.detour_factor,
            weights=weights, max_distance_km=task.max_distance_km, stats=stats)
    ranked = pd.concat([keep_top_k(score_pairs(
        table, source.rules, supply, demand, min_technical_fit=task.min_technical_fit,
        detour_factor=task.detour_factor, weights=weights,
        max_distance_km=task.max_distance_km, joined=chunk,
        stats=stats if joined is None else None), table.column("id_rank"), task.top_k)
        for chunk in _by_outputs(joined, supply["row"].to_numpy(), SCORE_CHUNK_PAIRS)],
        ignore_index=True)
    ids = table.column("id")
    rule_ids = np.array([rule.id for rule in source.rules], dtype=object)
    result = pd.DataFrame({
        "output": ids[ranked["out_row"].to_numpy()], "input": ids[ranked["in_row"].to_numpy()],
        "rule": rule_ids[ranked["rule"].to_numpy()], "score": ranked["score"].to_numpy(),
        "technical_fit": ranked["technical_fit"].to_numpy(),
        "distance_km": ranked["distance_km"].to_numpy(),
    }, columns=_RESULT_ROW_COLUMNS)
    if out_dir is None:
        return result
    path = Path(out_dir) / f"{task.name}.parquet"
    # Typed columns: an empty partition must not write columns of the null type.
    result.astype({"output": "string", "input": "string", "rule": "string",
                   "score": "float64", "technical_fit": "float64", "distance_km": "float64"}
                  ).to_parquet(path, index=False)
    return str(path)


def merge_top_k(parts: Sequence[pd.DataFrame], top_k: int) -> pd.DataFrame:
    """The global top k per output over partition results (best score per pair first).

    Examples
    --------
    >>> a = pd.DataFrame({"output": ["o", "o"], "input": ["x", "y"], "rule": ["r", "r"],
    ...                   "score": [0.5, 0.7], "technical_fit": [1, 1], "distance_km": [1, 2]})
    >>> merge_top_k([a], 1)[["output", "input", "rank"]].values.tolist()
    [['o', 'y', 1]]
    """
    frames = [part for part in parts if len(part)]
    if not frames:
        return pd.DataFrame(columns=_RESULT_ROW_COLUMNS + ["rank"])
    merged = pd.concat(frames, ignore_index=True)
    merged = merged.assign(_rounded=-merged["score"].round(9))
    merged = merged.sort_values(["output", "_rounded", "input"], kind="stable")
    merged = merged.drop_duplicates(["output", "input"], keep="first")
    merged["rank"] = merged.groupby("output", sort=False).cumcount() + 1
    return merged[merged["rank"] <= top_k].drop(columns="_rounded").reset_index(drop=True)


def merge_parquet(out_dir: str | Path, top_k: int, destination: str | Path | None = None,
                  *, memory_limit: str = "4GB") -> Any:
    """:func:`merge_top_k` out of core with DuckDB over the partition files in ``out_dir``.

    Writes ``destination`` (Parquet) when given and returns its row count; else returns the
    merged frame.
    """
    import duckdb

    connection = duckdb.connect()
    connection.execute(f"SET memory_limit='{memory_limit}'")
    query = f"""
        SELECT output, input, rule, score, technical_fit, distance_km,
               row_number() OVER (PARTITION BY output ORDER BY round(score, 9) DESC, input)
                   AS rank
        FROM (SELECT * FROM read_parquet('{Path(out_dir) / '*.parquet'}')
              QUALIFY row_number() OVER (PARTITION BY output, input ORDER BY score DESC) = 1)
        QUALIFY rank <= {int(top_k)}
    """
    if destination is None:
        return connection.execute(query + " ORDER BY output, rank").df()
    connection.execute(f"COPY ({query}) TO '{destination}' (FORMAT PARQUET)")
    count = connection.execute(f"SELECT count(*) FROM read_parquet('{destination}')").fetchone()
    return int(count[0])


def task_sizes(plan: Sequence[PartitionTask], source: Source) -> list[int]:
    """The output classification hits of each task (what its cost grows with)."""
    sizes = source.partition_sizes()
    return [sum(sizes.get((task.resource_class, cell), 0) for cell in task.cells)
            for task in plan]


def task_costs(plan: Sequence[PartitionTask], source: Source) -> list[int]:
    """The (output hit, input hit) pairs of each task that share a rule, inputs in its
    neighbourhood: what its pruning and scoring grow with (a task of few outputs in a dense
    region can cost more than one of many outputs among few inputs)."""
    supply, demand = source.rule_counts()
    rule_count = len(source.rules)
    by_cell: dict[tuple, np.ndarray] = {}
    for klass, y, x, rule, hits in zip(*(supply[c].to_numpy() for c in (
            "resource_class", "cell_y", "cell_x", "rule", "hits"))):
        by_cell.setdefault((klass, int(y), int(x)), np.zeros(rule_count, np.int64))[rule] = hits
    demand_by_cell: dict[tuple, np.ndarray] = {}
    for y, x, rule, hits in zip(*(demand[c].to_numpy() for c in (
            "cell_y", "cell_x", "rule", "hits"))):
        demand_by_cell.setdefault((int(y), int(x)), np.zeros(rule_count, np.int64))[rule] = hits
    nothing = np.zeros(rule_count, np.int64)
    return [int(np.dot(
        sum((by_cell.get((task.resource_class, *cell), nothing) for cell in task.cells),
            nothing),
        sum((demand_by_cell.get(cell, nothing) for cell in task.neighbours), nothing)))
        for task in plan]


#: The source of the plan a process pool runs: set before the pool forks, so that a forked
#: worker inherits it (an in-memory table is not pickled once per task).
_FORKED_SOURCE: Source | None = None


def _run_in_worker(task: PartitionTask, out_dir: str | Path | None,
                   source: Source | None) -> tuple[pd.DataFrame | str, dict, float]:
    stats: dict = {}
    cpu = time.process_time()
    result = run_partition(_FORKED_SOURCE if source is None else source, task, out_dir, stats)
    return result, stats, time.process_time() - cpu


#: Below this many output hits in all, a plan runs in this process whatever ``workers`` says:
#: starting and feeding worker processes costs more than it saves (park size: ~0.2 s of fork
#: and results against ~0.6 s of matching).
PROCESSES_FROM_HITS = 50_000


def run_local(plan: Sequence[PartitionTask], source: Source,
              out_dir: str | Path | None = None, stats: dict | None = None,
              on_done: Callable[[int, PartitionTask], None] | None = None,
              workers: int = 1, processes_from_hits: int = PROCESSES_FROM_HITS,
              task_cpu_seconds: dict[str, float] | None = None) -> pd.DataFrame | list[str]:
    """Run a plan on this machine: task after task in this process (``workers=1``), or in
    ``workers`` processes, costliest tasks first (:func:`task_costs`; same result: tasks are independent and every
    output lies in one task).

    Without ``out_dir`` returns the merged top k; with it, the paths of the partition files
    in plan order (merge them with :func:`merge_parquet`). ``on_done(number, task)`` is
    called after each task, in the order they finish (progress of long runs). Worker
    processes are forked where the platform can (the source is inherited, not copied) and
    spawned elsewhere (the source is pickled: a :class:`DuckDBSource` reopens its file).
    A plan of fewer than ``processes_from_hits`` output hits runs in this process.
    ``task_cpu_seconds``, when given, receives the CPU seconds of each task by its name
    (filled before ``on_done`` is called for it).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    if not plan:
        return [] if out_dir is not None else merge_top_k([], 1)
    results: list = [None] * len(plan)
    sizes = task_sizes(plan, source) if workers > 1 and len(plan) > 1 else []
    if not sizes or sum(sizes) < processes_from_hits:
        for number, task in enumerate(plan, 1):
            cpu = time.process_time()
            results[number - 1] = run_partition(source, task, out_dir, stats)
            if task_cpu_seconds is not None:
                task_cpu_seconds[task.name] = time.process_time() - cpu
            if on_done is not None:
                on_done(number, task)
    else:
        _run_in_processes(plan, sizes, source, out_dir, stats, on_done, workers, results,
                          task_cpu_seconds)
    if out_dir is not None:
        return results
    return merge_top_k(results, plan[0].top_k)


def _run_in_processes(plan, sizes, source, out_dir, stats, on_done, workers, results,
                      task_cpu_seconds=None) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    global _FORKED_SOURCE
    fork = "fork" in multiprocessing.get_all_start_methods()
    # Costliest first (ties: more outputs first), so that the workers end together.
    costs = task_costs(plan, source) if hasattr(source, "rule_counts") else sizes
    order = sorted(range(len(plan)), key=lambda index: (-costs[index], -sizes[index]))
    if hasattr(source, "close"):
        source.close()  # a database connection must not be shared with forked children
    _FORKED_SOURCE = source if fork else None
    try:
        context = multiprocessing.get_context("fork" if fork else "spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(plan)),
                                 mp_context=context) as pool:
            pending = {pool.submit(_run_in_worker, plan[index], out_dir,
                                   None if fork else source): index for index in order}
            finished = 0
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    results[index], task_stats, cpu = future.result()
                    if task_cpu_seconds is not None:
                        task_cpu_seconds[plan[index].name] = cpu
                    if stats is not None:
                        for key, value in task_stats.items():
                            stats[key] = stats.get(key, 0) + value
                    finished += 1
                    if on_done is not None:
                        on_done(finished, plan[index])
    finally:
        _FORKED_SOURCE = None


# ------------------------------------------------------------------------------- DuckDB source

_FRAME_COLUMNS = (
    "id", "organisation", "direction", "name", "kind", "ewc_code", "taxonomy_code", "quantity",
    "unit", "months", "handling", "properties", "lat", "lon", "nace", "org_code",
    "condition_sig", "name_code", "id_rank", "cell_y", "cell_x", "resource_class",
)


class DuckDBSource:
    """Classified streams in a DuckDB file, read one partition at a time (out of core).

    :meth:`write` stores a prepared table (``streams``, ``supply_hits``, ``demand_hits``
    tables, hits carrying their stream's cell and class, sorted by them so that DuckDB's zone
    maps skip what a task does not need).
    """

    def __init__(self, path: str | Path, rules: Sequence[Rule], *, memory_limit: str = "2GB"):
        self.path = str(path)
        self.rules = tuple(rules)
        self.memory_limit = memory_limit
        self._connection = None
        self._by_codes: dict = {}  # codes are the file's, shared by its tasks

    def __getstate__(self) -> dict:  # a worker opens its own connection
        return {"path": self.path, "rules": self.rules, "memory_limit": self.memory_limit,
                "_connection": None, "_by_codes": {}}

    def _connect(self):
        import duckdb

        if self._connection is None:
            self._connection = duckdb.connect(self.path, read_only=True)
            self._connection.execute(f"SET memory_limit='{self.memory_limit}'")
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @classmethod
    def write(cls, table: StreamTable, path: str | Path, rules: Sequence[Rule],
              *, memory_limit: str = "4GB") -> "DuckDBSource":
        """Store a prepared table (:func:`prepare`) held in memory."""
        connection = _create_database(path, table.frame, memory_limit)
        _append_hits(connection, table.supply_hits, table.demand_hits)
        _sort_hits(connection)
        return cls(path, rules)

    @classmethod
    def write_in_chunks(cls, frame: pd.DataFrame, path: str | Path, rules: Sequence[Rule], *,
                        max_distance_km: float, detour_factor: float, lexicon: str = "auto",
                        chunks: int | None = None, workers: int = 1,
                        memory_limit: str = "4GB") -> "DuckDBSource":
        """Classify a stream frame (columns of
        :func:`~veturi.engine.matching.vectorised.streams_frame`) in chunks of whole names in
        ``workers`` processes (:func:`classified_chunks`) and store it: each chunk's hits are
        appended as it comes, so the whole classified table is never held in memory. Same
        file as :meth:`write` of :func:`prepare` of ``classify_frame(frame)``."""
        prepared = assign_cells(with_derived_columns(frame), max_distance_km, detour_factor)
        connection = _create_database(path, prepared, memory_limit)
        del prepared
        for supply, demand in classified_chunks(frame, rules, lexicon=lexicon, chunks=chunks,
                                                workers=workers):
            _append_hits(connection, supply, demand)
        _sort_hits(connection)
        return cls(path, rules)

    def partitions(self) -> list[tuple[str, tuple[int, int]]]:
        rows = self._connect().execute(
            "SELECT DISTINCT resource_class, cell_y, cell_x FROM supply_hits").fetchall()
        return sorted((klass, (int(y), int(x))) for klass, y, x in rows)

    def partition_sizes(self) -> dict[tuple[str, tuple[int, int]], int]:
        rows = self._connect().execute(
            "SELECT resource_class, cell_y, cell_x, count(*) FROM supply_hits "
            "GROUP BY ALL").fetchall()
        return {(klass, (int(y), int(x))): int(count) for klass, y, x, count in rows}

    def rule_counts(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """As :meth:`InMemorySource.rule_counts`."""
        connection = self._connect()
        supply = connection.execute(
            "SELECT resource_class, cell_y, cell_x, rule, count(*) AS hits FROM supply_hits "
            "GROUP BY ALL ORDER BY ALL").df()
        demand = connection.execute(
            "SELECT cell_y, cell_x, rule, count(*) AS hits FROM demand_hits "
            "GROUP BY ALL ORDER BY ALL").df()
        return supply, demand

    def load(self, task: PartitionTask) -> tuple[StreamTable, pd.DataFrame, pd.DataFrame]:
        connection = self._connect()
        own = " OR ".join(f"(cell_y = {int(y)} AND cell_x = {int(x)})" for y, x in task.cells)
        supply = connection.execute(
            "SELECT row, rule, strength, from_codes, term FROM supply_hits "
            f"WHERE resource_class = ? AND ({own}) ORDER BY row, rule",
            [task.resource_class]).df()
        rules = sorted(set(supply["rule"].tolist()))
        ys = sorted({y for y, _ in task.neighbours})
        cells = " OR ".join(f"(cell_y = {int(y)} AND cell_x = {int(x)})" for y, x in task.neighbours)
        demand = connection.execute(
            "SELECT row, rule, strength, from_codes, weak, term FROM demand_hits "
            f"WHERE cell_y BETWEEN {ys[0]} AND {ys[-1]} AND ({cells}) "
            f"AND list_contains(?, rule)", [rules]).df() if rules else pd.DataFrame(
                columns=["row", "rule", "strength", "from_codes", "weak", "term"])
        rows = _distinct_rows(supply["row"].to_numpy(), demand["row"].to_numpy())
        connection.register("wanted", pd.DataFrame({"row": rows}))
        frame = _object_frame(connection.execute(
            f"SELECT {', '.join(_FRAME_COLUMNS)} FROM streams s SEMI JOIN wanted w "
            f"ON s.row = w.row WHERE s.cell_y BETWEEN {ys[0]} AND {ys[-1]} "
            "ORDER BY s.row").fetchnumpy())
        connection.unregister("wanted")
        # Rows become positions in the task's own frame; id_rank keeps the global id order.
        local = {"supply": supply, "demand": demand}
        for key, hits in local.items():
            local[key] = hits.assign(row=np.searchsorted(rows, hits["row"].to_numpy()))
        table = StreamTable(_RowStreams(frame), frame, local["supply"], local["demand"],
                            by_codes=self._by_codes)
        return table, local["supply"], local["demand"]


def _distinct_rows(*rows: np.ndarray) -> np.ndarray:
    """The distinct stream rows of some hit rows, ascending (a mask: cheaper than np.unique
    for millions of rows)."""
    size = max((int(part.max()) + 1 for part in rows if len(part)), default=0)
    seen = np.zeros(size, dtype=bool)
    for part in rows:
        seen[part] = True
    return np.flatnonzero(seen)


def _object_frame(columns: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """DuckDB's numpy columns as a frame: text as object arrays (the task indexes them as
    Python strings; an Arrow string column would be converted there and back), NULL numbers
    as NaN."""
    def unmasked(values):
        if not isinstance(values, np.ma.MaskedArray):
            return values
        if values.dtype.kind in "iuf":
            return values.astype(float).filled(np.nan)
        return values.astype(object).filled(None)

    return pd.DataFrame({
        name: pd.Series(unmasked(values), dtype=object if values.dtype == object else None,
                        copy=False)
        for name, values in columns.items()})


_HIT_COLUMNS = {
    "supply_hits": ("row", "rule", "strength", "from_codes", "term"),
    "demand_hits": ("row", "rule", "strength", "from_codes", "weak", "term"),
}


def _create_database(path: str | Path, frame: pd.DataFrame, memory_limit: str):
    """A new DuckDB file at ``path`` with the ``streams`` of a prepared frame (stored by
    cell: a task's streams lie in a few row groups, zone maps skip the rest) and empty
    tables for the hits of the chunks to come; returns the open connection."""
    import duckdb

    connection = duckdb.connect(str(path))
    connection.execute(f"SET memory_limit='{memory_limit}'")
    connection.register("frame_view", frame[list(_FRAME_COLUMNS)])
    connection.execute("CREATE OR REPLACE TABLE streams AS SELECT row_number() OVER () - 1 "
                       "AS row, * FROM frame_view")
    connection.unregister("frame_view")
    connection.execute("CREATE OR REPLACE TABLE streams AS "
                       "SELECT * FROM streams ORDER BY cell_y, cell_x, row")
    for name, columns in _HIT_COLUMNS.items():
        types = {"row": "BIGINT", "rule": "BIGINT", "strength": "DOUBLE"}
        connection.execute(f"CREATE OR REPLACE TABLE {name}_unsorted (" + ", ".join(
            f"{column} {types.get(column, 'BOOLEAN')}" for column in columns) + ")")
    return connection


def _append_hits(connection, supply: pd.DataFrame, demand: pd.DataFrame) -> None:
    for name, hits in (("supply_hits", supply), ("demand_hits", demand)):
        columns = list(_HIT_COLUMNS[name])
        connection.register("hits_view", hits[columns])
        connection.execute(f"INSERT INTO {name}_unsorted SELECT {', '.join(columns)} "
                           "FROM hits_view")
        connection.unregister("hits_view")


def _sort_hits(connection) -> None:
    """Hits carry their stream's cell and class, sorted by them (a task reads a few row
    groups); closes the connection."""
    for name in _HIT_COLUMNS:
        connection.execute(f"""
            CREATE OR REPLACE TABLE {name} AS
            SELECT h.*, s.cell_y, s.cell_x, s.resource_class
            FROM {name}_unsorted h JOIN streams s ON s.row = h.row
            ORDER BY s.resource_class, s.cell_y, s.cell_x, h.row, h.rule""")
        connection.execute(f"DROP TABLE {name}_unsorted")
    connection.execute("CHECKPOINT")
    connection.close()
