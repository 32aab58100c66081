"""A plug-and-play offer for one locomotive: the best plots, utilities, partners and the value per year.

Each open plot is tried by pinning the company to it, with its partners pinned where they stand,
and asking the engine for the cost there (or why it cannot go there).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from veturi.engine import geo
from veturi.engine.allocation import AllocationProblem, Company, Flow, allocate
from veturi.plots.models import Plot as PlotRow
from veturi.plots.models import PlotStatus
from veturi.plugplay import costs
from veturi.plugplay.adapters import _zoning_token, flow_rows, plot_to_engine, row_name, tenant_plots
from veturi.plugplay.models import AllocationRun, Contract

# Road freight emissions per tonne-kilometre (kg CO2), for the transport a flow needs.
TRANSPORT_KG_CO2_PER_TKM = {"road": 0.08, "rail": 0.02, "pipe": 0.005, "conveyor": 0.005}
SHOWN_PLOTS = 3


@dataclass
class PlotOption:
    plot: PlotRow
    fit_eur_per_year: float
    transport_eur_per_year: float
    unused_area_m2: float
    utilities_ready: list[str]
    utilities_to_build: list[tuple[str, float, float]]  # kind, one-off €, €/a
    partner_distances_m: list[tuple[str, float]]
    why: list[str]

    @property
    def total_eur_per_year(self) -> float:
        return self.fit_eur_per_year + self.transport_eur_per_year


@dataclass
class PartnerFlow:
    partner: object
    direction: str  # "sends" or "receives"
    tonnes_per_year: float
    value_eur_per_year: float
    co2_t_per_year: float
    mode: str
    plot: PlotRow | None
    # What the flow's proposals claim before competing ones share out a supply or demand.
    claimed_value_eur_per_year: float = 0.0
    claimed_co2_t_per_year: float = 0.0


@dataclass
class Offer:
    organisation: object
    requirement: object
    options: list[PlotOption]
    refused: list[tuple[PlotRow, str]]
    partners: list[PartnerFlow]
    value_eur_per_year: float = 0.0
    co2_t_per_year: float = 0.0
    claimed_value_eur_per_year: float = 0.0
    claimed_co2_t_per_year: float = 0.0
    transport_eur_per_year: float = 0.0
    transport_co2_t_per_year: float = 0.0
    net_eur_per_year: float = 0.0
    net_co2_t_per_year: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def best(self) -> PlotOption | None:
        return self.options[0] if self.options else None


def partner_plots(organisation_ids) -> dict[int, PlotRow]:
    """Where the partners stand: on their site's plot, else on their plot in the latest allocation."""
    located = tenant_plots()
    latest = AllocationRun.objects.filter(base=None).exclude(status="infeasible").first()
    if latest is not None:
        for placement in latest.placements.all():
            located.setdefault(placement.organisation_id, placement.plot_id)
    for contract in Contract.objects.filter(holds_plot=True):
        located[contract.organisation_id] = contract.plot_id
    ids = {located[pk] for pk in organisation_ids if pk in located}
    rows = PlotRow.objects.prefetch_related("utilities").in_bulk(ids)
    return {pk: rows[located[pk]] for pk in organisation_ids if pk in located and located[pk] in rows}


# The offer counts the flows the latest allocation counted, unless told otherwise.
FROM_LATEST_RUN = object()


def latest_min_score() -> float | None:
    """The minimum score of the latest allocation run (None: agreed exchanges only)."""
    latest = AllocationRun.objects.filter(base=None).exclude(status="infeasible").first()
    return latest.parameters.get("min_score") if latest is not None else None


