"""Zones, plots with the utilities they offer, and the park's infrastructure."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veturi.engine import geo


def _checked_area_m2(geometry) -> float:
    try:
        return geo.polygon_area_m2(geometry)
    except geo.GeometryError as exc:
        raise ValidationError({"geometry": str(exc)}) from exc


class Zone(models.Model):
    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    geometry = models.JSONField(_("boundary (GeoJSON, WGS84)"))
    area_m2 = models.FloatField(_("area (m²)"), editable=False, default=0)
    published_area_ha = models.FloatField(_("published area (ha)"), null=True, blank=True)
    approximate = models.BooleanField(_("approximate boundary"), default=False)
    source = models.TextField(_("source"), blank=True)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_zone_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        self.area_m2 = _checked_area_m2(self.geometry)

    def save(self, *args, **kwargs):
        self.area_m2 = _checked_area_m2(self.geometry)
        super().save(*args, **kwargs)

    @property
    def area_ha(self) -> float:
        return self.area_m2 / 10_000


class PlotStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved")
    LEASED = "leased", _("Leased")
    SOLD = "sold", _("Sold")


class Plot(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="plots")
    identifier = models.CharField(_("plot identifier"), max_length=60)
    geometry = models.JSONField(_("boundary (GeoJSON, WGS84)"))
    area_m2 = models.FloatField(_("area (m²)"), editable=False, default=0)
    zoning_class = models.CharField(_("zoning class"), max_length=20, blank=True, help_text=_("e.g. T, TY, KT-9, T/kem"))
    status = models.CharField(_("status"), max_length=10, choices=PlotStatus.choices, default=PlotStatus.AVAILABLE)
    price_eur_per_m2 = models.FloatField(_("price (€/m²)"), null=True, blank=True, validators=[MinValueValidator(0)])
    lease_percent = models.FloatField(
        _("yearly lease (% of price)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    floor_area_ratio = models.FloatField(
        _("floor-area ratio (e)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    notes = models.TextField(_("notes"), blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    source = models.TextField(_("source"), blank=True)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)

    class Meta:
        ordering = ["zone__name", "identifier"]
        verbose_name = _("plot")
        verbose_name_plural = _("plots")
        constraints = [
            models.UniqueConstraint(fields=["zone", "identifier"], name="unique_plot_identifier_in_zone"),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_plot_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.identifier}"

    def clean(self):
        self.area_m2 = _checked_area_m2(self.geometry)

    def save(self, *args, **kwargs):
        self.area_m2 = _checked_area_m2(self.geometry)
        super().save(*args, **kwargs)

    @property
    def area_ha(self) -> float:
        return self.area_m2 / 10_000

    @property
    def price_eur(self) -> float | None:
        return None if self.price_eur_per_m2 is None else self.price_eur_per_m2 * self.area_m2

    @property
    def yearly_lease_eur(self) -> float | None:
        if self.price_eur is None or self.lease_percent is None:
            return None
        return self.price_eur * self.lease_percent / 100


class UtilityKind(models.TextChoices):
    DISTRICT_HEAT = "district_heat", _("District heat")
    STEAM = "steam", _("Steam")
    ELECTRICITY = "electricity", _("Electricity")
    WATER = "water", _("Water")
    WASTE_WATER = "waste_water", _("Waste water")
    GAS = "gas", _("Gas")
    RAIL_SIDING = "rail_siding", _("Rail siding")


# The unit each utility's capacity is given in.
UTILITY_UNITS = {
    UtilityKind.DISTRICT_HEAT: "MW",
    UtilityKind.STEAM: "t/h",
    UtilityKind.ELECTRICITY: "MW",
    UtilityKind.WATER: "m3/d",
    UtilityKind.WASTE_WATER: "m3/d",
    UtilityKind.GAS: "MW",
    UtilityKind.RAIL_SIDING: "m",
}


class PlotUtility(models.Model):
    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="utilities")
    kind = models.CharField(_("utility"), max_length=16, choices=UtilityKind.choices)
    capacity = models.FloatField(_("capacity"), null=True, blank=True, validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=10, blank=True)
    ready = models.BooleanField(_("connection ready"), default=True)

    class Meta:
        ordering = ["plot", "kind"]
        verbose_name = _("plot utility")
        verbose_name_plural = _("plot utilities")
        constraints = [models.UniqueConstraint(fields=["plot", "kind"], name="unique_utility_per_plot")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.capacity or ''} {self.unit}".strip()

    def clean(self):
        expected = UTILITY_UNITS.get(self.kind)
        if not self.unit:
            self.unit = expected or ""
        elif expected and self.unit != expected:
            raise ValidationError({"unit": _("Give %(kind)s capacity in %(unit)s.") % {"kind": self.kind, "unit": expected}})

    def save(self, *args, **kwargs):
        if not self.unit:
            self.unit = UTILITY_UNITS.get(self.kind, "")
        super().save(*args, **kwargs)


class InfrastructureKind(models.TextChoices):
    WASTE_TO_ENERGY = "waste_to_energy", _("Waste-to-energy plant")
    HEAT_NETWORK = "heat_network", _("District heat network")
    WIND_POWER = "wind_power", _("Wind power")
    STORAGE_YARD = "storage_yard", _("Storage yard")
    BIOGAS_PLANT = "biogas_plant", _("Biogas plant")
    POWER_TO_GAS = "power_to_gas", _("Power-to-gas plant")
    SUBSTATION = "substation", _("Electricity substation")
    WATER_TREATMENT = "water_treatment", _("Water treatment")
    RAIL_SIDING = "rail_siding", _("Rail siding")
    OTHER = "other", _("Other")


class InfrastructureStatus(models.TextChoices):
    EXISTING = "existing", _("Existing")
    PLANNED = "planned", _("Planned")


class InfrastructureAsset(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=InfrastructureKind.choices)
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.SET_NULL, related_name="infrastructure")
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    capacity = models.FloatField(_("capacity"), null=True, blank=True, validators=[MinValueValidator(0)])
    capacity_unit = models.CharField(_("capacity unit"), max_length=20, blank=True)
    year_in_service = models.PositiveSmallIntegerField(
        _("year in service"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InfrastructureStatus.choices, default=InfrastructureStatus.EXISTING
    )
    operator = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="infrastructure"
    )
    source = models.TextField(_("source"), blank=True)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("infrastructure asset")
        verbose_name_plural = _("infrastructure")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_asset_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name
