"""Plan against actual: the roadmap's planned yearly impacts of each network against realised exchanges.

*Plan.* A network's exchanges start when its "exchanges start" activity finishes in the
roadmap's latest plan; from that month on they yield the activity's yearly impacts (CO2,
value, waste diverted, virgin material, energy and water), pro rata per month.

*Actual.* Each monitoring entry counts in the year its period starts: realised value and CO2
as entered, or the quantity times the proposal's value and CO2 per unit; the quantity itself
as waste diverted or virgin material (t, by whether the output has a waste code), energy
(MWh) or water (m3) by the exchange's unit. An exchange belongs to the first network of the
roadmap that contains it (the order the activities were built in), so overlapping networks
are not counted twice, as in the plan. Entries of exchanges in none of the roadmap's
networks are shown apart.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from veturi.roadmap.models import ActivityKind, MonitoringEntry, Roadmap
from veturi.valuenets.models import MIN_MEMBERS_FOR_SHARED_FIGURES

#: KPI id -> (label, unit, activity field of the plan).
KPIS = {
    "co2_t": (_("CO2 avoided"), "t", "co2_t_per_year"),
    "value_eur": (_("Value"), "€", "value_eur_per_year"),
    "waste_diverted_t": (_("Waste diverted"), "t", "waste_diverted_t_per_year"),
    "virgin_material_t": (_("Virgin material saved"), "t", "virgin_material_t_per_year"),
    "energy_mwh": (_("Energy recirculated"), "MWh", "energy_recirculated_mwh_per_year"),
    "water_m3": (_("Water recirculated"), "m³", "water_recirculated_m3_per_year"),
}
OUTSIDE = "outside"


def entry_kpis(entry: MonitoringEntry) -> dict[str, float]:
    """What one entry realised, by KPI (KPIs without a figure are left out)."""
    values = {}
    value, co2 = entry.realised_value_eur(), entry.realised_co2_t()
    if value is not None:
        values["value_eur"] = value
    if co2 is not None:
        values["co2_t"] = co2
    unit = (entry.unit or "").split("/")[0].strip().lower()
    if unit == "t":
        waste = bool(entry.proposal and entry.proposal.output.ewc_code)
        values["waste_diverted_t" if waste else "virgin_material_t"] = entry.quantity
    elif unit == "mwh":
        values["energy_mwh"] = entry.quantity
    elif unit in ("m3", "m³"):
        values["water_m3"] = entry.quantity
    return values


def _months_running_in(year_index: int, from_month: int) -> int:
    return max(0, min(12, 12 * (year_index + 1) - max(from_month, 12 * year_index)))


def plan_vs_actual(roadmap: Roadmap, entries=None, *, user=None) -> dict:
    """Per network and per KPI, per roadmap year: plan and actual.

    Returns ``{"years": [...], "networks": [{"network", "name", "shown", "kpis": {kpi: [(year, plan, actual)]}}],
    "totals": {kpi: [(year, plan, actual)]}, "outside": {kpi: [(year, actual)]}}``. ``entries``
    defaults to every entry; a company passes its own. Viewers (``user.is_viewer``) get no
    figures for networks of fewer than three members.
    """
    years = list(range(roadmap.first_year, roadmap.first_year + roadmap.years))
    solve = roadmap.solves.filter(status__in=["optimal", "feasible"]).first()
    planned = {p.activity_id: p for p in solve.planned.all()} if solve else {}
    activities = list(roadmap.activities.filter(kind=ActivityKind.EXCHANGE_STARTS, network__isnull=False)
                      .select_related("network").order_by("pk"))
    owner: dict[int, int] = {}  # proposal pk -> network pk (first network of the roadmap containing it)
    networks = {}
    for activity in activities:
        network = activity.network
        networks.setdefault(network.pk, {"network": network, "activities": []})["activities"].append(activity)
        for proposal_pk in network.exchanges:
            owner.setdefault(proposal_pk, network.pk)
    plan = defaultdict(lambda: defaultdict(float))  # (network, kpi) -> year -> value
    for pk, item in networks.items():
        for activity in item["activities"]:
            p = planned.get(activity.pk)
            if p is None:
                continue
            for y, year in enumerate(years):
                share = _months_running_in(y, p.finish_month) / 12
                for kpi, (_label, _unit, field) in KPIS.items():
                    plan[pk, kpi][year] += share * getattr(activity, field)
    actual = defaultdict(lambda: defaultdict(float))
    entries = MonitoringEntry.objects.all() if entries is None else entries
    for entry in entries.select_related("proposal__output"):
        year = entry.period_start.year
        network_pk = owner.get(entry.proposal_id, OUTSIDE)
        for kpi, value in entry_kpis(entry).items():
            actual[network_pk, kpi][year] += value
    hide_small = bool(user is not None and getattr(user, "is_viewer", False))
    rows = []
    for pk, item in networks.items():
        network = item["network"]
        shown = not hide_small or len(network.members) >= MIN_MEMBERS_FOR_SHARED_FIGURES
        kpis = {kpi: [(year, plan[pk, kpi].get(year, 0.0), actual[pk, kpi].get(year)) for year in years] for kpi in KPIS}
        rows.append({"network": network, "name": network.name, "shown": shown, "kpis": kpis if shown else {}})
    totals = {
        kpi: [(year, sum(plan[pk, kpi].get(year, 0.0) for pk in networks),
               _sum_or_none([actual[pk, kpi].get(year) for pk in networks])) for year in years]
        for kpi in KPIS
    }
    outside = {kpi: [(year, actual[OUTSIDE, kpi].get(year)) for year in years] for kpi in KPIS}
    return {"years": years, "networks": rows, "totals": totals, "outside": outside, "solve": solve}


def _sum_or_none(values):
    known = [v for v in values if v is not None]
    return sum(known) if known else None
