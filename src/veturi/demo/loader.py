"""Load the demo park into the database.

Loading is idempotent and never overwrites: a record whose external ID already exists is left as
it is (the office may have edited it), so a second run changes nothing and loses nothing.
Everything is loaded in one transaction: a broken data file leaves the database untouched.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from veturi.accounts.models import Role, User
from veturi.engagement.models import FollowUpAction, Interaction
from veturi.organisations.models import CoreTeamMember, NaceActivity, Organisation, Person
from veturi.plots.models import InfrastructureAsset, Plot, PlotUtility, Zone
from veturi.streams.classify import classify_if_unclassified
from veturi.streams.models import ResourceStream, Site

DEMO_PACKAGE = "veturi.data.demo"

# Demo logins, one per role. Printed by `veturi demo`; never use them outside a demo.
DEMO_USERS = {
    "office": ("office-demo-veturi", Role.OFFICE),
    "expert": ("expert-demo-veturi", Role.EXPERT),
    "company": ("company-demo-veturi", Role.COMPANY),
    "viewer": ("viewer-demo-veturi", Role.VIEWER),
}
# The organisation the demo company representative speaks for, by preference.
DEMO_COMPANY_KEYS = ("pjh", "tammervoima")


class DemoDataError(ValueError):
    """A demo data file that does not load, with the file and record that failed."""


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def _read_json(name: str):
    return json.loads(resources.files(DEMO_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def _save(obj, where: str):
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise DemoDataError(f"{where}: {exc.message_dict if hasattr(exc, 'message_dict') else exc.messages}") from exc
    obj.save()
    return obj


class _Loader:
    def __init__(self, progress: Callable[[str], None] | None):
        self.report = LoadReport()
        self.progress = progress or (lambda message: None)

    def _get_or_build(self, model, external_id: str, where: str, build: Callable[[], object]):
        existing = model.objects.filter(external_id=external_id).first()
        if existing is not None:
            self.report.existing[model.__name__] += 1
            return existing, False
        obj = build()
        obj.external_id = external_id
        _save(obj, where)
        self.report.created[model.__name__] += 1
        return obj, True

    def zones(self):
        self.progress("zones")
        self.zone_by_key = {}
        for feature in _read_json("zones.geojson")["features"]:
            p = feature["properties"]
            zone, _ = self._get_or_build(
                Zone,
                p["key"],
                f"zones.geojson zone {p['key']}",
                lambda: Zone(
                    name=p["name"],
                    municipality=p.get("municipality", ""),
                    description=p.get("description", ""),
                    geometry=feature["geometry"],
                    published_area_ha=p.get("area_ha_public"),
                    approximate=bool(p.get("approximate", False)),
                    source=p.get("source", ""),
                ),
            )
            self.zone_by_key[p["key"]] = zone

    def plots(self):
        self.progress("plots")
        self.plot_by_key = {}
        for feature in _read_json("plots.geojson")["features"]:
            p = feature["properties"]
            where = f"plots.geojson plot {p['key']}"
            if p["zone"] not in self.zone_by_key:
                raise DemoDataError(f"{where}: unknown zone {p['zone']!r}")
            plot, created = self._get_or_build(
                Plot,
                p["key"],
                where,
                lambda: Plot(
                    zone=self.zone_by_key[p["zone"]],
                    identifier=p["identifier"],
                    geometry=feature["geometry"],
                    zoning_class=p.get("zoning_class", ""),
                    status=p.get("status", "available"),
                    price_eur_per_m2=p.get("price_eur_per_m2"),
                    lease_percent=p.get("lease_percent"),
                    floor_area_ratio=p.get("floor_area_ratio"),
                    notes=p.get("notes", ""),
                    illustrative=bool(p.get("illustrative", False)),
                    source=p.get("source", ""),
                ),
            )
            if created:
                for utility in p.get("utilities", []):
                    _save(
                        PlotUtility(plot=plot, kind=utility["kind"], capacity=utility.get("capacity"), unit=utility.get("unit", "")),
                        f"{where} utility {utility.get('kind')}",
                    )
            self.plot_by_key[p["key"]] = plot

    def organisations(self):
        self.progress("organisations, sites and streams")
        self.organisation_by_key, self.person_by_key = {}, {}
        for record in _read_json("organisations.json"):
            where = f"organisations.json organisation {record['key']}"
            organisation, created = self._get_or_build(
                Organisation,
                record["key"],
                where,
                lambda: Organisation(
                    name=record["name"],
                    kind=record["kind"],
                    business_id=record.get("business_id", ""),
                    foreign_id=record.get("foreign_id", ""),
                    country=record.get("country", "FI"),
                    employees=record.get("employees"),
                    turnover_band=record.get("turnover_band", ""),
                    cleantech_category=record.get("cleantech_category", ""),
                    website=record.get("website", ""),
                    notes=record.get("notes", ""),
                    illustrative=bool(record.get("illustrative", False)),
                    engagement_stage=record.get("engagement_stage", "identified"),
                    source=record.get("source", ""),
                ),
            )
            self.organisation_by_key[record["key"]] = organisation
            if created:
                for position, code in enumerate(record.get("nace", [])):
                    _save(NaceActivity(organisation=organisation, code=code, is_primary=position == 0), f"{where} NACE {code}")
            for person_record in record.get("people", []):
                self._person(person_record, organisation, where)
            for site_record in record.get("sites", []):
                self._site(site_record, organisation, where)

    def _person(self, record, organisation, where):
        where = f"{where} person {record['key']}"
        person, created = self._get_or_build(
            Person,
            record["key"],
            where,
            lambda: Person(
                organisation=organisation,
                name=record["name"],
                title=record.get("title", ""),
                email=record.get("email", ""),
                phone=record.get("phone", ""),
            ),
        )
        if created and record.get("core_team_role"):
            _save(CoreTeamMember(person=person, expert_role=record["core_team_role"]), f"{where} core team")
        self.person_by_key[record["key"]] = person

    def _site(self, record, organisation, where):
        where = f"{where} site {record['key']}"
        for ref, table in (("zone", self.zone_by_key), ("plot", self.plot_by_key)):
            if record.get(ref) and record[ref] not in table:
                raise DemoDataError(f"{where}: unknown {ref} {record[ref]!r}")
        plot = self.plot_by_key.get(record.get("plot") or "")
        site, _ = self._get_or_build(
            Site,
            record["key"],
            where,
            lambda: Site(
                organisation=organisation,
                name=record["name"],
                status=record.get("status", "existing"),
                latitude=record.get("lat"),
                longitude=record.get("lon"),
                address=record.get("address", ""),
                zone=self.zone_by_key.get(record.get("zone") or "") or (plot.zone if plot else None),
                plot=plot,
            ),
        )
        for stream_record in record.get("streams", []):
            self._stream(stream_record, site, where)

    def _stream(self, record, site, where):
        where = f"{where} stream {record['key']}"

        def build():
            stream = ResourceStream(
                site=site,
                direction=record["direction"],
                kind=record["kind"],
                name=record["name"],
                ewc_code=record.get("ewc", ""),
                taxonomy_code=record.get("taxonomy", ""),
                quantity=record["quantity"],
                unit=record["unit"],
                quality=dict(record.get("quality") or {}),
                current_handling=record.get("current_handling", ""),
                handling_cost_eur_per_unit=record.get("handling_cost_eur_per_unit"),
                confidentiality=record.get("confidentiality", "office"),
                source=record.get("source", ""),
            )
            stream.months = record.get("months") or list(range(1, 13))
            classify_if_unclassified(stream)
            return stream

        self._get_or_build(ResourceStream, record["key"], where, build)

    def infrastructure(self):
        self.progress("infrastructure")
        for record in _read_json("infrastructure.json"):
            where = f"infrastructure.json asset {record['key']}"
            if record.get("operator") and record["operator"] not in self.organisation_by_key:
                raise DemoDataError(f"{where}: unknown operator {record['operator']!r}")
            self._get_or_build(
                InfrastructureAsset,
                record["key"],
                where,
                lambda: InfrastructureAsset(
                    name=record["name"],
                    kind=record["kind"],
                    zone=self.zone_by_key.get(record.get("zone") or ""),
                    latitude=record.get("lat"),
                    longitude=record.get("lon"),
                    capacity=record.get("capacity"),
                    capacity_unit=record.get("capacity_unit", ""),
                    year_in_service=record.get("year_in_service"),
                    status=record.get("status", "existing"),
                    operator=self.organisation_by_key.get(record.get("operator") or ""),
                    source=record.get("source", ""),
                ),
            )

    def interactions(self):
        self.progress("interactions")
        for index, record in enumerate(_read_json("interactions.json")):
            key = record.get("key") or f"demo-interaction-{index + 1}"
            where = f"interactions.json record {index + 1}"
            if record["organisation"] not in self.organisation_by_key:
                raise DemoDataError(f"{where}: unknown organisation {record['organisation']!r}")
            interaction, created = self._get_or_build(
                Interaction,
                key,
                where,
                lambda: Interaction(
                    organisation=self.organisation_by_key[record["organisation"]],
                    date=date.fromisoformat(record["date"]),
                    kind=record["kind"],
                    summary=record["summary"],
                ),
            )
            if not created:
                continue
            for person_key in record.get("participants", []):
                if person_key not in self.person_by_key:
                    raise DemoDataError(f"{where}: unknown participant {person_key!r}")
                interaction.participants.add(self.person_by_key[person_key])
            for follow_up in record.get("follow_ups", []):
                owner = follow_up.get("owner")
                if owner and owner not in self.person_by_key:
                    raise DemoDataError(f"{where}: unknown follow-up owner {owner!r}")
                _save(
                    FollowUpAction(
                        interaction=interaction,
                        action=follow_up["action"],
                        owner=self.person_by_key.get(owner or ""),
                        due=date.fromisoformat(follow_up["due"]) if follow_up.get("due") else None,
                        done=bool(follow_up.get("done", False)),
                    ),
                    f"{where} follow-up",
                )

    def users(self):
        self.progress("demo users")
        company = next(
            (self.organisation_by_key[key] for key in DEMO_COMPANY_KEYS if key in self.organisation_by_key), None
        ) or Organisation.objects.filter(kind="company").order_by("pk").first()
        for username, (password, role) in DEMO_USERS.items():
            if User.objects.filter(username=username).exists():
                self.report.existing["User"] += 1
                continue
            user = User(username=username, role=role, organisation=company if role == Role.COMPANY else None)
            user.set_password(password)
            user.is_staff = role == Role.OFFICE  # the office may use Django's admin
            user.is_superuser = False
            user.save()
            if role == Role.OFFICE:
                from django.contrib.auth.models import Permission

                user.user_permissions.set(Permission.objects.all())
            self.report.created["User"] += 1


def load_demo(progress: Callable[[str], None] | None = None) -> LoadReport:
    """Load the demo park; return what was created and what already existed."""
    loader = _Loader(progress)
    with transaction.atomic():
        loader.zones()
        loader.plots()
        loader.organisations()
        loader.infrastructure()
        loader.interactions()
        loader.users()
    return loader.report
