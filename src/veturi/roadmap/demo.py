"""The demo roadmap, pilots and monitoring entries, created once and reused by later `veturi demo` runs.

* The roadmap 2026-2035 is built from the five best-ranked value networks and their
  infrastructure, then solved; a later run solves again only if the roadmap changed.
* Pilots of the cleantech demonstration environment, from public facts about the Kolmenkulma
  and Tarastenjärvi areas (/work/shared/CONTEXT.md: Nordic Ren-Gas power-to-gas with CO2 from
  Tammervoima's flue gas, PJH's Biomylly biogas as truck fuel, Tammervoima's flue-gas
  condensate as district-heat make-up water, Yara Eco's ash refinery). Periods, TRLs and KPI
  changes are illustrative and marked so in each pilot's source.
* A few quarterly monitoring entries of the first planned network's largest exchanges.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from veturi.organisations.models import Organisation
from veturi.pilots.models import Pilot, PilotKpi
from veturi.plots.models import InfrastructureAsset
from veturi.roadmap.models import ActivityKind, MonitoringEntry, Roadmap

DEMO_ROADMAP = "demo-roadmap"
ILLUSTRATIVE = "Period, TRL and KPI figures are illustrative (demo data)."

DEMO_PILOTS = [
    {
        "external_id": "demo-pilot-rengas-p2g", "name": "Power-to-gas with waste-to-energy CO2", "kind": "demonstration",
        "status": "planned", "technology": "Electrolysis and methanation of CO2 captured from Tammervoima's flue gas",
        "host": "nordic-ren-gas", "partners": ["tammervoima", "tampere-university"], "assets": ["rengas-power-to-gas", "tammervoima-wte"],
        "start": (2026, 6), "end": None, "trl_before": 7, "trl_after": None, "public_consent": True,
        "public_summary": "Synthetic methane for heavy trucks from renewable hydrogen and CO2 captured at the waste-to-energy plant.",
        "results": "", "kpis": [],
        "source": "Nordic Ren-Gas phase 1: 20 MW, ≈ 12 000 t/a synthetic methane, CO2 from Tammervoima flue gas "
                  "(sttinfo 2022; ren-gas.com). " + ILLUSTRATIVE,
    },
    {
        "external_id": "demo-pilot-biomylly-fuel", "name": "Biogas from bio-waste as waste-truck fuel", "kind": "pilot",
        "status": "completed", "technology": "Dry digestion of bio- and garden waste, biogas upgraded to vehicle fuel",
        "host": "pjh", "partners": ["tampere-university"], "assets": ["biomylly"],
        "start": (2019, 1), "end": (2021, 12), "trl_before": 7, "trl_after": 9, "public_consent": True,
        "public_summary": "PJH's Biomylly plant fuels the company's own waste trucks with biogas from the region's bio-waste.",
        "results": "The trucks ran on upgraded biogas through the winter; fuel quality met the engine makers' limits.",
        "kpis": [("co2_t", 1500, "diesel replaced, estimated"), ("waste_diverted_t", 24000, "bio- and garden waste digested")],
        "source": "PJH Biomylly: 24 000 t/a bio- and garden waste dry digestion, biogas as fuel in PJH waste trucks "
                  "(businesstampere.com). " + ILLUSTRATIVE,
    },
    {
        "external_id": "demo-pilot-condensate", "name": "Flue-gas condensate as district-heat make-up water", "kind": "test_bed",
        "status": "completed", "technology": "Treatment of flue-gas condensate for district-heat make-up water",
        "host": "tammervoima", "partners": ["tampereen-energia"], "assets": ["tammervoima-wte", "dh-tarastenjarvi-connection"],
        "start": (2016, 1), "end": (2017, 6), "trl_before": 6, "trl_after": 9, "public_consent": False,
        "public_summary": "", "results": "Make-up water demand of the network covered from the plant's own condensate.",
        "kpis": [("water_m3", 30000, "make-up water not drawn from the mains, estimated")],
        "source": "Tammervoima uses flue-gas condensate as district-heat make-up water (tammervoima.fi). " + ILLUSTRATIVE,
    },
    {
        "external_id": "demo-pilot-ash-refinery", "name": "Nutrients and minerals from ash", "kind": "pilot",
        "status": "running", "technology": "Ash refining into fertiliser and mineral products",
        "host": "yara-eco", "partners": ["tammervoima", "tampere-university"], "assets": [],
        "start": (2025, 3), "end": (2027, 2), "trl_before": 6, "trl_after": None, "public_consent": True,
        "public_summary": "Turning ash from the region's plants into fertiliser and construction minerals at ECO3.",
        "results": "", "kpis": [],
        "source": "Ecolan ash refinery at ECO3, now Yara Eco (businesstampere.com). " + ILLUSTRATIVE,
    },
]


def _orgs(keys):
    return list(Organisation.objects.filter(external_id__in=keys))


def load_pilots() -> tuple[int, int]:
    """Create the demo pilots whose host exists and that are not there yet; ``(created, existing)``."""
    created = existing = 0
    for spec in DEMO_PILOTS:
        if Pilot.objects.filter(external_id=spec["external_id"]).exists():
            existing += 1
            continue
        host = Organisation.objects.filter(external_id=spec["host"]).first()
        if host is None:
            continue
        with transaction.atomic():
            pilot = Pilot.objects.create(
                external_id=spec["external_id"], name=spec["name"], kind=spec["kind"], status=spec["status"],
                technology=spec["technology"], host=host, start_date=datetime.date(*spec["start"], 1),
                end_date=datetime.date(*spec["end"], 1) if spec["end"] else None, trl_before=spec["trl_before"],
                trl_after=spec["trl_after"], public_consent=spec["public_consent"], public_summary=spec["public_summary"],
                results=spec["results"], source=spec["source"],
            )
            pilot.partners.set(_orgs(spec["partners"]))
            pilot.infrastructure.set(InfrastructureAsset.objects.filter(external_id__in=spec["assets"]))
            PilotKpi.objects.bulk_create([PilotKpi(pilot=pilot, kpi=kpi, change=change, note=note) for kpi, change, note in spec["kpis"]])
        created += 1
    return created, existing


def load_monitoring(roadmap: Roadmap) -> int:
    """Quarterly entries (2026 Q1-Q3) for the three largest exchanges of the roadmap's first network."""
    from veturi.synergies.models import Proposal

    first = roadmap.activities.filter(kind=ActivityKind.EXCHANGE_STARTS, network__isnull=False).order_by("pk").first()
    if first is None:
        return 0
    proposals = (Proposal.objects.filter(pk__in=first.network.exchanges, rank=1, quantity_exchanged__gt=0)
                 .select_related("output__site__organisation", "input__site__organisation").order_by("-value_eur_per_year", "pk")[:3])
    created = 0
    for proposal in proposals:
        for quarter, share in ((1, 0.6), (4, 0.8), (7, 0.9)):
            start = datetime.date(2026, quarter, 1)
            if MonitoringEntry.objects.filter(proposal=proposal, period_kind="quarter", period_start=start).exists():
                continue
            entry = MonitoringEntry(proposal=proposal, period_kind="quarter", period_start=start,
                                    quantity=round(proposal.quantity_exchanged / 4 * share, 1),
                                    note="Demo entry: a quarter of the yearly quantity, ramping up.")
            entry.fill_from_proposal()
            entry.save()
            created += 1
    return created


