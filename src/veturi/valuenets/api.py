"""The value-networks API: networks, gaps, locomotive candidates, criteria, scores, rankings and hypotheses.

The same rules as the pages: the office and experts read everything; viewers read network
summaries with aggregated figures only; company representatives get 403 for now. The office
renames networks and writes candidates, criteria and scores; staff rank and write hypotheses.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from veturi.api.router import router
from veturi.engine.ranking import InconsistentMatrixError
from veturi.valuenets.access import may_see_summaries, visible_hypotheses, visible_networks
from veturi.valuenets.adapters import run_ranking
from veturi.valuenets.models import Candidate, CriterionScore, CustomCriterion, Hypothesis, RankingMethod, RankingRun, ValueNetwork


class StaffReadsOfficeWrites(BasePermission):
    """Office and experts read; writes are the office's unless the view lets staff write."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_staff_member):
            return False
        return request.method in SAFE_METHODS or getattr(view, "staff_may_write", False) or user.is_office


class SummariesForViewers(StaffReadsOfficeWrites):
    """Viewers also read (the view shows them summaries only)."""

    def has_permission(self, request, view):
        user = request.user
        if user and user.is_authenticated and request.method in SAFE_METHODS and may_see_summaries(user):
            return True
        return super().has_permission(request, view)


class NetworkSummarySerializer(serializers.ModelSerializer):
    """What a viewer sees: aggregated figures (none for networks of fewer than three members), no exchange, gap or evidence."""

    def to_representation(self, network):
        data = super().to_representation(network)
        if not network.figures_shown_to(self.context["request"].user):
            data.update(value_eur_per_year=None, co2_t_per_year=None, jobs=None)
        return data

    class Meta:
        model = ValueNetwork
        fields = ["id", "name", "method", "template", "members", "locomotives", "value_eur_per_year", "co2_t_per_year", "jobs", "maturity", "current"]
        read_only_fields = fields


class NetworkSerializer(serializers.ModelSerializer):
    readiness = serializers.SerializerMethodField()

    class Meta:
        model = ValueNetwork
        fields = [
            "id", "key", "name", "engine_name", "named_by_office", "curated", "notes", "method", "template", "members", "locomotives",
            "locomotive_reason", "exchanges", "edges", "roles", "value_eur_per_year", "co2_t_per_year", "jobs", "jobs_known", "maturity",
            "explanation", "evidence", "gaps", "value_lost_eur_per_year", "co2_lost_t_per_year", "current", "run", "readiness",
        ]
        read_only_fields = [f for f in fields if f not in ("name", "curated", "notes")]

    def get_readiness(self, network) -> dict:
        return network.readiness()

    def update(self, instance, validated_data):
        name = validated_data.get("name", instance.name).strip()
        if not name:
            raise ValidationError({"name": "give the network a name"})
        validated_data["name"] = name
        if name != instance.engine_name:
            instance.named_by_office = True
        with transaction.atomic():
            return super().update(instance, validated_data)


class ValueNetworkViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Value networks of the last analysis (`current=false` to see former ones). The office renames, curates and notes."""

    permission_classes = [SummariesForViewers]

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or self.request.user.is_staff_member:
            return NetworkSerializer
        return NetworkSummarySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ValueNetwork.objects.none()
        current = self.request.query_params.get("current", "true")
        if current not in ("true", "false"):
            raise ValidationError({"current": "give true or false"})
        return visible_networks(self.request.user).filter(current=current == "true").order_by("method", "-value_eur_per_year", "pk")


class GapSerializer(serializers.Serializer):
    network = serializers.IntegerField()
    network_name = serializers.CharField()
    kind = serializers.CharField()
    subject = serializers.CharField()
    organisation = serializers.IntegerField(allow_null=True)
    nace = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    quantity = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()
    value_lost_eur_per_year = serializers.FloatField(allow_null=True)
    co2_lost_t_per_year = serializers.FloatField(allow_null=True)
    rule = serializers.CharField()
    detail = serializers.CharField()


class GapViewSet(viewsets.ViewSet):
    """Gaps of the current value networks, the largest value lost first."""

    permission_classes = [StaffReadsOfficeWrites]
    serializer_class = GapSerializer

    @extend_schema(responses=GapSerializer(many=True))
    def list(self, request):
        rows = [
            {**gap, "network": network.pk, "network_name": network.name}
            for network in visible_networks(request.user).filter(current=True) for gap in network.gaps
        ]
        rows.sort(key=lambda row: -(row["value_lost_eur_per_year"] or 0))
        return Response(GapSerializer(rows, many=True).data)


class CandidateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Candidate
        fields = ["id", "organisation", "marked_locomotive", "investment_eur", "plot_need_m2", "infrastructure_needs"]

    def validate_infrastructure_needs(self, value):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValidationError("give a list of infrastructure names, e.g. [\"district_heat\", \"rail\"]")
        return value


class CandidateViewSet(viewsets.ModelViewSet):
    """What the office records about locomotive candidates beyond the organisation (investment, plot need, infrastructure)."""

    serializer_class = CandidateSerializer
    permission_classes = [StaffReadsOfficeWrites]
    queryset = Candidate.objects.order_by("pk")


class CriterionScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionScore
        fields = ["id", "criterion", "organisation", "score", "note"]


class CustomCriterionSerializer(serializers.ModelSerializer):
    scores = CriterionScoreSerializer(many=True, read_only=True)

    class Meta:
        model = CustomCriterion
        fields = ["id", "code", "name", "direction", "unit", "description", "weight", "scores"]

    def validate(self, data):
        instance = CustomCriterion(**{**({f: getattr(self.instance, f) for f in data} if self.instance else {}), **data})
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return data


class CustomCriterionViewSet(viewsets.ModelViewSet):
    """The office's own locomotive criteria with their scores."""

    serializer_class = CustomCriterionSerializer
    permission_classes = [StaffReadsOfficeWrites]
    queryset = CustomCriterion.objects.prefetch_related("scores").order_by("code")


