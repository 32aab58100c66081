"""The only code that knows both the ORM and the allocation engine.

Rows -> :func:`build_problem` -> ``veturi.engine.allocation.allocate`` -> :func:`store_run`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from veturi.engine import geo
from veturi.engine.allocation import AllocationProblem, Company, Flow, Plot, add_company, allocate, close_plot, compare, pin
from veturi.organisations.models import Organisation
from veturi.plots.models import Plot as PlotRow
from veturi.plots.models import PlotStatus
from veturi.plugplay import costs
from veturi.plugplay.models import AllocationPlacement, AllocationRun, PlotRequirement
from veturi.synergies.models import Proposal, ProposalStatus

# Proposals whose flows count by default: those the office (and the parties) said yes to.
AGREED = (ProposalStatus.ACCEPTED, ProposalStatus.VALIDATED, ProposalStatus.REALISED)
# Capacity of a ready utility whose capacity nobody entered: large enough for any one tenant.
UNSTATED_CAPACITY = 1e9


@dataclass(frozen=True)
class ProblemRows:
    """An engine problem and the rows behind its names."""

    problem: AllocationProblem
    organisations: dict  # company name -> Organisation
    plots: dict  # plot name -> Plot row
    flows: list  # [{source, target, tonnes_per_year, mode, value_eur_per_year, co2_t_per_year}] by org id


def _zoning_token(classes: list[str]) -> str:
    # The engine checks one class per company; a company accepting several gets a token that
    # every plot zoned in one of them carries, readable in conflict messages ("T|TT").
    return "|".join(sorted(classes))


def _company_names(organisations) -> dict[int, str]:
    names, seen = {}, defaultdict(int)
    for organisation in organisations:
        seen[organisation.name] += 1
    for organisation in organisations:
        names[organisation.pk] = organisation.name if seen[organisation.name] == 1 else f"{organisation.name} #{organisation.pk}"
    return names


def tenant_plots() -> dict[int, int]:
    """Organisation id -> the plot its site stands on (existing tenants)."""
    from veturi.streams.models import Site

    return dict(Site.objects.exclude(plot=None).order_by("-pk").values_list("organisation_id", "plot_id"))


def plot_to_engine(row: PlotRow, zoning_tokens: set[str], *, closed: bool) -> Plot:
    utilities, building = {}, {}
    for utility in row.utilities.all():
        if utility.ready:
            utilities[utility.kind] = utility.capacity if utility.capacity is not None else UNSTATED_CAPACITY
    for kind in costs.price_list()["connection_eur"]:
        # Priced for one unit here: the offer prices the company's own amount.
        building[kind] = costs.connection_eur_per_year(kind, 1.0)
    lon, lat = geo.centroid(row.geometry)
    yearly_price = row.yearly_lease_eur
    if yearly_price is None and row.price_eur is not None:
        yearly_price = row.price_eur * costs.default_lease_percent() / 100
    accepted = {token for token in zoning_tokens if row.zoning_class in token.split("|")}
    return Plot(
        name=row_name(row),
        area_m2=row.area_m2,
        zoning_classes=frozenset({row.zoning_class or "-"} | accepted),
        utilities=utilities,
        connection_cost_eur_per_year=building,
        yearly_price_eur=yearly_price or 0.0,
        lon=lon,
        lat=lat,
        closed=closed,
    )


def row_name(row: PlotRow) -> str:
    return f"{row.identifier} #{row.pk}"


def flow_rows(organisation_ids, *, min_score: float | None = None) -> list[dict]:
    """Flows between these organisations: agreed proposals, or every live proposal scoring at least ``min_score``."""
    proposals = Proposal.objects.filter(
        output__site__organisation_id__in=organisation_ids, input__site__organisation_id__in=organisation_ids, stale=False
    ).select_related("output__site", "input__site")
    proposals = proposals.filter(score__gte=min_score).exclude(status=ProposalStatus.REJECTED) if min_score is not None else proposals.filter(status__in=AGREED)
    totals: dict[tuple, dict] = {}
    for proposal in proposals:
        source, target = proposal.output.site.organisation_id, proposal.input.site.organisation_id
        if source == target:
            continue
        mode = proposal.transport_mode or "road"
        entry = totals.setdefault((source, target, mode), {"source": source, "target": target, "mode": mode, "tonnes_per_year": 0.0, "value_eur_per_year": 0.0, "co2_t_per_year": 0.0, "proposals": []})
        unit = (proposal.quantity_unit or "").lower()
        if proposal.quantity_exchanged and unit.startswith("t"):
            entry["tonnes_per_year"] += proposal.quantity_exchanged
        entry["value_eur_per_year"] += proposal.value_eur_per_year or 0.0
        entry["co2_t_per_year"] += proposal.co2_t_per_year or 0.0
        entry["proposals"].append(proposal.pk)
    return list(totals.values())


def build_problem(*, min_score: float | None = None, unused_area_eur_per_m2_year: float = 0.0, only=None) -> ProblemRows:
    """The park as an allocation problem: every organisation with a plot requirement (or ``only`` those ids), every plot."""
    requirements = PlotRequirement.objects.select_related("organisation")
    if only is not None:
        requirements = requirements.filter(organisation_id__in=only)
    requirements = list(requirements)
    if not requirements:
        raise ValueError("No organisation has a plot requirement yet: add one (area, zoning, utilities) first.")
    organisations = [requirement.organisation for requirement in requirements]
    names = _company_names(organisations)
    tenants = tenant_plots()
    plot_rows = list(PlotRow.objects.select_related("zone").prefetch_related("utilities"))
    if not plot_rows:
        raise ValueError("There are no plots to allocate.")
    tokens = {_zoning_token(requirement.zoning_list) for requirement in requirements}
    held_by_known = {tenants[org.pk] for org in organisations if org.pk in tenants}
    plots = [plot_to_engine(row, tokens, closed=row.status != PlotStatus.AVAILABLE and row.pk not in held_by_known) for row in plot_rows]
    by_pk = {row.pk: row for row in plot_rows}
    companies = []
    for requirement in requirements:
        organisation = requirement.organisation
        pinned = tenants.get(organisation.pk)
        companies.append(
            Company(
                name=names[organisation.pk],
                area_m2=requirement.area_m2,
                zoning_class=_zoning_token(requirement.zoning_list),
                needs={kind: float(amount) for kind, amount in requirement.needs.items()},
                hazard_separation_m=requirement.hazard_separation_m,
                plot=row_name(by_pk[pinned]) if pinned in by_pk else None,
                planned=requirement.planned,
            )
        )
    flows = flow_rows(list(names), min_score=min_score)
    engine_flows = [
        Flow(names[f["source"]], names[f["target"]], f["tonnes_per_year"], costs.transport_eur_per_tkm(f["mode"]), mode=f["mode"])
        for f in flows
    ]
    problem = AllocationProblem(tuple(companies), tuple(plots), tuple(engine_flows), unused_area_eur_per_m2_year=unused_area_eur_per_m2_year)
    return ProblemRows(
        problem=problem,
        organisations={names[org.pk]: org for org in organisations},
        plots={row_name(row): row for row in plot_rows},
        flows=flows,
    )


@transaction.atomic
def store_run(rows: ProblemRows, allocation, *, parameters: dict, seed: int, user=None, base=None, kind=AllocationRun.Kind.BASE, label="") -> AllocationRun:
    finite = lambda value: value if value is not None and math.isfinite(value) else None  # noqa: E731
    run = AllocationRun.objects.create(
        created_by=user, base=base, kind=kind, label=label, parameters=parameters, seed=seed, status=allocation.status,
        method=allocation.method, objective_eur_per_year=finite(allocation.total_eur_per_year),
        transport_eur_per_year=finite(allocation.transport_eur_per_year), fit_eur_per_year=finite(allocation.fit_eur_per_year),
        bound_eur_per_year=finite(allocation.lower_bound_eur_per_year), gap_percent=finite(allocation.gap_percent),
        seconds=allocation.seconds, conflicts=list(allocation.conflicts),
        flows=[{k: v for k, v in flow.items() if k != "proposals"} | {"proposals": flow["proposals"]} for flow in rows.flows],
    )
    AllocationPlacement.objects.bulk_create(
        AllocationPlacement(
            run=run,
            organisation=rows.organisations.get(placement.company),
            company_name=placement.company,
            plot=rows.plots[placement.plot],
            transport_eur_per_year=placement.transport_eur_per_year,
            fit_eur_per_year=placement.fit_eur_per_year,
            unused_area_m2=placement.unused_area_m2,
            utilities_ready=list(placement.utilities_ready),
            utilities_to_build=list(placement.utilities_to_build),
        )
        for placement in allocation.placements
    )
    return run


def run_allocation(*, time_limit_s: float = 5.0, seed: int = 0, min_score: float | None = None, user=None) -> AllocationRun:
    """Allocate the park as it is stored now and keep the run."""
    rows = build_problem(min_score=min_score)
    allocation = allocate(rows.problem, time_limit_s=time_limit_s, seed=seed)
    parameters = {"time_limit_s": time_limit_s, "min_score": min_score, "organisations": sorted(org.pk for org in rows.organisations.values())}
    return store_run(rows, allocation, parameters=parameters, seed=seed, user=user)


def run_variant(base: AllocationRun, kind: str, *, organisation: Organisation | None = None, plot: PlotRow | None = None, user=None) -> AllocationRun:
    """A what-if on the problem of ``base``: pin an organisation to a plot, close a plot, or add a planned company."""
    parameters = dict(base.parameters)
    rows = build_problem(min_score=parameters.get("min_score"), only=parameters.get("organisations"))
    problem = rows.problem
    names = {org.pk: name for name, org in rows.organisations.items()}
    plot_names = {row.pk: name for name, row in rows.plots.items()}
    # A variant of a variant keeps the earlier what-ifs: replay its pins and closures first.
    pins, closed = [list(pair) for pair in parameters.get("pins", [])], list(parameters.get("closed", []))
    for organisation_pk, plot_pk in pins:
        if organisation_pk in names and plot_pk in plot_names:
            problem = pin(problem, names[organisation_pk], plot_names[plot_pk])
    for plot_pk in closed:
        if plot_pk in plot_names:
            problem = close_plot(problem, plot_names[plot_pk])
    if kind == AllocationRun.Kind.PIN:
        if organisation is None or organisation.pk not in names:
            raise ValueError("Pick a company that has a plot requirement.")
        problem = pin(problem, names[organisation.pk], row_name(plot))
        pins.append([organisation.pk, plot.pk])
        label = f"{organisation.name} → {plot.identifier}"
    elif kind == AllocationRun.Kind.CLOSE:
        problem = close_plot(problem, row_name(plot))
        closed.append(plot.pk)
        label = f"{plot.identifier} closed"
    elif kind == AllocationRun.Kind.ADD:
        requirement = getattr(organisation, "plot_requirement", None)
        if requirement is None:
            raise ValueError(f"{organisation} has no plot requirement: add one (area, zoning, utilities) first.")
        if organisation.pk in names:
            raise ValueError(f"{organisation} is already in the allocation.")
        name = organisation.name if organisation.name not in rows.organisations else f"{organisation.name} #{organisation.pk}"
        company = Company(name, requirement.area_m2, _zoning_token(requirement.zoning_list), dict(requirement.needs), requirement.hazard_separation_m, planned=True)
        # Plots must accept the newcomer's zoning token too.
        token = company.zoning_class
        plots = tuple(
            Plot(p.name, p.area_m2, p.zoning_classes | ({token} if rows.plots[p.name].zoning_class in token.split("|") else set()), p.utilities, p.connection_cost_eur_per_year, p.yearly_price_eur, p.lon, p.lat, p.distance_to_sensitive_m, p.closed)
            for p in problem.plots
        )
        problem = AllocationProblem(problem.companies, plots, problem.flows, problem.distance_m, problem.unused_area_eur_per_m2_year)
        flows = flow_rows([*names, organisation.pk], min_score=parameters.get("min_score"))
        new_flows = [f for f in flows if organisation.pk in (f["source"], f["target"])]
        all_names = {**names, organisation.pk: name}
        problem = add_company(problem, company, [Flow(all_names[f["source"]], all_names[f["target"]], f["tonnes_per_year"], costs.transport_eur_per_tkm(f["mode"]), mode=f["mode"]) for f in new_flows])
        rows = ProblemRows(problem, {**rows.organisations, name: organisation}, rows.plots, rows.flows + new_flows)
        label = f"+ {organisation.name}"
    else:
        raise ValueError(f"Unknown what-if {kind!r}; use pin, close or add.")
    rows = ProblemRows(problem, rows.organisations, rows.plots, rows.flows)
    allocation = allocate(problem, time_limit_s=float(parameters.get("time_limit_s", 5.0)), seed=base.seed)
    parameters |= {"organisations": sorted(org.pk for org in rows.organisations.values()), "what_if": kind, "organisation": getattr(organisation, "pk", None), "plot": getattr(plot, "pk", None), "pins": pins, "closed": closed}
    return store_run(rows, allocation, parameters=parameters, seed=base.seed, user=user, base=base, kind=kind, label=label)


def run_to_engine(run: AllocationRun):
    """The stored run as an engine Allocation, for :func:`compare`."""
    from veturi.engine.allocation import Allocation, Placement

    placements = tuple(
        Placement(p.company_name, row_name(p.plot), p.transport_eur_per_year, p.fit_eur_per_year, p.unused_area_m2, tuple(p.utilities_ready), tuple(p.utilities_to_build))
        for p in run.placements.select_related("plot")
    )
    nan = float("nan")
    return Allocation(
        placements, run.transport_eur_per_year or 0.0, run.fit_eur_per_year or 0.0, run.objective_eur_per_year if run.objective_eur_per_year is not None else nan,
        run.bound_eur_per_year or 0.0, run.gap_percent or 0.0, run.status, tuple(run.conflicts), run.seconds, run.method,
    )


def compare_runs(before: AllocationRun, after: AllocationRun):
    return compare(run_to_engine(before), run_to_engine(after))
