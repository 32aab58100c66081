"""Value networks as the prioritisation engine sees them, ranked, with the sensitivity chart.

The adapter between ``ValueNetwork`` rows (with their members, hypotheses, plots and
infrastructure) and :func:`veturi.engine.prioritisation.prioritise_networks`.
"""

from __future__ import annotations

from veturi.engine.prioritisation import (
    NETWORK_CRITERIA,
    NETWORK_DEFAULT_WEIGHTS,
    NetworkProfile,
    Prioritisation,
    prioritise_networks,
)
from veturi.engine.ranking import ENGAGEMENT_STAGES, sensitivity_svg
from veturi.plots.models import InfrastructureStatus, Plot, PlotStatus
from veturi.roadmap.building import INFRASTRUCTURE_DEFAULTS, is_new, needed_infrastructure, network_members
from veturi.valuenets.models import ValueNetwork

CRITERIA = NETWORK_CRITERIA
DEFAULT_WEIGHTS = NETWORK_DEFAULT_WEIGHTS


def network_profile(network: ValueNetwork, free_area_m2: float) -> NetworkProfile:
    """One network's figures: impact from the network, feasibility from its hypotheses, its
    locomotives' engagement stage, the free plot area against what its new members need, and
    the share of the infrastructure it needs that exists; cost = new members' investment plus
    the planned infrastructure's assumed cost."""
    members = network_members(network)
    counts = network.readiness()["counts"]
    stages = [m.engagement_stage for m in members if m.pk in network.locomotives and m.engagement_stage in ENGAGEMENT_STAGES]
    stage = max(stages, key=ENGAGEMENT_STAGES.index) if stages else ""
    new_members = [m for m in members if is_new(m)]
    need_m2 = sum(getattr(getattr(m, "plot_requirement", None), "area_m2", 0) or 0 for m in new_members)
    need_m2 += sum(getattr(getattr(m, "locomotive_candidate", None), "plot_need_m2", 0) or 0
                   for m in new_members if getattr(m, "plot_requirement", None) is None)
    land_ready = 1.0 if need_m2 <= 0 else min(1.0, free_area_m2 / need_m2)
    assets = needed_infrastructure(network, members)
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
    free_area = sum(p.area_m2 for p in Plot.objects.filter(status=PlotStatus.AVAILABLE))
    profiles = [network_profile(n, free_area) for n in networks]
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
