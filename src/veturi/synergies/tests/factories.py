"""Synergy objects on the tiny test park: a rule, a run and a proposal (Alpha's fly ash to Beta's input)."""

from veturi.engine.matching import Rule
from veturi.synergies.models import AttractSuggestion, Chain, MatchRun, Proposal, RuleOrigin, SynergyRule, rule_to_fields

FLY_ASH_RULE = Rule(
    id="ash_slag.fly_ash_cement", family="ash_slag", name="Fly ash to cement", supplier_ewc=("10 01 02",),
    supplier_terms=("fly ash",), receiver_nace=("23.51",), receiver_terms=("cement", "gypsum"), source="CEMBUREAU",
    avoided_emission_kg_per_unit=600.0, file="ash_slag.csv",
)


def make_rule(rule: Rule = FLY_ASH_RULE, **extra) -> SynergyRule:
    fields = rule_to_fields(rule)
    return SynergyRule.objects.create(
        rule_id=rule.id, family=rule.family, name=rule.name, source=rule.source, fields=fields, file=rule.file,
        origin=extra.pop("origin", RuleOrigin.PACKAGE), **extra,
    )


def synergy_objects(park) -> dict:
    """A stored run with one proposal, one attract suggestion and one chain; made on demand."""
    streams = park["streams"]
    rule = SynergyRule.objects.filter(rule_id=FLY_ASH_RULE.id).first() or make_rule()
    run = MatchRun.objects.create(streams=5, rules=1, proposals=1)
    proposal = Proposal.objects.create(
        output=streams["alpha_office"], input=streams["beta_office"], rule=rule, rule_code=rule.rule_id, run=run, rank=1,
        rank_for_input=1, score=0.71, confidence=0.9, technical_fit=0.8, distance_km=0.0, transport_mode="truck",
        quantity_exchanged=12345, quantity_unit="t/a", value_eur_per_year=50000, co2_t_per_year=7407,
        factors=[{"name": "technical_fit", "value": 0.8, "weight": 1.0, "detail": "fly ash code 10 01 02 and cement works NACE 23.51"}],
    )
    AttractSuggestion.objects.create(
        run=run, stream=streams["alpha_public"], direction="output", rule=rule, rule_code=rule.rule_id, rule_name=rule.name,
        nace=[["23.51", "Manufacture of cement"]], kinds="Cement works", fit=0.8, source="CEMBUREAU",
    )
    Chain.objects.create(run=run, kind="chain", organisations=[park["alpha"].pk, park["beta"].pk], score=0.5, links=[{
        "output": streams["alpha_office"].pk, "input": streams["beta_office"].pk, "supplier": park["alpha"].pk,
        "receiver": park["beta"].pk, "rule": rule.rule_id, "quantity": 12345.0, "unit": "t/a",
    }])
    return {"rule": rule, "run": run, "proposal": proposal, "alpha": park["alpha"], "stream": streams["alpha_office"]}