def build_offer(organisation, *, min_score=FROM_LATEST_RUN, time_limit_s: float = 1.0) -> Offer:
    """The offer for ``organisation``; ``min_score`` as for the allocation (by default the latest run's)."""
    if min_score is FROM_LATEST_RUN:
        min_score = latest_min_score()
    requirement = getattr(organisation, "plot_requirement", None)
    if requirement is None:
        raise ValueError(_("%(org)s has no plot requirement: add its area, zoning and utility needs first.") % {"org": organisation})
    from veturi.organisations.models import Organisation

    everyone = list(Organisation.objects.values_list("pk", flat=True))
    flows = [f for f in flow_rows(everyone, min_score=min_score) if organisation.pk in (f["source"], f["target"])]
    partner_ids = sorted({f["target"] if f["source"] == organisation.pk else f["source"] for f in flows})
    partners_by_pk = Organisation.objects.in_bulk(partner_ids)
    located = partner_plots(partner_ids)
    counted = counted_proposals([pk for f in flows for pk in f["proposals"]])
    partners = [
        PartnerFlow(
            partner=partners_by_pk[f["target"] if f["source"] == organisation.pk else f["source"]],
            direction="sends" if f["source"] == organisation.pk else "receives",
            tonnes_per_year=f["tonnes_per_year"],
            value_eur_per_year=sum(counted[pk][0] for pk in f["proposals"]), co2_t_per_year=sum(counted[pk][1] for pk in f["proposals"]),
            mode=f["mode"], plot=located.get(f["target"] if f["source"] == organisation.pk else f["source"]),
            claimed_value_eur_per_year=f["value_eur_per_year"], claimed_co2_t_per_year=f["co2_t_per_year"],
        )
        for f in flows
    ]
    own_plot = tenant_plots().get(organisation.pk)
    taken = set(Contract.objects.filter(holds_plot=True).exclude(organisation=organisation).values_list("plot_id", flat=True))
    candidates = [
        row for row in PlotRow.objects.select_related("zone").prefetch_related("utilities")
        if row.pk not in taken and (row.status == PlotStatus.AVAILABLE or row.pk == own_plot)
        and row.pk not in {p.pk for p in located.values()}
    ]
    token = _zoning_token(requirement.zoning_list)
    company_name = f"{organisation.name} #{organisation.pk}"
    partner_names = {pk: f"{partners_by_pk[pk].name} #{pk}" for pk in located}
    partner_plot_rows = {row.pk: row for row in located.values()}
    engine_plots = [plot_to_engine(row, {token}, closed=False) for row in [*candidates, *partner_plot_rows.values()]]
    companies = [Company(partner_names[pk], 0.0, "-", plot=row_name(located[pk])) for pk in located]
    engine_flows = [
        Flow(
            company_name if f["source"] == organisation.pk else partner_names[f["source"]],
            company_name if f["target"] == organisation.pk else partner_names[f["target"]],
            f["tonnes_per_year"], costs.transport_eur_per_tkm(f["mode"]), mode=f["mode"],
        )
        for f in flows
        if (f["target"] if f["source"] == organisation.pk else f["source"]) in located
    ]
    options, refused = [], []
    for row in candidates:
        # Partners stand on plots zoned for anything ("-" is their token): they are fixed, not fitted.
        plots = [p if p.name in {row_name(r) for r in partner_plot_rows.values()} else p for p in engine_plots]
        plots = [_with_token(p, "-") if p.name in {row_name(r) for r in partner_plot_rows.values()} else p for p in plots]
        me = Company(company_name, requirement.area_m2, token, {k: float(v) for k, v in requirement.needs.items()}, requirement.hazard_separation_m, plot=row_name(row))
        problem = AllocationProblem(tuple([me, *companies]), tuple(plots), tuple(engine_flows))
        result = allocate(problem, time_limit_s=time_limit_s, seed=0)
        if result.status == "infeasible":
            refused.append((row, "; ".join(result.conflicts)))
            continue
        placement = next(p for p in result.placements if p.company == company_name)
        to_build = []
        for kind in placement.utilities_to_build:
            amount = float(requirement.needs.get(kind, 0))
            to_build.append((kind, costs.connection_eur(kind, amount) or 0.0, costs.connection_eur_per_year(kind, amount) or 0.0))
        fit = placement.fit_eur_per_year - sum(costs.connection_eur_per_year(kind, 1.0) or 0.0 for kind in placement.utilities_to_build) + sum(c[2] for c in to_build)
        transport = result.transport_eur_per_year
        lon, lat = geo.centroid(row.geometry)
        distances = []
        for pk, partner_row in located.items():
            plon, plat = geo.centroid(partner_row.geometry)
            distances.append((partners_by_pk[pk].name, geo.distance_m(lon, lat, plon, plat)))
        option = PlotOption(row, fit, transport, placement.unused_area_m2, list(placement.utilities_ready), to_build, sorted(distances, key=lambda d: d[1]), [])
        option.why = _reasons(option, row)
        options.append(option)
    options.sort(key=lambda o: (o.total_eur_per_year, o.plot.identifier))
    offer = Offer(organisation, requirement, options[:SHOWN_PLOTS], refused, partners)
    if min_score is not None:
        offer.notes.append(_("Partners are the live proposals scoring at least %(score)s, not only agreed exchanges.") % {"score": f"{min_score:g}"})
    _value(offer)
    return offer


