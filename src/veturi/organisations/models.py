"""Organisations, their people and the project office's core team."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veturi.engine import identifiers, reference


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    MUNICIPALITY = "municipality", _("Municipality")
    UNIVERSITY = "university", _("University or research institute")
    REGIONAL_ACTOR = "regional_actor", _("Regional actor")
    NETWORK_OPERATOR = "network_operator", _("Network operator")
    INVESTOR = "investor", _("Investor")
    OTHER = "other", _("Other")


class TurnoverBand(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    UNDER_2M = "<2M", _("under 2 M€")
    FROM_2M = "2-10M", _("2–10 M€")
    FROM_10M = "10-50M", _("10–50 M€")
    FROM_50M = "50-250M", _("50–250 M€")
    OVER_250M = ">250M", _("over 250 M€")


class CleantechCategory(models.TextChoices):
    NONE = "", _("Not cleantech")
    CIRCULAR_MATERIALS = "circular_materials", _("Circular materials and recycling")
    BIOECONOMY = "bioeconomy", _("Bioeconomy")
    RENEWABLE_ENERGY = "renewable_energy", _("Renewable energy")
    ENERGY_EFFICIENCY = "energy_efficiency", _("Energy efficiency")
    WATER = "water", _("Water")
    CLEAN_TRANSPORT = "clean_transport", _("Clean transport")
    HYDROGEN_PTX = "hydrogen_ptx", _("Hydrogen and power-to-X")
    ENVIRONMENTAL_SERVICES = "environmental_services", _("Environmental services")
    DIGITAL_CLEANTECH = "digital_cleantech", _("Digital cleantech")


class EngagementStage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONTACTED = "contacted", _("Contacted")
    ENGAGED = "engaged", _("Engaged")
    COMMITTED = "committed", _("Committed")
    CONTRACTED = "contracted", _("Contracted")
    OPERATING = "operating", _("Operating")
    DROPPED = "dropped", _("Dropped")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY)
    business_id = models.CharField(
        _("Finnish business ID"), max_length=9, blank=True, help_text=_("Y-tunnus, e.g. 1234567-8")
    )
    foreign_id = models.CharField(_("foreign VAT or registry ID"), max_length=40, blank=True)
    external_id = models.SlugField(
        _("external ID"), max_length=80, blank=True, help_text=_("Stable key used by imports to update, never duplicate.")
    )
    country = models.CharField(_("country"), max_length=2, default="FI", help_text=_("ISO 3166-1 alpha-2"))
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    turnover_band = models.CharField(_("turnover"), max_length=8, choices=TurnoverBand.choices, blank=True)
    cleantech_category = models.CharField(
        _("cleantech category"), max_length=24, choices=CleantechCategory.choices, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    engagement_stage = models.CharField(
        _("engagement stage"), max_length=12, choices=EngagementStage.choices, default=EngagementStage.IDENTIFIED
    )
    dropped_reason = models.CharField(_("reason for dropping"), max_length=300, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo; not a real organisation.")
    )
    source = models.TextField(_("source"), blank=True, help_text=_("Where the facts about this organisation come from."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"], condition=~Q(business_id=""), name="unique_business_id_when_given"
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_org_external_id_when_given"
            ),
        ]
        indexes = [models.Index(fields=["kind", "engagement_stage"], name="org_kind_stage_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.business_id:
            try:
                self.business_id = identifiers.normalise_business_id(self.business_id)
            except ValueError as exc:
                errors["business_id"] = str(exc)
        self.country = (self.country or "").upper()
        if len(self.country) != 2 or not self.country.isalpha():
            errors["country"] = _("Use the two-letter ISO country code, e.g. FI or SE.")
        if self.foreign_id and not errors.get("country"):
            try:
                self.foreign_id = identifiers.normalise_foreign_id(self.foreign_id, self.country)
            except ValueError as exc:
                errors["foreign_id"] = str(exc)
        if self.engagement_stage == EngagementStage.DROPPED and not self.dropped_reason.strip():
            errors["dropped_reason"] = _("Say why the organisation was dropped.")
        if errors:
            raise ValidationError(errors)

    @property
    def nace_codes(self) -> list[str]:
        return [activity.code for activity in self.activities.all()]

    def set_nace_codes(self, codes: list[str]) -> None:
        """Make these validated NACE codes the organisation's activities, the first one primary."""
        self.activities.exclude(code__in=codes).delete()
        for position, code in enumerate(codes):
            NaceActivity.objects.update_or_create(organisation=self, code=code, defaults={"is_primary": position == 0})


class NaceActivity(models.Model):
    """One NACE Rev.2 class an organisation works in."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("NACE Rev.2 code"), max_length=8)
    is_primary = models.BooleanField(_("primary activity"), default=False)

    class Meta:
        ordering = ["-is_primary", "code"]
        verbose_name = _("NACE activity")
        verbose_name_plural = _("NACE activities")
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="unique_org_nace_code")]

    def __str__(self) -> str:
        return self.code

    def clean(self):
        try:
            self.code = reference.normalise_nace_code(self.code)
        except ValueError as exc:
            raise ValidationError({"code": str(exc)}) from exc

    @property
    def title(self) -> str:
        entry = reference.nace_codes().get(self.code)
        return entry.title if entry else ""


class Person(models.Model):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_person_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ExpertRole(models.TextChoices):
    PROJECT_LEAD = "project_lead", _("Project lead")
    CONSTRUCTION = "construction", _("Construction")
    REAL_ESTATE = "real_estate", _("Real-estate development")
    URBAN_PLANNING = "urban_planning", _("Urban planning")
    CLEANTECH_INDUSTRY = "cleantech_industry", _("Cleantech industry")
    VALUE_CHAINS = "value_chains", _("Industrial value chains")


class CoreTeamMember(models.Model):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="core_team_membership")
    expert_role = models.CharField(_("expert role"), max_length=20, choices=ExpertRole.choices)
    active = models.BooleanField(_("active"), default=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        ordering = ["expert_role", "person__name"]
        verbose_name = _("core-team member")
        verbose_name_plural = _("core team")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_expert_role_display()})"
