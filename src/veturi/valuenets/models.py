"""Value networks found by the engine, locomotive rankings and the hypotheses behind them.

``ValueNetwork`` rows are written by the adapter (``veturi.valuenets.adapters``) on each
analysis run; the office's own edits (a name it gave, a network it curated) are kept across
runs. The office adds its own locomotive criteria and scores; each ranking it asks for is
stored. Hypotheses say what is still only assumed about a network or a locomotive, who checks
it by when, and which interactions (meetings, calls, visits) are the evidence.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NetworkMethod(models.TextChoices):
    COMMUNITY = "community", _("Community of the synergy graph")
    NEIGHBOURHOOD = "neighbourhood", _("Around a locomotive")
    TEMPLATE = "template", _("Cleantech template")


class AnalysisRun(models.Model):
    """One computation of the value networks: what it saw (fingerprint) and what it found."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    seconds = models.FloatField(_("seconds"), default=0)
    fingerprint = models.CharField(max_length=64, editable=False)
    parameters = models.JSONField(_("parameters"), default=dict)
    networks = models.PositiveIntegerField(_("networks"), default=0)
    modularity = models.FloatField(_("modularity"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("value-network analysis")
        verbose_name_plural = _("value-network analyses")


#: Viewers see a network's value, CO2 and jobs only when at least this many companies share them.
MIN_MEMBERS_FOR_SHARED_FIGURES = 3


class ValueNetwork(models.Model):
    """A value network: members, the exchanges among them, figures and the engine's explanation.

    ``key`` identifies the network across runs (template id, locomotive, or the community it
    continues); ``members``/``locomotives`` are organisation ids, ``exchanges`` proposal ids,
    ``edges`` ``[supplier, receiver, proposal id, family, status]``.
    """

    key = models.CharField(max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=200)
    engine_name = models.CharField(max_length=200, editable=False, help_text="The name the engine gave.")
    named_by_office = models.BooleanField(_("named by the office"), default=False)
    curated = models.BooleanField(_("curated by the office"), default=False, help_text=_("Kept when a run no longer finds it."))
    notes = models.TextField(_("office notes"), blank=True)
    method = models.CharField(_("method"), max_length=14, choices=NetworkMethod.choices)
    template = models.CharField(_("template"), max_length=60, blank=True)
    members = models.JSONField(_("members"), default=list)
    locomotives = models.JSONField(_("locomotives"), default=list)
    locomotive_reason = models.TextField(blank=True)
    exchanges = models.JSONField(default=list)
    edges = models.JSONField(default=list)
    roles = models.JSONField(default=list, blank=True, help_text="[{role, name, members, evidence}] of a template network.")
    value_eur_per_year = models.FloatField(_("value (€/a)"), default=0)
    co2_t_per_year = models.FloatField(_("CO2 avoided (t/a)"), default=0)
    jobs = models.PositiveIntegerField(_("jobs"), default=0)
    jobs_known = models.PositiveIntegerField(default=0)
    maturity = models.JSONField(_("maturity"), default=dict)
    explanation = models.TextField(_("explanation"), blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    gaps = models.JSONField(default=list, blank=True)
    value_lost_eur_per_year = models.FloatField(default=0)
    co2_lost_t_per_year = models.FloatField(default=0)
    current = models.BooleanField(_("found by the last run"), default=True)
    run = models.ForeignKey(AnalysisRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="value_networks")

    class Meta:
        ordering = ["-current", "method", "-value_eur_per_year", "name", "pk"]
        verbose_name = _("value network")
        verbose_name_plural = _("value networks")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if not (self.name or "").strip():
            raise ValidationError({"name": _("Give the network a name.")})

    def figures_shown_to(self, user) -> bool:
        """Staff see every figure; others only figures aggregated over enough members that no
        single company's exchange can be read from them."""
        return user.is_staff_member or len(self.members) >= MIN_MEMBERS_FOR_SHARED_FIGURES

    @property
    def exchange_count(self) -> int:
        return len(self.exchanges)

    @property
    def member_count(self) -> int:
        return len(self.members)

    def hypotheses_in_scope(self):
        """Its own hypotheses and those about its locomotives."""
        return Hypothesis.objects.filter(models.Q(network=self) | models.Q(locomotive_id__in=self.locomotives))

    def readiness(self) -> dict:
        """How ready the network is for prioritisation, from its hypotheses.

        ``level``: ``untested`` (no hypothesis), ``refuted`` (one refuted: rethink),
        ``blocked`` (open blocking assumptions), ``assumed`` (open, non-blocking), ``ready``
        (every one validated). ``share``: validated / all.
        """
        return readiness_of(list(self.hypotheses_in_scope()))


def readiness_by_network(networks) -> dict[int, dict]:
    """``ValueNetwork.readiness()`` of many networks, their hypotheses read in one query."""
    networks = list(networks)
    locomotives = {pk for network in networks for pk in network.locomotives}
    hypotheses = list(Hypothesis.objects.filter(models.Q(network__in=networks) | models.Q(locomotive_id__in=locomotives)))
    return {
        network.pk: readiness_of([h for h in hypotheses if h.network_id == network.pk or h.locomotive_id in network.locomotives])
        for network in networks
    }


def readiness_of(hypotheses) -> dict:
    counts = {status: 0 for status in HypothesisStatus.values}
    for hypothesis in hypotheses:
        counts[hypothesis.status] += 1
    total = sum(counts.values())
    blocking = sum(1 for h in hypotheses if h.status == HypothesisStatus.OPEN and h.blocks_prioritisation)
    if not total:
        level = "untested"
    elif counts[HypothesisStatus.REFUTED]:
        level = "refuted"
    elif blocking:
        level = "blocked"
    elif counts[HypothesisStatus.OPEN]:
        level = "assumed"
    else:
        level = "ready"
    return {"level": level, "label": str(READINESS_LABELS[level]), "counts": counts, "blocking": blocking,
            "share": counts[HypothesisStatus.VALIDATED] / total if total else 0.0}


READINESS_LABELS = {
    "untested": _("No hypothesis recorded"),
    "refuted": _("An assumption was refuted"),
    "blocked": _("Blocked by open assumptions"),
    "assumed": _("Open assumptions, none blocking"),
    "ready": _("Every assumption validated"),
}


class Candidate(models.Model):
    """What the office knows about an organisation as a locomotive candidate beyond its record."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE, related_name="locomotive_candidate")
    marked_locomotive = models.BooleanField(_("marked as locomotive"), default=False)
    investment_eur = models.FloatField(_("investment (€)"), null=True, blank=True, validators=[MinValueValidator(0)])
    plot_need_m2 = models.FloatField(_("plot needed (m²)"), null=True, blank=True, validators=[MinValueValidator(0)])
    infrastructure_needs = models.JSONField(_("infrastructure needed"), default=list, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("locomotive candidate")
        verbose_name_plural = _("locomotive candidates")

    def __str__(self) -> str:
        return str(self.organisation)


class CriterionDirection(models.TextChoices):
    BENEFIT = "benefit", _("Higher is better")
    COST = "cost", _("Lower is better")


class CustomCriterion(models.Model):
    """A locomotive criterion of the office's own, scored per candidate by hand."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    direction = models.CharField(_("direction"), max_length=8, choices=CriterionDirection.choices, default=CriterionDirection.BENEFIT)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.FloatField(_("default weight"), default=0.1, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["code"]
        verbose_name = _("office criterion")
        verbose_name_plural = _("office criteria")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from veturi.engine.ranking import CRITERIA

        if self.code in {criterion.id for criterion in CRITERIA}:
            raise ValidationError({"code": _("%(code)s is a built-in criterion; choose another code.") % {"code": self.code}})


class CriterionScore(models.Model):
    criterion = models.ForeignKey(CustomCriterion, on_delete=models.CASCADE, related_name="scores")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        ordering = ["criterion", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["criterion", "organisation"], name="unique_criterion_score")]


class RankingMethod(models.TextChoices):
    TOPSIS = "topsis", _("TOPSIS")
    PROMETHEE = "promethee_ii", _("PROMETHEE II")


class RankingRun(models.Model):
    """A stored ranking of the locomotive candidates with its weights, method and sensitivity."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(_("method"), max_length=14, choices=RankingMethod.choices, default=RankingMethod.TOPSIS)
    weights = models.JSONField(_("weights"), default=dict)
    ahp_matrix = models.JSONField(default=list, blank=True)
    consistency_ratio = models.FloatField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    candidates = models.JSONField(default=list, help_text="[{rank, organisation, name, score, criteria}] best first.")
    criteria = models.JSONField(default=list, help_text="[{id, name, unit, direction, description, formula}]")
    missing = models.JSONField(default=list, blank=True)
    sensitivity = models.JSONField(default=dict, blank=True)
    chart_svg = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("locomotive ranking")
        verbose_name_plural = _("locomotive rankings")


class HypothesisStatus(models.TextChoices):
    OPEN = "open", _("Open")
    VALIDATED = "validated", _("Validated")
    REFUTED = "refuted", _("Refuted")


class Hypothesis(models.Model):
    """An assumption about a value network or a locomotive, to check with the companies."""

    statement = models.TextField(_("statement"), help_text=_("e.g. X needs 40 GWh/a of heat at 70 °C"))
    network = models.ForeignKey(ValueNetwork, null=True, blank=True, on_delete=models.SET_NULL, related_name="hypotheses")
    locomotive = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="hypotheses"
    )
    status = models.CharField(_("status"), max_length=10, choices=HypothesisStatus.choices, default=HypothesisStatus.OPEN)
    confidence = models.FloatField(
        _("confidence"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 to 1: how sure the office is today."),
    )
    owner = models.ForeignKey("organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="hypotheses")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    blocks_prioritisation = models.BooleanField(_("blocks prioritisation"), default=True)
    evidence = models.ManyToManyField("engagement.Interaction", blank=True, related_name="hypotheses", verbose_name=_("evidence"))
    resolution = models.TextField(_("how it was settled"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("hypothesis")
        verbose_name_plural = _("hypotheses")

    def __str__(self) -> str:
        return self.statement[:80]

    def clean(self):
        errors = {}
        if not (self.statement or "").strip():
            errors["statement"] = _("Write the assumption to check.")
        if self.network_id is None and self.locomotive_id is None:
            errors["network"] = _("Attach the hypothesis to a value network or a locomotive.")
        if self.confidence is not None and not 0 <= self.confidence <= 1:
            errors["confidence"] = _("Confidence is between 0 and 1, got %(value)s.") % {"value": self.confidence}
        if self.status != HypothesisStatus.OPEN and not (self.resolution or "").strip():
            errors["resolution"] = _("Say how the hypothesis was validated or refuted.")
        if errors:
            raise ValidationError(errors)

    @property
    def owner_is_core_team(self) -> bool:
        return self.owner_id is not None and hasattr(self.owner, "core_team_membership")

    @property
    def overdue(self) -> bool:
        return self.status == HypothesisStatus.OPEN and self.due_date is not None and self.due_date < timezone.localdate()
