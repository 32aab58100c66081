"""The data package: organisations and their streams in one JSON file or a folder of CSV files,
read into engine types, matched, and written back as JSON, CSV or a table.

A package is ``{"organisations": [{"id", "name", "nace", "country", "lat", "lon",
"description"}], "streams": [{"id", "organisation", "direction", "name", "kind", "ewc",
"code", "quantity", "unit", "properties", "months"}]}``; only a stream's ``id``,
``organisation``, ``direction`` and ``name`` are required. The same as CSV is a folder with
``organisations.csv`` and ``streams.csv`` (``nace`` and ``months`` separated by ``|``,
``properties`` as JSON text or as ``properties.<name>`` columns). Keys the reader does not know
(such as a benchmark's ``expected``) are ignored. Errors name the stream (or organisation) and
the field.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from veturi.engine.reference import normalise_ewc_code, normalise_nace_code, taxonomy
from veturi.engine.units import UnitError, to_canonical

from .types import DIRECTIONS, STREAM_KINDS, MatchResult, Organisation, Stream

__all__ = [
    "PackageError",
    "RESULT_COLUMNS",
    "format_result",
    "match_package",
    "package_from_dict",
    "read_package",
    "result_to_dicts",
]

RESULT_COLUMNS: tuple[str, ...] = (
    "output", "input", "supplier", "receiver", "rank", "score", "value_eur_per_year",
    "co2_t_per_year", "explanation",
)


class PackageError(ValueError):
    """A data package that cannot be read; the message names the stream or organisation and
    the field."""


def _number(value: Any, where: str, field: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise PackageError(f"{where}, field {field}: expected a number, got {value!r}")
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise PackageError(f"{where}, field {field}: expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise PackageError(f"{where}, field {field}: expected a finite number, got {value!r}")
    return number


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _organisation(raw: Any, index: int) -> Organisation:
    if not isinstance(raw, Mapping):
        raise PackageError(f"organisations[{index}]: expected an object, got {raw!r}")
    org_id = _text(raw.get("id"))
    if not org_id:
        raise PackageError(f"organisations[{index}], field id: is required")
    where = f"organisation {org_id!r}"
    nace_raw = raw.get("nace") or ()
    if isinstance(nace_raw, str):
        nace_raw = [part for part in nace_raw.replace(";", "|").split("|") if part.strip()]
    if not isinstance(nace_raw, (list, tuple)):
        raise PackageError(f"{where}, field nace: expected a code or a list of codes")
    nace = []
    for code in nace_raw:
        try:
            nace.append(normalise_nace_code(str(code)))
        except ValueError as exc:
            raise PackageError(f"{where}, field nace: {exc}") from None
    lat = _number(raw.get("lat"), where, "lat")
    lon = _number(raw.get("lon"), where, "lon")
    if lat is not None and not -90 <= lat <= 90:
        raise PackageError(f"{where}, field lat: {lat} is not a latitude (-90..90)")
    if lon is not None and not -180 <= lon <= 180:
        raise PackageError(f"{where}, field lon: {lon} is not a longitude (-180..180)")
    return Organisation(
        id=org_id, name=_text(raw.get("name")) or org_id, nace=tuple(nace),
        country=_text(raw.get("country")), lat=lat, lon=lon,
        description=_text(raw.get("description")),
    )


def _months(value: Any, where: str) -> tuple[int, ...]:
    if value is None or value == "":
        return ()
    parts: list[Any]
    if isinstance(value, str):
        parts = []
        for piece in value.replace(",", "|").replace(";", "|").split("|"):
            piece = piece.strip()
            if "-" in piece:
                start, _, end = piece.partition("-")
                try:
                    parts.extend(range(int(start), int(end) + 1))
                except ValueError:
                    raise PackageError(f"{where}, field months: {piece!r} is not a range of "
                                       "months like 5-9") from None
            elif piece:
                parts.append(piece)
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise PackageError(f"{where}, field months: expected a list of month numbers 1..12")
    months = set()
    for part in parts:
        try:
            month = int(part)
        except (TypeError, ValueError):
            raise PackageError(f"{where}, field months: {part!r} is not a month number") from None
        if isinstance(part, bool) or not 1 <= month <= 12 or str(part).strip() != str(month):
            raise PackageError(f"{where}, field months: {part!r} is not a month number 1..12")
        months.add(month)
    return tuple(sorted(months))


def _stream(raw: Any, index: int, organisation_ids: set[str]) -> Stream:
    if not isinstance(raw, Mapping):
        raise PackageError(f"streams[{index}]: expected an object, got {raw!r}")
    stream_id = _text(raw.get("id"))
    if not stream_id:
        raise PackageError(f"streams[{index}], field id: is required")
    where = f"stream {stream_id!r}"
    organisation = _text(raw.get("organisation"))
    if not organisation:
        raise PackageError(f"{where}, field organisation: is required")
    if organisation not in organisation_ids:
        raise PackageError(f"{where}, field organisation: unknown organisation {organisation!r}")
    direction = _text(raw.get("direction")).lower()
    if direction not in DIRECTIONS:
        raise PackageError(
            f"{where}, field direction: {raw.get('direction')!r} must be 'output' or 'input'"
        )
    name = _text(raw.get("name"))
    if not name:
        raise PackageError(f"{where}, field name: is required")
    kind = _text(raw.get("kind")).lower() or None
    if kind is not None and kind not in STREAM_KINDS:
        raise PackageError(f"{where}, field kind: {kind!r} is not one of {', '.join(STREAM_KINDS)}")
    ewc = None
    if _text(raw.get("ewc")):
        try:
            ewc = normalise_ewc_code(_text(raw.get("ewc")))
        except ValueError as exc:
            raise PackageError(f"{where}, field ewc: {exc}") from None
    taxonomy_code = None
    code = _text(raw.get("code"))
    if code:
        if code.lower() in taxonomy():
            taxonomy_code = code.lower()
        else:
            try:
                ewc = ewc or normalise_ewc_code(code)
            except ValueError:
                raise PackageError(
                    f"{where}, field code: {code!r} is neither a Veturi taxonomy code nor a "
                    "European List of Waste code"
                ) from None
    months = _months(raw.get("months"), where)
    properties = raw.get("properties") or {}
    if isinstance(properties, str):
        try:
            properties = json.loads(properties)
        except json.JSONDecodeError as exc:
            raise PackageError(f"{where}, field properties: not valid JSON ({exc.msg})") from None
    if not isinstance(properties, Mapping):
        raise PackageError(f"{where}, field properties: expected an object of name: value")
    clean_properties: dict[str, Any] = {}
    for key, value in properties.items():
        if isinstance(value, bool) or value is None:
            clean_properties[str(key)] = value
        elif isinstance(value, (int, float, str)):
            number = _number(value, where, f"properties.{key}") if not (
                isinstance(value, str) and value.strip().lower() in ("true", "false")
            ) else None
            clean_properties[str(key)] = (
                value.strip().lower() == "true" if number is None and isinstance(value, str)
                else number
            )
        else:
            raise PackageError(f"{where}, field properties.{key}: expected a number or true/false")
    quantity = _number(raw.get("quantity"), where, "quantity")
    unit_text = _text(raw.get("unit"))
    canonical_quantity = canonical_unit = None
    if quantity is not None:
        if not unit_text:
            raise PackageError(f"{where}, field unit: is required when quantity is given")
        try:
            canonical = to_canonical(quantity, unit_text, months_available=len(months) or 12)
        except UnitError as exc:
            raise PackageError(f"{where}, field unit: {exc}") from None
        canonical_quantity, canonical_unit = canonical.value, canonical.unit
    cost = _number(raw.get("cost_eur_per_unit", raw.get("handling_cost_eur_per_unit")), where,
                   "cost_eur_per_unit")
    return Stream(
        id=stream_id, organisation=organisation, direction=direction, name=name, kind=kind,
        ewc_code=ewc, taxonomy_code=taxonomy_code, quantity=canonical_quantity,
        unit=canonical_unit, properties=clean_properties, months=months,
        handling_cost_eur_per_unit=cost,
    )


def package_from_dict(data: Any) -> tuple[list[Organisation], list[Stream]]:
    """Turn a package already parsed from JSON into organisations and streams.

    Examples
    --------
    >>> orgs, streams = package_from_dict({
    ...     "organisations": [{"id": "mill", "nace": "1711", "lat": 61.0, "lon": 23.0}],
    ...     "streams": [{"id": "ash", "organisation": "mill", "direction": "output",
    ...                  "name": "Bark ash", "ewc": "100103", "quantity": 50, "unit": "t/kk"}]})
    >>> orgs[0].nace, streams[0].ewc_code, streams[0].quantity
    (('17.11',), '10 01 03', 600.0)
    >>> package_from_dict({"organisations": [{"id": "m"}], "streams": [
    ...     {"id": "s1", "organisation": "m", "direction": "out", "name": "x"}]})
    Traceback (most recent call last):
    ...
    veturi.engine.matching.package.PackageError: stream 's1', field direction: 'out' must be 'output' or 'input'
    """
    if not isinstance(data, Mapping):
        raise PackageError("package: expected an object with 'organisations' and 'streams'")
    raw_orgs, raw_streams = data.get("organisations"), data.get("streams")
    if not isinstance(raw_orgs, list):
        raise PackageError("package, field organisations: expected a list")
    if not isinstance(raw_streams, list):
        raise PackageError("package, field streams: expected a list")
    organisations = [_organisation(raw, i) for i, raw in enumerate(raw_orgs)]
    ids = [o.id for o in organisations]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise PackageError(f"organisation {duplicates[0]!r}, field id: appears twice")
    streams = [_stream(raw, i, set(ids)) for i, raw in enumerate(raw_streams)]
    stream_ids = [s.id for s in streams]
    duplicates = sorted({i for i in stream_ids if stream_ids.count(i) > 1})
    if duplicates:
        raise PackageError(f"stream {duplicates[0]!r}, field id: appears twice")
    return organisations, streams


def _read_csv_rows(path: Path) -> list[dict[str, Any]]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle):
            record: dict[str, Any] = {}
            properties: dict[str, Any] = {}
            for key, value in row.items():
                if key is None:
                    raise PackageError(f"{path.name}: a row has more values than columns")
                if key.startswith("properties."):
                    if value not in (None, ""):
                        properties[key.split(".", 1)[1]] = value
                else:
                    record[key] = value
            if properties:
                record["properties"] = properties
            rows.append(record)
        return rows


def read_package(path: str | Path) -> tuple[list[Organisation], list[Stream], dict[str, Any]]:
    """Read a data package (JSON file or folder of CSV files).

    Returns the organisations, the streams and the whole parsed package (so that callers can
    read keys the engine ignores, such as a benchmark's ``expected``).

    Raises
    ------
    PackageError
        With the stream or organisation and field at fault.
    """
    path = Path(path)
    if path.is_dir():
        files = {name: path / f"{name}.csv" for name in ("organisations", "streams")}
        for name, file in files.items():
            if not file.is_file():
                raise PackageError(f"{path}: missing {name}.csv")
        data: dict[str, Any] = {name: _read_csv_rows(file) for name, file in files.items()}
    elif path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise PackageError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    else:
        raise PackageError(f"{path}: no such package file or folder")
    organisations, streams = package_from_dict(data)
    return organisations, streams, data


def match_package(path: str | Path, *, top_k: int = 10, **options: Any) -> MatchResult:
    """Read a data package and match it with the shipped knowledge base.

    Other keyword options are passed to :func:`~veturi.engine.matching.match_streams`. The
    result's ``parameters["labels"]`` maps stream and organisation ids to their names.
    """
    from dataclasses import replace

    from .matching import match_streams

    organisations, streams, _ = read_package(path)
    result = match_streams(organisations, streams, top_k=top_k, **options)
    labels = {o.id: o.name for o in organisations}
    labels.update({s.id: s.name for s in streams})
    return replace(result, parameters={**result.parameters, "labels": labels})


def result_to_dicts(result: MatchResult, *, top_k: int | None = None) -> list[dict[str, Any]]:
    """The proposals as plain dicts with the columns of :data:`RESULT_COLUMNS` and more.

    Only proposals ranked within ``top_k`` for their output are listed (all when None).
    """
    labels = result.parameters.get("labels", {})
    rows = []
    for proposal in sorted(result.proposals, key=lambda p: (p.output, p.rank)):
        if top_k is not None and proposal.rank > top_k:
            continue
        rows.append({
            "output": proposal.output, "input": proposal.input,
            "supplier": proposal.supplier, "receiver": proposal.receiver,
            "rank": proposal.rank, "score": round(proposal.score, 4),
            "value_eur_per_year": proposal.value_eur_per_year,
            "co2_t_per_year": proposal.co2_t_per_year,
            "output_name": labels.get(proposal.output, ""),
            "input_name": labels.get(proposal.input, ""),
            "rule": proposal.rule, "confidence": proposal.confidence,
            "distance_km": proposal.distance_km,
            "explanation": proposal.explanation(),
        })
    return rows


def format_result(result: MatchResult, fmt: str = "table", *, top_k: int | None = None) -> str:
    """Render a result as ``"table"`` (plain text), ``"json"`` or ``"csv"``.

    Examples
    --------
    >>> format_result(MatchResult(proposals=()), "csv").splitlines()[0]
    'output,input,supplier,receiver,rank,score,value_eur_per_year,co2_t_per_year,rule,confidence,distance_km,explanation'
    """
    rows = result_to_dicts(result, top_k=top_k)
    if fmt == "json":
        return json.dumps({
            "proposals": rows,
            "attract": [
                {"stream": a.stream, "organisation": a.organisation, "direction": a.direction,
                 "rule": a.rule, "rule_name": a.rule_name, "nace": [list(n) for n in a.nace],
                 "kinds": a.kinds, "fit": a.fit, "source": a.source}
                for a in result.attract
            ],
            "chains": [
                {"kind": c.kind, "organisations": list(c.organisations), "score": c.score,
                 "links": [{"output": link.output, "input": link.input, "rule": link.rule,
                            "quantity": link.quantity, "unit": link.unit} for link in c.links]}
                for c in result.chains
            ],
            "warnings": list(result.warnings),
        }, ensure_ascii=False, indent=2)
    if fmt == "csv":
        columns = list(RESULT_COLUMNS[:-1]) + ["rule", "confidence", "distance_km", "explanation"]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "explanation": "; ".join(
                f"{name}={factor['value']}: {factor['detail']}"
                for name, factor in row["explanation"].items()
            )})
        return buffer.getvalue()
    if fmt == "table":
        header = ("rank", "output", "input", "score", "€/a", "t CO2/a", "km", "rule")
        lines = [header]
        for row in rows:
            lines.append((
                str(row["rank"]), _short(row["output_name"] or row["output"]),
                _short(row["input_name"] or row["input"]), f"{row['score']:.3f}",
                "" if row["value_eur_per_year"] is None else f"{row['value_eur_per_year']:,.0f}",
                "" if row["co2_t_per_year"] is None else f"{row['co2_t_per_year']:,.1f}",
                "" if row["distance_km"] is None else f"{row['distance_km']:.1f}",
                row["rule"],
            ))
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
            for line in lines
        ) + "\n"
    raise ValueError(f"fmt must be 'table', 'json' or 'csv', got {fmt!r}")


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
