"""The park's roadmap over 5-10 years: activities, yearly limited resources, stored plans, monitoring.

A ``Roadmap`` holds its horizon (``first_year``, ``years``), the objective and the impact
weights. Its ``RoadmapActivity`` rows are the value networks' steps (the locomotive settles,
the followers settle, the exchanges start) and the infrastructure projects (heat network
extension, wind power, storage yard, rail siding, ...), with durations in months, earliest
starts, predecessors, demands on ``RoadmapResource`` rows (budget, land released, the office's
staff time, utility capacity: each with one limit per year) and the yearly impacts they bring
once finished. Months count from January of ``first_year`` (month 0).

Each solve is stored as a ``RoadmapSolve`` (status, objective, bound, gap, conflicts, yearly
usage) with one ``PlannedActivity`` per planned activity (start and finish month, on the
critical path or not). ``MonitoringEntry`` rows are the realised quantities of an exchange in
a period, entered by the office or by a company for its own exchanges.

The adapter (``veturi.roadmap.adapters``) is the only code that turns these rows into the
engine's ``RoadmapProblem`` and stores its ``RoadmapResult``.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veturi.plots.models import InfrastructureKind

#: Most years a roadmap may span (the time-indexed model grows with months x activities).
MAX_YEARS = 15
#: Most months an activity may last.
MAX_DURATION_MONTHS = 12 * MAX_YEARS


class Objective(models.TextChoices):
    MAX_IMPACT = "max_impact", _("Maximise discounted cumulative impact")
    MIN_WEIGHTED_COMPLETION = "min_weighted_completion", _("Minimise weighted completion time")


class Roadmap(models.Model):
    """A plan of the park over ``years`` years from January of ``first_year``.

    ``weight_co2_per_t``, ``weight_jobs`` and ``weight_value_per_eur`` turn an activity's yearly
    CO2 avoided (t), jobs and value (€) into one impact figure for the ``max_impact``
    objective; ``discount_rate`` discounts it per year (applied monthly).
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    years = models.PositiveSmallIntegerField(
        _("years"), default=10, validators=[MinValueValidator(1), MaxValueValidator(MAX_YEARS)]
    )
    objective = models.CharField(_("objective"), max_length=24, choices=Objective.choices, default=Objective.MAX_IMPACT)
    weight_co2_per_t = models.FloatField(_("weight of 1 t CO2 avoided"), default=100.0, validators=[MinValueValidator(0)])
    weight_jobs = models.FloatField(_("weight of 1 job"), default=50_000.0, validators=[MinValueValidator(0)])
    weight_value_per_eur = models.FloatField(_("weight of 1 € of value"), default=1.0, validators=[MinValueValidator(0)])
    discount_rate = models.FloatField(
        _("discount rate per year"), default=0.04, validators=[MinValueValidator(0), MaxValueValidator(0.99)]
    )
    time_limit_s = models.FloatField(
        _("solver time limit (s)"), default=10.0, validators=[MinValueValidator(0.1), MaxValueValidator(600)]
    )
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_year", "name", "pk"]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~models.Q(external_id=""), name="unique_roadmap_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def horizon_months(self) -> int:
        return 12 * self.years

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1

    def impact_weights(self) -> dict[str, float]:
        """The weights by the engine's impact names."""
        return {"co2_t": self.weight_co2_per_t, "jobs": self.weight_jobs, "value_eur": self.weight_value_per_eur}

    def month_label(self, month: int) -> str:
        """``2027-03`` for month 14 of a roadmap starting in 2026."""
        return f"{self.first_year + month // 12}-{month % 12 + 1:02d}"

    def month_date(self, month: int) -> datetime.date:
        return datetime.date(self.first_year + month // 12, month % 12 + 1, 1)

    def latest_solve(self):
        return self.solves.first()

    def fingerprint(self) -> str:
        """A digest of everything the solver reads, so a stored plan knows when it is out of date."""
        activities = [
            [a.pk, a.name, a.duration_months, a.earliest_start_month, a.required, a.weight, sorted(a.predecessors.values_list("pk", flat=True)),
             a.yearly_impact(), sorted((d.resource_id, d.amount) for d in a.demands.all())]
            for a in self.activities.order_by("pk").prefetch_related("demands")
        ]
        resources = [[r.pk, r.name, r.usage, list(r.yearly_limits)] for r in self.resources.order_by("pk")]
        payload = {
            "years": self.years, "objective": self.objective, "weights": self.impact_weights(),
            "discount_rate": self.discount_rate, "activities": activities, "resources": resources,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class ActivityKind(models.TextChoices):
    LOCOMOTIVE_SETTLES = "locomotive_settles", _("Locomotive settles")
    FOLLOWERS_SETTLE = "followers_settle", _("Followers settle")
    EXCHANGE_STARTS = "exchange_starts", _("Exchanges start")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure project")
    OTHER = "other", _("Other")


#: The yearly impact fields of an activity and the engine's names for them.
IMPACT_FIELDS = {
    "co2_t_per_year": "co2_t",
    "jobs": "jobs",
    "value_eur_per_year": "value_eur",
    "virgin_material_t_per_year": "virgin_material_t",
    "waste_diverted_t_per_year": "waste_diverted_t",
    "energy_recirculated_mwh_per_year": "energy_mwh",
    "water_recirculated_m3_per_year": "water_m3",
}


class RoadmapActivity(models.Model):
    """A value-network step or an infrastructure project of a roadmap.

    Once finished, an activity yields its yearly impacts (CO2 avoided, jobs, value, virgin
    material saved, waste diverted, energy and water recirculated) every year to the horizon;
    ``investment_eur`` is spent while it runs and ``land_ha`` is taken from its start (both for
    KPIs; the solver's limits are the ``ActivityDemand`` rows). ``source_key`` marks an
    activity the adapter built from a value network or an infrastructure asset, so that a
    rebuild updates it instead of adding a second one; the office's own activities have none.
    """

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.OTHER)
    infrastructure_kind = models.CharField(
        _("infrastructure kind"), max_length=20, choices=InfrastructureKind.choices, blank=True,
        help_text=_("For an infrastructure project: heat network extension, wind power, storage yard, rail siding, ..."),
    )
    network = models.ForeignKey(
        "valuenets.ValueNetwork", null=True, blank=True, on_delete=models.SET_NULL, related_name="roadmap_activities",
        verbose_name=_("value network"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="roadmap_activities",
        verbose_name=_("organisation"),
    )
    asset = models.ForeignKey(
        "plots.InfrastructureAsset", null=True, blank=True, on_delete=models.SET_NULL, related_name="roadmap_activities",
        verbose_name=_("infrastructure asset"),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), default=12, validators=[MaxValueValidator(MAX_DURATION_MONTHS)]
    )
    earliest_start_month = models.PositiveSmallIntegerField(
        _("earliest start (month)"), default=0, help_text=_("Months from January of the roadmap's first year.")
    )
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("predecessors"),
        help_text=_("Activities that must finish before this one starts."),
    )
    required = models.BooleanField(_("required"), default=True, help_text=_("An optional activity may be left out of the plan."))
    weight = models.FloatField(
        _("weight in weighted completion"), default=1.0, validators=[MinValueValidator(0)]
    )
    co2_t_per_year = models.FloatField(_("CO2 avoided (t/a)"), default=0)
    jobs = models.FloatField(_("jobs"), default=0, validators=[MinValueValidator(0)])
    value_eur_per_year = models.FloatField(_("value (€/a)"), default=0)
    virgin_material_t_per_year = models.FloatField(_("virgin material saved (t/a)"), default=0, validators=[MinValueValidator(0)])
    waste_diverted_t_per_year = models.FloatField(_("waste diverted (t/a)"), default=0, validators=[MinValueValidator(0)])
    energy_recirculated_mwh_per_year = models.FloatField(_("energy recirculated (MWh/a)"), default=0, validators=[MinValueValidator(0)])
    water_recirculated_m3_per_year = models.FloatField(_("water recirculated (m³/a)"), default=0, validators=[MinValueValidator(0)])
    investment_eur = models.FloatField(_("investment (€)"), default=0, validators=[MinValueValidator(0)])
    land_ha = models.FloatField(_("land used (ha)"), default=0, validators=[MinValueValidator(0)])
    notes = models.TextField(_("notes"), blank=True)
    source_key = models.CharField(max_length=120, blank=True, editable=False)

    class Meta:
        ordering = ["roadmap", "earliest_start_month", "name", "pk"]
        verbose_name = _("roadmap activity")
        verbose_name_plural = _("roadmap activities")
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "name"], name="unique_activity_name_in_roadmap"),
            models.UniqueConstraint(
                fields=["roadmap", "source_key"], condition=~models.Q(source_key=""), name="unique_activity_source_in_roadmap"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if not (self.name or "").strip():
            errors["name"] = _("Give the activity a name.")
        if self.roadmap_id and self.earliest_start_month is not None and self.duration_months is not None:
            horizon = self.roadmap.horizon_months
            if self.earliest_start_month + self.duration_months > horizon:
                errors["earliest_start_month"] = _(
                    "Starting in month %(start)s and lasting %(duration)s months, the activity ends after the "
                    "%(horizon)s-month horizon."
                ) % {"start": self.earliest_start_month, "duration": self.duration_months, "horizon": horizon}
        if self.kind == ActivityKind.INFRASTRUCTURE and not self.infrastructure_kind and not self.asset_id:
            errors["infrastructure_kind"] = _("Say which infrastructure the project builds.")
        if errors:
            raise ValidationError(errors)

    def yearly_impact(self) -> dict[str, float]:
        """The yearly impacts by the engine's names, non-zero ones only."""
        return {engine: float(getattr(self, field)) for field, engine in IMPACT_FIELDS.items() if getattr(self, field)}


class ResourceCategory(models.TextChoices):
    BUDGET = "budget", _("Budget")
    LAND = "land", _("Land released")
    STAFF = "staff", _("Office staff time")
    UTILITY = "utility", _("Utility capacity")
    OTHER = "other", _("Other")


class ResourceUsage(models.TextChoices):
    """How an activity's demand counts against a yearly limit (the engine's resource kinds)."""

    WHILE_ACTIVE = "while_active", _("Per month while the activity runs")
    FROM_START = "from_start", _("Held from the activity's start on")
    FROM_FINISH = "from_finish", _("Held from the activity's finish on")


#: The usual usage of each category, proposed on the form.
DEFAULT_USAGE = {
    ResourceCategory.BUDGET: ResourceUsage.WHILE_ACTIVE,
    ResourceCategory.LAND: ResourceUsage.FROM_START,
    ResourceCategory.STAFF: ResourceUsage.WHILE_ACTIVE,
    ResourceCategory.UTILITY: ResourceUsage.FROM_FINISH,
    ResourceCategory.OTHER: ResourceUsage.WHILE_ACTIVE,
}


class RoadmapResource(models.Model):
    """A resource with one limit per roadmap year: budget (€ per month of work), land released
    (ha), the office's staff time (person-months), utility capacity (MW, m³/d, ...).

    ``yearly_limits`` has exactly ``roadmap.years`` non-negative numbers, first year first.
    """

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=10, choices=ResourceCategory.choices, default=ResourceCategory.OTHER)
    usage = models.CharField(_("usage"), max_length=12, choices=ResourceUsage.choices, default=ResourceUsage.WHILE_ACTIVE)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    yearly_limits = models.JSONField(_("yearly limits"), default=list)

    class Meta:
        ordering = ["roadmap", "name"]
        verbose_name = _("roadmap resource")
        verbose_name_plural = _("roadmap resources")
        constraints = [models.UniqueConstraint(fields=["roadmap", "name"], name="unique_resource_name_in_roadmap")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def clean(self):
        errors = {}
        if not (self.name or "").strip():
            errors["name"] = _("Give the resource a name.")
        limits = self.yearly_limits
        if not isinstance(limits, list):
            errors["yearly_limits"] = _("Give one limit per year.")
        else:
            for position, value in enumerate(limits, start=1):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value != value:
                    errors["yearly_limits"] = _("Year %(year)s: the limit must be a number of at least 0, got %(value)r.") % {
                        "year": position, "value": value}
                    break
            if "yearly_limits" not in errors and self.roadmap_id and len(limits) != self.roadmap.years:
                errors["yearly_limits"] = _("Give %(years)s limits, one per year of the roadmap; got %(count)s.") % {
                    "years": self.roadmap.years, "count": len(limits)}
        if errors:
            raise ValidationError(errors)


class ActivityDemand(models.Model):
    """What an activity needs of a resource: per month while it runs for ``while_active``
    resources, in total for the others."""

    activity = models.ForeignKey(RoadmapActivity, on_delete=models.CASCADE, related_name="demands")
    resource = models.ForeignKey(RoadmapResource, on_delete=models.CASCADE, related_name="demands")
    amount = models.FloatField(_("amount"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["activity", "resource"]
        verbose_name = _("resource demand")
        verbose_name_plural = _("resource demands")
        constraints = [models.UniqueConstraint(fields=["activity", "resource"], name="unique_demand_per_resource")]

    def clean(self):
        if self.activity_id and self.resource_id and self.activity.roadmap_id != self.resource.roadmap_id:
            raise ValidationError({"resource": _("The resource belongs to another roadmap.")})


class SolveStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible (not proven optimal)")
    INFEASIBLE = "infeasible", _("Infeasible")
    UNKNOWN = "unknown", _("No plan found in the time limit")


class RoadmapSolve(models.Model):
    """One solve of a roadmap: how good the plan is, or why there is none.

    ``objective`` and ``bound`` are in the objective's units (weighted discounted impact, or
    weighted months); ``conflicts`` lists the constraints that cannot hold together when the
    status is infeasible; ``yearly_usage`` maps each resource name to its use per year;
    ``fingerprint`` is the roadmap's at solve time (the plan is stale when they differ).
    """

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="solves")
    created_at = models.DateTimeField(_("solved at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=SolveStatus.choices)
    objective_name = models.CharField(_("objective"), max_length=24, choices=Objective.choices)
    objective_value = models.FloatField(_("objective value"), null=True, blank=True)
    bound = models.FloatField(_("bound"), null=True, blank=True)
    gap_percent = models.FloatField(_("gap (%)"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    time_limit_s = models.FloatField(_("time limit (s)"), default=10)
    seed = models.IntegerField(_("seed"), default=0)
    conflicts = models.JSONField(_("conflicts"), default=list, blank=True)
    yearly_usage = models.JSONField(_("yearly usage"), default=dict, blank=True)
    critical_path = models.JSONField(_("critical path"), default=list, blank=True, help_text="Activity names, first to last.")
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("roadmap solve")
        verbose_name_plural = _("roadmap solves")

    def __str__(self) -> str:
        return f"{self.roadmap} {self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def has_plan(self) -> bool:
        return self.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

    @property
    def is_stale(self) -> bool:
        return self.fingerprint != self.roadmap.fingerprint()


class PlannedActivity(models.Model):
    """An activity's place in a stored plan: start and finish month (from January of the first year)."""

    solve = models.ForeignKey(RoadmapSolve, on_delete=models.CASCADE, related_name="planned")
    activity = models.ForeignKey(RoadmapActivity, on_delete=models.CASCADE, related_name="planned")
    start_month = models.PositiveSmallIntegerField(_("start month"))
    finish_month = models.PositiveSmallIntegerField(_("finish month"))
    critical = models.BooleanField(_("on the critical path"), default=False)

    class Meta:
        ordering = ["solve", "start_month", "activity__name"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        constraints = [models.UniqueConstraint(fields=["solve", "activity"], name="unique_activity_per_solve")]


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


#: Months in each kind of period.
PERIOD_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def exchange_label(proposal) -> str:
    """``#12 Alpha Oy → Beta Oy · 10 01 02``: the parties and the classification, never a stream's own
    name or quantity, which stay confidential to its company and the office."""
    output = proposal.output
    code = output.ewc_code or output.taxonomy_code or output.get_kind_display()
    supplier, receiver = output.site.organisation.name, proposal.input.site.organisation.name
    return f"#{proposal.pk} {supplier} → {receiver} · {code}"[:300]


class MonitoringEntry(models.Model):
    """The realised quantity of one exchange (a synergy proposal) in one period.

    ``period_start`` is the first day of the month, quarter or year. ``supplier`` and
    ``receiver`` are copied from the exchange when entered, so the entry keeps its owners (and
    a company keeps the right to see and correct it) even if the proposal is later removed.
    ``value_eur`` and ``co2_t`` are the realised figures if known; blank ones are computed from
    the quantity and the proposal's value and CO2 per unit.
    """

    proposal = models.ForeignKey(
        "synergies.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="monitoring_entries",
        verbose_name=_("exchange"),
    )
    exchange_label = models.CharField(_("exchange"), max_length=300, blank=True)
    supplier = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    receiver = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    period_start = models.DateField(_("period starts"))
    quantity = models.FloatField(_("quantity"), validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=12, blank=True)
    value_eur = models.FloatField(_("realised value (€)"), null=True, blank=True)
    co2_t = models.FloatField(_("realised CO2 avoided (t)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start", "exchange_label", "pk"]
        verbose_name = _("monitoring entry")
        verbose_name_plural = _("monitoring entries")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "period_kind", "period_start"], name="unique_entry_per_exchange_period"),
        ]
        indexes = [models.Index(fields=["period_start"], name="monitoring_period_idx")]

    def __str__(self) -> str:
        return f"{self.exchange_label} {self.period_label}"

    @property
    def months(self) -> int:
        return PERIOD_MONTHS[self.period_kind]

    @property
    def period_end(self) -> datetime.date:
        """The first day after the period."""
        month = self.period_start.month - 1 + self.months
        return datetime.date(self.period_start.year + month // 12, month % 12 + 1, 1)

    @property
    def period_label(self) -> str:
        start = self.period_start
        if self.period_kind == PeriodKind.YEAR:
            return str(start.year)
        if self.period_kind == PeriodKind.QUARTER:
            return f"{start.year} Q{(start.month - 1) // 3 + 1}"
        return f"{start.year}-{start.month:02d}"

    def clean(self):
        errors = {}
        start = self.period_start
        if start is not None and self.period_kind in PERIOD_MONTHS:
            if start.day != 1:
                errors["period_start"] = _("A period starts on the first day of a month.")
            elif self.period_kind == PeriodKind.QUARTER and (start.month - 1) % 3:
                errors["period_start"] = _("A quarter starts in January, April, July or October.")
            elif self.period_kind == PeriodKind.YEAR and start.month != 1:
                errors["period_start"] = _("A year starts on 1 January.")
            elif start > timezone.localdate():
                errors["period_start"] = _("Realised quantities are entered for periods that have begun.")
        if self.quantity is not None and (self.quantity < 0 or self.quantity != self.quantity):
            errors["quantity"] = _("The quantity must be a number of at least 0.")
        if self.proposal_id is None and not self.pk:
            errors["proposal"] = _("Choose the exchange.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.proposal_id and not self.exchange_label:
            self.fill_from_proposal()
        super().save(*args, **kwargs)

    def fill_from_proposal(self) -> None:
        """Copy the exchange's owners, label and unit from the proposal."""
        proposal = self.proposal
        self.supplier_id = proposal.output.site.organisation_id
        self.receiver_id = proposal.input.site.organisation_id
        self.exchange_label = exchange_label(proposal)
        if not self.unit:
            # The proposal's quantity is per year (t/a); an entry's is for its period (t).
            self.unit = (proposal.quantity_unit or proposal.output.unit or "").removesuffix("/a")

    def realised_value_eur(self) -> float | None:
        """The entered value, or the quantity times the proposal's value per unit."""
        if self.value_eur is not None:
            return self.value_eur
        return self._per_unit("value_eur_per_year")

    def realised_co2_t(self) -> float | None:
        if self.co2_t is not None:
            return self.co2_t
        return self._per_unit("co2_t_per_year")

    def _per_unit(self, field: str) -> float | None:
        proposal = self.proposal
        if proposal is None or not proposal.quantity_exchanged or getattr(proposal, field) is None:
            return None
        return self.quantity * getattr(proposal, field) / proposal.quantity_exchanged