def counted_proposals(proposal_pks) -> dict[int, tuple[float, float]]:
    """Value and CO2 per year of each proposal, each supply and demand counted once among them.

    Several proposals may want the same output (or feed the same input), each assuming it gets
    all of it; the engine's :func:`count_once` shares each supply and demand out best first
    (agreed before proposed, then by score), as the value-network and roadmap totals do.
    """
    from veturi.engine.networks.totals import count_once
    from veturi.synergies.models import Proposal
    from veturi.valuenets.adapters import exchange_id, exchanges_from_store

    wanted = {exchange_id(pk): pk for pk in set(proposal_pks)}
    if not wanted:
        return {}
    exchanges = {e.id: e for e in exchanges_from_store(wanted.values())}
    edges = [(e.id, {"value": e.value_eur_per_year, "co2": e.co2_t_per_year, "status": e.status, "exchange": e}) for e in exchanges.values()]
    # A proposal that is no exchange (none should be: the flows skip rejected and stale ones) counts whole.
    missing = [pk for key, pk in wanted.items() if key not in exchanges]
    for pk, value, co2 in Proposal.objects.filter(pk__in=missing).values_list("pk", "value_eur_per_year", "co2_t_per_year"):
        edges.append((exchange_id(pk), {"value": value, "co2": co2}))
    totals = count_once(edges)
    values = {key: (data.get("value") or 0.0, data.get("co2") or 0.0) for key, data in edges}
    return {
        pk: (values.get(key, (0.0, 0.0))[0] * totals.shares.get(key, 0.0), values.get(key, (0.0, 0.0))[1] * totals.shares.get(key, 0.0))
        for key, pk in wanted.items()
    }


def _with_token(plot, token):
    from dataclasses import replace

    return replace(plot, zoning_classes=plot.zoning_classes | {token})


def _reasons(option: PlotOption, row: PlotRow) -> list[str]:
    reasons = [_("zoned %(zoning)s, %(area)s m² (%(unused)s m² to spare)") % {"zoning": row.zoning_class or "-", "area": f"{row.area_m2:,.0f}", "unused": f"{option.unused_area_m2:,.0f}"}]
    if option.utilities_ready:
        reasons.append(_("ready: %(list)s") % {"list": ", ".join(option.utilities_ready)})
    if option.utilities_to_build:
        reasons.append(_("to build: %(list)s") % {"list": ", ".join(kind for kind, _once, _year in option.utilities_to_build)})
    if option.partner_distances_m:
        name, metres = option.partner_distances_m[0]
        reasons.append(_("nearest partner %(name)s at %(km).1f km") % {"name": name, "km": metres / 1000})
    return reasons


def claims_overlap(offer: Offer) -> bool:
    """Whether counting each supply and demand once changed the offer's figures (beyond rounding)."""
    return (round(offer.claimed_value_eur_per_year) != round(offer.value_eur_per_year)
            or round(offer.claimed_co2_t_per_year, 1) != round(offer.co2_t_per_year, 1))


def _value(offer: Offer) -> None:
    """Value per year on the best plot, against the same company on a plot without partners."""
    offer.value_eur_per_year = sum(p.value_eur_per_year for p in offer.partners)
    offer.co2_t_per_year = sum(p.co2_t_per_year for p in offer.partners)
    offer.claimed_value_eur_per_year = sum(p.claimed_value_eur_per_year for p in offer.partners)
    offer.claimed_co2_t_per_year = sum(p.claimed_co2_t_per_year for p in offer.partners)
    if claims_overlap(offer):
        offer.notes.append(_(
            "Some partners compete for the same supply or demand: each is counted once, best first "
            "(%(value)s €/a and %(co2)s t CO2/a counted of %(claimed_value)s €/a and %(claimed_co2)s t/a claimed)."
        ) % {
            "value": f"{offer.value_eur_per_year:,.0f}", "co2": f"{offer.co2_t_per_year:,.1f}",
            "claimed_value": f"{offer.claimed_value_eur_per_year:,.0f}", "claimed_co2": f"{offer.claimed_co2_t_per_year:,.1f}",
        })
    best = offer.best
    if best is None:
        offer.notes.append(_("No open plot fits this company."))
        return
    offer.transport_eur_per_year = best.transport_eur_per_year
    distances = dict(best.partner_distances_m)
    offer.transport_co2_t_per_year = sum(
        p.tonnes_per_year * distances.get(p.partner.name, 0.0) / 1000 * TRANSPORT_KG_CO2_PER_TKM.get(costs.transport_mode(p.mode), 0.08) / 1000 for p in offer.partners
    )
    # Without partners the company pays the same for its plot and gains nothing from exchanges.
    offer.net_eur_per_year = offer.value_eur_per_year - offer.transport_eur_per_year
    offer.net_co2_t_per_year = offer.co2_t_per_year - offer.transport_co2_t_per_year
    unlocated = [p.partner.name for p in offer.partners if p.plot is None]
    if unlocated:
        offer.notes.append(_("Partners without a plot yet (transport not counted): %(names)s") % {"names": ", ".join(sorted(set(unlocated)))})
