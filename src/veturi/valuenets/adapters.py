"""The one module that knows both the ORM and the network and ranking engines.

Organisations, stored matching proposals (with the office's decisions) and streams become the
engine's synergy graph; the engine's value networks, gaps and summaries become ``ValueNetwork``
rows of an ``AnalysisRun``; candidates, the office's criteria and weights become a stored
``RankingRun``. Unchanged inputs reuse the last run and write nothing (so a second
``veturi demo`` changes nothing); the office's names and curated networks are kept.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from veturi.engine import networks as net
from veturi.engine import ranking as rk
from veturi.organisations.models import NaceActivity, Organisation
from veturi.plots.models import Plot, PlotUtility
from veturi.streams.models import ResourceStream, Site
from veturi.synergies.adapters import organisation_id, organisations_to_engine, rules_to_engine, stream_id, streams_to_engine
from veturi.synergies.models import Proposal, ProposalStatus, SynergyRule
from veturi.valuenets.models import AnalysisRun, Candidate, CriterionScore, CustomCriterion, RankingRun, ValueNetwork

#: Office decisions as the engine's exchange maturity; rejected and stale proposals are no exchange.
EXCHANGE_STATUS = {
    ProposalStatus.PROPOSED: "proposed", ProposalStatus.DISCUSSION: "proposed", ProposalStatus.ACCEPTED: "proposed",
    ProposalStatus.VALIDATED: "validated", ProposalStatus.REALISED: "realised",
}
NETWORK_PARAMETERS = {"method": "louvain", "weight": "value", "resolution": 1.0, "seed": 0, "k": 1}
#: A new community continues a stored one (keeping the office's name) when they share this much.
SAME_COMMUNITY_JACCARD = 0.5


def org_pk(engine_id: str) -> int:
    return int(str(engine_id).rsplit("-", 1)[1])


def exchange_id(proposal_pk: int) -> str:
    return f"proposal-{proposal_pk}"


def _digest(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _engagement(stage: str) -> str:
    return stage if stage in rk.ENGAGEMENT_STAGES else ""


def _in_supply_units(stream: ResourceStream, unit: str, rule, *, demand: bool) -> float | None:
    """A stream's yearly quantity in the exchange's (the rule's supply) unit, None when incomparable."""
    if not stream.canonical_quantity or not stream.canonical_unit:
        return None
    if stream.canonical_unit == unit:
        return stream.canonical_quantity
    if demand and rule is not None and stream.canonical_unit == rule.receive_unit and rule.substitution_ratio:
        return stream.canonical_quantity / rule.substitution_ratio
    return None


def exchanges_from_store(proposal_pks=None) -> list[net.Exchange]:
    """Every live proposal (not stale, not rejected) as an exchange with its maturity.

    Each exchange carries its output's supply and its input's demand in its own unit, so that
    network totals count a supply shared by competing proposals once. ``proposal_pks`` limits
    the load to those proposals.
    """
    rows = Proposal.objects.filter(stale=False, status__in=list(EXCHANGE_STATUS)).select_related("output__site", "input__site").order_by("pk")
    if proposal_pks is not None:
        rows = rows.filter(pk__in=list(proposal_pks))
    rules = {rule.id: rule for rule in rules_to_engine()}
    return [
        net.Exchange(
            id=exchange_id(p.pk), supplier=organisation_id(p.output.site.organisation_id),
            receiver=organisation_id(p.input.site.organisation_id), status=EXCHANGE_STATUS[p.status],
            value_eur_per_year=p.value_eur_per_year, co2_t_per_year=p.co2_t_per_year, rule=p.rule_code,
            output=stream_id(p.output_id), input=stream_id(p.input_id), quantity=p.quantity_exchanged,
            unit=p.quantity_unit, score=p.score,
            supply_quantity=_in_supply_units(p.output, p.quantity_unit, rules.get(p.rule_code), demand=False),
            demand_quantity=_in_supply_units(p.input, p.quantity_unit, rules.get(p.rule_code), demand=True),
        )
        for p in rows
        if p.output.site.organisation_id != p.input.site.organisation_id
    ]


def members_from_store() -> list[net.Member]:
    candidates = {c.organisation_id: c for c in Candidate.objects.all()}
    members = []
    for organisation in Organisation.objects.order_by("pk"):
        candidate = candidates.get(organisation.pk)
        members.append(net.Member(
            organisation=organisation_id(organisation.pk), employees=organisation.employees,
            investment_eur=candidate.investment_eur if candidate else None,
            engagement_stage=_engagement(organisation.engagement_stage), cleantech_category=organisation.cleantech_category,
            locomotive=bool(candidate and candidate.marked_locomotive),
        ))
    return members


class SynergyData:
    """The stored data as the engines see it, read once."""

    def __init__(self):
        self.organisations = organisations_to_engine(Organisation.objects.all())
        self.streams = streams_to_engine(ResourceStream.objects.all())
        self.exchanges = exchanges_from_store()
        self.members = members_from_store()
        self.graph = net.build_synergy_graph(self.organisations, self.exchanges, members=self.members)

    def fingerprint(self, extra=None) -> str:
        return _digest({
            "organisations": [asdict(o) for o in self.organisations], "streams": [asdict(s) for s in self.streams],
            "exchanges": [asdict(e) for e in self.exchanges], "members": [asdict(m) for m in self.members], "extra": extra,
        })


# --- value networks -------------------------------------------------------------------------


def compute_networks(data: SynergyData, *, rules=None, parameters=None) -> tuple[list[dict], float | None]:
    """Every value network of the data as the values of a ``ValueNetwork`` row (``key`` first)."""
    parameters = {**NETWORK_PARAMETERS, **(parameters or {})}
    graph = data.graph
    found: list[tuple[str, object]] = []
    communities = net.find_value_networks(
        graph, weight=parameters["weight"], method=parameters["method"], resolution=parameters["resolution"], seed=parameters["seed"],
    )
    for network in communities.networks:
        found.append(("community", network))
    for filled in net.fill_templates(graph, data.streams, include_empty=False):
        found.append((f"template:{filled.template}", filled))
    locomotives = {m.organisation for m in data.members if m.locomotive}
    for network in communities.networks:
        locomotives.update(net.summarise_network(network, graph).locomotives[:1])
    for locomotive in sorted(locomotives, key=org_pk):
        around = net.neighbourhood(graph, locomotive, k=parameters["k"])
        if len(around.members) > 1:
            found.append((f"neighbourhood:{org_pk(locomotive)}", around))
    rules = rules_to_engine() if rules is None else rules
    return [_network_values(key, item, data, rules or None) for key, item in found], communities.modularity


def _network_values(key: str, item, data: SynergyData, rules) -> dict:
    graph = data.graph
    value_network = item.network if isinstance(item, net.TemplateNetwork) else item
    summary = net.summarise_network(item, graph)
    report = net.find_gaps(item, graph, data.streams, rules)
    roles = {}
    if isinstance(item, net.TemplateNetwork):
        for fill in item.roles:
            for member in fill.members:
                roles.setdefault(member, fill.role)
    locomotives, reason = [org_pk(m) for m in summary.locomotives], summary.locomotive_reason
    if value_network.method == "neighbourhood":
        # The network around a locomotive has that locomotive, whoever trades most inside it.
        centre = value_network.evidence["locomotive"]
        locomotives = [org_pk(centre)]
        reason = f"The network was grown around {graph.nodes[centre].get('name', centre)}."
    edges = []
    inside = set(value_network.exchanges)
    for u, v, exchange, edge in graph.edges(keys=True, data=True):
        if exchange in inside:
            edges.append([org_pk(u), org_pk(v), org_pk(exchange), edge.get("family", ""), edge.get("status", "proposed")])
    edges.sort()
    return {
        "key": key, "engine_name": value_network.name[:200], "method": value_network.method,
        "template": item.template if isinstance(item, net.TemplateNetwork) else "",
        "members": [org_pk(m) for m in value_network.members],
        "locomotives": locomotives, "locomotive_reason": reason,
        "exchanges": sorted(org_pk(e) for e in value_network.exchanges), "edges": edges,
        "roles": [
            {"role": fill.role, "members": [org_pk(m) for m in fill.members], "evidence": list(fill.evidence)}
            for fill in item.roles
        ] if isinstance(item, net.TemplateNetwork) else [],
        "value_eur_per_year": round(summary.value_eur_per_year, 2), "co2_t_per_year": round(summary.co2_t_per_year, 3),
        "jobs": summary.jobs, "jobs_known": summary.jobs_known, "maturity": dict(summary.maturity),
        "explanation": value_network.explanation,
        # What the exchanges claim together, before each supply is counted once: the page shows the overlap.
        "evidence": json.loads(json.dumps({
            **value_network.evidence, "roles_by_member": {str(org_pk(m)): r for m, r in roles.items()},
            "claimed_value_eur_per_year": summary.claimed_value_eur_per_year, "claimed_co2_t_per_year": summary.claimed_co2_t_per_year,
        }, default=str)),
        "gaps": [_gap_row(gap) for gap in report.gaps],
        "value_lost_eur_per_year": round(report.value_lost_eur_per_year, 2), "co2_lost_t_per_year": round(report.co2_lost_t_per_year, 3),
    }


def _gap_row(gap: net.Gap) -> dict:
    organisation = org_pk(gap.organisation) if gap.organisation else None
    subject = org_pk(gap.subject) if gap.kind in ("output", "input") and gap.subject.startswith("stream-") else None
    return {
        "kind": gap.kind, "subject": gap.subject, "stream": subject, "organisation": organisation,
        "nace": [list(pair) for pair in gap.nace], "quantity": gap.quantity, "unit": gap.unit,
        "value_lost_eur_per_year": gap.value_lost_eur_per_year, "co2_lost_t_per_year": gap.co2_lost_t_per_year,
        "rule": gap.rule, "detail": gap.detail,
    }


def _jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def _community_keys(computed: list[dict], stored: list[ValueNetwork]) -> None:
    """Give each new community the key of the stored community it continues, or a new key."""
    free = {row.key: row for row in stored if row.method == "community"}
    for values in computed:
        if values["key"] != "community":
            continue
        best = max(free.values(), key=lambda row: (_jaccard(row.members, values["members"]), -row.pk), default=None)
        if best is not None and _jaccard(best.members, values["members"]) >= SAME_COMMUNITY_JACCARD:
            values["key"] = best.key
            del free[best.key]
        else:
            values["key"] = f"community:{_digest(sorted(values['members']))[:16]}"


def run_networks(*, user=None, force: bool = False, parameters=None) -> tuple[AnalysisRun, bool]:
    """Compute and store the value networks; ``(run, reused)``.

    Unchanged data (organisations, streams, live proposals with their statuses, candidates)
    and parameters reuse the last run and write nothing, unless ``force``.
    """
    parameters = {**NETWORK_PARAMETERS, **(parameters or {})}
    data = SynergyData()
    fingerprint = data.fingerprint(parameters)
    last = AnalysisRun.objects.first()
    if last is not None and last.fingerprint == fingerprint and not force:
        return last, True
    started = time.perf_counter()
    computed, modularity = compute_networks(data, parameters=parameters)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            started_at=timezone.now(), seconds=round(seconds, 4), fingerprint=fingerprint, parameters=parameters,
            networks=len(computed), modularity=modularity, started_by=user,
        )
        stored = list(ValueNetwork.objects.all())
        _community_keys(computed, stored)
        by_key = {row.key: row for row in stored}
        seen = set()
        for values in computed:
            seen.add(values["key"])
            row = by_key.get(values["key"])
            if row is None:
                ValueNetwork.objects.create(name=values["engine_name"], run=run, current=True, **values)
                continue
            for field, value in values.items():
                setattr(row, field, value)
            if not row.named_by_office:
                row.name = values["engine_name"]
            row.run, row.current = run, True
            row.save()
        ValueNetwork.objects.exclude(key__in=seen).update(current=False)
    return run, False


