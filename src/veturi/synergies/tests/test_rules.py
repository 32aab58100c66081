"""The rule loader: package rules come in, package changes update rows unless the office edited them."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from veturi.engine.matching import load_rules, rule_from_row
from veturi.synergies.models import SynergyRule, SynergyRuleRevision, rule_to_fields
from veturi.synergies.rules import edit_rule, load_package_rules
from veturi.synergies.tests.factories import FLY_ASH_RULE

pytestmark = pytest.mark.django_db

WATER = dataclasses.replace(FLY_ASH_RULE, id="water.cooling", family="water", name="Cooling water reuse", supplier_ewc=(), supplier_terms=("cooling water",), file="water.csv")


def test_every_shipped_rule_round_trips_through_the_stored_fields():
    for rule in load_rules():
        assert rule_from_row({**rule_to_fields(rule), "family": rule.family}, file=rule.file) == rule


def test_the_shipped_rules_load_once_and_a_second_load_changes_nothing():
    first = load_package_rules()
    assert len(first.added) == SynergyRule.objects.count() >= 150
    revisions = SynergyRuleRevision.objects.count()
    second = load_package_rules()
    assert second.added == second.updated == [] and second.unchanged == len(first.added)
    assert SynergyRuleRevision.objects.count() == revisions


def test_a_package_change_updates_an_unedited_rule_with_a_revision():
    load_package_rules([FLY_ASH_RULE, WATER])
    changed = dataclasses.replace(FLY_ASH_RULE, substitution_ratio=0.8)
    report = load_package_rules([changed, WATER])
    assert report.updated == ["ash_slag.fly_ash_cement"]
    row = SynergyRule.objects.get(rule_id="ash_slag.fly_ash_cement")
    assert row.fields["substitution_ratio"] == "0.8" and row.to_engine() == changed and not row.diverges_from_package
    revision = row.revisions.first()
    assert revision.kind == "package" and ("substitution_ratio", "1", "0.8") in revision.changed_fields


def test_an_office_edit_is_kept_when_the_package_changes_and_flagged(users):
    load_package_rules([FLY_ASH_RULE])
    row = SynergyRule.objects.get()
    edit_rule(row, {"conditions": "moisture_pct<=20"}, user=users["office"], reason="Plant test showed wet ash fails")
    report = load_package_rules([dataclasses.replace(FLY_ASH_RULE, substitution_ratio=0.5)])
    assert report.diverging == ["ash_slag.fly_ash_cement"]
    row.refresh_from_db()
    assert row.diverges_from_package and row.fields["conditions"] == "moisture_pct<=20.0" and row.fields["substitution_ratio"] == "1"
    assert row.package_fields["substitution_ratio"] == "0.5"
    kinds = list(row.revisions.values_list("kind", flat=True))
    assert kinds == ["diverged", "edit", "added"]
    edit = row.revisions.get(kind="edit")
    assert edit.changed_by == users["office"] and edit.reason == "Plant test showed wet ash fails"


def test_a_rule_gone_from_the_package_is_deactivated_not_deleted():
    load_package_rules([FLY_ASH_RULE, WATER])
    assert load_package_rules([FLY_ASH_RULE]).removed == ["water.cooling"]
    assert not SynergyRule.objects.get(rule_id="water.cooling").active


@pytest.mark.parametrize("field, value, message", [
    ("supplier_ewc", "99 99 99", "unknown European List of Waste code"),
    ("receiver_nace", "99.99", "unknown NACE Rev. 2 code"),
    ("substitution_ratio", "zero", "not"),
    ("conditions", "temperature_c=>60", "is not of the form"),
    ("transport_mode", "rocket", "is not one of"),
])
def test_an_edit_is_checked_by_the_engine_naming_the_field(users, field, value, message):
    load_package_rules([FLY_ASH_RULE])
    row = SynergyRule.objects.get()
    with pytest.raises(ValidationError) as caught:
        edit_rule(row, {field: value}, user=users["office"], reason="try")
    assert field in caught.value.message_dict and message in " ".join(caught.value.message_dict[field])
    assert SynergyRule.objects.get().fields == rule_to_fields(FLY_ASH_RULE)


def test_an_edit_needs_a_reason_and_a_known_field(users):
    load_package_rules([FLY_ASH_RULE])
    row = SynergyRule.objects.get()
    with pytest.raises(ValidationError, match="reason"):
        edit_rule(row, {"name": "X"}, user=users["office"], reason=" ")
    with pytest.raises(ValidationError, match="colour"):
        edit_rule(row, {"colour": "red"}, user=users["office"], reason="why")
