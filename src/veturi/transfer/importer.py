"""Import organisations, people, plots, sites and streams: a dry run, then an all-or-nothing commit.

Every row is checked the way a page checks a form: text becomes a value through the model
field's form field (so the messages are a form's), then the model's ``clean_fields()`` and
``clean()`` run (so the engine's messages about business IDs, codes, units and geometry are
the ones a page shows). Problems are collected for every row and field; only a file without
problems is written, inside one transaction, with ``bulk_create``/``bulk_update``.

A row updates the record it matches (by business ID or external ID, else by its natural key:
a person's or site's name within the organisation, a stream's site, direction and name, a
plot's zone and identifier) and creates one otherwise, so a re-import never duplicates.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Translated only when a message needs them, not once per row.
_ORGANISATION = gettext_lazy("organisation")
_ZONE = gettext_lazy("zone")

from veturi.audit.log import bulk_audit
from veturi.engine import identifiers, reference
from veturi.organisations.models import NaceActivity, Organisation, Person
from veturi.plots.models import Plot, Zone
from veturi.streams.classify import classify_if_unclassified
from veturi.streams.models import QUALITY_RANGES, ResourceStream, Site
from veturi.transfer.entities import ENTITIES, ENTITY_ORDER, STREAM_VISIBILITY_FIELDS, detect_entity
from veturi.transfer.readers import ImportFileError, SourceRow, SourceTable, normalise_column, read_file

BATCH_SIZE = 1000
# Sheets of an export that an import skips.
READ_ONLY_SHEETS = {"zones"}


@dataclass(frozen=True)
class Problem:
    """One problem of one row: the sheet, the row number as the spreadsheet shows it, the field."""

    sheet: str
    row: int | None
    field: str
    message: str


@dataclass
class ImportReport:
    """What an import found and did."""

    problems: list[Problem] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    committed: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        parts = [f"{entity}: {self.created[entity]} new, {self.updated[entity]} updated" for entity in ENTITY_ORDER if self.rows[entity]]
        return "; ".join(parts) or "no rows"


def _update_rows(model, instances, names) -> None:
    """UPDATE each row by its key in one executemany.

    Django's bulk_update builds a CASE WHEN per field over the whole batch, which grows with the
    square of the batch on SQLite (minutes for 10 000 rows); one prepared statement does not.
    """
    connection = connections[model.objects.db]
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    statement = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    rows = [
        [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields] + [instance.pk]
        for instance in instances
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(statement, rows[start:start + BATCH_SIZE])


class _RowProblems(Exception):
    """Raised inside a row's processing; carries field → messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in ValidationError(messages).messages] for name, messages in error.error_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in error.messages]}


def _key(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip()).casefold()