# --- locomotive ranking ---------------------------------------------------------------------


def region_profile() -> rk.RegionProfile:
    """The region's cleantech focus (every cleantech category), free plots and ready infrastructure."""
    from veturi.organisations.models import CleantechCategory

    return rk.RegionProfile(
        cleantech_focus_categories=tuple(c for c in CleantechCategory.values if c),
        free_plot_areas_m2=tuple(Plot.objects.filter(status="available").order_by("pk").values_list("area_m2", flat=True)),
        infrastructure=tuple(sorted(set(PlotUtility.objects.filter(ready=True).values_list("kind", flat=True)))),
    )


def candidate_profiles() -> list[rk.CandidateProfile]:
    """Every company not dropped, with what the office recorded about it as a candidate."""
    extra = {c.organisation_id: c for c in Candidate.objects.all()}
    profiles = []
    for organisation in Organisation.objects.filter(kind="company").exclude(engagement_stage="dropped").prefetch_related("activities").order_by("pk"):
        candidate = extra.get(organisation.pk)
        profiles.append(rk.CandidateProfile(
            organisation=organisation_id(organisation.pk), name=organisation.name, country=organisation.country,
            nace=tuple(a.code for a in organisation.activities.all()), employees=organisation.employees,
            investment_eur=candidate.investment_eur if candidate else None, cleantech_category=organisation.cleantech_category,
            engagement_stage=_engagement(organisation.engagement_stage),
            plot_need_m2=candidate.plot_need_m2 if candidate else None,
            infrastructure_needs=tuple(candidate.infrastructure_needs) if candidate else (),
        ))
    return profiles


