"""The roadmap API: roadmaps (and solving them), activities, resources, stored solve results, monitoring entries.

The same rules as the pages: the office and experts read and write roadmaps, activities and
resources and solve; viewers read roadmaps and solve results (the plan), not the activities'
own figures; monitoring entries are the office's and experts', and each company's for its own
exchanges once both companies said yes; viewers get none.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from veturi.api.router import router
from veturi.roadmap.access import enterable_proposals, may_enter_monitoring, may_read_roadmaps, visible_entries
from veturi.jobs.api import JobSerializer, accepted
from veturi.jobs.worker import enqueue
from veturi.roadmap.adapters import RoadmapInputError, roadmap_to_problem
from veturi.roadmap.models import (
    ActivityDemand,
    MonitoringEntry,
    PlannedActivity,
    Roadmap,
    RoadmapActivity,
    RoadmapResource,
    RoadmapSolve,
)


class StaffWrite(BasePermission):
    """Office and experts only."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff_member)


class ViewersReadStaffWrite(BasePermission):
    """Viewers read (the plan); office and experts read and write."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return may_read_roadmaps(user)
        return user.is_staff_member


class MonitoringPermission(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and may_enter_monitoring(user))


def _model_clean(instance):
    try:
        # Uniqueness is checked by the serializers with a message naming the clash.
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


class RoadmapSerializer(serializers.ModelSerializer):
    latest_solve = serializers.SerializerMethodField()

    class Meta:
        model = Roadmap
        fields = ["id", "name", "description", "first_year", "years", "objective", "weight_co2_per_t", "weight_jobs",
                  "weight_value_per_eur", "discount_rate", "time_limit_s", "latest_solve"]

    def get_latest_solve(self, roadmap) -> int | None:
        solve = roadmap.latest_solve()
        return solve.pk if solve else None


class SolveRequestSerializer(serializers.Serializer):
    time_limit_s = serializers.FloatField(required=False, min_value=0.1, max_value=600)
    seed = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1, default=0)


class PlannedSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="activity.name", read_only=True)

    class Meta:
        model = PlannedActivity
        fields = ["activity", "name", "start_month", "finish_month", "critical"]


class SolveSerializer(serializers.ModelSerializer):
    planned = PlannedSerializer(many=True, read_only=True)

    class Meta:
        model = RoadmapSolve
        fields = ["id", "roadmap", "created_at", "status", "objective_name", "objective_value", "bound", "gap_percent", "seconds",
                  "time_limit_s", "seed", "conflicts", "yearly_usage", "critical_path", "parameters", "planned"]
        read_only_fields = fields


class RoadmapViewSet(viewsets.ModelViewSet):
    """Roadmaps; POST .../solve/ queues a solve (optional time limit and seed): 202 with the job, whose result links the stored plan."""

    queryset = Roadmap.objects.all()
    serializer_class = RoadmapSerializer
    permission_classes = [ViewersReadStaffWrite]

    def perform_create(self, serializer):
        from veturi.roadmap.building import default_resources

        with transaction.atomic():
            _model_clean(Roadmap(**serializer.validated_data))
            default_resources(serializer.save())

    def perform_update(self, serializer):
        instance = serializer.instance
        years = serializer.validated_data.get("years", instance.years)
        if years != instance.years:
            raise ValidationError({"years": "change the horizon on the roadmap's settings page, which also resizes the yearly limits"})
        serializer.save()

    @extend_schema(request=SolveRequestSerializer, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def solve(self, request, pk=None):
        roadmap = self.get_object()
        if not request.user.is_staff_member:
            raise PermissionDenied("Only the project office and its experts solve the roadmap.")
        parameters = SolveRequestSerializer(data=request.data)
        parameters.is_valid(raise_exception=True)
        try:
            roadmap_to_problem(roadmap)
        except RoadmapInputError as exc:
            raise ValidationError({"roadmap": str(exc)}) from exc
        job = enqueue("roadmap_solve", {"roadmap": roadmap.pk, "time_limit_s": parameters.validated_data.get("time_limit_s"),
                                        "seed": parameters.validated_data["seed"]}, user=request.user)
        return accepted(request, job)


class ActivitySerializer(serializers.ModelSerializer):
    demands = serializers.DictField(child=serializers.FloatField(min_value=0), required=False, write_only=True,
                                    help_text="Resource name -> amount (per month while active, or in total).")

    class Meta:
        model = RoadmapActivity
        fields = ["id", "roadmap", "name", "kind", "infrastructure_kind", "network", "organisation", "asset", "duration_months",
                  "earliest_start_month", "predecessors", "required", "weight", "co2_t_per_year", "jobs", "value_eur_per_year",
                  "virgin_material_t_per_year", "waste_diverted_t_per_year", "energy_recirculated_mwh_per_year",
                  "water_recirculated_m3_per_year", "investment_eur", "land_ha", "notes", "demands"]

    def to_representation(self, activity):
        data = super().to_representation(activity)
        data["demands"] = {d.resource.name: d.amount for d in activity.demands.select_related("resource")}
        return data

    def validate(self, data):
        roadmap = data.get("roadmap") or getattr(self.instance, "roadmap", None)
        for predecessor in data.get("predecessors", []):
            if predecessor.roadmap_id != roadmap.pk:
                raise ValidationError({"predecessors": f"{predecessor.name!r} belongs to another roadmap"})
        names = set(roadmap.resources.values_list("name", flat=True)) if roadmap else set()
        unknown = sorted(set(data.get("demands", {})) - names)
        if unknown:
            raise ValidationError({"demands": f"unknown resources {', '.join(unknown)}; the roadmap has {', '.join(sorted(names)) or 'none'}"})
        name = data.get("name", getattr(self.instance, "name", ""))
        clash = RoadmapActivity.objects.filter(roadmap=roadmap, name=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError({"name": f"the roadmap already has an activity called {name!r}"})
        fields = {k: v for k, v in data.items() if k not in ("predecessors", "demands")}
        probe = RoadmapActivity(**{**({f.attname: getattr(self.instance, f.attname) for f in RoadmapActivity._meta.concrete_fields}
                                      if self.instance else {}), **fields})
        if self.instance is None:
            probe.roadmap = roadmap
        _model_clean(probe)
        return data

    def _save_demands(self, activity, demands):
        if demands is None:
            return
        resources = {r.name: r for r in activity.roadmap.resources.all()}
        ActivityDemand.objects.filter(activity=activity).delete()
        for name, amount in demands.items():
            if amount:
                ActivityDemand.objects.create(activity=activity, resource=resources[name], amount=amount)

    def create(self, validated_data):
        demands = validated_data.pop("demands", None)
        with transaction.atomic():
            activity = super().create(validated_data)
            self._save_demands(activity, demands)
        return activity

    def update(self, instance, validated_data):
        demands = validated_data.pop("demands", None)
        with transaction.atomic():
            activity = super().update(instance, validated_data)
            self._save_demands(activity, demands)
        return activity


class ActivityViewSet(viewsets.ModelViewSet):
    queryset = RoadmapActivity.objects.prefetch_related("predecessors").order_by("roadmap", "pk")
    serializer_class = ActivitySerializer
    permission_classes = [StaffWrite]


class RoadmapResourceSerializer(serializers.ModelSerializer):
    yearly_limits = serializers.ListField(child=serializers.FloatField(min_value=0), allow_empty=False)

    class Meta:
        model = RoadmapResource
        fields = ["id", "roadmap", "name", "category", "usage", "unit", "yearly_limits"]

    def validate(self, data):
        roadmap = data.get("roadmap") or getattr(self.instance, "roadmap", None)
        limits = data.get("yearly_limits", getattr(self.instance, "yearly_limits", []))
        if roadmap and len(limits) != roadmap.years:
            raise ValidationError({"yearly_limits": f"give {roadmap.years} limits, one per year of the roadmap; got {len(limits)}"})
        name = data.get("name", getattr(self.instance, "name", ""))
        clash = RoadmapResource.objects.filter(roadmap=roadmap, name=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError({"name": f"the roadmap already has a resource called {name!r}"})
        return data


class ResourceViewSet(viewsets.ModelViewSet):
    queryset = RoadmapResource.objects.order_by("roadmap", "pk")
    serializer_class = RoadmapResourceSerializer
    permission_classes = [StaffWrite]


class SolveViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored solve results: status, objective, bound, gap, conflicts, yearly usage and the planned starts."""

    queryset = RoadmapSolve.objects.prefetch_related("planned__activity")
    serializer_class = SolveSerializer
    permission_classes = [ViewersReadStaffWrite]


