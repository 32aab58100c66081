"""The national cleantech demonstration environment: pilots and test beds companies run in the zone.

A ``Pilot`` is run by a host company on a site or plot of the zone, uses some of the park's
infrastructure, has partners (companies, universities), a period, the technology readiness
level (TRL, 1-9) before and after, results, and the KPIs it moved (``PilotKpi``). It appears
on the zone's public page only when the host company agreed (``public_consent``), and then
only its public summary, never its results or figures.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TRL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(9)]


class PilotKind(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    TEST_BED = "test_bed", _("Test bed")
    DEMONSTRATION = "demonstration", _("Demonstration plant")


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Pilot(models.Model):
    """A pilot or test bed in the zone, its host, partners, period, TRL and results."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=PilotKind.choices, default=PilotKind.PILOT)
    status = models.CharField(_("status"), max_length=10, choices=PilotStatus.choices, default=PilotStatus.PLANNED)
    technology = models.CharField(_("technology"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    host = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="pilots_hosted", verbose_name=_("host company")
    )
    site = models.ForeignKey("streams.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="pilots", verbose_name=_("host site"))
    plot = models.ForeignKey("plots.Plot", null=True, blank=True, on_delete=models.SET_NULL, related_name="pilots", verbose_name=_("plot"))
    infrastructure = models.ManyToManyField(
        "plots.InfrastructureAsset", blank=True, related_name="pilots", verbose_name=_("infrastructure used")
    )
    partners = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="pilot_partnerships", verbose_name=_("partners"),
        help_text=_("Companies, universities and research institutes taking part."),
    )
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"), null=True, blank=True)
    trl_before = models.PositiveSmallIntegerField(_("TRL before"), validators=TRL_VALIDATORS)
    trl_after = models.PositiveSmallIntegerField(_("TRL after"), null=True, blank=True, validators=TRL_VALIDATORS)
    results = models.TextField(_("results"), blank=True)
    public_consent = models.BooleanField(
        _("the company agrees to show it on the public page"), default=False,
    )
    public_summary = models.CharField(_("public summary"), max_length=300, blank=True)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True, editable=False)
    source = models.TextField(_("source"), blank=True)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "name", "pk"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots and test beds")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~models.Q(external_id=""), name="unique_pilot_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if not (self.name or "").strip():
            errors["name"] = _("Give the pilot a name.")
        if not (self.technology or "").strip():
            errors["technology"] = _("Say which technology the pilot tests.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The pilot cannot end (%(end)s) before it starts (%(start)s).") % {
                "end": self.end_date, "start": self.start_date}
        if self.trl_before and self.trl_after and self.trl_after < self.trl_before:
            errors["trl_after"] = _("TRL after (%(after)s) is below TRL before (%(before)s); a pilot does not lower readiness.") % {
                "after": self.trl_after, "before": self.trl_before}
        if self.status == PilotStatus.COMPLETED and self.trl_after is None:
            errors["trl_after"] = _("A completed pilot states the TRL it reached.")
        if self.site_id and self.host_id and self.site.organisation_id != self.host_id:
            errors["site"] = _("The site belongs to another organisation than the host.")
        if self.public_consent and not (self.public_summary or "").strip():
            errors["public_summary"] = _("Write the summary the public page shows.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.public_consent and self.consent_recorded_at is None:
            self.consent_recorded_at = timezone.now()
        elif not self.public_consent:
            self.consent_recorded_at = None
        super().save(*args, **kwargs)

    @property
    def trl_gain(self) -> int | None:
        return None if self.trl_after is None else self.trl_after - self.trl_before


class PilotKpiName(models.TextChoices):
    """The yearly KPIs of the park a pilot can move (those of the roadmap and scenarios)."""

    CO2 = "co2_t", _("CO2 avoided (t/a)")
    JOBS = "jobs", _("Jobs")
    INVESTMENT = "investment_eur", _("Investment (€)")
    VIRGIN_MATERIAL = "virgin_material_t", _("Virgin material saved (t/a)")
    WASTE_DIVERTED = "waste_diverted_t", _("Waste diverted from landfill and incineration (t/a)")
    ENERGY = "energy_mwh", _("Energy recirculated (MWh/a)")
    WATER = "water_m3", _("Water recirculated (m³/a)")
    LAND = "land_ha", _("Land use (ha)")
    VALUE = "value_eur", _("Value (€/a)")
    OTHER = "other", _("Other")


class PilotKpi(models.Model):
    """A KPI a pilot moved and by how much (``change``, in the KPI's unit; negative for a decrease)."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="kpis")
    kpi = models.CharField(_("KPI"), max_length=20, choices=PilotKpiName.choices)
    change = models.FloatField(_("change"))
    note = models.CharField(_("how it was measured"), max_length=300, blank=True)

    class Meta:
        ordering = ["pilot", "kpi", "pk"]
        verbose_name = _("KPI moved")
        verbose_name_plural = _("KPIs moved")

    def __str__(self) -> str:
        return f"{self.get_kpi_display()}: {self.change:+g}"
