"""Export the park's records as XLSX, CSV (a zip), GeoJSON or the matching data package.

What a user exports is what they may see: the office and experts export everything; a company
representative exports every organisation's public facts but only their own organisation's
confidential streams, contacts and notes; a viewer exports nothing confidential. The tables
use the import templates' columns, so an exported file imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

from veturi.accounts.access import shown_streams, visible_streams
from veturi.organisations.models import Organisation, Person
from veturi.plots.models import Plot, Zone
from veturi.streams.models import QUALITY_RANGES, Site
from veturi.transfer.entities import ENTITIES, STREAM_VISIBILITY_FIELDS

FORMATS = ("xlsx", "csv", "geojson", "package")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",
    "geojson": "application/geo+json",
    "package": "application/json",
}
EXTENSIONS = {"xlsx": "xlsx", "csv": "zip", "geojson": "geojson", "package": "json"}

HIDDEN = "hidden"  # in place of a value this user may not see
ZONE_COLUMNS = ("external_id", "name", "municipality", "area_ha", "description", "geometry")


class _Viewer:
    """The command line exports as the office."""

    is_staff_member = True
    is_company = False
    organisation_id = None

    def can_see_confidential_of(self, organisation_id) -> bool:
        return True


def _user(user):
    return _Viewer() if user is None else user


def _organisation_key(organisation: Organisation) -> str:
    return organisation.business_id or organisation.external_id or organisation.name


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _months_text(months: list[int]) -> str:
    if months == list(range(1, 13)):
        return "1-12"
    return ",".join(str(m) for m in months)


def organisation_rows(user) -> list[dict]:
    user = _user(user)
    rows = []
    for organisation in Organisation.objects.prefetch_related("activities").order_by("name", "pk"):
        confidential = user.can_see_confidential_of(organisation.pk)
        rows.append({
            "name": organisation.name,
            "business_id": organisation.business_id,
            "external_id": organisation.external_id,
            "kind": organisation.kind,
            "country": organisation.country,
            "foreign_id": organisation.foreign_id,
            "nace_codes": "; ".join(a.code for a in organisation.activities.all()),
            "employees": _text(organisation.employees),
            "turnover_band": organisation.turnover_band,
            "cleantech_category": organisation.cleantech_category,
            "website": organisation.website,
            "notes": organisation.notes if confidential else "",
            "source": organisation.source,
        })
    return rows


def people_rows(user) -> list[dict]:
    user = _user(user)
    people = Person.objects.select_related("organisation").order_by("name", "pk")
    return [
        {
            "name": person.name,
            "organisation": _organisation_key(person.organisation) if person.organisation else "",
            "external_id": person.external_id,
            "title": person.title,
            "email": person.email,
            "phone": person.phone,
        }
        for person in people
        if (user.is_staff_member if person.organisation_id is None else user.can_see_confidential_of(person.organisation_id))
    ]


def plot_rows(user) -> list[dict]:
    return [
        {
            "zone": plot.zone.external_id or plot.zone.name,
            "identifier": plot.identifier,
            "geometry": json.dumps(plot.geometry),
            "external_id": plot.external_id,
            "zoning_class": plot.zoning_class,
            "status": plot.status,
            "price_eur_per_m2": _text(plot.price_eur_per_m2),
            "lease_percent": _text(plot.lease_percent),
            "floor_area_ratio": _text(plot.floor_area_ratio),
            "notes": plot.notes,
            "source": plot.source,
        }
        for plot in Plot.objects.select_related("zone").order_by("zone__name", "identifier")
    ]


def site_rows(user) -> list[dict]:
    return [
        {
            "organisation": _organisation_key(site.organisation),
            "name": site.name,
            "external_id": site.external_id,
            "status": site.status,
            "latitude": _text(site.latitude),
            "longitude": _text(site.longitude),
            "address": site.address,
            "zone": (site.zone.external_id or site.zone.name) if site.zone else "",
            "plot": (site.plot.external_id or site.plot.identifier) if site.plot else "",
        }
        for site in Site.objects.select_related("organisation", "zone", "plot").order_by("organisation__name", "name", "pk")
    ]


def _shown(value, hidden: bool) -> str:
    return HIDDEN if hidden else _text(value)


def stream_rows(user) -> list[dict]:
    user = _user(user)
    listed = visible_streams(user).order_by("site__organisation__name", "site__name", "direction", "name", "pk")
    rows = []
    # Field groups hidden from this user are written as "hidden" (streams/visibility.py decides).
    for stream in shown_streams(user, listed):
        hidden = stream.hidden_fields
        row = {
            "organisation": _organisation_key(stream.site.organisation),
            "site": stream.site.external_id or stream.site.name,
            "direction": stream.direction,
            "kind": stream.kind,
            "name": _shown(stream.name, "name" in hidden),
            "quantity": _shown(stream.quantity, "quantity" in hidden),
            "unit": _shown(stream.unit, "unit" in hidden),
            "external_id": _shown(stream.external_id, "external_id" in hidden),
            "ewc_code": stream.ewc_code,
            "taxonomy_code": stream.taxonomy_code,
            "months": HIDDEN if "months" in hidden else _months_text(stream.months),
            "current_handling": _shown(stream.current_handling, "current_handling" in hidden),
            "handling_cost_eur_per_unit": _shown(stream.handling_cost_eur_per_unit, "handling_cost_eur_per_unit" in hidden),
            "confidentiality": stream.confidentiality,
            **{field: getattr(stream, field) for field in STREAM_VISIBILITY_FIELDS},
            "source": _shown(stream.source, "source" in hidden),
        }
        for key in QUALITY_RANGES:
            row[key] = _shown((stream.quality or {}).get(key), "quality" in hidden)
        rows.append(row)
    return rows


def zone_rows(user) -> list[dict]:
    return [
        {
            "external_id": zone.external_id,
            "name": zone.name,
            "municipality": zone.municipality,
            "area_ha": _text(round(zone.area_ha, 2)),
            "description": zone.description,
            "geometry": json.dumps(zone.geometry),
        }
        for zone in Zone.objects.order_by("name", "pk")
    ]


ROW_BUILDERS = {
    "organisations": organisation_rows,
    "people": people_rows,
    "plots": plot_rows,
    "sites": site_rows,
    "streams": stream_rows,
}


def tables_for(user) -> dict[str, tuple[tuple[str, ...], list[dict]]]:
    """Every entity's columns and rows as this user may see them, zones last."""
    tables = {entity: (ENTITIES[entity].column_names, builder(user)) for entity, builder in ROW_BUILDERS.items()}
    tables["zones"] = (ZONE_COLUMNS, zone_rows(user))
    return tables