def _business_id_key(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return identifiers.normalise_business_id(text)
    except ValueError:
        return None


def _parse_months(text: str) -> list[int]:
    """Months from "1-12", "5,6,7", "5-9, 11" or "all"."""
    if text.strip().lower() in {"all", "kaikki", "*"}:
        return list(range(1, 13))
    months = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        bounds = part.split("-")
        if len(bounds) == 1 and bounds[0].isdigit():
            months.append(int(bounds[0]))
        elif len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit() and int(bounds[0]) <= int(bounds[1]):
            months.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            raise ValidationError(_("Write months as numbers 1–12, lists (5,6,7) or ranges (5-9); got %(text)r.") % {"text": text})
    if not months or any(not 1 <= m <= 12 for m in months):
        raise ValidationError(_("Months are whole numbers from 1 to 12; got %(text)r.") % {"text": text})
    return sorted(set(months))


class _FieldParser:
    """Turns a cell's text into a model field's value with that field's form field."""

    def __init__(self, model):
        self.model = model
        self._form_fields = {}

    def form_field(self, name: str):
        if name not in self._form_fields:
            model_field = self.model._meta.get_field(name)
            options = {"assume_scheme": "https"} if isinstance(model_field, models.URLField) else {}
            form_field = model_field.formfield(**options)
            choices = {}
            for value, label in getattr(model_field, "choices", None) or []:
                choices[_key(str(value))] = value
                choices[_key(str(label))] = value
            self._form_fields[name] = (model_field, form_field, choices)
        return self._form_fields[name]

    def parse(self, name: str, text: str | None):
        model_field, form_field, choices = self.form_field(name)
        if text is not None and choices:
            text = choices.get(_key(text), text)
        elif text is not None and model_field.get_internal_type() in {"FloatField", "PositiveIntegerField", "IntegerField", "PositiveSmallIntegerField"}:
            # Finnish spreadsheets write 1 234,5.
            text = text.replace("\u00a0", "").replace(" ", "")
            if "," in text and "." not in text:
                text = text.replace(",", ".")
        value = form_field.clean(text)
        if value is None and not model_field.null and model_field.empty_strings_allowed:
            value = ""
        return value


class _Lookups:
    """Existing and pending records by every key a row may use to point at them."""

    def __init__(self):
        self.organisations_by_business_id: dict[str, Organisation] = {}
        self.organisations_by_external_id: dict[str, Organisation] = {}
        self.organisations_by_name: dict[str, Organisation] = {}
        self.organisations_by_pk: dict[int, Organisation] = {}
        for organisation in Organisation.objects.all():
            self.organisations_by_pk[organisation.pk] = organisation
            self.add_organisation(organisation)
        self.zones_by_external_id = {}
        self.zones_by_name = {}
        self.zones_by_id = {}
        for zone in Zone.objects.all():
            self.zones_by_id[zone.pk] = zone
            if zone.external_id:
                self.zones_by_external_id[zone.external_id] = zone
            self.zones_by_name.setdefault(_key(zone.name), zone)
        self._loaded = set()
        self.people_by_external_id, self.people_by_name = {}, {}
        self.plots_by_external_id, self.plots_by_identifier = {}, {}
        self.sites_by_external_id, self.sites_by_name, self.sites_of = {}, {}, {}
        self.streams_by_external_id, self.streams_by_name = {}, {}

    def add_organisation(self, organisation: Organisation) -> None:
        if organisation.business_id:
            self.organisations_by_business_id[organisation.business_id] = organisation
        if organisation.external_id:
            self.organisations_by_external_id[organisation.external_id] = organisation
        self.organisations_by_name.setdefault(_key(organisation.name), organisation)

    def organisation(self, text: str) -> Organisation | None:
        business_id = _business_id_key(text)
        return (
            (business_id and self.organisations_by_business_id.get(business_id))
            or self.organisations_by_external_id.get(text)
            or self.organisations_by_name.get(_key(text))
        )

    def _organisation_by_pk(self) -> dict[int, Organisation]:
        return self.organisations_by_pk

    def load(self, entity: str) -> None:
        """Load the existing records an entity's rows may match or point at, once each."""
        needs = {
            "organisations": (),
            "people": ("people",),
            "plots": ("plots",),
            "sites": ("plots", "sites"),
            "streams": ("plots", "sites", "streams"),
        }[entity]
        for table in needs:
            if table not in self._loaded:
                self._loaded.add(table)
                getattr(self, f"_load_{table}")()

    def _load_people(self) -> None:
        organisations = self._organisation_by_pk()
        for person in Person.objects.all():
            person.organisation = organisations.get(person.organisation_id)
            self.add_person(person)

    def _load_plots(self) -> None:
        for plot in Plot.objects.all():
            plot.zone = self.zones_by_id[plot.zone_id]
            self.add_plot(plot)

    def _load_sites(self) -> None:
        # One instance per row everywhere, so that pending and stored records compare by identity.
        organisations = self._organisation_by_pk()
        plots = {plot.pk: plot for plot in self.plots_by_identifier.values() if plot.pk}
        for site in Site.objects.all():
            site.organisation = organisations[site.organisation_id]
            if site.zone_id:
                site.zone = self.zones_by_id[site.zone_id]
            if site.plot_id:
                site.plot = plots[site.plot_id]
            self.add_site(site)

    def _load_streams(self) -> None:
        sites = {site.pk: site for sites in self.sites_of.values() for site in sites if site.pk}
        for stream in ResourceStream.objects.all():
            stream.site = sites[stream.site_id]
            self.add_stream(stream)

    def add_person(self, person: Person) -> None:
        if person.external_id:
            self.people_by_external_id[person.external_id] = person
        self.people_by_name.setdefault((id(person.organisation), _key(person.name)), person)

    def add_plot(self, plot: Plot) -> None:
        if plot.external_id:
            self.plots_by_external_id[plot.external_id] = plot
        self.plots_by_identifier[(id(plot.zone), _key(plot.identifier))] = plot

    def add_site(self, site: Site) -> None:
        if site.external_id:
            self.sites_by_external_id[site.external_id] = site
        self.sites_by_name.setdefault((id(site.organisation), _key(site.name)), site)
        self.sites_of.setdefault(id(site.organisation), []).append(site)

    def add_stream(self, stream: ResourceStream) -> None:
        if stream.external_id:
            self.streams_by_external_id[stream.external_id] = stream
        self.streams_by_name.setdefault((id(stream.site), stream.direction, _key(stream.name)), stream)

    def zone(self, text: str) -> Zone | None:
        return self.zones_by_external_id.get(text) or self.zones_by_name.get(_key(text))


@dataclass
class _Pending:
    """The records one table will write."""

    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    nace: dict = field(default_factory=dict)  # id(organisation) → (organisation, codes)


class Importer:
    """Check import tables and, when asked and nothing is wrong, write them atomically.

    Parameters
    ----------
    user : User or None
        Whose rights apply. None is the command line, which acts as the project office.
        A company representative may import their own organisation's streams only.
    """

    def __init__(self, user=None):
        self.user = user
        self._parsers = {}
        self._classified = {}

    # -- rights ------------------------------------------------------------------------------
    def allowed_entities(self) -> tuple[str, ...]:
        from veturi.transfer.access import importable_entities

        return importable_entities(self.user)

    # -- entry points --------------------------------------------------------------------------
    def run_file(self, data: bytes, filename: str, *, entity: str | None = None, commit: bool = False) -> ImportReport:
        """Read a file and import it; a file that cannot be read is one problem of the report."""
        started = time.perf_counter()
        try:
            tables = read_file(data, filename)
        except ImportFileError as exc:
            report = ImportReport(problems=[Problem(filename, exc.row, exc.field or "", exc.message)])
            report.seconds = time.perf_counter() - started
            return report
        return self.run(tables, entity=entity, commit=commit)

    def run(self, tables: list[SourceTable], *, entity: str | None = None, commit: bool = False) -> ImportReport:
        started = time.perf_counter()
        report = ImportReport()
        if entity is not None and entity not in ENTITIES:
            raise ValueError(f"entity must be one of {', '.join(ENTITY_ORDER)}; got {entity!r}")
        typed = []
        for table in tables:
            if entity is None and normalise_column(table.name) in READ_ONLY_SHEETS:
                continue  # an export's zones sheet: zones are kept by the office, not imported
            try:
                table_entity = entity or detect_entity(table)
            except ImportFileError as exc:
                report.problems.append(Problem(table.name, None, "", exc.message))
                continue
            if table_entity not in self.allowed_entities():
                report.problems.append(Problem(table.name, None, "", _("You may not import %(entity)s.") % {"entity": table_entity}))
                continue
            typed.append((table_entity, table))
        typed.sort(key=lambda pair: ENTITY_ORDER.index(pair[0]))
        lookups = _Lookups()
        pending = []
        for table_entity, table in typed:
            lookups.load(table_entity)
            pending.append((table_entity, self._check_table(table_entity, table, lookups, report)))
        if commit and report.ok:
            try:
                with transaction.atomic():
                    for table_entity, work in pending:
                        self._write(table_entity, work)
            except IntegrityError as exc:
                # A rule the checks above missed; the transaction rolled back, nothing was written.
                report.problems.append(Problem("", None, "", _("The database refused the rows: %(error)s") % {"error": exc}))
            else:
                report.committed = True
        report.seconds = time.perf_counter() - started
        return report

    # -- checking ------------------------------------------------------------------------------
    def _parser(self, model) -> _FieldParser:
        if model not in self._parsers:
            self._parsers[model] = _FieldParser(model)
        return self._parsers[model]

    def _check_table(self, entity: str, table: SourceTable, lookups: _Lookups, report: ImportReport) -> _Pending:
        spec = ENTITIES[entity]
        known = set(spec.column_names) | {"id"}
        unknown = [c for c in table.columns if c not in known]
        if unknown:
            report.problems.append(
                Problem(table.name, 1, unknown[0], _("Unknown column(s): %(columns)s. The template lists the columns.") % {"columns": ", ".join(unknown)})
            )
        work = _Pending()
        seen: dict = {}
        check_row = getattr(self, f"_check_{entity}")
        for row in table.rows:
            report.rows[entity] += 1
            try:
                instance, is_new, keys = check_row(row, table, lookups, work)
            except _RowProblems as problems:
                for name, messages in problems.errors.items():
                    for message in messages:
                        report.problems.append(Problem(table.name, row.number, "" if name == NON_FIELD_ERRORS else name, message))
                continue
            duplicate = next((seen[key] for key in keys if key in seen), None)
            if duplicate is not None:
                report.problems.append(
                    Problem(table.name, row.number, "", _("Duplicate of row %(row)s: the same record twice in the file.") % {"row": duplicate})
                )
                continue
            for key in keys:
                seen[key] = row.number
            if is_new:
                work.new.append(instance)
                report.created[entity] += 1
            else:
                work.changed.append(instance)
                report.updated[entity] += 1
        return work

    def _fill(self, instance, row: SourceRow, table: SourceTable, names, errors: dict, *, required=()):
        """Set each named field from its cell; a column not in the file leaves the field as it is."""
        parser = self._parser(type(instance))
        for name in names:
            if name not in table.columns and name not in required:
                continue
            text = row.get(name)
            if text is None and name not in required:
                continue
            try:
                setattr(instance, name, parser.parse(name, text))
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)

    def _validate(self, instance, errors: dict, *, exclude=()):
        try:
            instance.clean_fields(exclude=set(exclude) | set(errors))
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                errors.setdefault(name, []).extend(messages)
        try:
            instance.clean()
        except ValidationError as exc:
            for name, messages in _messages(exc).items():
                if name not in errors:
                    errors[name] = messages
        if errors:
            raise _RowProblems(errors)

    def _required_reference(self, row, name, errors, resolve, what):
        text = row.get(name)
        if text is None:
            errors.setdefault(name, []).append(_("This field is required."))
            return None
        found = resolve(text)
        if found is None:
            errors.setdefault(name, []).append(_("Unknown %(what)s %(text)r.") % {"what": str(what), "text": text})
        return found

    def _check_own(self, organisation, errors, name="organisation"):
        if organisation is not None and self.user is not None and not self.user.is_staff_member:
            if organisation.pk is None or organisation.pk != self.user.organisation_id:
                errors.setdefault(name, []).append(_("You may import your own organisation's records only."))

    def _check_organisations(self, row, table, lookups, work):
        errors: dict = {}
        business_id = _business_id_key(row.get("business_id"))
        external_id = row.get("external_id")
        by_business_id = business_id and lookups.organisations_by_business_id.get(business_id)
        by_external_id = external_id and lookups.organisations_by_external_id.get(external_id)
        if by_business_id and by_external_id and by_business_id is not by_external_id:
            raise _RowProblems({"external_id": [_("This external ID belongs to %(name)s, another organisation than the business ID's.") % {"name": by_external_id.name}]})
        existing = by_business_id or by_external_id
        if existing is None and row.get("name"):
            # An organisation first entered by name alone gets its IDs from the file, not a twin.
            candidate = lookups.organisations_by_name.get(_key(row.get("name")))
            if candidate is not None and not candidate.business_id and (not external_id or not candidate.external_id):
                existing = candidate
        organisation = existing or Organisation()
        self._fill(
            organisation, row, table,
            ["name", "business_id", "external_id", "kind", "country", "foreign_id", "employees", "turnover_band",
             "cleantech_category", "website", "notes", "source"],
            errors, required=("name",),
        )
        codes = None
        if "nace_codes" in table.columns and row.get("nace_codes"):
            codes = []
            for raw in re.split(r"[,;]", row.get("nace_codes")):
                if not raw.strip():
                    continue
                try:
                    code = reference.normalise_nace_code(raw.strip())
                except ValueError as exc:
                    errors.setdefault("nace_codes", []).append(str(exc))
                    continue
                if code not in codes:
                    codes.append(code)
        self._validate(organisation, errors, exclude={"created_at", "updated_at"})
        if existing is None and organisation.business_id in lookups.organisations_by_business_id:
            existing = lookups.organisations_by_business_id[organisation.business_id]
            raise _RowProblems({"business_id": [_("Business ID %(id)s already belongs to %(name)s.") % {"id": organisation.business_id, "name": existing.name}]})
        if codes is not None:
            work.nace[id(organisation)] = (organisation, codes)
        lookups.add_organisation(organisation)
        keys = [("business_id", organisation.business_id)] if organisation.business_id else []
        keys += [("external_id", organisation.external_id)] if organisation.external_id else []
        keys = keys or [("name", _key(organisation.name))]
        return organisation, existing is None, keys

    def _check_people(self, row, table, lookups, work):
        errors: dict = {}
        organisation = None
        if row.get("organisation"):
            organisation = self._required_reference(row, "organisation", errors, lookups.organisation, _ORGANISATION)
        external_id = row.get("external_id")
        existing = (external_id and lookups.people_by_external_id.get(external_id)) or lookups.people_by_name.get(
            (id(organisation), _key(row.get("name")))
        )
        person = existing or Person()
        if organisation is not None:
            person.organisation = organisation
        self._fill(person, row, table, ["name", "external_id", "title", "email", "phone"], errors, required=("name",))
        self._validate(person, errors, exclude={"organisation", "created_at", "updated_at"})
        lookups.add_person(person)
        keys = [("external_id", person.external_id)] if person.external_id else [("name", id(person.organisation), _key(person.name))]
        return person, existing is None, keys

    def _check_plots(self, row, table, lookups, work):
        errors: dict = {}
        zone = self._required_reference(row, "zone", errors, lookups.zone, _ZONE)
        external_id = row.get("external_id")
        existing = (external_id and lookups.plots_by_external_id.get(external_id)) or (
            zone is not None and lookups.plots_by_identifier.get((id(zone), _key(row.get("identifier"))))
        ) or None
        plot = existing or Plot()
        if zone is not None:
            plot.zone = zone
        self._fill(
            plot, row, table,
            ["identifier", "external_id", "zoning_class", "status", "price_eur_per_m2", "lease_percent", "floor_area_ratio", "notes", "source"],
            errors, required=("identifier",),
        )
        geometry = row.geometry
        if geometry is None:
            text = row.get("geometry")
            if text is None:
                errors.setdefault("geometry", []).append(_("This field is required."))
            else:
                try:
                    geometry = json.loads(text)
                except ValueError:
                    errors.setdefault("geometry", []).append(_("Geometry must be GeoJSON, e.g. {\"type\": \"Polygon\", ...}."))
        if geometry is not None:
            plot.geometry = geometry
        self._validate(plot, errors, exclude={"zone", "geometry", "area_m2"})
        twin = lookups.plots_by_identifier.get((id(plot.zone), _key(plot.identifier)))
        if twin is not None and twin is not plot and twin.pk is not None:
            raise _RowProblems({"identifier": [_("Plot %(identifier)s of this zone is another plot (external ID %(other)r).") % {
                "identifier": plot.identifier, "other": twin.external_id}]})
        lookups.add_plot(plot)
        keys = [("external_id", plot.external_id)] if plot.external_id else []
        keys.append(("identifier", id(plot.zone), _key(plot.identifier)))
        return plot, existing is None, keys

    def _check_sites(self, row, table, lookups, work):
        errors: dict = {}
        organisation = self._required_reference(row, "organisation", errors, lookups.organisation, _ORGANISATION)
        self._check_own(organisation, errors)
        external_id = row.get("external_id")
        existing = (external_id and lookups.sites_by_external_id.get(external_id)) or lookups.sites_by_name.get(
            (id(organisation), _key(row.get("name")))
        )
        if existing is not None:
            self._check_own(existing.organisation, errors, "external_id")
        site = existing or Site()
        if organisation is not None:
            site.organisation = organisation
        self._fill(site, row, table, ["name", "external_id", "status", "latitude", "longitude", "address"], errors, required=("name",))
        if row.get("zone"):
            site.zone = self._required_reference(row, "zone", errors, lookups.zone, _ZONE)
        if row.get("plot"):
            text = row.get("plot")
            plot = lookups.plots_by_external_id.get(text)
            if plot is None and site.zone is not None:
                plot = lookups.plots_by_identifier.get((id(site.zone), _key(text)))
            if plot is None:
                errors.setdefault("plot", []).append(_("Unknown plot %(text)r (give its external ID, or its identifier and the zone).") % {"text": text})
            else:
                site.plot = plot
        self._validate(site, errors, exclude={"organisation", "zone", "plot", "created_at", "updated_at"})
        lookups.add_site(site)
        keys = [("external_id", site.external_id)] if site.external_id else [("name", id(site.organisation), _key(site.name))]
        return site, existing is None, keys

    def _site_for_stream(self, row, organisation, lookups, errors):
        text = row.get("site")
        if organisation is None:
            return None
        if text:
            site = lookups.sites_by_external_id.get(text) or lookups.sites_by_name.get((id(organisation), _key(text)))
            if site is None or site.organisation is not organisation:
                errors.setdefault("site", []).append(_("Unknown site %(text)r of %(organisation)s.") % {"text": text, "organisation": organisation.name})
                return None
            return site
        sites = lookups.sites_of.get(id(organisation), [])
        if len(sites) != 1:
            errors.setdefault("site", []).append(
                _("%(organisation)s has %(count)s sites: name the stream's site.") % {"organisation": organisation.name, "count": len(sites)}
            )
            return None
        return sites[0]

    def _check_streams(self, row, table, lookups, work):
        errors: dict = {}
        organisation = self._required_reference(row, "organisation", errors, lookups.organisation, _ORGANISATION)
        self._check_own(organisation, errors)
        site = self._site_for_stream(row, organisation, lookups, errors)
        external_id = row.get("external_id")
        existing = (external_id and lookups.streams_by_external_id.get(external_id)) or None
        if existing is None and site is not None:
            existing = lookups.streams_by_name.get((id(site), _key(row.get("direction")), _key(row.get("name"))))
        if existing is not None and self.user is not None and not self.user.is_staff_member:
            self._check_own(existing.site.organisation, errors, "external_id")
        stream = existing or ResourceStream(quality={})
        if site is not None:
            stream.site = site
        codes_before = (stream.ewc_code, stream.taxonomy_code)
        self._fill(
            stream, row, table,
            ["direction", "kind", "name", "quantity", "unit", "external_id", "ewc_code", "taxonomy_code", "current_handling",
             "handling_cost_eur_per_unit", "confidentiality", *STREAM_VISIBILITY_FIELDS, "source"],
            errors, required=("direction", "kind", "name", "quantity", "unit"),
        )
        if row.get("months"):
            try:
                stream.months = _parse_months(row.get("months"))
            except ValidationError as exc:
                errors.setdefault("months", []).extend(exc.messages)
        quality = dict(stream.quality or {})
        for key, (low, high) in QUALITY_RANGES.items():
            text = row.get(key)
            if text is None:
                continue
            try:
                quality[key] = self._quality_field(low, high).clean(text.replace(",", ".") if "." not in text else text)
            except ValidationError as exc:
                errors.setdefault(key, []).extend(exc.messages)
        stream.quality = quality
        if not errors and ((stream.ewc_code, stream.taxonomy_code) != codes_before or existing is None):
            self._classify(stream)
        self._validate(stream, errors, exclude={"site", "canonical_quantity", "canonical_unit", "created_at", "updated_at"})
        lookups.add_stream(stream)
        if stream.external_id:
            keys = [("external_id", stream.external_id)]
        else:
            keys = [("name", id(stream.site), stream.direction, _key(stream.name))]
        return stream, existing is None, keys

    def _quality_field(self, low, high):
        from django import forms

        key = ("quality", low, high)
        if key not in self._parsers:
            self._parsers[key] = forms.FloatField(min_value=low, max_value=high)
        return self._parsers[key]

    def _classify(self, stream: ResourceStream) -> None:
        """The lexicon's code for a stream without one, cached: big files repeat their names."""
        if stream.ewc_code or stream.taxonomy_code:
            classify_if_unclassified(stream)
            return
        cache_key = (stream.name, stream.kind)
        if cache_key not in self._classified:
            probe = ResourceStream(name=stream.name, kind=stream.kind, quality={})
            classify_if_unclassified(probe)
            self._classified[cache_key] = probe
        probe = self._classified[cache_key]
        for name in ("ewc_code", "taxonomy_code", "classification_method", "classification_confidence", "needs_review"):
            setattr(stream, name, getattr(probe, name))
        for key, value in probe.quality.items():
            stream.quality.setdefault(key, value)

    # -- writing -------------------------------------------------------------------------------
    def _write(self, entity: str, work: _Pending) -> None:
        model = type(work.new[0]) if work.new else type(work.changed[0]) if work.changed else None
        if model is None:
            return
        for instance in work.new + work.changed:
            # Pending parents were saved by an earlier table: copy their new keys.
            for field_object in model._meta.concrete_fields:
                if field_object.is_relation and field_object.is_cached(instance):
                    related = getattr(instance, field_object.name)
                    if related is not None:
                        setattr(instance, field_object.attname, related.pk)
        now = timezone.now()
        # One audit entry per row created or changed, in this transaction (veturi.audit).
        with bulk_audit(model, work.new, work.changed, batch_size=BATCH_SIZE):
            if work.new:
                model.objects.bulk_create(work.new, batch_size=BATCH_SIZE)
            if work.changed:
                names = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "created_at"]
                if "updated_at" in names:
                    for instance in work.changed:
                        instance.updated_at = now
                _update_rows(model, work.changed, names)
        if entity == "organisations" and work.nace:
            organisation_ids = [organisation.pk for organisation, _codes in work.nace.values()]
            NaceActivity.objects.filter(organisation_id__in=organisation_ids).delete()
            NaceActivity.objects.bulk_create(
                [
                    NaceActivity(organisation_id=organisation.pk, code=code, is_primary=position == 0)
                    for organisation, codes in work.nace.values()
                    for position, code in enumerate(codes)
                ],
                batch_size=BATCH_SIZE,
            )
