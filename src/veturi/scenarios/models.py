"""Roadmap scenarios with uncertain assumptions, their stored simulations, and the park figures
the IFEIP framework table reads.

A ``Scenario`` lays ``Assumption`` rows over a roadmap (``veturi.roadmap``): the probability
that an activity (a locomotive settling, say) or a whole value network comes, a delay
distribution in months, and a range of multipliers on one KPI or all of them. A simulation
is stored as a ``SimulationResult`` (yearly percentiles as JSON), so pages load at once.
``ParkFigure`` rows are the figures the office enters for the framework's indicators that the
data cannot give (an EMS share, wastewater treated, community meetings ...).

The adapter (``veturi.scenarios.adapters``) is the only code that turns these rows into the
engine's ``Scenario`` and stores its ``ScenarioResult``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veturi.engine.scenarios import KPIS, distribution_from_dict

#: Bounds of a scenario's runs on the page (the CLI and the engine allow more).
MIN_RUNS, MAX_RUNS = 100, 200_000


class DelayDistribution(models.TextChoices):
    NONE = "", _("No delay")
    FIXED = "fixed", _("Fixed")
    UNIFORM = "uniform", _("Uniform (low to high)")
    TRIANGULAR = "triangular", _("Triangular (low, most likely, high)")
    LOGNORMAL = "lognormal", _("Lognormal (median = most likely, spread sigma)")


class RangeDistribution(models.TextChoices):
    NONE = "", _("No range")
    UNIFORM = "uniform", _("Uniform (low to high)")
    TRIANGULAR = "triangular", _("Triangular (low, most likely, high)")


KPI_CHOICES = [
    ("", _("All KPIs")), ("jobs", _("Jobs")), ("investment_eur", _("Investment")), ("co2_avoided_t", _("CO2 avoided")),
    ("virgin_material_saved_t", _("Virgin material saved")), ("waste_diverted_landfill_t", _("Waste diverted from landfill")),
    ("waste_diverted_incineration_t", _("Waste diverted from incineration")),
    ("energy_recirculated_mwh", _("Energy recirculated")), ("water_recirculated_m3", _("Water recirculated")),
    ("land_use_ha", _("Land use")), ("synergies_realised", _("Realised synergies")),
]
assert [k for k, _label in KPI_CHOICES[1:]] == list(KPIS), "one choice per engine KPI, in order"


class Scenario(models.Model):
    """A roadmap plus uncertain assumptions, simulated ``runs`` times from ``seed``.

    ``waste_to_incineration_share`` splits the roadmap's waste diverted into waste that would
    otherwise have been incinerated and waste that would have been landfilled (Finland bans
    landfilling organic waste, so most diverted waste would otherwise burn).
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    roadmap = models.ForeignKey(
        "roadmap.Roadmap", null=True, blank=True, on_delete=models.SET_NULL, related_name="scenarios",
        verbose_name=_("roadmap"),
    )
    runs = models.PositiveIntegerField(
        _("runs"), default=10_000, validators=[MinValueValidator(MIN_RUNS), MaxValueValidator(MAX_RUNS)]
    )
    seed = models.PositiveIntegerField(_("seed"), default=0, help_text=_("The same seed gives the same result."))
    waste_to_incineration_share = models.FloatField(
        _("share of diverted waste that would otherwise be incinerated"), default=0.8,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~models.Q(external_id=""), name="unique_scenario_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def latest_result(self):
        return self.results.first()


class Assumption(models.Model):
    """What is uncertain about one roadmap activity or one value network (all its activities).

    ``probability`` that it comes at all; the start delay in months (``delay_low``,
    ``delay_likely``, ``delay_high``; for the lognormal, ``delay_likely`` is the median and
    ``delay_sigma`` the spread); a multiplier range on ``quantity_kpi`` (empty: every KPI).
    """

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="assumptions")
    activity = models.ForeignKey(
        "roadmap.RoadmapActivity", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("activity"),
    )
    network = models.ForeignKey(
        "valuenets.ValueNetwork", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("value network"),
    )
    probability = models.FloatField(
        _("probability it comes"), default=1.0, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    delay_distribution = models.CharField(_("delay"), max_length=10, choices=DelayDistribution.choices, blank=True, default="")
    delay_low = models.FloatField(_("delay low (months)"), null=True, blank=True)
    delay_likely = models.FloatField(_("delay most likely (months)"), null=True, blank=True)
    delay_high = models.FloatField(_("delay high (months)"), null=True, blank=True)
    delay_sigma = models.FloatField(_("delay spread (sigma)"), null=True, blank=True)
    quantity_kpi = models.CharField(_("quantity range applies to"), max_length=32, choices=KPI_CHOICES, blank=True, default="")
    quantity_distribution = models.CharField(
        _("quantity range"), max_length=10, choices=RangeDistribution.choices, blank=True, default=""
    )
    quantity_low = models.FloatField(_("multiplier low"), null=True, blank=True)
    quantity_likely = models.FloatField(_("multiplier most likely"), null=True, blank=True)
    quantity_high = models.FloatField(_("multiplier high"), null=True, blank=True)
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        ordering = ["scenario", "pk"]
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(activity__isnull=True) | models.Q(network__isnull=True), name="assumption_one_target"
            ),
        ]

    def __str__(self) -> str:
        return str(self.activity or self.network or "?")

    @property
    def target_label(self) -> str:
        if self.activity_id:
            return self.activity.name
        if self.network_id:
            return self.network.name
        return ""

    def delay_spec(self) -> dict | None:
        """The delay as the engine's distribution dict, or ``None``."""
        kind = self.delay_distribution
        if not kind:
            return None
        if kind == "fixed":
            return {"kind": "fixed", "value": self.delay_likely}
        if kind == "uniform":
            return {"kind": "uniform", "low": self.delay_low, "high": self.delay_high}
        if kind == "triangular":
            return {"kind": "triangular", "low": self.delay_low, "mode": self.delay_likely, "high": self.delay_high}
        return {"kind": "lognormal", "median": self.delay_likely, "sigma": self.delay_sigma}

    def quantity_spec(self) -> dict | None:
        kind = self.quantity_distribution
        if not kind:
            return None
        if kind == "uniform":
            return {"kind": "uniform", "low": self.quantity_low, "high": self.quantity_high}
        return {"kind": "triangular", "low": self.quantity_low, "mode": self.quantity_likely, "high": self.quantity_high}

    def clean(self):
        errors = {}
        if bool(self.activity_id) == bool(self.network_id):
            errors["activity"] = _("Choose either an activity or a value network.")
        if self.scenario_id and self.activity_id and self.scenario.roadmap_id and self.activity.roadmap_id != self.scenario.roadmap_id:
            errors["activity"] = _("The activity belongs to another roadmap.")
        needs = {
            "fixed": ("delay_likely",), "uniform": ("delay_low", "delay_high"),
            "triangular": ("delay_low", "delay_likely", "delay_high"), "lognormal": ("delay_likely", "delay_sigma"),
        }
        for field_name in needs.get(self.delay_distribution, ()):
            if getattr(self, field_name) is None:
                errors[field_name] = _("This delay distribution needs this value.")
        quantity_needs = {"uniform": ("quantity_low", "quantity_high"), "triangular": ("quantity_low", "quantity_likely", "quantity_high")}
        for field_name in quantity_needs.get(self.quantity_distribution, ()):
            if getattr(self, field_name) is None:
                errors[field_name] = _("This range needs this value.")
        if not errors:
            for spec, field_name in ((self.delay_spec(), "delay_distribution"), (self.quantity_spec(), "quantity_distribution")):
                if spec is None:
                    continue
                try:
                    distribution_from_dict(spec, where=str(self._meta.get_field(field_name).verbose_name))
                except ValueError as exc:
                    errors[field_name] = str(exc)
            spec = self.quantity_spec()
            if spec and spec["low"] is not None and spec["low"] < 0:
                errors["quantity_low"] = _("A multiplier cannot be negative.")
        if errors:
            raise ValidationError(errors)


