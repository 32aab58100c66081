"""Sites of organisations and the resource streams that flow in and out of them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veturi.engine import reference, units

ALL_MONTHS = 0b1111_1111_1111


class SiteStatus(models.TextChoices):
    EXISTING = "existing", _("Existing")
    PLANNED = "planned", _("Planned")


class Site(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=SiteStatus.choices, default=SiteStatus.EXISTING)
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    zone = models.ForeignKey("plots.Zone", null=True, blank=True, on_delete=models.SET_NULL, related_name="sites")
    plot = models.ForeignKey("plots.Plot", null=True, blank=True, on_delete=models.SET_NULL, related_name="sites")
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_site_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.name}"

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))
        if self.plot_id and self.zone_id and self.plot.zone_id != self.zone_id:
            raise ValidationError({"plot": _("The plot is not in the site's zone.")})
        if self.plot_id and not self.zone_id:
            self.zone_id = self.plot.zone_id

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Direction(models.TextChoices):
    OUTPUT = "output", _("Output (supply)")
    INPUT = "input", _("Input (demand)")


class StreamKind(models.TextChoices):
    MATERIAL = "material", _("Material")
    ENERGY = "energy", _("Energy")
    WATER = "water", _("Water")
    BY_PRODUCT = "by_product", _("By-product")
    SERVICE = "service", _("Service")
    LOGISTICS = "logistics", _("Logistics and storage")


class Confidentiality(models.TextChoices):
    OFFICE = "office", _("Private to the office")
    PARTNERS = "partners", _("Shared with matched partners after consent")
    PUBLIC = "public", _("Public")


class ClassificationMethod(models.TextChoices):
    MANUAL = "manual", _("Set by a person")
    LEXICON = "lexicon", _("Suggested by the lexicon")
    NONE = "none", _("Unclassified")


# Quality properties the engine understands, with their plausible range.
QUALITY_RANGES = {
    "temperature_c": (-50.0, 1500.0),
    "pressure_bar": (0.0, 300.0),
    "dry_matter_pct": (0.0, 100.0),
    "moisture_pct": (0.0, 100.0),
    "purity_pct": (0.0, 100.0),
    "heating_value_mj_per_kg": (0.0, 150.0),
}


class ResourceStream(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="streams")
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=StreamKind.choices)
    name = models.CharField(_("name"), max_length=200)
    ewc_code = models.CharField(_("European List of Waste code"), max_length=12, blank=True)
    taxonomy_code = models.CharField(_("resource taxonomy code"), max_length=80, blank=True)
    classification_method = models.CharField(
        _("classified by"), max_length=8, choices=ClassificationMethod.choices, default=ClassificationMethod.MANUAL
    )
    classification_confidence = models.FloatField(_("classification confidence"), null=True, blank=True)
    needs_review = models.BooleanField(
        _("needs review"), default=False, help_text=_("The name could not be classified with confidence.")
    )
    quantity = models.FloatField(_("quantity"), validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=30, help_text=_("As entered, e.g. t/a, MWh/a, MW, m3/d."))
    canonical_quantity = models.FloatField(_("quantity per year"), editable=False, default=0)
    canonical_unit = models.CharField(_("canonical unit"), max_length=12, editable=False, blank=True)
    quality = models.JSONField(_("quality"), default=dict, blank=True)
    months_mask = models.PositiveSmallIntegerField(_("months available"), default=ALL_MONTHS)
    current_handling = models.CharField(_("current handling"), max_length=200, blank=True)
    handling_cost_eur_per_unit = models.FloatField(
        _("current handling cost (€ per canonical unit)"),
        null=True,
        blank=True,
        help_text=_("Positive when the company pays, negative when it earns."),
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=8, choices=Confidentiality.choices, default=Confidentiality.OFFICE
    )
    # Per field group, who may see it; blank means the stream's confidentiality (see streams/visibility.py).
    name_visibility = models.CharField(
        _("visibility of name and description"), max_length=8, choices=Confidentiality.choices, blank=True
    )
    quantity_visibility = models.CharField(_("visibility of quantity"), max_length=8, choices=Confidentiality.choices, blank=True)
    cost_visibility = models.CharField(_("visibility of cost and price"), max_length=8, choices=Confidentiality.choices, blank=True)
    quality_visibility = models.CharField(_("visibility of quality"), max_length=8, choices=Confidentiality.choices, blank=True)
    months_visibility = models.CharField(_("visibility of months available"), max_length=8, choices=Confidentiality.choices, blank=True)
    source = models.TextField(_("source"), blank=True)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site", "direction", "name"]
        verbose_name = _("resource stream")
        verbose_name_plural = _("resource streams")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_stream_external_id_when_given"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stream_quantity_not_negative"),
            models.CheckConstraint(condition=Q(months_mask__lte=ALL_MONTHS), name="stream_months_mask_12_bits"),
        ]
        indexes = [
            models.Index(fields=["direction", "kind"], name="stream_direction_kind_idx"),
            models.Index(fields=["ewc_code"], name="stream_ewc_idx"),
            models.Index(fields=["taxonomy_code"], name="stream_taxonomy_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_direction_display()})"

    # Months are a 12-bit mask: bit 0 is January.
    @property
    def months(self) -> list[int]:
        if self.months_mask is None:  # hidden from this reader (see streams/visibility.py)
            return []
        return [month for month in range(1, 13) if self.months_mask & (1 << (month - 1))]

    @months.setter
    def months(self, months) -> None:
        mask = 0
        for month in months:
            if not isinstance(month, int) or not 1 <= month <= 12:
                raise ValidationError({"months_mask": _("Months are whole numbers from 1 to 12; got %(m)r.") % {"m": month}})
            mask |= 1 << (month - 1)
        self.months_mask = mask

    @property
    def organisation(self):
        return self.site.organisation

    @property
    def hazardous(self) -> bool:
        entry = reference.ewc_codes().get(self.ewc_code) if self.ewc_code else None
        return bool(entry and entry.hazardous)

    @property
    def classification_code(self) -> str:
        return self.ewc_code or self.taxonomy_code

    @property
    def classification_label(self) -> str:
        if self.ewc_code:
            entry = reference.ewc_codes().get(self.ewc_code)
            return entry.description if entry else ""
        if self.taxonomy_code:
            entry = reference.taxonomy().get(self.taxonomy_code)
            return entry.name_en if entry else ""
        return ""

    def refresh_canonical_quantity(self) -> None:
        """Convert the quantity as entered to its canonical per-year unit."""
        if self.quantity is None:
            raise ValidationError({"quantity": _("Give a quantity.")})
        if not self.months_mask:
            raise ValidationError({"months_mask": _("A stream must be available in at least one month.")})
        try:
            canonical = units.to_canonical(float(self.quantity), self.unit, months_available=len(self.months))
        except units.UnitError as exc:
            raise ValidationError({"unit": str(exc)}) from exc
        except ValueError as exc:
            raise ValidationError({"quantity": str(exc)}) from exc
        self.canonical_quantity = canonical.value
        self.canonical_unit = canonical.unit

    def clean(self):
        errors = {}
        if self.ewc_code:
            try:
                self.ewc_code = reference.normalise_ewc_code(self.ewc_code)
            except ValueError as exc:
                errors["ewc_code"] = str(exc)
        if self.taxonomy_code:
            try:
                self.taxonomy_code = reference.normalise_taxonomy_code(self.taxonomy_code)
            except ValueError as exc:
                errors["taxonomy_code"] = str(exc)
        if not isinstance(self.quality, dict):
            errors["quality"] = _("Quality is a mapping of property to value.")
        else:
            for key, value in self.quality.items():
                bounds = QUALITY_RANGES.get(key)
                if bounds is None:
                    continue
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    errors["quality"] = _("Quality %(key)s must be a number.") % {"key": key}
                elif not bounds[0] <= value <= bounds[1]:
                    errors["quality"] = _("Quality %(key)s = %(value)s is outside %(low)s…%(high)s.") % {
                        "key": key,
                        "value": value,
                        "low": bounds[0],
                        "high": bounds[1],
                    }
        try:
            self.refresh_canonical_quantity()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The canonical quantity is derived: never store one that disagrees with what was entered.
        self.refresh_canonical_quantity()
        super().save(*args, **kwargs)