class CriterionScoreViewSet(viewsets.ModelViewSet):
    """Per-candidate scores on the office's criteria (one per criterion and organisation)."""

    serializer_class = CriterionScoreSerializer
    permission_classes = [StaffReadsOfficeWrites]
    queryset = CriterionScore.objects.order_by("criterion", "organisation")


class RankingSerializer(serializers.ModelSerializer):
    class Meta:
        model = RankingRun
        exclude = ["fingerprint"]


class RankingRequestSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=RankingMethod.choices, default=RankingMethod.TOPSIS)
    weights = serializers.DictField(child=serializers.FloatField(), required=False, help_text="{criterion id: weight}; default the office's weights.")
    ahp_matrix = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()), required=False,
        help_text="Pairwise comparisons in the criteria order of the ranking; refused when the consistency ratio exceeds 0.1.",
    )

    def validate(self, data):
        if "weights" in data and "ahp_matrix" in data:
            raise ValidationError({"ahp_matrix": "give either weights or an AHP matrix, not both"})
        return data


class RankingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Stored locomotive rankings; POST ranks the candidates now (same data and weights reuse a stored ranking)."""

    serializer_class = RankingSerializer
    permission_classes = [StaffReadsOfficeWrites]
    staff_may_write = True
    queryset = RankingRun.objects.order_by("-created_at", "-pk")

    @extend_schema(request=RankingRequestSerializer, responses=RankingSerializer)
    def create(self, request, *args, **kwargs):
        asked = RankingRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        try:
            run, reused = run_ranking(method=data["method"], weights=data.get("weights"), ahp_matrix=data.get("ahp_matrix"), user=request.user)
        except InconsistentMatrixError as exc:
            raise ValidationError({"ahp_matrix": [str(exc)]}) from None
        except ValueError as exc:
            field = "ahp_matrix" if "matrix" in str(exc) else "weights"
            raise ValidationError({field: [str(exc)]}) from None
        return Response(RankingSerializer(run).data, status=200 if reused else 201)


class HypothesisSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hypothesis
        fields = [
            "id", "statement", "network", "locomotive", "status", "confidence", "owner", "due_date", "blocks_prioritisation",
            "evidence", "resolution", "created_at", "updated_at", "status_changed_at",
        ]
        read_only_fields = ["created_at", "updated_at", "status_changed_at"]

    def validate(self, data):
        fields = {k: v for k, v in data.items() if k != "evidence"}
        current = {f: getattr(self.instance, f) for f in ("statement", "network", "locomotive", "status", "confidence", "resolution")} if self.instance else {}
        try:
            Hypothesis(**{**current, **fields}).clean()
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return data

    def save(self, **kwargs):
        from django.utils import timezone

        if self.instance is None or ("status" in self.validated_data and self.validated_data["status"] != self.instance.status):
            kwargs.setdefault("status_changed_at", timezone.now())
        with transaction.atomic():
            return super().save(**kwargs)


class HypothesisViewSet(viewsets.ModelViewSet):
    """Hypotheses about value networks and locomotives. Filters: `status`, `network`, `locomotive`, `blocking` (true: the
    open assumptions that block prioritisation, by owner then due date)."""

    serializer_class = HypothesisSerializer
    permission_classes = [StaffReadsOfficeWrites]
    staff_may_write = True

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hypothesis.objects.none()
        rows = visible_hypotheses(self.request.user).order_by("due_date", "pk")
        params = self.request.query_params
        if params.get("status"):
            if params["status"] not in ("open", "validated", "refuted"):
                raise ValidationError({"status": f"{params['status']!r} is not one of open, validated, refuted"})
            rows = rows.filter(status=params["status"])
        for field in ("network", "locomotive"):
            if params.get(field):
                if not params[field].isdigit():
                    raise ValidationError({field: "give the id, a whole number"})
                rows = rows.filter(**{f"{field}_id": int(params[field])})
        if params.get("blocking") == "true":
            # As on the board: the open assumptions that block prioritisation, by owner then due date.
            rows = rows.filter(status="open", blocks_prioritisation=True).order_by(
                F("owner__name").asc(nulls_last=True), F("due_date").asc(nulls_last=True), "pk")
        return rows


router.register("value-networks", ValueNetworkViewSet, basename="value-network")
router.register("value-network-gaps", GapViewSet, basename="value-network-gap")
router.register("locomotive-candidates", CandidateViewSet, basename="locomotive-candidate")
router.register("locomotive-criteria", CustomCriterionViewSet, basename="locomotive-criterion")
router.register("locomotive-criterion-scores", CriterionScoreViewSet, basename="locomotive-criterion-score")
router.register("locomotive-rankings", RankingViewSet, basename="locomotive-ranking")
router.register("hypotheses", HypothesisViewSet, basename="hypothesis")