def custom_criteria(candidates) -> list[rk.CustomCriterion]:
    ids = {c.organisation for c in candidates}
    result = []
    for criterion in CustomCriterion.objects.prefetch_related("scores"):
        scores = {organisation_id(s.organisation_id): s.score for s in criterion.scores.all()}
        result.append(rk.CustomCriterion(
            id=criterion.code, name=criterion.name, direction=criterion.direction, unit=criterion.unit,
            description=criterion.description, scores={k: v for k, v in scores.items() if k in ids},
        ))
    return result


def criteria_table(data: SynergyData | None = None) -> rk.CriteriaTable:
    data = data or SynergyData()
    candidates = candidate_profiles()
    if len(candidates) < 2:
        raise ValueError(f"ranking needs at least 2 candidate companies, the data have {len(candidates)}")
    return rk.compute_criteria(candidates, data.graph, region_profile(), custom=custom_criteria(candidates))


def ranking_inputs_key() -> str:
    """A digest of everything the ranking reads, in a dozen small queries (~10 ms on the demo park).

    Tables whose rows carry ``updated_at`` (saved through the ORM only) count by row number and
    latest change; proposals are changed by ``QuerySet.update`` in a matching run, so their
    counted columns are read in full (a thousand short tuples, no model objects).
    """
    def changed(model) -> tuple:
        return tuple(model.objects.aggregate(rows=Count("pk"), last=Max("updated_at"), top=Max("pk")).values())

    return _digest({
        "organisations": changed(Organisation), "streams": changed(ResourceStream), "rules": changed(SynergyRule),
        "sites": changed(Site), "activities": list(NaceActivity.objects.order_by("pk").values_list("pk", "organisation_id", "code")),
        "proposals": list(Proposal.objects.order_by("pk").values_list(
            "pk", "status", "stale", "value_eur_per_year", "co2_t_per_year", "score", "quantity_exchanged", "quantity_unit",
            "rule_code", "output_id", "input_id")),
        "candidates": list(Candidate.objects.order_by("pk").values_list(
            "organisation_id", "marked_locomotive", "investment_eur", "plot_need_m2", "infrastructure_needs")),
        "criteria": list(CustomCriterion.objects.order_by("pk").values_list("pk", "code", "name", "direction", "unit", "weight", "description")),
        "scores": list(CriterionScore.objects.order_by("pk").values_list("criterion_id", "organisation_id", "score")),
        "plots": list(Plot.objects.filter(status="available").order_by("pk").values_list("area_m2", flat=True)),
        "utilities": sorted(set(PlotUtility.objects.filter(ready=True).values_list("kind", flat=True))),
    })


