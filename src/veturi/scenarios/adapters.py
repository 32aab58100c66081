"""The one module that knows both the scenario rows and the engine.

* :func:`scenario_to_engine` turns a ``Scenario`` (its roadmap's activities with their planned
  starts and impacts, and its assumptions) into the engine's ``Scenario``;
* :func:`simulate_and_store` runs the Monte Carlo simulation and stores the result;
* :func:`park_data` gathers the figures the IFEIP indicators read (from realised exchanges,
  monitoring entries, value networks, the roadmap and the office's own figures) and
  :func:`assess_park` gives each indicator's status.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from veturi.engine import kpis as kpi_engine
from veturi.engine.scenarios import (
    Delay,
    Occurrence,
    QuantityRange,
    Scenario as EngineScenario,
    ScenarioActivity,
    distribution_from_dict,
    simulate,
)
from veturi.roadmap.models import ActivityKind, RoadmapActivity, SolveStatus
from veturi.scenarios.models import ParkFigure, Scenario, SimulationResult


class ScenarioInputError(ValueError):
    """The scenario cannot be simulated; the message names the activity, assumption or field."""


@dataclass
class EngineInput:
    """The engine scenario and what the adapter assumed building it."""

    scenario: EngineScenario
    notes: list[str] = field(default_factory=list)
    plan: str = ""


def _group(network_pk: int) -> str:
    # Cannot collide with an activity name: roadmap activity names are free text, but a
    # group name carries a prefix no builder uses.
    return f"network#{network_pk}"


def _synergy_counts(activities: list[RoadmapActivity]) -> dict[int, float]:
    """Realised synergies each "exchanges start" activity brings: the distinct output streams its
    network's exchanges supply (competing proposals for one output count once), not counted by
    an earlier activity (overlapping networks share exchanges); 1 without a network."""
    from veturi.synergies.models import Proposal

    counted: set[int] = set()
    counts: dict[int, float] = {}
    for activity in activities:
        if activity.kind != ActivityKind.EXCHANGE_STARTS:
            continue
        if not (activity.network_id and activity.network.exchanges):
            counts[activity.pk] = 1.0
            continue
        outputs = set(Proposal.objects.filter(pk__in=activity.network.exchanges).values_list("output_id", flat=True)) - counted
        counted |= outputs
        counts[activity.pk] = float(len(outputs))
    return counts


def _impacts(activity: RoadmapActivity, incineration_share: float, synergies: float) -> dict[str, float]:
    waste = float(activity.waste_diverted_t_per_year or 0)
    impacts = {
        "jobs": float(activity.jobs or 0),
        "investment_eur": float(activity.investment_eur or 0),
        "co2_avoided_t": float(activity.co2_t_per_year or 0),
        "virgin_material_saved_t": float(activity.virgin_material_t_per_year or 0),
        "waste_diverted_landfill_t": waste * (1 - incineration_share),
        "waste_diverted_incineration_t": waste * incineration_share,
        "energy_recirculated_mwh": float(activity.energy_recirculated_mwh_per_year or 0),
        "water_recirculated_m3": float(activity.water_recirculated_m3_per_year or 0),
        "land_use_ha": float(activity.land_ha or 0),
        "synergies_realised": synergies,
    }
    return {k: v for k, v in impacts.items() if v}


def scenario_to_engine(scenario: Scenario) -> EngineInput:
    """The engine's scenario for a stored one.

    Starts come from the roadmap's latest solve with a plan (activities it left out are left
    out here too); without one, from the activities' earliest starts (the engine then pushes
    each activity behind its predecessors). Raises :class:`ScenarioInputError` naming what
    is wrong.
    """
    roadmap = scenario.roadmap
    if roadmap is None:
        raise ScenarioInputError("the scenario has no roadmap: choose the roadmap it is about")
    activities = list(roadmap.activities.order_by("pk").select_related("network").prefetch_related("predecessors"))
    if not activities:
        raise ScenarioInputError(f"roadmap {roadmap.name!r} has no activities yet")
    notes: list[str] = []
    solve = roadmap.solves.filter(status__in=(SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)).first()
    if solve is not None:
        starts = {p.activity_id: p.start_month for p in solve.planned.all()}
        plan = f"solve of {solve.created_at:%Y-%m-%d %H:%M} ({solve.get_status_display()})"
        left_out = [a.name for a in activities if a.pk not in starts]
        if left_out:
            notes.append(f"{len(left_out)} activities the plan leaves out are not simulated: {', '.join(left_out[:5])}"
                         + (" ..." if len(left_out) > 5 else ""))
        if solve.is_stale:
            notes.append("the roadmap changed since its last solve: the planned starts may be out of date")
    else:
        starts = {a.pk: a.earliest_start_month for a in activities}
        plan = "earliest starts (the roadmap has no solved plan)"
        notes.append("the roadmap has no solved plan: activities start at their earliest start, behind their predecessors")
    kept = [a for a in activities if a.pk in starts]
    kept_pks = {a.pk for a in kept}
    share = float(scenario.waste_to_incineration_share)
    synergies = _synergy_counts(sorted(kept, key=lambda a: (starts[a.pk], a.pk)))
    engine_activities = [
        ScenarioActivity(
            name=a.name, start_month=float(starts[a.pk]), duration_months=float(a.duration_months),
            impacts=_impacts(a, share, synergies.get(a.pk, 0.0)),
            predecessors=tuple(sorted(p.name for p in a.predecessors.all() if p.pk in kept_pks)),
            group=_group(a.network_id) if a.network_id else "",
        )
        for a in kept
    ]
    groups = {a.group for a in engine_activities if a.group}
    by_pk = {a.pk: a for a in kept}
    occurrences: dict[str, float] = {}
    delays, quantities = [], []
    ignored: list[str] = []
    for assumption in scenario.assumptions.select_related("activity", "network").order_by("pk"):
        label = assumption.target_label
        if assumption.activity_id:
            if assumption.activity_id not in by_pk:
                ignored.append(label)
                continue
            target = by_pk[assumption.activity_id].name
        else:
            target = _group(assumption.network_id)
            if target not in groups:
                notes.append(f"assumption on network {label!r} ignored: no activity of the roadmap belongs to it")
                continue
        if target in occurrences:
            raise ScenarioInputError(f"assumption on {label!r}: its probability is given twice")
        try:
            if assumption.probability < 1:
                occurrences[target] = float(assumption.probability)
            delay = assumption.delay_spec()
            if delay:
                delays.append(Delay(target, distribution_from_dict(delay, where=f"delay of {label!r}")))
            quantity = assumption.quantity_spec()
            if quantity:
                quantities.append(QuantityRange(assumption.quantity_kpi, distribution_from_dict(
                    quantity, where=f"quantity range of {label!r}"), target=target))
        except ValueError as exc:
            raise ScenarioInputError(f"assumption on {label!r}: {exc}") from exc
    if ignored:
        notes.append(f"{len(ignored)} assumptions on activities the plan leaves out are ignored: {', '.join(ignored[:3])}"
                     + (" ..." if len(ignored) > 3 else ""))
    try:
        engine = EngineScenario(
            tuple(engine_activities), occurrences=tuple(Occurrence(t, p) for t, p in occurrences.items()),
            delays=tuple(delays), quantities=tuple(quantities), years=int(roadmap.years),
            start_year=int(roadmap.first_year), name=scenario.name,
        )
    except ValueError as exc:
        raise ScenarioInputError(str(exc)) from exc
    return EngineInput(engine, notes, plan)


def fingerprint(engine: EngineScenario, runs: int, seed: int) -> str:
    """A digest of everything the simulation reads."""
    payload = {
        "runs": runs, "seed": seed, "years": engine.years, "start_year": engine.start_year,
        "activities": [[a.name, a.start_month, a.duration_months, sorted(a.impacts.items()), list(a.predecessors), a.group]
                       for a in engine.activities],
        "occurrences": [[o.target, o.probability] for o in engine.occurrences],
        "delays": [[d.target, d.distribution.as_dict()] for d in engine.delays],
        "quantities": [[q.kpi, q.target, q.distribution.as_dict()] for q in engine.quantities],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def current_fingerprint(scenario: Scenario) -> str | None:
    """The fingerprint the scenario would have now (``None`` when it cannot be simulated)."""
    try:
        built = scenario_to_engine(scenario)
    except ScenarioInputError:
        return None
    return fingerprint(built.scenario, scenario.runs, scenario.seed)


def simulate_and_store(scenario: Scenario, *, runs: int | None = None, seed: int | None = None, user=None,
                       progress: Callable[[int, int], None] | None = None, reuse: bool = False) -> tuple[SimulationResult, bool]:
    """Simulate the scenario and store the result; with ``reuse``, an unchanged scenario keeps
    its last result. Returns the result and whether it was reused."""
    runs = int(scenario.runs if runs is None else runs)
    seed = int(scenario.seed if seed is None else seed)
    built = scenario_to_engine(scenario)
    digest = fingerprint(built.scenario, runs, seed)
    if reuse:
        last = scenario.results.filter(fingerprint=digest).first()
        if last is not None:
            return last, True
    try:
        result = simulate(built.scenario, runs=runs, seed=seed, progress=progress)
    except ValueError as exc:
        raise ScenarioInputError(str(exc)) from exc
    stored = result.as_dict()
    stored["plan"] = built.plan
    with transaction.atomic():
        row = SimulationResult.objects.create(
            scenario=scenario, created_by=user, runs=runs, seed=seed, seconds=round(result.seconds, 4),
            years=list(result.years), result=stored, notes=built.notes, fingerprint=digest,
        )
    return row, False


# --- The IFEIP framework table ----------------------------------------------------------------

#: Park figures computed from the data (not entered by the office).
COMPUTED_METRICS = (
    "synergies_realised", "co2_avoided_t", "value_eur_per_year", "energy_recirculated_mwh", "water_recirculated_m3",
    "virgin_material_saved_t", "waste_reused_share", "monitored_exchange_share", "jobs", "investment_eur",
)


#: Computed figures that add up companies' exchanges: withheld from viewers while fewer than
#: :data:`MIN_COMPANIES_FOR_VIEWERS` companies take part (one company's deal must not show).
EXCHANGE_METRICS = (
    "co2_avoided_t", "value_eur_per_year", "energy_recirculated_mwh", "water_recirculated_m3", "virgin_material_saved_t",
    "waste_reused_share",
)
MIN_COMPANIES_FOR_VIEWERS = 3


def companies_in_realised_exchanges() -> int:
    from veturi.synergies.models import Proposal, ProposalStatus

    pairs = Proposal.objects.filter(status=ProposalStatus.REALISED).values_list(
        "output__site__organisation_id", "input__site__organisation_id")
    return len({pk for pair in pairs for pk in pair})


def realised_exchange_flows(proposals) -> list[kpi_engine.ExchangeFlow]:
    """Realised exchanges as the KPI engine's flows: the agreed quantity per year, CO2 per unit
    from the proposal's yearly CO2 (transport already deducted by matching); a mass whose
    output has a waste code is diverted waste, any other mass replaces a virgin material."""
    flows = []
    for p in proposals:
        quantity, unit = float(p.quantity_exchanged or 0), p.quantity_unit or ""
        if quantity <= 0 or unit not in ("t/a", "MWh/a", "m3/a"):
            continue
        is_mass = unit == "t/a"
        flows.append(kpi_engine.ExchangeFlow(
            name=str(p.pk), quantity=quantity, unit=unit, co2_factor_t_per_unit=float(p.co2_t_per_year or 0) / quantity,
            substitutes_virgin=is_mass and not p.output.ewc_code,
            diverted_from="incineration" if is_mass and p.output.ewc_code else "",
        ))
    return flows


def computed_figures() -> dict[str, float]:
    """Figures from the stored data: realised exchanges (proposals marked realised) summed by
    :func:`veturi.engine.kpis.exchange_totals`; the share of the park's waste (output streams
    with a waste code, t/a) they reuse; the share of them with monitoring entries; jobs and
    investment of the roadmap activities already finished in the latest plan."""
    import datetime

    from veturi.roadmap.models import MonitoringEntry, Roadmap
    from veturi.streams.models import ResourceStream
    from veturi.synergies.models import Proposal, ProposalStatus

    realised = list(Proposal.objects.filter(status=ProposalStatus.REALISED).select_related("output"))
    figures: dict[str, float] = {}
    if realised:
        totals = kpi_engine.exchange_totals(realised_exchange_flows(realised))
        figures["synergies_realised"] = float(len(realised))
        for metric in ("co2_avoided_t", "energy_recirculated_mwh", "water_recirculated_m3", "virgin_material_saved_t"):
            figures[metric] = totals[metric]
        figures["value_eur_per_year"] = float(sum(p.value_eur_per_year or 0 for p in realised))
        waste = sum(ResourceStream.objects.filter(direction="output", canonical_unit="t/a").exclude(ewc_code="")
                    .values_list("canonical_quantity", flat=True))
        if waste > 0:
            diverted = totals["waste_diverted_incineration_t"] + totals["waste_diverted_landfill_t"]
            figures["waste_reused_share"] = min(1.0, diverted / waste)
        monitored = set(MonitoringEntry.objects.filter(proposal__in=realised).values_list("proposal_id", flat=True))
        figures["monitored_exchange_share"] = len(monitored) / len(realised)
    roadmap = Roadmap.objects.first()
    if roadmap is not None:
        solve = roadmap.solves.filter(status__in=(SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)).first()
        if solve is not None:
            today = datetime.date.today()
            month_now = (today.year - roadmap.first_year) * 12 + today.month - 1
            done = [p.activity for p in solve.planned.select_related("activity") if p.finish_month <= month_now]
            if done:
                figures["jobs"] = float(sum(a.jobs for a in done))
                figures["investment_eur"] = float(sum(a.investment_eur for a in done))
    return figures


def park_data() -> tuple[dict[str, float | bool], dict[str, str]]:
    """Every figure the indicators can read, and where each came from (``computed`` or the
    office's note). The office's figures win over computed ones of the same metric."""
    labels = kpi_engine.metric_labels()
    data: dict[str, float | bool] = {}
    origin: dict[str, str] = {}
    for metric, value in computed_figures().items():
        data[metric] = value
        origin[metric] = "computed"
    for figure in ParkFigure.objects.all():
        if figure.metric not in labels:
            continue
        data[figure.metric] = bool(figure.value) if labels[figure.metric]["unit"] == "yes/no" else figure.value
        origin[figure.metric] = figure.note or "entered by the office"
    return data, origin


def assess_park(user=None) -> tuple[kpi_engine.Assessment, dict[str, str]]:
    """The assessment and each figure's origin. For a viewer, while fewer than three companies
    take part in realised exchanges, the figures that add them up are assessed but their
    values are withheld (origin ``withheld``)."""
    data, origin = park_data()
    assessment = kpi_engine.assess(data)
    if user is not None and not user.is_staff_member and companies_in_realised_exchanges() < MIN_COMPANIES_FOR_VIEWERS:
        hidden = [m for m in EXCHANGE_METRICS if origin.get(m) == "computed"]
        statuses = []
        for status in assessment.statuses:
            values = {m: (None if m in hidden else v) for m, v in status.values.items()}
            failed = tuple(f for f in status.failed if not any(f.startswith(f"{m} ") for m in hidden))
            statuses.append(kpi_engine.IndicatorStatus(status.indicator, status.status, values, status.missing, failed))
        assessment = kpi_engine.Assessment(tuple(statuses))
        origin = {**origin, **{m: "withheld" for m in hidden}}
    return assessment, origin
