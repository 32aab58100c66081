"""The one module that knows both the ORM and the matching engine.

Rows (organisations, sites, streams, stored rules) become engine types; the engine's
``MatchResult`` becomes stored rows (a run, proposals, "who should we attract", chains), all in
one transaction. A re-run keeps the office's decisions: the proposal of the same (output,
input) pair keeps its status, reason and who decided; vanished proposals are kept, marked stale.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from veturi.engine.matching import MatchResult, Organisation as EngineOrganisation, Rule, Stream as EngineStream, match_streams
from veturi.organisations.models import Organisation
from veturi.streams.models import ResourceStream, Site
from veturi.synergies.models import AttractSuggestion, Chain, MatchRun, Proposal, RunStatus, SynergyRule

DEFAULT_PARAMETERS = {"top_k": 10, "min_technical_fit": 0.2, "detour_factor": 1.3}


def organisation_id(pk: int) -> str:
    return f"org-{pk}"


def stream_id(pk: int) -> str:
    return f"stream-{pk}"


def _pk(engine_id: str) -> int:
    return int(engine_id.rsplit("-", 1)[1])


def organisations_to_engine(organisations) -> list[EngineOrganisation]:
    """Organisations with their NACE classes (primary first) and the location of their first located site.

    An organisation without a located site gets no coordinates (the engine lowers the
    confidence of its proposals instead of guessing a distance).
    """
    located: dict[int, Site] = {}
    for site in Site.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by("pk"):
        located.setdefault(site.organisation_id, site)
    result = []
    for organisation in organisations.prefetch_related("activities").order_by("pk"):
        activities = sorted(organisation.activities.all(), key=lambda a: (not a.is_primary, a.code))
        site = located.get(organisation.pk)
        result.append(EngineOrganisation(
            id=organisation_id(organisation.pk),
            name=organisation.name,
            nace=tuple(a.code for a in activities),
            country=organisation.country or "",
            lat=site.latitude if site else None,
            lon=site.longitude if site else None,
            description="",
        ))
    return result


def stream_to_engine(stream: ResourceStream) -> EngineStream:
    """One stream row as the engine's stream, in canonical per-year units.

    A quantity of zero means "not known" to the engine (it lowers confidence); a stream
    available all year gets no months (the engine's "all year"); ``hazardous`` comes from the
    European List of Waste entry when the quality does not say it.
    """
    properties = {k: v for k, v in (stream.quality or {}).items() if isinstance(v, (int, float, bool))}
    if "hazardous" not in properties and stream.ewc_code:
        properties["hazardous"] = stream.hazardous
    months = stream.months
    return EngineStream(
        id=stream_id(stream.pk),
        organisation=organisation_id(stream.site.organisation_id),
        direction=stream.direction,
        name=stream.name,
        kind=stream.kind or None,
        ewc_code=stream.ewc_code or None,
        taxonomy_code=stream.taxonomy_code or None,
        quantity=stream.canonical_quantity if stream.canonical_quantity and stream.canonical_unit else None,
        unit=stream.canonical_unit or None,
        properties=properties,
        months=tuple(months) if len(months) < 12 else (),
        handling_cost_eur_per_unit=stream.handling_cost_eur_per_unit,
    )


def streams_to_engine(streams) -> list[EngineStream]:
    return [stream_to_engine(stream) for stream in streams.select_related("site").order_by("pk")]


def rules_to_engine(rules=None) -> list[Rule]:
    """The active stored rules as the engine's rules: what the next matching run uses."""
    rows = (rules if rules is not None else SynergyRule.objects.all()).filter(active=True).order_by("rule_id")
    return [row.to_engine() for row in rows]


def _fingerprint(organisations, streams, rules, parameters) -> str:
    payload = {
        "organisations": [asdict(o) for o in organisations],
        "streams": [asdict(s) for s in streams],
        "rules": [asdict(r) for r in rules],
        "parameters": parameters,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def run_matching(*, top_k: int = 10, seed: int | None = 0, user=None, force: bool = False) -> tuple[MatchRun, bool]:
    """Match every stored stream through the active stored rules and store the result.

    Returns ``(run, reused)``: when the data, rules and parameters are those of the last
    successful run and ``force`` is false, that run is returned and nothing is written (so a
    second ``veturi demo`` changes nothing).
    """
    if not isinstance(top_k, int) or top_k < 1:
        raise ValueError(f"top_k must be a whole number of at least 1, got {top_k!r}")
    parameters = {**DEFAULT_PARAMETERS, "top_k": top_k}
    organisations = organisations_to_engine(Organisation.objects.all())
    streams = streams_to_engine(ResourceStream.objects.all())
    rules = rules_to_engine()
    fingerprint = _fingerprint(organisations, streams, rules, {**parameters, "seed": seed})
    last = MatchRun.objects.filter(status=RunStatus.OK).first()
    if last is not None and last.fingerprint == fingerprint and not force:
        return last, True
    started = time.perf_counter()
    result = match_streams(organisations, streams, rules, seed=seed, **parameters)
    seconds = time.perf_counter() - started
    run = store_result(
        result, parameters=parameters, seed=seed, fingerprint=fingerprint, seconds=seconds, user=user,
        counts={"organisations": len(organisations), "streams": len(streams), "rules": len(rules)},
    )
    return run, False


def store_result(result: MatchResult, *, parameters=None, seed=None, fingerprint="", seconds=0.0, user=None, counts=None) -> MatchRun:
    """Store one engine result atomically: the run, proposals (keeping decisions), attract suggestions, chains."""
    rule_rows = {row.rule_id: row for row in SynergyRule.objects.only("pk", "rule_id")}
    stream_pks = set(ResourceStream.objects.values_list("pk", flat=True))
    with transaction.atomic():
        run = MatchRun.objects.create(
            started_at=timezone.now(), seconds=round(seconds, 4), parameters=parameters or dict(result.parameters), seed=seed,
            fingerprint=fingerprint, warnings=list(result.warnings), started_by=user, **(counts or {}),
        )
        existing = {(p.output_id, p.input_id): p for p in Proposal.objects.all()}
        seen, new, changed = set(), [], []
        for engine in result.proposals:
            pair = (_pk(engine.output), _pk(engine.input))
            if pair[0] not in stream_pks or pair[1] not in stream_pks:
                continue
            seen.add(pair)
            values = _proposal_values(engine, rule_rows)
            proposal = existing.get(pair)
            if proposal is None:
                new.append(Proposal(output_id=pair[0], input_id=pair[1], run=run, **values))
            else:
                changed.append((proposal.pk, {**values, "run": run, "stale": False}))
        Proposal.objects.bulk_create(new, batch_size=500)
        # One short UPDATE per kept proposal: bulk_update's CASE WHEN is slow on SQLite for thousands of rows.
        for pk, values in changed:
            Proposal.objects.filter(pk=pk).update(**values)
        vanished = [p.pk for pair, p in existing.items() if pair not in seen and not p.stale]
        Proposal.objects.filter(pk__in=vanished).update(stale=True)
        AttractSuggestion.objects.all().delete()
        AttractSuggestion.objects.bulk_create([
            AttractSuggestion(
                run=run, stream_id=_pk(s.stream), direction=s.direction, rule=rule_rows.get(s.rule), rule_code=s.rule,
                rule_name=s.rule_name, nace=[list(pair) for pair in s.nace], kinds=s.kinds, fit=s.fit, source=s.source,
            )
            for s in result.attract if _pk(s.stream) in stream_pks
        ])
        Chain.objects.all().delete()
        Chain.objects.bulk_create([
            Chain(
                run=run, kind=c.kind, organisations=[_pk(o) for o in c.organisations], score=c.score,
                links=[{
                    "output": _pk(link.output), "input": _pk(link.input), "supplier": _pk(link.supplier),
                    "receiver": _pk(link.receiver), "rule": link.rule, "quantity": link.quantity, "unit": link.unit,
                } for link in c.links],
            )
            for c in result.chains
        ])
        run.proposals, run.new_proposals, run.stale_proposals = len(seen), len(new), len(vanished)
        run.attract, run.chains = len(result.attract), len(result.chains)
        run.save(update_fields=["proposals", "new_proposals", "stale_proposals", "attract", "chains"])
    return run


_VALUE_FIELDS = [
    "rule", "rule_code", "rank", "rank_for_input", "score", "confidence", "technical_fit", "distance_km", "transport_mode",
    "quantity_exchanged", "quantity_unit", "transport_cost_eur_per_year", "transport_co2_t_per_year", "value_eur_per_year",
    "co2_t_per_year", "preprocessing", "missing", "factors",
]


def _proposal_values(engine, rule_rows) -> dict:
    return {
        "rule": rule_rows.get(engine.rule), "rule_code": engine.rule, "rank": engine.rank, "rank_for_input": engine.rank_for_input,
        "score": engine.score, "confidence": engine.confidence, "technical_fit": engine.technical_fit,
        "distance_km": engine.distance_km, "transport_mode": engine.transport_mode, "quantity_exchanged": engine.quantity_exchanged,
        "quantity_unit": engine.quantity_unit, "transport_cost_eur_per_year": engine.transport_cost_eur_per_year,
        "transport_co2_t_per_year": engine.transport_co2_t_per_year, "value_eur_per_year": engine.value_eur_per_year,
        "co2_t_per_year": engine.co2_t_per_year, "preprocessing": engine.preprocessing[:300], "missing": list(engine.missing),
        "factors": [{"name": f.name, "value": f.value, "weight": f.weight, "detail": f.detail} for f in engine.factors],
    }