@dataclass
class RankingInputs:
    """The synergy data and criteria table of one state of the database, with the fingerprints asked of it."""

    key: str
    data: SynergyData
    table: rk.CriteriaTable | None
    error: str = ""
    fingerprints: dict = field(default_factory=dict)

    def fingerprint(self, extra) -> str:
        text = json.dumps(extra, sort_keys=True, default=str)
        if text not in self.fingerprints:
            self.fingerprints[text] = self.data.fingerprint(extra)
        return self.fingerprints[text]


_latest_inputs: RankingInputs | None = None
_inputs_lock = threading.Lock()


def ranking_inputs() -> RankingInputs:
    """The ranking's inputs, read again only when ``ranking_inputs_key`` changes.

    Reading the synergy data costs ~1 s on the demo park, every view of the ranking page paid it
    (twice); each server process keeps the latest state (one lock, so that threads arriving together
    read it once).
    """
    global _latest_inputs
    key = ranking_inputs_key()
    with _inputs_lock:
        if _latest_inputs is None or _latest_inputs.key != key:
            data = SynergyData()
            try:
                _latest_inputs = RankingInputs(key=key, data=data, table=criteria_table(data))
            except ValueError as exc:
                _latest_inputs = RankingInputs(key=key, data=data, table=None, error=str(exc))
        return _latest_inputs