class SimulationResult(models.Model):
    """One stored simulation: the engine's result as JSON, with its runs, seed and time.

    ``fingerprint`` digests the engine scenario, runs and seed: the page says when the
    scenario or its roadmap changed since. ``notes`` say what the adapter assumed (no solved
    plan: earliest starts used; an assumption on a network outside the roadmap ignored ...).
    """

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="results")
    created_at = models.DateTimeField(_("simulated at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    runs = models.PositiveIntegerField(_("runs"))
    seed = models.PositiveIntegerField(_("seed"))
    seconds = models.FloatField(_("seconds"), default=0)
    years = models.JSONField(_("years"), default=list)
    result = models.JSONField(_("result"), default=dict)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("simulation result")
        verbose_name_plural = _("simulation results")

    def __str__(self) -> str:
        return f"{self.scenario} {self.created_at:%Y-%m-%d %H:%M}"


class ParkFigure(models.Model):
    """A figure the office enters for the IFEIP framework table (one per metric; the latest
    entry counts). Yes/no figures are stored as 1 or 0, shares as 0..1."""

    metric = models.CharField(_("figure"), max_length=64, unique=True)
    value = models.FloatField(_("value"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.CharField(_("source or note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric"]
        verbose_name = _("park figure")
        verbose_name_plural = _("park figures")

    def __str__(self) -> str:
        return f"{self.metric} = {self.value:g}"
