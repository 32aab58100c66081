import pytest

from veturi.engine.matching import KnowledgeBaseError, load_rules, parse_condition, rule_from_row
from veturi.engine.matching.knowledge_base import validate_rules

FAMILIES = {
    "ash_slag", "gypsum", "sludges", "biowaste_manure", "wood_forest", "plastics", "metals",
    "construction_demolition", "glass", "paper_board", "textiles", "tyres_rubber",
    "oils_solvents", "batteries_electronics", "co2", "waste_heat", "steam", "water",
    "biogas_digestate", "hydrogen_oxygen", "shared_services",
}


def test_shipped_knowledge_base_has_150_rules_covering_every_family():
    rules = load_rules()
    assert len(rules) >= 150
    assert FAMILIES <= {rule.family for rule in rules}


def test_every_shipped_rule_has_a_source_both_sides_and_a_positive_ratio():
    for rule in load_rules():
        assert rule.source.strip(), rule.id
        assert rule.supplier_ewc or rule.supplier_taxonomy or rule.supplier_terms, rule.id
        assert rule.receiver_taxonomy or rule.receiver_nace or rule.receiver_terms, rule.id
        assert rule.substitution_ratio > 0, rule.id


def test_waste_heat_rules_cover_several_temperature_bands():
    bands = {
        condition.value for rule in load_rules() if rule.family == "waste_heat"
        for condition in rule.conditions if condition.property == "temperature_c"
        and isinstance(condition.value, float)
    }
    assert len(bands) >= 5


def test_condition_forms_parse():
    assert parse_condition("moisture_pct<=55").value == 55.0
    assert parse_condition("receiver.temperature_c>=40").side == "receiver"
    assert parse_condition("~purity_pct>=95").required is False
    assert parse_condition("not_hazardous").value is False
    with pytest.raises(ValueError, match="not of the form"):
        parse_condition("moisture is low")


def _row(**changes):
    row = {"id": "x.rule", "name": "A rule", "supplier_terms": "ash",
           "receiver_terms": "cement", "source": "handbook"}
    row.update(changes)
    return row


@pytest.mark.parametrize("field, value, message", [
    ("supplier_ewc", "99 99 99", "field supplier_ewc: unknown European List of Waste code"),
    ("receiver_nace", "38.99", "field receiver_nace: unknown NACE Rev. 2 code"),
    ("supplier_taxonomy", "energy.heat.t60", "field supplier_taxonomy: unknown taxonomy code"),
    ("substitution_ratio", "-1", "field substitution_ratio: must be greater than zero"),
    ("avoided_emission_kg_per_unit", "lots", "field avoided_emission_kg_per_unit"),
    ("conditions", "temperature_c>>60", "field conditions"),
    ("transport_mode", "camel", "field transport_mode"),
    ("supply_unit", "kg", "field supply_unit"),
])
def test_bad_rule_fields_are_named_with_file_and_rule(field, value, message):
    with pytest.raises(KnowledgeBaseError, match=message) as caught:
        rule_from_row(_row(**{field: value}), file="ashes.csv")
    assert "ashes.csv, rule x.rule" in str(caught.value)


def test_a_rule_needs_a_source_and_both_sides():
    with pytest.raises(KnowledgeBaseError, match="field source: is required"):
        rule_from_row(_row(source=""), file="f.csv")
    with pytest.raises(KnowledgeBaseError, match="receiver side needs"):
        rule_from_row(_row(receiver_terms=""), file="f.csv")


def test_duplicate_ids_across_files_are_refused(tmp_path):
    header = "id,name,supplier_terms,receiver_terms,source\n"
    (tmp_path / "a.csv").write_text(header + "dup,One,ash,cement,s\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(header + "dup,Two,slag,road,s\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="id appears twice"):
        load_rules(tmp_path)


def test_rules_load_from_a_folder_with_family_from_file_name(tmp_path):
    header = "id,name,supplier_terms,receiver_terms,source\n"
    (tmp_path / "glass.csv").write_text(header + "g1,Cullet,cullet,glass,s\n", encoding="utf-8")
    (rule,) = load_rules(tmp_path)
    assert rule.family == "glass" and rule.file == "glass.csv"
    with pytest.raises(KnowledgeBaseError, match="no such rule file"):
        load_rules(tmp_path / "missing")


def test_validate_rules_refuses_other_objects():
    with pytest.raises(KnowledgeBaseError, match="expected Rule objects"):
        validate_rules([{"id": "x"}])
