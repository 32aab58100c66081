"""Plot requirements, allocation runs and their placements, contracts and their document templates."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veturi.plots.models import PlotStatus, UtilityKind


class PlotRequirement(models.Model):
    """What a company (existing or planned) needs from a plot."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE, related_name="plot_requirement")
    area_m2 = models.FloatField(_("area needed (m²)"))
    zoning_classes = models.CharField(_("acceptable zoning classes"), max_length=100, help_text=_("Comma-separated, e.g. T, TT, T/kem"))
    needs = models.JSONField(_("utility needs"), default=dict, blank=True, help_text=_("Utility kind -> capacity, e.g. {\"electricity\": 2}"))
    hazard_separation_m = models.FloatField(_("hazard separation (m)"), default=0)
    planned = models.BooleanField(_("planned company"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("plot requirement")
        verbose_name_plural = _("plot requirements")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.area_m2:g} m²"

    @property
    def zoning_list(self) -> list[str]:
        return [part.strip() for part in self.zoning_classes.split(",") if part.strip()]

    def clean(self):
        errors = {}
        if self.area_m2 is None or self.area_m2 <= 0:
            errors["area_m2"] = _("Give the area needed in m², more than zero.")
        if not self.zoning_list:
            errors["zoning_classes"] = _("Give at least one acceptable zoning class.")
        if self.hazard_separation_m is not None and self.hazard_separation_m < 0:
            errors["hazard_separation_m"] = _("The hazard separation cannot be negative.")
        if not isinstance(self.needs, dict):
            errors["needs"] = _("Give the utility needs as kind -> capacity.")
        else:
            for kind, amount in self.needs.items():
                if kind not in UtilityKind.values:
                    errors["needs"] = _("Unknown utility %(kind)r; use one of %(all)s.") % {"kind": kind, "all": ", ".join(UtilityKind.values)}
                    break
                if not isinstance(amount, (int, float)) or isinstance(amount, bool) or amount < 0:
                    errors["needs"] = _("The need for %(kind)s must be a number of zero or more.") % {"kind": kind}
                    break
        if errors:
            raise ValidationError(errors)


class PublicListing(models.Model):
    """An organisation's consent to be shown on the zone's public page."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE, related_name="public_listing")
    show_on_public_page = models.BooleanField(_("show on the public page"), default=False)
    public_description = models.CharField(_("public description"), max_length=300, blank=True)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("public listing")
        verbose_name_plural = _("public listings")

    def __str__(self) -> str:
        return str(self.organisation)


class AllocationRun(models.Model):
    """One run of the allocation optimiser, or a what-if variant of another run."""

    class Kind(models.TextChoices):
        BASE = "base", _("Allocation")
        PIN = "pin", _("Pin a company to a plot")
        CLOSE = "close", _("Close a plot")
        ADD = "add", _("Add a planned company")

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    base = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="variants")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.BASE)
    label = models.CharField(_("label"), max_length=200, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    seed = models.IntegerField(_("seed"), default=0)
    status = models.CharField(_("status"), max_length=12)
    method = models.CharField(_("method"), max_length=200, blank=True)
    objective_eur_per_year = models.FloatField(_("objective (€/a)"), null=True, blank=True)
    transport_eur_per_year = models.FloatField(_("transport (€/a)"), null=True, blank=True)
    fit_eur_per_year = models.FloatField(_("fit (€/a)"), null=True, blank=True)
    bound_eur_per_year = models.FloatField(_("lower bound (€/a)"), null=True, blank=True)
    gap_percent = models.FloatField(_("gap (%)"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    conflicts = models.JSONField(_("conflicts"), default=list, blank=True)
    flows = models.JSONField(_("flows"), default=list, blank=True, help_text="[{source, target, tonnes_per_year, mode}] by organisation id.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.label or self.get_kind_display()} ({self.status})"


class AllocationPlacement(models.Model):
    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="placements")
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    company_name = models.CharField(_("company"), max_length=200)
    plot = models.ForeignKey("plots.Plot", on_delete=models.CASCADE, related_name="+")
    transport_eur_per_year = models.FloatField(_("transport (€/a)"))
    fit_eur_per_year = models.FloatField(_("fit (€/a)"))
    unused_area_m2 = models.FloatField(_("unused area (m²)"))
    utilities_ready = models.JSONField(default=list, blank=True)
    utilities_to_build = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["run", "company_name"]


class ContractStage(models.TextChoices):
    OFFER = "offer", _("Offer")
    LETTER_OF_INTENT = "loi", _("Letter of intent")
    RESERVATION = "reservation", _("Reservation")
    LEASE = "lease", _("Lease")
    SALE = "sale", _("Sale")
    OPERATING = "operating", _("Operating")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


# Where a contract may go from each stage.
TRANSITIONS = {
    ContractStage.OFFER: [ContractStage.LETTER_OF_INTENT, ContractStage.RESERVATION, ContractStage.CANCELLED],
    ContractStage.LETTER_OF_INTENT: [ContractStage.RESERVATION, ContractStage.CANCELLED],
    ContractStage.RESERVATION: [ContractStage.LEASE, ContractStage.SALE, ContractStage.CANCELLED, ContractStage.EXPIRED],
    ContractStage.LEASE: [ContractStage.OPERATING, ContractStage.CANCELLED],
    ContractStage.SALE: [ContractStage.OPERATING],
    ContractStage.OPERATING: [],
    ContractStage.EXPIRED: [],
    ContractStage.CANCELLED: [],
}
# The stages that hold the plot, and the plot status each gives it.
HOLDING_STAGES = {
    ContractStage.RESERVATION: PlotStatus.RESERVED,
    ContractStage.LEASE: PlotStatus.LEASED,
    ContractStage.SALE: PlotStatus.SOLD,
}
# The date each stage is stamped with on entry.
STAGE_DATES = {
    ContractStage.LETTER_OF_INTENT: "loi_on",
    ContractStage.RESERVATION: "reserved_on",
    ContractStage.LEASE: "signed_on",
    ContractStage.SALE: "signed_on",
    ContractStage.OPERATING: "operating_on",
    ContractStage.EXPIRED: "closed_on",
    ContractStage.CANCELLED: "closed_on",
}
DEFAULT_RESERVATION_DAYS = 180


class Contract(models.Model):
    """A plot for a company, from the offer to operation; the plot's status follows it."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="plot_contracts")
    plot = models.ForeignKey("plots.Plot", on_delete=models.PROTECT, related_name="contracts")
    stage = models.CharField(_("stage"), max_length=12, choices=ContractStage.choices, default=ContractStage.OFFER)
    # Set while the contract holds the plot (reservation, lease, sale, and operating after those),
    # so the database refuses a second holder of the same plot.
    holds_plot = models.BooleanField(default=False, editable=False)
    offered_on = models.DateField(_("offered on"), default=datetime.date.today)
    loi_on = models.DateField(_("letter of intent on"), null=True, blank=True)
    reserved_on = models.DateField(_("reserved on"), null=True, blank=True)
    reserved_until = models.DateField(_("reserved until"), null=True, blank=True)
    signed_on = models.DateField(_("lease or sale signed on"), null=True, blank=True)
    operating_on = models.DateField(_("operating since"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    yearly_lease_eur = models.FloatField(_("yearly lease (€)"), null=True, blank=True)
    price_eur = models.FloatField(_("price (€)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(fields=["plot"], condition=Q(holds_plot=True), name="one_holder_per_plot"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.plot} ({self.get_stage_display()})"

    def allowed_stages(self) -> list[str]:
        return [str(stage) for stage in TRANSITIONS[self.stage]]

    @property
    def reservation_expired(self) -> bool:
        return self.stage == ContractStage.RESERVATION and self.reserved_until is not None and self.reserved_until < datetime.date.today()

    def clean(self):
        if self.reserved_until and self.reserved_on and self.reserved_until < self.reserved_on:
            raise ValidationError({"reserved_until": _("The reservation cannot end before it starts.")})

    def move_to(self, stage: str, *, on: datetime.date | None = None, reserved_until: datetime.date | None = None) -> None:
        """Move the contract to ``stage`` and the plot's status with it (atomic).

        Raises ValidationError for a move the pipeline does not allow, or when another contract
        already holds the plot.
        """
        if stage not in ContractStage.values:
            raise ValidationError({"stage": _("Unknown stage %(stage)r.") % {"stage": stage}})
        if stage not in self.allowed_stages():
            raise ValidationError(
                {"stage": _("A contract at %(from)s cannot move to %(to)s.") % {"from": self.get_stage_display(), "to": ContractStage(stage).label}}
            )
        on = on or datetime.date.today()
        previous = self.stage
        self.stage = stage
        setattr(self, STAGE_DATES[stage], on)
        if stage == ContractStage.RESERVATION:
            self.reserved_until = reserved_until or on + datetime.timedelta(days=DEFAULT_RESERVATION_DAYS)
        self.holds_plot = stage in HOLDING_STAGES or (stage == ContractStage.OPERATING and previous in HOLDING_STAGES)
        self.full_clean(exclude=["organisation", "plot", "created_by"])
        try:
            with transaction.atomic():
                self.save()
                plot = self.plot
                if stage in HOLDING_STAGES:
                    plot.status = HOLDING_STAGES[stage]
                elif not self.holds_plot:
                    plot.status = PlotStatus.AVAILABLE
                plot.save(update_fields=["status"])
        except IntegrityError:
            self.stage = previous
            raise ValidationError(
                {"plot": _("Plot %(plot)s is already reserved, leased or sold under another contract.") % {"plot": self.plot}}
            ) from None


def expire_reservations(today: datetime.date | None = None) -> int:
    """Free the plots of reservations past their end date; the number of contracts expired."""
    today = today or datetime.date.today()
    expired = 0
    for contract in Contract.objects.filter(stage=ContractStage.RESERVATION, reserved_until__lt=today).select_related("plot"):
        contract.move_to(ContractStage.EXPIRED, on=today)
        expired += 1
    return expired


class DocumentTemplate(models.Model):
    """An editable contract document: Django template syntax rendered with the contract's context."""

    name = models.CharField(_("name"), max_length=200)
    stage = models.CharField(_("for stage"), max_length=12, choices=ContractStage.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    body = models.TextField(_("body"), help_text=_("Text or simple HTML with Django template syntax, e.g. {{ organisation.name }}, {{ plot.identifier }}."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stage", "language", "name"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_stage_display()}, {self.language})"

    def clean(self):
        from django.template import Template, TemplateSyntaxError

        try:
            Template(self.body)
        except TemplateSyntaxError as exc:
            raise ValidationError({"body": _("The template does not parse: %(error)s") % {"error": exc}}) from exc
