"""Plug and play on the demo park: plot requirements, one allocation run and the starting document
templates, all idempotent.

`veturi demo` calls :func:`load_demo_allocation` after matching and the locomotive ranking, so
that the allocation map, the what-if controls and the offers have something to show.

Requirements are created only for the demo's companies that have none (the office's edits are
kept); the run is kept when the problem it would solve is the one the latest demo run solved
(same requirements, plots, flows and settings), so a second `veturi demo` changes nothing.

The demo files say where each company stands but not what it needs from a plot, so the
requirements are derived, as illustrative assumptions:

- a company whose site stands on a plot (a tenant, pinned there): 80 % of that plot's area, the
  plot's zoning class, half the capacity of each ready utility with a stated capacity;
- any other company of the demo (a company the office would settle in the park: *planned*):
  half the median area of the available plots, zoning T or TY (plus EJ for waste management,
  NACE 38, and T/kem for chemicals, NACE 20), 1 MW of electricity and 20 m³/d of water and of
  waste water.

Flows are the live proposals scoring at least :data:`DEMO_MIN_SCORE`: the demo has no agreed
exchanges yet, and the allocation should still see who would trade with whom.
"""

from __future__ import annotations

import dataclasses
import hashlib
import statistics
from collections.abc import Mapping

from django.db import transaction

from veturi.plugplay.models import AllocationRun, PlotRequirement

# Proposals scoring at least this count as flows in the demo's run (about the best quarter).
DEMO_MIN_SCORE = 0.75
DEMO_TIME_LIMIT_S = 3.0
DEMO_SEED = 0
DEMO_LABEL = "demo"
TENANT_AREA_SHARE = 0.8
TENANT_UTILITY_SHARE = 0.5
PLANNED_AREA_SHARE_OF_MEDIAN = 0.5
PLANNED_ZONING = ["T", "TY"]
PLANNED_ZONING_BY_NACE_DIVISION = {"38": "EJ", "20": "T/kem"}
PLANNED_NEEDS = {"electricity": 1.0, "water": 20.0, "waste_water": 20.0}


def demo_companies():
    """The demo's companies: organisations of kind company loaded from the demo files."""
    from veturi.demo.loader import _read_json
    from veturi.organisations.models import Organisation

    keys = [record["key"] for record in _read_json("organisations.json") if record.get("kind") == "company"]
    return list(Organisation.objects.filter(external_id__in=keys).order_by("external_id"))


def _tenant_requirement(organisation, plot) -> PlotRequirement:
    needs = {
        utility.kind: round(utility.capacity * TENANT_UTILITY_SHARE, 2)
        for utility in plot.utilities.all()
        if utility.ready and utility.capacity is not None
    }
    return PlotRequirement(
        organisation=organisation,
        area_m2=round(plot.area_m2 * TENANT_AREA_SHARE, -2) or plot.area_m2,
        zoning_classes=plot.zoning_class or "T",
        needs=needs,
        planned=False,
    )


def _planned_requirement(organisation, median_free_area_m2: float) -> PlotRequirement:
    divisions = {code.split(".")[0] for code in organisation.nace_codes}
    zoning = PLANNED_ZONING + [zone for division, zone in PLANNED_ZONING_BY_NACE_DIVISION.items() if division in divisions]
    return PlotRequirement(
        organisation=organisation,
        area_m2=round(median_free_area_m2 * PLANNED_AREA_SHARE_OF_MEDIAN, -2),
        zoning_classes=", ".join(zoning),
        needs=dict(PLANNED_NEEDS),
        planned=True,
    )


def create_demo_requirements(organisations=None) -> tuple[int, int]:
    """Create the missing plot requirements of ``organisations`` (by default the demo's companies); (created, already there)."""
    from veturi.plots.models import Plot, PlotStatus
    from veturi.plugplay.adapters import tenant_plots

    tenants = tenant_plots()
    plots = Plot.objects.prefetch_related("utilities").in_bulk(set(tenants.values()))
    free_areas = [plot.area_m2 for plot in Plot.objects.filter(status=PlotStatus.AVAILABLE)]
    median_free = statistics.median(free_areas) if free_areas else 10_000.0
    created = existing = 0
    for organisation in demo_companies() if organisations is None else organisations:
        if PlotRequirement.objects.filter(organisation=organisation).exists():
            existing += 1
            continue
        plot = plots.get(tenants.get(organisation.pk))
        requirement = _tenant_requirement(organisation, plot) if plot is not None else _planned_requirement(organisation, median_free)
        requirement.full_clean()
        requirement.save()
        created += 1
    return created, existing


def _canonical(value):
    """The value with sets sorted and mappings ordered, so that it prints the same in every process
    (set order follows string hashing, which Python randomises per process)."""
    if dataclasses.is_dataclass(value):
        return (type(value).__name__, [(f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value)])
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_canonical(item)) for item in value)
    if isinstance(value, Mapping):
        return sorted((repr(key), _canonical(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if hasattr(value, "tolist"):  # a numpy distance matrix
        return value.tolist()
    return value


def problem_fingerprint(problem) -> str:
    """A digest of everything the allocation reads; flows are sorted, as the database returns
    proposals in no promised order."""
    canonical = _canonical(problem)
    canonical[1][2] = ("flows", sorted(repr(flow) for flow in canonical[1][2][1]))
    return hashlib.sha256(repr(canonical).encode("utf-8")).hexdigest()


def load_demo_allocation(progress=None, *, organisations=None) -> str:
    """Requirements for the demo's companies (or ``organisations``), then one allocation run unless the same one exists."""
    from veturi.engine.allocation import allocate
    from veturi.plugplay.adapters import build_problem, store_run

    from veturi.plugplay.templates_starting import install_starting_templates

    with transaction.atomic():
        templates = install_starting_templates()  # the contract pages can print documents at once
        created, existing = create_demo_requirements(organisations)
        rows = build_problem(min_score=DEMO_MIN_SCORE)
        fingerprint = problem_fingerprint(rows.problem)
        latest = AllocationRun.objects.filter(base=None, label=DEMO_LABEL).first()
        requirements = f"{created} plot requirements added, {existing} already there, {templates} document templates added"
        if latest is not None and latest.parameters.get("fingerprint") == fingerprint:
            return f"{requirements}; allocation unchanged, run #{latest.pk} kept ({latest.status})"
        allocation = allocate(rows.problem, time_limit_s=DEMO_TIME_LIMIT_S, seed=DEMO_SEED)
        parameters = {
            "time_limit_s": DEMO_TIME_LIMIT_S,
            "min_score": DEMO_MIN_SCORE,
            "organisations": sorted(org.pk for org in rows.organisations.values()),
            "fingerprint": fingerprint,
        }
        run = store_run(rows, allocation, parameters=parameters, seed=DEMO_SEED, label=DEMO_LABEL)
    return (
        f"{requirements}; run #{run.pk}: {len(rows.organisations)} companies, {len(rows.flows)} flows, "
        f"{run.status}, {run.objective_eur_per_year or 0:,.0f} €/a ({run.seconds:.1f} s)"
    )