class MonitoringEntrySerializer(serializers.ModelSerializer):
    realised_value_eur = serializers.SerializerMethodField()
    realised_co2_t = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringEntry
        fields = ["id", "proposal", "exchange_label", "supplier", "receiver", "period_kind", "period_start", "quantity", "unit",
                  "value_eur", "co2_t", "note", "realised_value_eur", "realised_co2_t", "entered_at"]
        read_only_fields = ["exchange_label", "supplier", "receiver", "entered_at"]
        validators = []  # the clash is checked in validate(), with a message naming the entry

    def get_realised_value_eur(self, entry) -> float | None:
        return entry.realised_value_eur()

    def get_realised_co2_t(self, entry) -> float | None:
        return entry.realised_co2_t()

    def validate_proposal(self, proposal):
        if proposal is None:
            raise ValidationError("choose the exchange")
        if not enterable_proposals(self.context["request"].user).filter(pk=proposal.pk).exists():
            raise ValidationError(f"you cannot enter quantities for exchange #{proposal.pk}")
        return proposal

    def validate(self, data):
        probe = MonitoringEntry(**{**({f.name: getattr(self.instance, f.name) for f in MonitoringEntry._meta.concrete_fields
                                       if not f.is_relation} if self.instance else {}), **data})
        if self.instance is not None and "proposal" not in data:
            probe.proposal = self.instance.proposal
        _model_clean(probe)
        clash = MonitoringEntry.objects.filter(proposal=probe.proposal, period_kind=probe.period_kind, period_start=probe.period_start)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError({"period_start": f"the exchange already has an entry for that period (#{clash.first().pk})"})
        return data

    def save(self, **kwargs):
        with transaction.atomic():
            entry = super().save(**kwargs)
            entry.fill_from_proposal()
            entry.save()
        return entry


class MonitoringEntryViewSet(viewsets.ModelViewSet):
    serializer_class = MonitoringEntrySerializer
    permission_classes = [MonitoringPermission]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema is built without a user
            return MonitoringEntry.objects.none()
        try:
            return visible_entries(self.request.user).select_related("proposal__output").order_by("-period_start", "pk")
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc

    def perform_create(self, serializer):
        serializer.save(entered_by=self.request.user)


router.register("roadmaps", RoadmapViewSet, basename="roadmap")
router.register("roadmap-activities", ActivityViewSet, basename="roadmap-activity")
router.register("roadmap-resources", ResourceViewSet, basename="roadmap-resource")
router.register("roadmap-results", SolveViewSet, basename="roadmap-result")
router.register("monitoring-entries", MonitoringEntryViewSet, basename="monitoring-entry")
