"""The scenarios API: scenarios and their assumptions, simulations, and the IFEIP framework table.

The same rules as the pages: the office and experts read and write scenarios and assumptions and
run simulations; viewers read scenarios with their simulated KPIs only (no assumption, no
activity); companies and outsiders get 403. A simulation answers 400 with the reason when the
scenario cannot be simulated.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from veturi.api.router import router
from veturi.scenarios.access import may_read
from veturi.jobs.api import JobSerializer, accepted
from veturi.jobs.worker import enqueue
from veturi.scenarios.adapters import ScenarioInputError, assess_park, scenario_to_engine
from veturi.scenarios.models import Assumption, Scenario


class StaffWritesReadersRead(BasePermission):
    """Office, experts and viewers read; the office and experts write."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and may_read(user)):
            return False
        return request.method in SAFE_METHODS or user.is_staff_member


def _result_data(result, *, full: bool) -> dict | None:
    if result is None:
        return None
    data = {"created_at": result.created_at, "runs": result.runs, "seed": result.seed, "seconds": result.seconds,
            "years": result.years, "kpis": result.result.get("kpis", {}), "cumulative": result.result.get("cumulative", {})}
    if full:
        data.update(activity_probability=result.result.get("activity_probability", {}),
                    activity_finish=result.result.get("activity_finish", {}), notes=result.notes, plan=result.result.get("plan", ""))
    return data


class AssumptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assumption
        fields = [
            "id", "scenario", "activity", "network", "probability", "delay_distribution", "delay_low", "delay_likely", "delay_high",
            "delay_sigma", "quantity_kpi", "quantity_distribution", "quantity_low", "quantity_likely", "quantity_high", "note",
        ]

    def validate(self, attrs):
        instance = Assumption(**{**({f.name: getattr(self.instance, f.name) for f in Assumption._meta.fields} if self.instance else {}),
                                 **attrs})
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return attrs


class ScenarioSerializer(serializers.ModelSerializer):
    latest_result = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = ["id", "name", "description", "roadmap", "runs", "seed", "waste_to_incineration_share", "latest_result"]

    def get_latest_result(self, scenario) -> dict | None:
        return _result_data(scenario.latest_result(), full=True)


class ScenarioSummarySerializer(serializers.ModelSerializer):
    """What a viewer sees: the scenario and its simulated KPIs, no assumption or activity."""

    latest_result = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = ["id", "name", "description", "roadmap", "latest_result"]
        read_only_fields = fields

    def get_latest_result(self, scenario) -> dict | None:
        return _result_data(scenario.latest_result(), full=False)


class ScenarioViewSet(viewsets.ModelViewSet):
    permission_classes = [StaffWritesReadersRead]
    queryset = Scenario.objects.select_related("roadmap")

    def get_serializer_class(self):
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated and not user.is_staff_member:
            return ScenarioSummarySerializer
        return ScenarioSerializer

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    @extend_schema(request=None, responses={202: JobSerializer})
    @action(detail=True, methods=["post"])
    def simulate(self, request, pk=None):
        """Queue a simulation of the scenario (its runs and seed): 202 with the job; GET the job's URL for progress and result."""
        scenario = self.get_object()
        try:
            scenario_to_engine(scenario)
        except ScenarioInputError as exc:
            raise ValidationError({"scenario": str(exc)}) from exc
        return accepted(request, enqueue("scenario_simulate", {"scenario": scenario.pk}, user=request.user))


class StaffOnly(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff_member)


class AssumptionViewSet(viewsets.ModelViewSet):
    """A scenario's assumptions (office and experts)."""

    permission_classes = [StaffOnly]
    serializer_class = AssumptionSerializer
    queryset = Assumption.objects.select_related("scenario", "activity", "network")


class KpiFrameworkViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The park's status against each IFEIP indicator: value, target, what data is missing."""

    permission_classes = [StaffWritesReadersRead]
    pagination_class = None

    def get_queryset(self):
        return Scenario.objects.none()

    @extend_schema(responses={200: dict})
    def list(self, request, *args, **kwargs):
        assessment, origin = assess_park(request.user)
        rows = [{
            "id": s.indicator.id, "category": s.indicator.category, "topic": s.indicator.topic, "indicator": s.indicator.name,
            "status": s.status, "values": s.values, "origins": {m: origin.get(m, "") for m in s.values},
            "missing": list(s.missing), "failed": list(s.failed),
            "targets": [{"metric": c.metric, "op": c.op, "target": c.target, "target_source": c.target_source} for c in s.indicator.checks],
        } for s in assessment.statuses]
        return Response({"counts": assessment.counts(), "indicators": rows})


router.register("scenarios", ScenarioViewSet, basename="scenario")
router.register("scenario-assumptions", AssumptionViewSet, basename="scenario-assumption")
router.register("kpi-framework", KpiFrameworkViewSet, basename="kpi-framework")