def default_weights(table: rk.CriteriaTable) -> dict[str, float]:
    custom = dict(CustomCriterion.objects.values_list("code", "weight"))
    return {c: rk.DEFAULT_WEIGHTS.get(c, custom.get(c, 0.1)) for c in table.criterion_ids}


def weights_from_ahp(matrix, criteria) -> rk.AhpResult:
    """AHP weights; an inconsistent matrix raises ``InconsistentMatrixError`` naming its CR."""
    return rk.ahp_weights(matrix, criteria)


def run_ranking(*, weights=None, method: str = "topsis", ahp_matrix=None, user=None, store: bool = True,
                sensitivity_runs: int = 100, inputs: RankingInputs | None = None) -> tuple[RankingRun, bool]:
    """Rank the candidates and store the ranking with its sensitivity; ``(run, reused)``.

    ``weights`` ({criterion: weight}, normalised) or ``ahp_matrix`` (pairwise comparisons in the
    table's criterion order) set the weights, default the office's defaults. The same data,
    weights and method as a stored ranking reuse it. ``inputs`` the caller already has from
    ``ranking_inputs()`` spare reading their key again.
    """
    if method not in rk.METHODS:
        raise ValueError(f"method must be one of {', '.join(rk.METHODS)}, got {method!r}")
    inputs = inputs or ranking_inputs()
    if inputs.table is None:
        raise ValueError(inputs.error)
    table = inputs.table
    consistency = None
    if ahp_matrix is not None:
        result = weights_from_ahp(ahp_matrix, table.criterion_ids)
        weights, consistency = result.as_dict(), result.consistency_ratio
    weights = dict(weights) if weights is not None else default_weights(table)
    resolved = dict(zip(table.criterion_ids, rk.resolve_weights(table, weights).tolist()))
    fingerprint = inputs.fingerprint({"table": table.values.tolist(), "ids": table.alternatives, "criteria": table.criterion_ids,
                                    "weights": resolved, "method": method})
    last = RankingRun.objects.filter(fingerprint=fingerprint).first()
    if last is not None:
        return last, True
    ranking = rk.rank_candidates(table, resolved, method=method)
    countries = dict(Organisation.objects.values_list("pk", "country"))
    sens = rk.sensitivity(table, resolved, method=method, runs=sensitivity_runs)
    labels = {**dict(zip(table.alternatives, table.names)), **{c.id: c.name for c in table.criteria}}
    run = RankingRun(
        created_by=user, method=method, weights=resolved, ahp_matrix=ahp_matrix or [], consistency_ratio=consistency,
        fingerprint=fingerprint,
        candidates=[{"rank": c.rank, "organisation": org_pk(c.organisation), "name": c.name, "country": countries.get(org_pk(c.organisation), ""),
                     "score": round(float(c.score), 6),
                     "criteria": {k: round(float(v), 6) for k, v in c.criteria.items()}} for c in ranking.candidates],
        criteria=[asdict(c) for c in table.criteria], missing=[[org_pk(o), c] for o, c in table.missing],
        sensitivity={
            "ranges": [{**asdict(r), "top": org_pk(r.top), "top_below": r.top_below and org_pk(r.top_below),
                        "top_above": r.top_above and org_pk(r.top_above)} for r in sens.ranges],
            "top1_share": {str(org_pk(k)): v for k, v in sens.top1_share.items()},
            "top3_share": {str(org_pk(k)): v for k, v in sens.top3_share.items()}, "runs": sens.runs,
        },
        chart_svg=rk.sensitivity_svg(sens, labels=labels),
    )
    if store:
        with transaction.atomic():
            run.save()
    return run, False


def counted_shares(proposal_pks) -> dict[int, float]:
    """The share of each proposal counted when every supply and demand is used once among them.

    Competing proposals for one output each assume the whole supply; the engine's ``count_once``
    shares it out best first. A proposal that is no live exchange counts 0.
    """
    from veturi.engine.networks.totals import count_once

    pks = set(proposal_pks)
    counted = count_once(
        (e.id, {"value": e.value_eur_per_year, "co2": e.co2_t_per_year, "status": e.status, "exchange": e})
        for e in exchanges_from_store(pks)
    )
    return {pk: counted.shares.get(exchange_id(pk), 0.0) for pk in pks}
