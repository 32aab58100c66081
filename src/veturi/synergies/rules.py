"""The synergy rules in the database: filled from the package's versioned rule files, edited by the office.

A package rule whose file changed is updated (with a revision) unless the office edited it; then
the office's version is kept and the rule is flagged as diverging from the package.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from veturi.engine.matching import Rule, load_rules
from veturi.engine.matching.knowledge_base import RULE_COLUMNS
from veturi.synergies.models import RuleOrigin, SynergyRule, SynergyRuleRevision, fields_digest, rule_to_fields


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    diverging: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.added)} rules added, {len(self.updated)} updated from the package, "
            f"{len(self.diverging)} kept as the office edited them, {len(self.removed)} no longer in the package, "
            f"{self.unchanged} unchanged"
        )


def load_package_rules(rules: Iterable[Rule] | None = None) -> LoadReport:
    """Bring the package's rules into the database (all or nothing); a second call changes nothing.

    ``rules`` defaults to the knowledge base shipped in ``veturi/data/synergy_rules``.
    """
    package = list(load_rules() if rules is None else rules)
    report = LoadReport()
    stored = {rule.rule_id: rule for rule in SynergyRule.objects.all()}
    with transaction.atomic():
        for rule in package:
            fields = rule_to_fields(rule)
            digest = fields_digest({**fields, "family": rule.family})
            row = stored.get(rule.id)
            if row is None:
                row = SynergyRule.objects.create(
                    rule_id=rule.id, family=rule.family, name=rule.name, source=rule.source, fields=fields,
                    file=rule.file, origin=RuleOrigin.PACKAGE, package_digest=digest, package_fields=fields,
                )
                SynergyRuleRevision.objects.create(rule=row, kind=SynergyRuleRevision.Kind.ADDED, after=fields, reason=rule.file)
                report.added.append(rule.id)
            elif row.package_digest == digest:
                report.unchanged += 1
            elif row.edited_by_office:
                before = row.package_fields
                row.package_digest, row.package_fields, row.diverges_from_package = digest, fields, True
                row.save(update_fields=["package_digest", "package_fields", "diverges_from_package", "updated_at"])
                SynergyRuleRevision.objects.create(
                    rule=row, kind=SynergyRuleRevision.Kind.PACKAGE_DIVERGED, before=before, after=fields,
                    reason="The package's rule changed; the office's edit is kept.",
                )
                report.diverging.append(rule.id)
            else:
                before = row.fields
                row.family, row.name, row.source, row.fields, row.file = rule.family, rule.name, rule.source, fields, rule.file
                row.package_digest, row.package_fields, row.origin = digest, fields, RuleOrigin.PACKAGE
                row.save()
                SynergyRuleRevision.objects.create(rule=row, kind=SynergyRuleRevision.Kind.PACKAGE_UPDATE, before=before, after=fields, reason=rule.file)
                report.updated.append(rule.id)
        in_package = {rule.id for rule in package}
        for rule_id, row in stored.items():
            if row.origin == RuleOrigin.PACKAGE and rule_id not in in_package and row.active and not row.edited_by_office:
                row.active = False
                row.save(update_fields=["active", "updated_at"])
                SynergyRuleRevision.objects.create(
                    rule=row, kind=SynergyRuleRevision.Kind.PACKAGE_REMOVED, before=row.fields, after=row.fields,
                    reason="No longer in the package's rule files: deactivated.",
                )
                report.removed.append(rule_id)
    return report


def edit_rule(rule: SynergyRule, changes: dict, *, user, reason: str) -> SynergyRuleRevision:
    """Apply the office's changes to a rule, validated by the engine, and record who, what and why.

    ``changes`` holds rule columns (``name``, ``supplier_ewc``, ``conditions``, ...) and/or
    ``active``. Raises ``django.core.exceptions.ValidationError`` naming the field.
    """
    from django.core.exceptions import ValidationError

    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the rule changes."})
    before = {**rule.fields, "active": rule.active}
    fields = dict(rule.fields)
    for name, value in changes.items():
        if name == "active":
            rule.active = bool(value)
        elif name in ("name", "source"):
            setattr(rule, name, str(value).strip())
            fields[name] = str(value).strip()
        elif name in fields:
            fields[name] = "" if value is None else str(value).strip()
        else:
            raise ValidationError({name: f"{name!r} is not a field of a rule."})
    rule.fields = fields
    rule.full_clean()
    after = {**rule.fields, "active": rule.active}
    with transaction.atomic():
        rule.edited_by_office = rule.edited_by_office or after != before
        rule.save()
        return SynergyRuleRevision.objects.create(
            rule=rule, kind=SynergyRuleRevision.Kind.OFFICE_EDIT, changed_by=user, reason=reason.strip(), before=before, after=after
        )


def create_rule(columns: dict, *, family: str, user, reason: str = "") -> SynergyRule:
    """A rule written by the office (origin ``office``), validated by the engine like a rule file row.

    ``columns`` holds the rule's columns, ``id`` included. Raises ``ValidationError`` naming the field.
    """
    from django.core.exceptions import ValidationError

    columns = {name: "" if value is None else str(value).strip() for name, value in columns.items()}
    unknown = set(columns) - set(RULE_COLUMNS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: f"{sorted(unknown)[0]!r} is not a field of a rule."})
    if not (family or "").strip():
        raise ValidationError({"family": "Give the rule's family (e.g. ash_slag, waste_heat)."})
    rule = SynergyRule(
        rule_id=columns.get("id", ""), family=family.strip(), name=columns.get("name", ""), source=columns.get("source", ""),
        fields={column: columns.get(column, "") for column in RULE_COLUMNS}, origin=RuleOrigin.OFFICE, edited_by_office=True,
    )
    rule.full_clean()
    with transaction.atomic():
        rule.save()
        SynergyRuleRevision.objects.create(
            rule=rule, kind=SynergyRuleRevision.Kind.OFFICE_NEW, changed_by=user, reason=(reason or "").strip(), after=rule.fields
        )
    return rule