# Columns written as numbers in a workbook, so that Excel sums and sorts them.
NUMERIC_COLUMNS = {
    "employees", "latitude", "longitude", "quantity", "handling_cost_eur_per_unit", "price_eur_per_m2",
    "lease_percent", "floor_area_ratio", "area_ha", *QUALITY_RANGES,
}


def _cell(column: str, value: str):
    if column in NUMERIC_COLUMNS and value:
        number = float(value)
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    return value


def export_xlsx(user) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for entity, (columns, rows) in tables_for(user).items():
        sheet = workbook.create_sheet(entity)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_cell(column, row.get(column, "")) for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv_bytes(columns, rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # With a byte-order mark Excel opens the file as UTF-8 (ä and ö intact); the reader drops it.
    return out.getvalue().encode("utf-8-sig")


def export_csv_zip(user) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entity, (columns, rows) in tables_for(user).items():
            archive.writestr(f"{entity}.csv", _csv_bytes(columns, rows))
    return out.getvalue()


def export_geojson(user) -> bytes:
    """Zones, plots and located sites as one FeatureCollection; `layer` tells them apart."""
    features = []
    for zone in Zone.objects.order_by("name", "pk"):
        features.append({
            "type": "Feature",
            "geometry": zone.geometry,
            "properties": {"layer": "zone", "name": zone.name, "external_id": zone.external_id,
                           "municipality": zone.municipality, "area_m2": round(zone.area_m2, 1)},
        })
    for plot in Plot.objects.select_related("zone").order_by("zone__name", "identifier"):
        features.append({
            "type": "Feature",
            "geometry": plot.geometry,
            "properties": {"layer": "plot", "zone": plot.zone.external_id or plot.zone.name, "identifier": plot.identifier,
                           "external_id": plot.external_id, "zoning_class": plot.zoning_class, "status": plot.status,
                           "price_eur_per_m2": plot.price_eur_per_m2, "area_m2": round(plot.area_m2, 1)},
        })
    for site in Site.objects.select_related("organisation").order_by("organisation__name", "name", "pk"):
        if not site.has_location:
            continue
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [site.longitude, site.latitude]},
            "properties": {"layer": "site", "organisation": site.organisation.name, "name": site.name,
                           "external_id": site.external_id, "status": site.status},
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1).encode()


def package_dict(user) -> dict:
    """The matching engine's data package (see veturi.engine.matching.package)."""
    viewer = _user(user)
    organisations, ids = [], {}
    sites = {}
    for site in Site.objects.filter(latitude__isnull=False).order_by("pk"):
        sites.setdefault(site.organisation_id, site)
    for organisation in Organisation.objects.prefetch_related("activities").order_by("name", "pk"):
        package_id = organisation.external_id or organisation.business_id or f"org-{organisation.pk}"
        ids[organisation.pk] = package_id
        site = sites.get(organisation.pk)
        organisations.append({
            "id": package_id,
            "name": organisation.name,
            "nace": [a.code for a in organisation.activities.all()],
            "country": organisation.country,
            "lat": site.latitude if site else None,
            "lon": site.longitude if site else None,
            "description": organisation.notes if viewer.can_see_confidential_of(organisation.pk) else "",
        })
    streams = []
    listing = shown_streams(viewer, visible_streams(viewer).order_by("pk"))
    for stream in listing:
        # The engine needs a name, quantity and unit: a stream whose figures are hidden from this user is left out.
        if stream.hidden_groups & {"name", "quantity"}:
            continue
        streams.append({
            "id": stream.external_id or f"stream-{stream.pk}",
            "organisation": ids[stream.site.organisation_id],
            "direction": stream.direction,
            "name": stream.name,
            "kind": stream.kind,
            "ewc": stream.ewc_code or None,
            "code": stream.taxonomy_code or None,
            "quantity": stream.quantity,
            "unit": stream.unit,
            "properties": {} if "quality" in stream.hidden_groups else dict(stream.quality or {}),
            "months": list(range(1, 13)) if "months" in stream.hidden_groups else stream.months,
        })
    return {"organisations": organisations, "streams": streams}


def export_package(user) -> bytes:
    return json.dumps(package_dict(user), ensure_ascii=False, indent=1).encode()


EXPORTERS = {"xlsx": export_xlsx, "csv": export_csv_zip, "geojson": export_geojson, "package": export_package}


def export(user, format: str) -> bytes:
    """Export everything this user may see in one format: xlsx, csv, geojson or package."""
    if format not in EXPORTERS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {format!r}")
    return EXPORTERS[format](user)
