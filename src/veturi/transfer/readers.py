"""Read import files into plain tables: CSV, XLSX, GeoJSON and Finnish business register JSON.

Pure Python (no Django): a reader turns the bytes of an uploaded file into
:class:`SourceTable` objects, one per sheet, whose rows keep the row number a person sees in
their spreadsheet (the header is row 1). Readers never interpret values: every value stays
text (or ``None`` for an empty cell); a data row whose first cell starts with ``#`` is a
comment and is skipped. The importer turns text into model values with the
same form fields and ``clean()`` a page uses. A file the readers cannot make sense of raises
:class:`ImportFileError` and nothing else, whatever the bytes.

The business register shape follows the open data of the Finnish Patent and Registration
Office (PRH/YTJ): ``businessId``, ``name``, ``registrationDate``, ``companyForm``,
``mainBusinessLine`` (a TOL 2008 code) and ``addresses``, either as JSON (the flat form or the
nested form of the current open data interface) or as a CSV with those column names.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

__all__ = [
    "MAX_ROWS",
    "ImportFileError",
    "SourceRow",
    "SourceTable",
    "business_register_table",
    "normalise_column",
    "read_csv",
    "read_file",
    "read_geojson",
    "read_xlsx",
    "tol_to_nace_digits",
]

# A safety limit: a project office imports thousands of rows, not millions.
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 100_000

# Sheets of a template that explain the fields instead of holding data.
NOTE_SHEET_NAMES = {"notes", "ohjeet", "readme", "fields"}


class ImportFileError(ValueError):
    """A file that cannot be read as an import table, with the row and field when known.

    Examples
    --------
    >>> str(ImportFileError("bad date", row=4, field="registrationDate"))
    'row 4, registrationDate: bad date'
    """

    def __init__(self, message: str, *, row: int | None = None, field: str | None = None):
        self.message = message
        self.row = row
        self.field = field
        where = ", ".join(part for part in (f"row {row}" if row else "", field or "") if part)
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class SourceRow:
    """One data row: its number as the spreadsheet shows it, and its values by column.

    Examples
    --------
    >>> SourceRow(2, {"name": "Alpha Oy"}).get("name")
    'Alpha Oy'
    >>> SourceRow(2, {"name": "  "}).get("name") is None
    True
    """

    number: int
    values: dict
    geometry: dict | None = None

    def get(self, column: str) -> str | None:
        value = self.values.get(column)
        if value is None:
            return None
        value = str(value).strip()
        return value or None


@dataclass(frozen=True)
class SourceTable:
    """The rows of one sheet or file, with the entity it holds when the file says so.

    ``name`` is the sheet or file name the table came from (used to guess the entity);
    ``kind`` is ``"table"`` for plain tables, ``"business_register"`` for register records
    already mapped to organisation columns, ``"geojson"`` for features.
    """

    name: str
    columns: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    kind: str = "table"
    notes: tuple[str, ...] = field(default=())


def normalise_column(header) -> str:
    """Return a header as a column key: lower case, words joined by underscores.

    Examples
    --------
    >>> normalise_column(" Business ID ")
    'business_id'
    >>> normalise_column("EWC-code*")
    'ewc_code'
    """
    text = "" if header is None else str(header)
    text = re.sub(r"[^0-9a-zA-Z]+", "_", text.strip().lower())
    return text.strip("_")


def _cell_text(value) -> str | None:
    """Text of a spreadsheet cell as a person would type it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        raise ImportFileError(f"a cell holds more than {MAX_CELL_CHARS} characters")
    return text


