"""What each importable entity's file holds: its columns, which are required, and what they mean.

The templates, the dry run and docs/import-export.md all read these specs, so a column is
described once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from veturi.transfer.readers import ImportFileError, SourceTable, normalise_column

# The order an import writes in: a later entity may refer to an earlier one in the same file.
ENTITY_ORDER = ("organisations", "people", "plots", "sites", "streams")


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    example: str = ""
    required: bool = False


@dataclass(frozen=True)
class Entity:
    name: str
    label: str
    columns: tuple[Column, ...]
    key_help: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


_EXTERNAL_ID = Column(
    "external_id", _("Your stable key for the record (letters, digits, - and _). Re-importing a row with the same key updates the record."), ""
)
_ORGANISATION_REF = _("The organisation: its business ID, external ID or exact name.")
# Who may see each field group of a stream (streams/visibility.py); empty follows the stream's confidentiality.
_VISIBILITY_COLUMNS = (
    Column("name_visibility", _("Who may see the name and description: office, partners or public; empty follows the confidentiality."), ""),
    Column("quantity_visibility", _("Who may see the quantity: office, partners or public; empty follows the confidentiality."), "partners"),
    Column("cost_visibility", _("Who may see the cost and price: office, partners or public; empty follows the confidentiality."), "office"),
    Column("quality_visibility", _("Who may see the quality: office, partners or public; empty follows the confidentiality."), ""),
    Column("months_visibility", _("Who may see the months available: office, partners or public; empty follows the confidentiality."), "public"),
)
#: The stream fields the visibility columns set, in the columns' order.
STREAM_VISIBILITY_FIELDS = tuple(column.name for column in _VISIBILITY_COLUMNS)

ENTITIES: dict[str, Entity] = {
    "organisations": Entity(
        "organisations",
        _("Organisations"),
        (
            Column("name", _("Name of the organisation."), "Alpha Ash Oy", required=True),
            Column("business_id", _("Finnish business ID (Y-tunnus), checked by its check digit, e.g. 0737546-2."), "0737546-2"),
            _EXTERNAL_ID,
            Column("kind", _("company, municipality, university, regional_actor, network_operator, investor or other (default company)."), "company"),
            Column("country", _("Two-letter ISO country code (default FI)."), "FI"),
            Column("foreign_id", _("Foreign VAT or registry ID, for organisations outside Finland."), ""),
            Column("nace_codes", _("NACE Rev.2 or TOL 2008 codes separated by commas or semicolons, primary first."), "35.11; 38.21"),
            Column("employees", _("Number of employees."), "42"),
            Column("turnover_band", _("<2M, 2-10M, 10-50M, 50-250M or >250M."), "2-10M"),
            Column("cleantech_category", _("Cleantech category, e.g. circular_materials, bioeconomy, renewable_energy."), ""),
            Column("website", _("Web address."), "https://example.fi"),
            Column("notes", _("Free notes for the office."), ""),
            Column("source", _("Where the facts come from."), ""),
        ),
        _("Matched by business ID, then external ID, then exact name."),
    ),
    "people": Entity(
        "people",
        _("People"),
        (
            Column("name", _("Full name."), "Maija Meikäläinen", required=True),
            Column("organisation", _ORGANISATION_REF, "0737546-2"),
            _EXTERNAL_ID,
            Column("title", _("Job title."), "Environmental manager"),
            Column("email", _("E-mail address."), "maija@example.fi"),
            Column("phone", _("Phone number."), "+358 40 123 4567"),
        ),
        _("Matched by external ID, then by name within the organisation."),
    ),
    "plots": Entity(
        "plots",
        _("Plots"),
        (
            Column("zone", _("The zone: its external ID or exact name (zones are kept by the office)."), "Kolmenkulma", required=True),
            Column("identifier", _("Plot identifier, unique in its zone."), "T-12", required=True),
            Column(
                "geometry",
                _("Boundary as a GeoJSON Polygon in WGS84 lon/lat (in a GeoJSON file: the feature's geometry)."),
                '{"type": "Polygon", "coordinates": [[[23.51, 61.51], [23.515, 61.51], [23.515, 61.5125], [23.51, 61.5125], [23.51, 61.51]]]}',
                required=True,
            ),
            _EXTERNAL_ID,
            Column("zoning_class", _("Zoning class, e.g. T, TY, KT-9."), "T"),
            Column("status", _("available, reserved, leased or sold."), "available"),
            Column("price_eur_per_m2", _("Price in euros per square metre."), "12.5"),
            Column("lease_percent", _("Yearly lease as a percentage of the price."), "6"),
            Column("floor_area_ratio", _("Floor-area ratio (e)."), "0.6"),
            Column("notes", _("Free notes."), ""),
            Column("source", _("Where the facts come from."), ""),
        ),
        _("Matched by external ID, then by zone and identifier."),
    ),
    "sites": Entity(
        "sites",
        _("Sites"),
        (
            Column("organisation", _ORGANISATION_REF, "0737546-2", required=True),
            Column("name", _("Name of the site."), "Nokia plant", required=True),
            _EXTERNAL_ID,
            Column("status", _("existing or planned."), "existing"),
            Column("latitude", _("WGS84 latitude in decimal degrees."), "61.52"),
            Column("longitude", _("WGS84 longitude in decimal degrees."), "23.52"),
            Column("address", _("Street address."), "Teollisuustie 1, Nokia"),
            Column("zone", _("The zone: its external ID or exact name."), ""),
            Column("plot", _("The plot: its external ID, or its identifier in the site's zone."), ""),
        ),
        _("Matched by external ID, then by name within the organisation."),
    ),
    "streams": Entity(
        "streams",
        _("Resource streams"),
        (
            Column("organisation", _ORGANISATION_REF, "0737546-2", required=True),
            Column("site", _("The site: its external ID or name; may be empty when the organisation has one site."), ""),
            Column("direction", _("output (supply) or input (demand)."), "output", required=True),
            Column("kind", _("material, energy, water, by_product, service or logistics."), "by_product", required=True),
            Column("name", _("Name of the stream as the company calls it."), "Fly ash", required=True),
            Column("quantity", _("Amount, zero or more."), "1200", required=True),
            Column("unit", _("Unit, e.g. t/a, MWh/a, MW, m3/d, tonnia/vuosi."), "t/a", required=True),
            _EXTERNAL_ID,
            Column("ewc_code", _("European List of Waste code, e.g. 10 01 02."), "10 01 02"),
            Column("taxonomy_code", _("Resource taxonomy code, for streams that are not waste."), ""),
            Column("months", _("Months available: 1-12, a list such as 5,6,7 or ranges such as 5-9 (default all)."), "1-12"),
            Column("temperature_c", _("Temperature in °C."), ""),
            Column("pressure_bar", _("Pressure in bar."), ""),
            Column("dry_matter_pct", _("Dry matter in %."), ""),
            Column("moisture_pct", _("Moisture in %."), ""),
            Column("purity_pct", _("Purity in %."), ""),
            Column("heating_value_mj_per_kg", _("Heating value in MJ/kg."), ""),
            Column("current_handling", _("How the stream is handled today."), "Landfill"),
            Column("handling_cost_eur_per_unit", _("Current handling cost, € per canonical unit (negative when the company earns)."), "35"),
            Column("confidentiality", _("office, partners or public (default office)."), "office"),
            *_VISIBILITY_COLUMNS,
            Column("source", _("Where the figures come from."), ""),
        ),
        _("Matched by external ID, then by site, direction and name."),
    ),
}

# Words a sheet or file name may use for each entity (English and Finnish).
_NAME_WORDS = {
    "organisations": ("organisation", "organization", "company", "companies", "organisaatio", "yritys", "yritykset"),
    "people": ("people", "person", "contact", "henkil", "yhteyshenkil"),
    "plots": ("plot", "tontti", "tontit"),
    "sites": ("site", "toimipaikka", "toimipaikat"),
    "streams": ("stream", "virta", "virrat", "flows"),
}


def detect_entity(table: SourceTable) -> str:
    """Tell which entity a table holds: from its kind, its sheet or file name, or its columns."""
    if table.kind == "business_register":
        return "organisations"
    if table.kind == "geojson":
        return "plots"
    name = normalise_column(table.name)
    for entity, words in _NAME_WORDS.items():
        if any(word in name for word in words):
            return entity
    columns = set(table.columns)
    if "direction" in columns:
        return "streams"
    if {"zone", "identifier"} <= columns:
        return "plots"
    if "organisation" in columns and columns & {"latitude", "longitude", "address"}:
        return "sites"
    if columns & {"email", "phone", "title"}:
        return "people"
    if columns & {"business_id", "nace_codes", "kind"}:
        return "organisations"
    raise ImportFileError(
        f"cannot tell which records {table.name or 'the file'} holds: name the entity "
        f"({', '.join(ENTITY_ORDER)}) or use a template's column names"
    )
