"""Synergy rules (editable, with history), matching runs and the proposals they stored.

The rule itself is kept as the engine reads it from a rule file: one text per column of
``veturi.engine.matching.knowledge_base.RULE_COLUMNS`` (``fields``), so that a stored rule
round-trips to the engine's :class:`~veturi.engine.matching.Rule` through the engine's own
validation (``rule_from_row``), and an office edit is checked exactly like a rule file.
"""

from __future__ import annotations

import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veturi.engine.matching import KnowledgeBaseError, Rule, rule_from_row
from veturi.engine.matching.knowledge_base import RULE_COLUMNS


def rule_to_fields(rule: Rule) -> dict[str, str]:
    """The rule as the texts of a rule file row (lists joined with ``|``, conditions with ``;``)."""

    def joined(values) -> str:
        return "|".join(values)

    def number(value: float) -> str:
        return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))

    fields = {}
    for column in RULE_COLUMNS:
        value = getattr(rule, column)
        if column == "conditions":
            fields[column] = ";".join(("" if c.required else "~") + c.text() for c in value)
        elif isinstance(value, tuple):
            fields[column] = joined(value)
        elif isinstance(value, float):
            fields[column] = number(value)
        else:
            fields[column] = str(value)
    return fields


def fields_digest(fields: dict) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class RuleOrigin(models.TextChoices):
    PACKAGE = "package", _("Knowledge base of the package")
    OFFICE = "office", _("Written by the office")