def _table_from_rows(name: str, raw_rows, *, kind: str = "table") -> SourceTable:
    """Build a table from raw rows: the first non-empty row is the header."""
    header = None
    rows = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [_cell_text(value) for value in raw]
        if header is None:
            if any(cell and cell.strip() for cell in cells):
                header = [normalise_column(cell) for cell in cells]
                if len(header) > MAX_COLUMNS:
                    raise ImportFileError(f"the header has {len(header)} columns; at most {MAX_COLUMNS} are read", row=number)
                seen = set()
                for column in header:
                    if column and column in seen:
                        raise ImportFileError(f"column {column!r} appears twice in the header", row=number)
                    seen.add(column)
            continue
        if not any(cell and cell.strip() for cell in cells):
            continue
        if cells and cells[0] and cells[0].lstrip().startswith("#"):
            continue  # a comment line, such as a template's field notes
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"the file has more than {MAX_ROWS} rows; split it")
        values = {}
        for position, cell in enumerate(cells):
            column = header[position] if position < len(header) else ""
            if not column:
                if cell and cell.strip():
                    raise ImportFileError("a value stands in a column without a header", row=number)
                continue
            values[column] = cell
        rows.append(SourceRow(number=number, values=values))
    if header is None:
        raise ImportFileError(f"{name or 'the file'} has no header row")
    return SourceTable(name=name, columns=tuple(c for c in header if c), rows=tuple(rows), kind=kind)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFileError("the file is not text (is it an Excel file saved with a .csv name?)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_csv(data: bytes, *, name: str = "") -> SourceTable:
    """Read a CSV file: UTF-8 (with or without BOM) or Windows-1252, comma, semicolon or tab.

    Examples
    --------
    >>> table = read_csv(b"name;business_id\\nAlpha Oy;0737546-2\\n", name="organisations.csv")
    >>> table.columns, table.rows[0].number, table.rows[0].get("business_id")
    (('name', 'business_id'), 2, '0737546-2')
    """
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(f"{name or 'the file'} is empty")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return _table_from_rows(name, reader)
    except csv.Error as exc:
        raise ImportFileError(f"the CSV cannot be read: {exc}") from exc


def read_xlsx(data: bytes, *, name: str = "") -> list[SourceTable]:
    """Read every data sheet of an Excel workbook (sheets named notes or readme are skipped).

    Raises
    ------
    ImportFileError
        When the bytes are not an XLSX workbook or a sheet has no header.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file; all mean the same to a user
        raise ImportFileError(f"{name or 'the file'} is not a readable Excel (.xlsx) workbook ({type(exc).__name__})") from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            if sheet.title.strip().lower() in NOTE_SHEET_NAMES:
                continue
            try:
                rows = sheet.iter_rows(values_only=True)
                table = _table_from_rows(sheet.title, rows)
            except ImportFileError as exc:
                if "no header row" in exc.message:
                    continue  # an empty sheet is not an error
                raise ImportFileError(f"sheet {sheet.title!r}: {exc.message}", row=exc.row, field=exc.field) from exc
            except Exception as exc:
                raise ImportFileError(f"sheet {sheet.title!r} cannot be read ({type(exc).__name__})") from exc
            tables.append(table)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(f"{name or 'the file'} is not a readable Excel (.xlsx) workbook ({type(exc).__name__})") from exc
    finally:
        workbook.close()
    if not tables:
        raise ImportFileError(f"{name or 'the workbook'} has no sheet with data")
    return tables


def _load_json(data: bytes, name: str):
    try:
        return json.loads(_decode(data))
    except (ValueError, RecursionError) as exc:
        raise ImportFileError(f"{name or 'the file'} is not valid JSON: {exc}") from exc


def read_geojson(data: bytes, *, name: str = "") -> SourceTable:
    """Read a GeoJSON FeatureCollection: one row per feature, its properties as columns.

    The row number of a feature is its position in the collection plus one, as if the
    collection were a sheet whose header is row 1.

    Examples
    --------
    >>> doc = b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
    >>> doc += b'"properties": {"Identifier": "T-1"}, "geometry": {"type": "Point", "coordinates": [23, 61]}}]}'
    >>> row = read_geojson(doc).rows[0]
    >>> row.number, row.get("identifier"), row.geometry["type"]
    (2, 'T-1', 'Point')
    """
    document = _load_json(data, name)
    return geojson_table(document, name=name)


def geojson_table(document, *, name: str = "") -> SourceTable:
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = {"type": "FeatureCollection", "features": [document]}
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFileError("a GeoJSON file must hold a FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise ImportFileError("the FeatureCollection has no list of features")
    if len(features) > MAX_ROWS:
        raise ImportFileError(f"the file has more than {MAX_ROWS} features; split it")
    rows = []
    columns: dict[str, None] = {}
    for position, feature in enumerate(features, start=2):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportFileError("not a GeoJSON Feature", row=position)
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise ImportFileError("the feature's properties are not an object", row=position)
        values = {}
        for key, value in properties.items():
            column = normalise_column(key)
            if not column:
                continue
            columns.setdefault(column)
            values[column] = _json_cell(value)
        geometry = feature.get("geometry")
        rows.append(SourceRow(number=position, values=values, geometry=geometry if isinstance(geometry, dict) else None))
    return SourceTable(name=name, columns=tuple(columns), rows=tuple(rows), kind="geojson")


def _json_cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return _cell_text(value)


# ---------------------------------------------------------------------------------------------
# Finnish business register records


def tol_to_nace_digits(code) -> str | None:
    """Return the four digits of the NACE Rev. 2 class of a TOL 2008 code, or None.

    TOL 2008 is NACE Rev. 2 with a fifth, national digit; its first four digits are the
    NACE class. Letters, dots and spaces are ignored.

    Examples
    --------
    >>> tol_to_nace_digits("46900")
    '4690'
    >>> tol_to_nace_digits("C 24.10")
    '2410'
    >>> tol_to_nace_digits("") is None
    True
    """
    if code is None:
        return None
    digits = re.sub(r"\D", "", str(code))
    if len(digits) < 4:
        return digits or None
    return digits[:4]


# Company forms (PRH abbreviations and Finnish names) that are not companies.
_MUNICIPAL_FORMS = {"kunta", "kuntayhtymä", "kuntayhtyma", "kunnallinen liikelaitos", "kommun"}
_UNIVERSITY_FORMS = {"yliopisto", "university"}


def _kind_for_company_form(form: str | None) -> str:
    text = (form or "").strip().lower()
    if text in _MUNICIPAL_FORMS or text.startswith("kunta"):
        return "municipality"
    if text in _UNIVERSITY_FORMS:
        return "university"
    return "company"


def _first_text(value, *keys):
    """The first non-empty text of a register field that may be text, an object or a list."""
    if value is None:
        return None
    if isinstance(value, (str, int, float)):
        return _cell_text(value)
    if isinstance(value, list):
        for item in value:
            text = _first_text(item, *keys)
            if text:
                return text
        return None
    if isinstance(value, dict):
        for key in keys:
            if key in value:
                text = _first_text(value[key], *keys)
                if text:
                    return text
    return None


def _register_name(record) -> str | None:
    names = record.get("names")
    if isinstance(names, list):
        # The nested form lists every name a company has had; the current one has no end date.
        current = [n for n in names if isinstance(n, dict) and not n.get("endDate") and str(n.get("type", "1")) in {"1", "name"}]
        return _first_text(current or names, "name")
    return _first_text(record.get("name"), "name", "value")


def _register_address(record) -> str | None:
    addresses = record.get("addresses")
    if isinstance(addresses, dict):
        addresses = [addresses]
    if not isinstance(addresses, list):
        parts = [record.get(key) for key in ("street", "postcode", "postCode", "city")]
        text = " ".join(str(p).strip() for p in parts if p)
        return text or None
    for address in addresses:
        if not isinstance(address, dict):
            continue
        city = address.get("city") or _first_text(address.get("postOffices"), "city")
        street = address.get("street")
        if isinstance(street, str) and address.get("buildingNumber"):
            street = f"{street} {address['buildingNumber']}"
        parts = [street, address.get("postCode") or address.get("postcode"), city]
        text = " ".join(str(p).strip() for p in parts if p and not isinstance(p, (dict, list)))
        if text:
            return text
    return None


def _register_record_row(record, number: int) -> SourceRow:
    if not isinstance(record, dict):
        raise ImportFileError("a business register record must be an object", row=number)
    business_id = _first_text(record.get("businessId"), "value", "businessId")
    registration_date = _first_text(record.get("registrationDate"), "value") or _first_text(
        record.get("businessId"), "registrationDate"
    )
    company_form = _first_text(record.get("companyForm"), "name", "description", "descriptions", "type")
    if company_form is None:
        company_form = _first_text(record.get("companyForms"), "descriptions", "description", "type")
    line = record.get("mainBusinessLine")
    if line is None and isinstance(record.get("businessLines"), list):
        line = record["businessLines"]
    tol_code = _first_text(line, "type", "code")
    address = _register_address(record)
    notes = []
    if registration_date:
        notes.append(f"Registered {registration_date}.")
    if company_form:
        notes.append(f"Company form {company_form}.")
    if address:
        notes.append(f"Address {address}.")
    values = {
        "business_id": business_id,
        "name": _register_name(record),
        "kind": _kind_for_company_form(company_form),
        "country": "FI",
        "nace_codes": tol_to_nace_digits(tol_code),
        "notes": " ".join(notes) or None,
        "source": "Finnish business register (PRH/YTJ open data)",
    }
    return SourceRow(number=number, values=values)


REGISTER_COLUMNS = ("business_id", "name", "kind", "country", "nace_codes", "notes", "source")


def business_register_table(records, *, name: str = "") -> SourceTable:
    """Map business register records to organisation rows.

    Parameters
    ----------
    records : list of dict
        Records in the PRH/YTJ open-data shape (flat or nested), or rows of its CSV flattening
        (column names ``businessId``, ``name``, ``registrationDate``, ``companyForm``,
        ``mainBusinessLine``, ``street``, ``postCode``, ``city``).

    Returns
    -------
    SourceTable
        Rows with the organisation columns ``business_id``, ``name``, ``kind``, ``country``,
        ``nace_codes`` (the TOL 2008 code's first four digits), ``notes`` and ``source``.

    Examples
    --------
    >>> record = {"businessId": "0112038-9", "name": "Nokia Oyj", "registrationDate": "1978-03-15",
    ...           "companyForm": "OYJ", "mainBusinessLine": {"code": "70100"},
    ...           "addresses": [{"street": "Karakaari 7", "postCode": "02610", "city": "Espoo"}]}
    >>> row = business_register_table([record]).rows[0]
    >>> row.get("business_id"), row.get("nace_codes"), row.get("kind")
    ('0112038-9', '7010', 'company')
    >>> row.get("notes")
    'Registered 1978-03-15. Company form OYJ. Address Karakaari 7 02610 Espoo.'
    """
    if not isinstance(records, list):
        raise ImportFileError("business register records must be a list")
    if len(records) > MAX_ROWS:
        raise ImportFileError(f"the file has more than {MAX_ROWS} records; split it")
    rows = tuple(_register_record_row(record, number) for number, record in enumerate(records, start=2))
    return SourceTable(name=name, columns=REGISTER_COLUMNS, rows=rows, kind="business_register")


# The CSV flattening's columns, normalised, and the register field each one carries.
_REGISTER_CSV_COLUMNS = {
    "businessid": "businessId",
    "name": "name",
    "registrationdate": "registrationDate",
    "companyform": "companyForm",
    "mainbusinessline": "mainBusinessLine",
    "street": "street",
    "postcode": "postCode",
    "city": "city",
}


def _is_register_table(table: SourceTable) -> bool:
    return "businessid" in table.columns


def _register_from_flat_table(table: SourceTable) -> SourceTable:
    records = []
    for row in table.rows:
        record = {_REGISTER_CSV_COLUMNS[c]: row.get(c) for c in table.columns if c in _REGISTER_CSV_COLUMNS}
        records.append(record)
    mapped = business_register_table(records, name=table.name)
    # Keep the row numbers of the spreadsheet, not the positions in the list.
    rows = tuple(SourceRow(number=src.number, values=dst.values) for src, dst in zip(table.rows, mapped.rows))
    return SourceTable(name=table.name, columns=mapped.columns, rows=rows, kind="business_register")


def _json_tables(document, name: str) -> list[SourceTable]:
    if isinstance(document, dict) and document.get("type") in ("FeatureCollection", "Feature"):
        return [geojson_table(document, name=name)]
    if isinstance(document, dict):
        for key in ("companies", "results"):
            if isinstance(document.get(key), list):
                return [business_register_table(document[key], name=name)]
        if "businessId" in document:
            return [business_register_table([document], name=name)]
    if isinstance(document, list) and document and all(isinstance(r, dict) and "businessId" in r for r in document):
        return [business_register_table(document, name=name)]
    raise ImportFileError(
        "the JSON is neither GeoJSON nor business register records "
        "(expected a FeatureCollection, or records with a businessId)"
    )


def read_file(data: bytes, filename: str) -> list[SourceTable]:
    """Read an import file by its extension: .csv, .xlsx, .geojson or .json.

    A table whose columns are the business register's (``businessId``, ...) is mapped to
    organisation columns on the way.

    Raises
    ------
    ImportFileError
        For an unsupported extension or unreadable content; never anything else.

    Examples
    --------
    >>> tables = read_file(b"businessId,name,mainBusinessLine\\n0112038-9,Nokia Oyj,70100\\n", "ytj.csv")
    >>> tables[0].kind, tables[0].rows[0].get("nace_codes")
    ('business_register', '7010')
    >>> read_file(b"", "data.pdf")
    Traceback (most recent call last):
    ...
    veturi.transfer.readers.ImportFileError: unsupported file type '.pdf': use .csv, .xlsx, .geojson or .json
    """
    if not isinstance(data, (bytes, bytearray)):
        raise ImportFileError("the file content must be bytes")
    data = bytes(data)
    base = (filename or "").rsplit("/", 1)[-1]
    extension = "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""
    stem = base.rsplit(".", 1)[0] if "." in base else base
    if extension == ".csv" or extension == ".txt":
        tables = [read_csv(data, name=stem)]
    elif extension in {".xlsx", ".xlsm"}:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportFileError(f"{base} is not a readable Excel (.xlsx) workbook")
        tables = read_xlsx(data, name=stem)
    elif extension in {".geojson", ".json"}:
        return _json_tables(_load_json(data, base), stem)
    else:
        raise ImportFileError(f"unsupported file type {extension or base!r}: use .csv, .xlsx, .geojson or .json")
    return [_register_from_flat_table(t) if _is_register_table(t) else t for t in tables]