def load_roadmap_demo(progress=None, *, time_limit_s: float = 10.0) -> str:
    """The demo roadmap (built and solved once), the pilots and the monitoring entries; a summary line."""
    from veturi.roadmap import prioritisation
    from veturi.roadmap.adapters import solve_and_store
    from veturi.roadmap.building import build_from_networks

    roadmap = Roadmap.objects.filter(external_id=DEMO_ROADMAP).first()
    built = ""
    if roadmap is None:
        try:
            ranked = prioritisation.networks_in_order(prioritisation.prioritise(sensitivity_runs=0))
        except ValueError as exc:
            return f"no roadmap: {exc}"
        with transaction.atomic():
            roadmap = Roadmap.objects.create(
                external_id=DEMO_ROADMAP, name="Kolmenkulma roadmap 2026–2035", first_year=2026, years=10, time_limit_s=time_limit_s,
                description="Built from the five best-ranked value networks and the infrastructure they need (demo).",
            )
            built = build_from_networks(roadmap, ranked[:5]).summary() + ", "
    solve = roadmap.latest_solve()
    if solve is None or solve.is_stale:
        solve = solve_and_store(roadmap, time_limit_s=time_limit_s)
        state = f"solved in {solve.seconds:.1f} s"
    else:
        state = "unchanged, last plan kept"
    pilots_created, pilots_existing = load_pilots()
    entries = load_monitoring(roadmap)
    gap = "" if solve.gap_percent is None else f", gap {solve.gap_percent:.2f} %"
    return (f"{built}{roadmap.activities.count()} activities, plan {solve.status}{gap} ({state}); "
            f"{pilots_created} pilots added, {pilots_existing} kept; {entries} monitoring entries added")
