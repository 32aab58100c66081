"""Roadmap activities from the value networks: each network needs its locomotive and its infrastructure first.

For each chosen network, in priority order:

* its locomotive *settles* (a new company: 18 months to build, with its jobs, investment, land
  and electricity) or *commits* (already in the zone: 3 months to agree), shared by every
  network with the same locomotive;
* the planned infrastructure it needs (an asset its members operate, one its locomotive asked
  for, or one its template relies on) is *built* first, shared too;
* its followers *settle* (12 months when some are new, 6 months to engage the others);
* its exchanges *start* (6 months), yielding the CO2, value and quantities of the exchanges no
  network earlier in the order has counted (so overlapping networks are not counted twice).

Only missing activities are created: a second build keeps every row the office edited.
The durations and costs in :data:`INFRASTRUCTURE_DEFAULTS` are planning assumptions, shown on
the activities for the office to correct.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from veturi.organisations.models import Organisation
from veturi.plots.models import InfrastructureAsset, InfrastructureKind, InfrastructureStatus
from veturi.valuenets.adapters import counted_shares
from veturi.roadmap.models import (
    DEFAULT_USAGE,
    ActivityDemand,
    ActivityKind,
    ResourceCategory,
    Roadmap,
    RoadmapActivity,
    RoadmapResource,
)

#: Per infrastructure kind: months to build, cost (M€) and whether the park's public budget pays.
INFRASTRUCTURE_DEFAULTS = {
    InfrastructureKind.HEAT_NETWORK: (18, 6.0, True),
    InfrastructureKind.WIND_POWER: (30, 60.0, False),
    InfrastructureKind.STORAGE_YARD: (9, 1.5, True),
    InfrastructureKind.RAIL_SIDING: (12, 3.0, True),
    InfrastructureKind.SUBSTATION: (18, 4.0, True),
    InfrastructureKind.WATER_TREATMENT: (15, 3.0, True),
    InfrastructureKind.POWER_TO_GAS: (36, 150.0, False),
    InfrastructureKind.BIOGAS_PLANT: (24, 20.0, False),
    InfrastructureKind.WASTE_TO_ENERGY: (36, 110.0, False),
    InfrastructureKind.OTHER: (12, 2.0, True),
}
#: Infrastructure a network template relies on.
TEMPLATE_INFRASTRUCTURE = {
    "waste_heat_cascade": [InfrastructureKind.HEAT_NETWORK],
    "hydrogen_power_to_x": [InfrastructureKind.POWER_TO_GAS, InfrastructureKind.WIND_POWER, InfrastructureKind.SUBSTATION],
    "wind_service_components": [InfrastructureKind.WIND_POWER],
    "water_reuse": [InfrastructureKind.WATER_TREATMENT],
    "biogas_nutrients": [InfrastructureKind.BIOGAS_PLANT],
    "construction_demolition": [InfrastructureKind.STORAGE_YARD],
    "plastics_recycling": [InfrastructureKind.STORAGE_YARD],
    "metals_batteries": [InfrastructureKind.STORAGE_YARD],
}
#: Words of a candidate's infrastructure needs and the kinds they ask for.
NEED_WORDS = {
    "heat": InfrastructureKind.HEAT_NETWORK, "steam": InfrastructureKind.HEAT_NETWORK,
    "electric": InfrastructureKind.SUBSTATION, "power": InfrastructureKind.SUBSTATION,
    "rail": InfrastructureKind.RAIL_SIDING, "storage": InfrastructureKind.STORAGE_YARD,
    "wind": InfrastructureKind.WIND_POWER, "water": InfrastructureKind.WATER_TREATMENT,
    "hydrogen": InfrastructureKind.POWER_TO_GAS, "gas": InfrastructureKind.POWER_TO_GAS,
}
#: Office staff time an activity takes per month while it runs (person-months per month).
STAFF_PER_MONTH = {ActivityKind.LOCOMOTIVE_SETTLES: 0.5, ActivityKind.FOLLOWERS_SETTLE: 0.3,
                   ActivityKind.EXCHANGE_STARTS: 0.2, ActivityKind.INFRASTRUCTURE: 0.2}

BUDGET, LAND, STAFF, ELECTRICITY = "Infrastructure budget", "Land released", "Office staff time", "Electricity capacity"


def default_resources(roadmap: Roadmap) -> list[RoadmapResource]:
    """The four resources of a new roadmap, with limits the office then adjusts: a public
    infrastructure budget of 8 M€ a year, land released 15 ha in the first year and 10 ha more
    each year after, two office staff (24 person-months a year), electricity capacity 20 MW
    growing by 10 MW a year."""
    years = roadmap.years
    rows = [
        (BUDGET, ResourceCategory.BUDGET, "M€", [8.0] * years),
        (LAND, ResourceCategory.LAND, "ha", [15.0 + 10.0 * y for y in range(years)]),
        (STAFF, ResourceCategory.STAFF, "person-months", [24.0] * years),
        (ELECTRICITY, ResourceCategory.UTILITY, "MW", [20.0 + 10.0 * y for y in range(years)]),
    ]
    made = []
    for name, category, unit, limits in rows:
        resource, _ = RoadmapResource.objects.get_or_create(
            roadmap=roadmap, name=name,
            defaults={"category": category, "usage": DEFAULT_USAGE[category], "unit": unit, "yearly_limits": limits},
        )
        made.append(resource)
    return made


@dataclass
class BuildReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.created)} activities created, {len(self.kept)} kept as they were"


class _Builder:
    def __init__(self, roadmap: Roadmap):
        self.roadmap = roadmap
        self.report = BuildReport()
        self.resources = {r.name: r for r in roadmap.resources.all()}
        self.existing = {a.source_key: a for a in roadmap.activities.exclude(source_key="")}
        self.names = set(roadmap.activities.values_list("name", flat=True))
        self.counted_exchanges: set[int] = set()

    def activity(self, key: str, name: str, demands: dict[str, float], predecessors=(), **values) -> RoadmapActivity:
        if key in self.existing:
            activity = self.existing[key]
            if activity.name not in self.report.kept and activity.name not in self.report.created:
                self.report.kept.append(activity.name)
            return activity
        unique, n = name[:200], 2
        while unique in self.names:
            unique = f"{name[:190]} ({n})"
            n += 1
        horizon = self.roadmap.horizon_months
        values["duration_months"] = min(values.get("duration_months", 12), horizon)
        activity = RoadmapActivity.objects.create(roadmap=self.roadmap, name=unique, source_key=key, **values)
        activity.predecessors.set([p for p in predecessors if p is not None])
        for resource_name, amount in demands.items():
            if amount and resource_name in self.resources:
                ActivityDemand.objects.create(activity=activity, resource=self.resources[resource_name], amount=round(amount, 6))
        self.existing[key] = activity
        self.names.add(unique)
        self.report.created.append(unique)
        return activity

    def infrastructure(self, asset: InfrastructureAsset) -> RoadmapActivity:
        months, cost_meur, public = INFRASTRUCTURE_DEFAULTS.get(asset.kind, INFRASTRUCTURE_DEFAULTS[InfrastructureKind.OTHER])
        demands = {STAFF: STAFF_PER_MONTH[ActivityKind.INFRASTRUCTURE]}
        if public:
            demands[BUDGET] = cost_meur / months
        return self.activity(
            f"asset:{asset.pk}", f"Build {asset.name}", demands, kind=ActivityKind.INFRASTRUCTURE, infrastructure_kind=asset.kind,
            asset=asset, organisation=asset.operator, duration_months=months, investment_eur=cost_meur * 1e6,
            notes=f"Duration {months} months and cost {cost_meur:g} M€ are planning assumptions for a {asset.get_kind_display().lower()}"
                  f"{' paid from the public infrastructure budget' if public else ' financed by its operator'}; correct them.",
        )

    def company_settles(self, organisation: Organisation, kind: str, network_name: str) -> RoadmapActivity:
        new = is_new(organisation)
        candidate = getattr(organisation, "locomotive_candidate", None)
        requirement = getattr(organisation, "plot_requirement", None)
        area_m2 = (requirement.area_m2 if requirement else None) or (candidate.plot_need_m2 if candidate else None) or 0
        months = 18 if new else 3
        demands = {STAFF: STAFF_PER_MONTH[ActivityKind.LOCOMOTIVE_SETTLES]}
        if new:
            demands[LAND] = area_m2 / 10_000
            demands[ELECTRICITY] = float((requirement.needs or {}).get("electricity", 0)) if requirement else 0.0
        name = f"{organisation.name} settles" if new else f"{organisation.name} commits as locomotive"
        return self.activity(
            f"locomotive:{organisation.pk}", name, demands, kind=kind, organisation=organisation, duration_months=months,
            jobs=float(organisation.employees or 0) if new else 0.0,
            investment_eur=float(candidate.investment_eur or 0) if (candidate and new) else 0.0,
            land_ha=area_m2 / 10_000 if new else 0.0,
            notes=f"Locomotive of {network_name}.",
        )


def is_new(organisation: Organisation) -> bool:
    """A company whose every site in the data is planned (or that has none) still has to settle."""
    statuses = {site.status for site in organisation.sites.all()}  # uses prefetched sites when there are
    return not statuses or statuses == {"planned"}


def needed_infrastructure(network, members: list[Organisation], assets: list[InfrastructureAsset] | None = None) -> list[InfrastructureAsset]:
    """The infrastructure a network needs, existing or planned: assets its members operate, and
    assets of the kinds its template relies on or its locomotives asked for (among ``assets``,
    default every asset)."""
    member_ids = {m.pk for m in members}
    kinds = set(TEMPLATE_INFRASTRUCTURE.get(network.template, []))
    for organisation in members:
        if organisation.pk not in network.locomotives:
            continue
        candidate = getattr(organisation, "locomotive_candidate", None)
        for need in (candidate.infrastructure_needs if candidate else []):
            for word, kind in NEED_WORDS.items():
                if word in str(need).lower():
                    kinds.add(kind)
    assets = InfrastructureAsset.objects.order_by("pk") if assets is None else assets
    return [a for a in assets if a.operator_id in member_ids or a.kind in kinds]


def network_members(network) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=network.members).select_related(
        "locomotive_candidate", "plot_requirement").order_by("pk"))


def build_from_networks(roadmap: Roadmap, networks) -> BuildReport:
    """Create the missing activities of ``networks`` (in priority order) in one transaction.

    Returns what was created and what was already there and kept.
    """
    from veturi.synergies.models import Proposal

    with transaction.atomic():
        if not roadmap.resources.exists():
            default_resources(roadmap)
        builder = _Builder(roadmap)
        networks = list(networks)
        shares = counted_shares({pk for network in networks for pk in network.exchanges})
        for rank, network in enumerate(networks):
            members = network_members(network)
            by_pk = {m.pk: m for m in members}
            infrastructure = [builder.infrastructure(asset) for asset in needed_infrastructure(network, members)
                              if asset.status == InfrastructureStatus.PLANNED]
            locomotives = [builder.company_settles(by_pk[pk], ActivityKind.LOCOMOTIVE_SETTLES, network.name)
                           for pk in network.locomotives if pk in by_pk]
            followers = [m for m in members if m.pk not in network.locomotives]
            new_followers = [m for m in followers if is_new(m)]
            months = 12 if new_followers else 6
            required = rank == 0
            requirements = [r for r in (getattr(m, "plot_requirement", None) for m in new_followers) if r is not None]
            land = sum(r.area_m2 or 0 for r in requirements)
            electricity = sum(float((r.needs or {}).get("electricity", 0) or 0) for r in requirements)
            settle = builder.activity(
                f"followers:{network.pk}", f"Followers of {network.name} settle",
                {STAFF: STAFF_PER_MONTH[ActivityKind.FOLLOWERS_SETTLE], LAND: land / 10_000, ELECTRICITY: electricity},
                predecessors=[*locomotives, *infrastructure], kind=ActivityKind.FOLLOWERS_SETTLE, network=network,
                duration_months=months, required=required, jobs=float(sum(m.employees or 0 for m in new_followers)),
                land_ha=land / 10_000,
                notes=f"{len(new_followers)} new companies settle, {len(followers) - len(new_followers)} already in the zone join.",
            )
            fresh = [pk for pk in network.exchanges if pk not in builder.counted_exchanges]
            builder.counted_exchanges.update(fresh)
            impacts = _exchange_impacts(Proposal.objects.filter(pk__in=fresh).select_related("output"), shares)
            builder.activity(
                f"exchanges:{network.pk}", f"Exchanges of {network.name} start", {STAFF: STAFF_PER_MONTH[ActivityKind.EXCHANGE_STARTS]},
                predecessors=[settle], kind=ActivityKind.EXCHANGE_STARTS, network=network, duration_months=6, required=required,
                notes=f"{len(fresh)} exchanges not counted by a network earlier in the order.", **impacts,
            )
    return builder.report


def _exchange_impacts(proposals, shares: dict[int, float] | None = None) -> dict[str, float]:
    """Yearly CO2, value and quantities of a set of exchanges, by the activity's fields.

    ``shares`` scales each exchange by the part of it counted (see ``valuenets.adapters.counted_shares``);
    without it every exchange counts whole.
    """
    values = {"co2_t_per_year": 0.0, "value_eur_per_year": 0.0, "virgin_material_t_per_year": 0.0,
              "waste_diverted_t_per_year": 0.0, "energy_recirculated_mwh_per_year": 0.0, "water_recirculated_m3_per_year": 0.0}
    for p in proposals:
        share = 1.0 if shares is None else shares.get(p.pk, 0.0)
        values["co2_t_per_year"] += (p.co2_t_per_year or 0) * share
        values["value_eur_per_year"] += (p.value_eur_per_year or 0) * share
        quantity = (p.quantity_exchanged or 0) * share
        if p.quantity_unit == "t/a":
            # A waste (it has a European List of Waste code) diverted, else a virgin material replaced.
            key = "waste_diverted_t_per_year" if p.output.ewc_code else "virgin_material_t_per_year"
            values[key] += quantity
        elif p.quantity_unit == "MWh/a":
            values["energy_recirculated_mwh_per_year"] += quantity
        elif p.quantity_unit == "m3/a":
            values["water_recirculated_m3_per_year"] += quantity
    return {k: round(v, 3) for k, v in values.items()}