class SynergyRule(models.Model):
    rule_id = models.CharField(_("rule id"), max_length=120, unique=True)
    family = models.CharField(_("family"), max_length=60, db_index=True)
    name = models.CharField(_("name"), max_length=300)
    source = models.TextField(_("source"))
    fields = models.JSONField(_("rule"), default=dict, help_text=_("Every column of the rule as written in a rule file."))
    origin = models.CharField(_("origin"), max_length=8, choices=RuleOrigin.choices, default=RuleOrigin.PACKAGE)
    active = models.BooleanField(_("active"), default=True)
    file = models.CharField(_("rule file"), max_length=120, blank=True)
    edited_by_office = models.BooleanField(_("edited by the office"), default=False)
    package_digest = models.CharField(max_length=64, blank=True, editable=False)
    package_fields = models.JSONField(default=dict, blank=True, editable=False)
    diverges_from_package = models.BooleanField(
        _("diverges from the package"), default=False,
        help_text=_("The package's rule file changed after the office edited this rule; the office's version is kept."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family", "rule_id"]
        verbose_name = _("synergy rule")
        verbose_name_plural = _("synergy rules")

    def __str__(self) -> str:
        return f"{self.rule_id} – {self.name}"

    def to_engine(self) -> Rule:
        """The engine's rule, validated by the engine (raises ``KnowledgeBaseError``)."""
        return rule_from_row({**self.fields, "family": self.family}, file=self.file)

    def clean(self):
        row = {**self.fields, "id": self.rule_id, "name": self.name, "source": self.source}
        try:
            rule = rule_from_row({**row, "family": self.family or None}, file=self.file)
        except KnowledgeBaseError as exc:
            message = str(exc)
            found = re.search(r"field (\w+):", message)
            field = {"id": "rule_id"}.get(found[1], found[1]) if found else "__all__"
            raise ValidationError({field: message.split(": ", 1)[-1] if found else message}) from None
        self.family = rule.family
        self.fields = rule_to_fields(rule)


class SynergyRuleRevision(models.Model):
    """One change of a rule: who, when, what (fields before and after) and why."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added from the package")
        PACKAGE_UPDATE = "package", _("Updated from the package")
        PACKAGE_DIVERGED = "diverged", _("Package changed; office version kept")
        PACKAGE_REMOVED = "removed", _("No longer in the package")
        OFFICE_EDIT = "edit", _("Edited by the office")
        OFFICE_NEW = "new", _("Written by the office")

    rule = models.ForeignKey(SynergyRule, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("rule revision")
        verbose_name_plural = _("rule revisions")

    @property
    def changed_fields(self) -> list[tuple[str, str, str]]:
        names = sorted(set(self.before) | set(self.after))
        return [(n, str(self.before.get(n, "")), str(self.after.get(n, ""))) for n in names if self.before.get(n) != self.after.get(n)]


class RunStatus(models.TextChoices):
    OK = "ok", _("Finished")
    FAILED = "failed", _("Failed")


class MatchRun(models.Model):
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    seconds = models.FloatField(_("seconds"), default=0)
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.OK)
    parameters = models.JSONField(_("parameters"), default=dict)
    seed = models.IntegerField(_("seed"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False, help_text="Digest of the data and rules the run saw.")
    organisations = models.PositiveIntegerField(default=0)
    streams = models.PositiveIntegerField(default=0)
    rules = models.PositiveIntegerField(default=0)
    proposals = models.PositiveIntegerField(default=0)
    new_proposals = models.PositiveIntegerField(default=0)
    stale_proposals = models.PositiveIntegerField(default=0)
    attract = models.PositiveIntegerField(default=0)
    chains = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DISCUSSION = "discussion", _("Under discussion")
    ACCEPTED = "accepted", _("Accepted")
    VALIDATED = "validated", _("Validated")
    REALISED = "realised", _("Realised")
    REJECTED = "rejected", _("Rejected")


class ConsentAnswer(models.TextChoices):
    PENDING = "pending", _("Not answered")
    YES = "yes", _("Yes")
    NO = "no", _("No")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Side(models.TextChoices):
    SUPPLIER = "supplier", _("Supplier (the output)")
    RECEIVER = "receiver", _("Receiver (the input)")


class ProposalQuerySet(models.QuerySet):
    def mutually_consented(self):
        """Proposals both companies said yes to (and neither withdrew): they see each other."""
        return self.filter(supplier_answer=ConsentAnswer.YES, receiver_answer=ConsentAnswer.YES)

    def open_to_companies(self):
        """Proposals the companies see and answer: not stale, not rejected by the office."""
        return self.filter(stale=False).exclude(status=ProposalStatus.REJECTED)

    def involving(self, organisation_id: int):
        return self.filter(models.Q(output__site__organisation_id=organisation_id) | models.Q(input__site__organisation_id=organisation_id))


class Proposal(models.Model):
    """A proposed exchange: ``output`` of one organisation feeds ``input`` of another.

    One row per (output, input) pair: a re-run updates its figures and keeps the office's
    decision; a pair the engine no longer proposes is kept and marked ``stale``.
    """

    output = models.ForeignKey("streams.ResourceStream", on_delete=models.CASCADE, related_name="proposals_as_output")
    input = models.ForeignKey("streams.ResourceStream", on_delete=models.CASCADE, related_name="proposals_as_input")
    rule = models.ForeignKey(SynergyRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals")
    rule_code = models.CharField(_("rule id"), max_length=120)
    run = models.ForeignKey(MatchRun, null=True, on_delete=models.SET_NULL, related_name="+", help_text="The last run that proposed it.")
    rank = models.PositiveIntegerField(_("rank for the output"))
    rank_for_input = models.PositiveIntegerField(_("rank for the input"))
    score = models.FloatField(_("score"))
    confidence = models.FloatField(_("confidence"))
    technical_fit = models.FloatField(_("technical fit"))
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    transport_mode = models.CharField(_("transport"), max_length=12, blank=True)
    quantity_exchanged = models.FloatField(_("quantity exchanged"), null=True, blank=True)
    quantity_unit = models.CharField(_("unit"), max_length=12, blank=True)
    transport_cost_eur_per_year = models.FloatField(null=True, blank=True)
    transport_co2_t_per_year = models.FloatField(null=True, blank=True)
    value_eur_per_year = models.FloatField(_("value (€/a)"), null=True, blank=True)
    co2_t_per_year = models.FloatField(_("CO2 avoided (t/a)"), null=True, blank=True)
    preprocessing = models.CharField(_("pre-processing"), max_length=300, blank=True)
    missing = models.JSONField(default=list, blank=True)
    factors = models.JSONField(default=list, help_text="[{name, value, weight, detail}] in the engine's order.")
    stale = models.BooleanField(_("stale"), default=False, help_text=_("The last run no longer proposed it."))
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Double opt-in: each company's answer; both "yes" discloses them to each other (synergies/consent.py).
    supplier_answer = models.CharField(_("supplier's answer"), max_length=10, choices=ConsentAnswer.choices, default=ConsentAnswer.PENDING)
    receiver_answer = models.CharField(_("receiver's answer"), max_length=10, choices=ConsentAnswer.choices, default=ConsentAnswer.PENDING)
    consented_at = models.DateTimeField(_("both said yes at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("synergy proposal")
        verbose_name_plural = _("synergy proposals")
        constraints = [models.UniqueConstraint(fields=["output", "input"], name="unique_proposal_pair")]
        indexes = [models.Index(fields=["status", "stale"], name="proposal_status_idx")]

    STATUS_CHOICES = ProposalStatus.choices

    def __str__(self) -> str:
        return f"{self.output.name} → {self.input.name}"

    @property
    def is_decided(self) -> bool:
        return self.status != ProposalStatus.PROPOSED

    def clean(self):
        if self.status == ProposalStatus.REJECTED and not (self.reason or "").strip():
            raise ValidationError({"reason": _("Say why the proposal is rejected.")})

    def decide(self, status: str, reason: str, user) -> ProposalDecision:
        """Set the office's decision, validated, and record it in the proposal's history."""
        if status not in ProposalStatus.values:
            raise ValidationError({"status": _("Unknown status %(s)r; use one of %(all)s.") % {"s": status, "all": ", ".join(ProposalStatus.values)}})
        self.status, self.reason = status, (reason or "").strip()
        self.full_clean(exclude=["output", "input", "rule", "run", "decided_by"])
        self.decided_by, self.decided_at = user, timezone.now()
        self.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        return ProposalDecision.objects.create(proposal=self, status=status, reason=self.reason, decided_by=user, decided_at=self.decided_at)


    @property
    def mutual_consent(self) -> bool:
        return self.supplier_answer == ConsentAnswer.YES and self.receiver_answer == ConsentAnswer.YES

    def side_of(self, organisation_id: int | None) -> str | None:
        """Which side of the exchange an organisation is on (None if neither)."""
        if organisation_id is None:
            return None
        if self.output.site.organisation_id == organisation_id:
            return Side.SUPPLIER
        if self.input.site.organisation_id == organisation_id:
            return Side.RECEIVER
        return None

    def answer_of(self, side: str) -> str:
        return self.supplier_answer if side == Side.SUPPLIER else self.receiver_answer


class ConsentRecord(models.Model):
    """The history of the double opt-in: who answered what for which side, and when."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="consents")
    side = models.CharField(_("side"), max_length=8, choices=Side.choices)
    answer = models.CharField(_("answer"), max_length=10, choices=ConsentAnswer.choices)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    disclosed = models.BooleanField(_("both said yes after this answer"), default=False)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        verbose_name = _("consent answer")
        verbose_name_plural = _("consent answers")


class ConsentNotification(models.Model):
    """Tells the office that two companies disclosed themselves to each other, or that one withdrew."""

    class Event(models.TextChoices):
        CONSENTED = "consented", _("Both companies said yes")
        WITHDRAWN = "withdrawn", _("A company withdrew after both said yes")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="consent_notifications")
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    seen = models.BooleanField(_("seen by the office"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consent notification")
        verbose_name_plural = _("consent notifications")


class ProposalDecision(models.Model):
    """The history of a proposal's decisions."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]


class AttractSuggestion(models.Model):
    """Who should we attract: kinds of company that would take an output nobody takes (or supply an input)."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="attract_suggestions")
    stream = models.ForeignKey("streams.ResourceStream", on_delete=models.CASCADE, related_name="attract_suggestions")
    direction = models.CharField(max_length=6)
    rule = models.ForeignKey(SynergyRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rule_code = models.CharField(max_length=120)
    rule_name = models.CharField(max_length=300)
    nace = models.JSONField(default=list, help_text="[[code, title], ...]")
    kinds = models.TextField(blank=True)
    fit = models.FloatField()
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["stream", "-fit", "pk"]


class Chain(models.Model):
    """A chain, cascade or closed loop found in the proposal graph of a run."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="chain_set")
    kind = models.CharField(max_length=10)
    organisations = models.JSONField(default=list, help_text="Organisation ids in order.")
    links = models.JSONField(default=list, help_text="[{output, input, supplier, receiver, rule, quantity, unit}] with stream and organisation ids.")
    score = models.FloatField()

    class Meta:
        ordering = ["-score", "pk"]
