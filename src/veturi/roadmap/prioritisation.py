"""Value networks as the prioritisation engine sees them, ranked, with the sensitivity chart.

The adapter between ``ValueNetwork`` rows (with their members, hypotheses, plots and
infrastructure) and :func:`veturi.engine.prioritisation.prioritise_networks`.
"""

from __future__ import annotations

from django.db.models import Q

from veturi.engine.prioritisation import (
    NETWORK_CRITERIA,
    NETWORK_DEFAULT_WEIGHTS,
    NetworkProfile,
    Prioritisation,
    prioritise_networks,
)
from veturi.engine.ranking import ENGAGEMENT_STAGES, sensitivity_svg
from veturi.organisations.models import Organisation
from veturi.plots.models import InfrastructureAsset, InfrastructureStatus, Plot, PlotStatus
from veturi.roadmap.building import INFRASTRUCTURE_DEFAULTS, is_new, needed_infrastructure, network_members
from veturi.valuenets.models import Hypothesis, ValueNetwork, readiness_of

CRITERIA = NETWORK_CRITERIA
DEFAULT_WEIGHTS = NETWORK_DEFAULT_WEIGHTS


def network_profile(network: ValueNetwork, free_area_m2: float, *, members=None, hypotheses=None, assets=None) -> NetworkProfile:
    """One network's figures: impact from the network, feasibility from its hypotheses, its
    locomotives' engagement stage, the free plot area against what its new members need, and
    the share of the infrastructure it needs that exists; cost = new members' investment plus
    the planned infrastructure's assumed cost. ``members`` (with sites, candidate and plot
    requirement), the ``hypotheses`` in its scope and every infrastructure ``assets`` are read
    here when not given (``prioritise`` reads them once for every network)."""
    members = network_members(network) if members is None else members
    counts = (network.readiness() if hypotheses is None else readiness_of(hypotheses))["counts"]
    stages = [m.engagement_stage for m in members if m.pk in network.locomotives and m.engagement_stage in ENGAGEMENT_STAGES]
    stage = max(stages, key=ENGAGEMENT_STAGES.index) if stages else ""
    new_members = [m for m in members if is_new(m)]
    need_m2 = sum(getattr(getattr(m, "plot_requirement", None), "area_m2", 0) or 0 for m in new_members)
    need_m2 += sum(getattr(getattr(m, "locomotive_candidate", None), "plot_need_m2", 0) or 0
                   for m in new_members if getattr(m, "plot_requirement", None) is None)
    land_ready = 1.0 if need_m2 <= 0 else min(1.0, free_area_m2 / need_m2)
    assets = needed_infrastructure(network, members, assets)
    planned = [a for a in assets if a.status == InfrastructureStatus.PLANNED]
    infrastructure_ready = 1.0 if not assets else 1 - len(planned) / len(assets)
    investment = sum(getattr(getattr(m, "locomotive_candidate", None), "investment_eur", 0) or 0 for m in new_members)
    investment += sum(INFRASTRUCTURE_DEFAULTS[a.kind][1] * 1e6 for a in planned if a.kind in INFRASTRUCTURE_DEFAULTS)
    return NetworkProfile(
        key=str(network.pk), name=network.name, value_eur_per_year=float(network.value_eur_per_year),
        co2_t_per_year=float(network.co2_t_per_year), jobs=float(network.jobs),
        hypotheses_validated=counts.get("validated", 0), hypotheses_total=sum(counts.values()),
        locomotive_stage=stage, land_ready=round(land_ready, 6), infrastructure_ready=round(infrastructure_ready, 6),
        investment_eur=float(investment),
    )


def current_networks():
    return ValueNetwork.objects.filter(current=True).order_by("pk")


def prioritise(networks=None, *, weights=None, method: str = "topsis", sensitivity_runs: int = 200, seed: int = 0) -> Prioritisation:
    """Rank the (current) value networks; raises ``ValueError`` with a clear message on bad weights or too few networks."""
    networks = list(current_networks() if networks is None else networks)
    if len(networks) < 2:
        raise ValueError(f"prioritisation needs at least 2 value networks, the data have {len(networks)}")
    free_area = sum(Plot.objects.filter(status=PlotStatus.AVAILABLE).values_list("area_m2", flat=True))
    # Members, hypotheses and assets of every network in four queries, not a few per network and member.
    organisations = Organisation.objects.filter(pk__in={pk for n in networks for pk in n.members}).select_related(
        "locomotive_candidate", "plot_requirement").prefetch_related("sites").in_bulk()
    locomotives = {pk for n in networks for pk in n.locomotives}
    hypotheses = list(Hypothesis.objects.filter(Q(network__in=networks) | Q(locomotive_id__in=locomotives)))
    assets = list(InfrastructureAsset.objects.order_by("pk"))
    profiles = [
        network_profile(n, free_area, members=[organisations[pk] for pk in sorted(n.members) if pk in organisations], assets=assets,
                        hypotheses=[h for h in hypotheses if h.network_id == n.pk or h.locomotive_id in n.locomotives])
        for n in networks
    ]
    return prioritise_networks(profiles, weights, method=method, sensitivity_runs=sensitivity_runs, seed=seed)


def networks_in_order(result: Prioritisation) -> list[ValueNetwork]:
    order = [int(c.organisation) for c in result.ranking.candidates]
    by_pk = ValueNetwork.objects.in_bulk(order)
    return [by_pk[pk] for pk in order if pk in by_pk]


def chart(result: Prioritisation) -> str:
    """The sensitivity chart (SVG text) with criterion and network names as labels."""
    if result.sensitivity is None:
        return ""
    labels = {c.id: c.name for c in result.table.criteria}
    labels.update(zip(result.table.alternatives, result.table.names))
    return sensitivity_svg(result.sensitivity, labels=labels)
