"""The synergies API: proposals (list, filter, retrieve, decide), runs, attract suggestions and rules.

The same rules as the pages: the office and experts read everything and decide proposals;
only the office writes rules; company representatives and viewers get 403 for now.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from veturi.api.router import router
from veturi.engine.matching.knowledge_base import RULE_COLUMNS
from veturi.synergies.access import visible_proposals, visible_rules
from veturi.synergies.models import AttractSuggestion, MatchRun, Proposal, ProposalStatus, SynergyRule
from veturi.synergies.rules import create_rule, edit_rule


class StaffReadsOfficeWritesRules(BasePermission):
    """Office and experts read; rule changes are the office's."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_staff_member):
            return False
        return request.method in SAFE_METHODS or getattr(view, "staff_may_write", False) or user.is_office


class ProposalSerializer(serializers.ModelSerializer):
    supplier = serializers.IntegerField(source="output.site.organisation_id", read_only=True)
    receiver = serializers.IntegerField(source="input.site.organisation_id", read_only=True)
    output_name = serializers.CharField(source="output.name", read_only=True)
    input_name = serializers.CharField(source="input.name", read_only=True)
    family = serializers.CharField(source="rule.family", read_only=True, default="")

    class Meta:
        model = Proposal
        fields = [
            "id", "output", "input", "supplier", "receiver", "output_name", "input_name", "rule_code", "family", "rank",
            "rank_for_input", "score", "confidence", "technical_fit", "distance_km", "transport_mode", "quantity_exchanged",
            "quantity_unit", "transport_cost_eur_per_year", "transport_co2_t_per_year", "value_eur_per_year", "co2_t_per_year",
            "preprocessing", "missing", "factors", "stale", "status", "reason", "decided_by", "decided_at", "run",
            "supplier_answer", "receiver_answer", "consented_at",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProposalStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Synergy proposals. Filters: `family`, `status`, `min_score`, `organisation`, `kind` (output's), `stale` (true/false)."""

    serializer_class = ProposalSerializer
    permission_classes = [StaffReadsOfficeWritesRules]
    staff_may_write = True  # deciding is for the office and the experts

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema is built without a user
            return Proposal.objects.none()
        proposals = visible_proposals(self.request.user).order_by("-score", "pk")
        params = self.request.query_params
        if params.get("family"):
            proposals = proposals.filter(rule__family=params["family"])
        if params.get("status"):
            if params["status"] not in ProposalStatus.values:
                raise ValidationError({"status": f"{params['status']!r} is not one of {', '.join(ProposalStatus.values)}"})
            proposals = proposals.filter(status=params["status"])
        if params.get("min_score"):
            try:
                proposals = proposals.filter(score__gte=float(params["min_score"]))
            except ValueError:
                raise ValidationError({"min_score": f"{params['min_score']!r} is not a number"}) from None
        if params.get("organisation"):
            if not params["organisation"].isdigit():
                raise ValidationError({"organisation": "give the organisation's id, a whole number"})
            org = int(params["organisation"])
            proposals = proposals.filter(Q(output__site__organisation_id=org) | Q(input__site__organisation_id=org))
        if params.get("kind"):
            proposals = proposals.filter(output__kind=params["kind"])
        stale = params.get("stale")
        if stale in ("true", "false"):
            proposals = proposals.filter(stale=stale == "true")
        return proposals

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Set the status (accepted, rejected with a reason, validated, realised ...) of a proposal."""
        proposal = self.get_object()
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                proposal.decide(decision.validated_data["status"], decision.validated_data["reason"], request.user)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(ProposalSerializer(proposal).data)


class MatchRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchRun
        exclude = ["fingerprint"]


class MatchRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Matching runs with their parameters, seed, counts, seconds and status."""

    serializer_class = MatchRunSerializer
    permission_classes = [StaffReadsOfficeWritesRules]
    queryset = MatchRun.objects.order_by("-started_at", "-pk")


class AttractSuggestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AttractSuggestion
        fields = ["id", "run", "stream", "direction", "rule_code", "rule_name", "nace", "kinds", "fit", "source"]


class AttractSuggestionViewSet(viewsets.ReadOnlyModelViewSet):
    """Who should we attract: for streams without a partner, the kinds of company (NACE) that would be one."""

    serializer_class = AttractSuggestionSerializer
    permission_classes = [StaffReadsOfficeWritesRules]
    queryset = AttractSuggestion.objects.order_by("stream", "-fit", "pk")


class SynergyRuleSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(write_only=True, max_length=2000, help_text="Why the rule changes (kept in its history).")

    class Meta:
        model = SynergyRule
        fields = ["id", "rule_id", "family", "name", "source", "fields", "origin", "active", "file", "edited_by_office", "diverges_from_package", "reason"]
        read_only_fields = ["rule_id", "family", "origin", "file", "edited_by_office", "diverges_from_package"]

    def validate_fields(self, value):
        if not isinstance(value, dict):
            raise ValidationError("give the rule's columns as an object")
        unknown = set(value) - set(RULE_COLUMNS)
        if unknown:
            raise ValidationError(f"unknown column(s) {', '.join(sorted(unknown))}")
        return value

    def update(self, instance, validated_data):
        if "reason" not in validated_data:  # a PATCH may leave it out; every change needs one
            raise ValidationError({"reason": "say why the rule changes (kept in its history)"})
        reason = validated_data.pop("reason")
        changes = {**validated_data.pop("fields", {}), **validated_data}
        changes.pop("id", None)
        try:
            edit_rule(instance, changes, user=self.context["request"].user, reason=reason)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return instance


class NewRuleSerializer(serializers.Serializer):
    rule_id = serializers.CharField(max_length=120)
    family = serializers.CharField(max_length=60)
    fields = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text="The rule's columns as in a rule file.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SynergyRuleViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Synergy rules: the office and experts read them; the office writes and changes them (checked by the engine, with a reason)."""

    serializer_class = SynergyRuleSerializer
    permission_classes = [StaffReadsOfficeWritesRules]

    @extend_schema(request=NewRuleSerializer, responses=SynergyRuleSerializer)
    def create(self, request, *args, **kwargs):
        """Write a new rule (origin "office")."""
        new = NewRuleSerializer(data=request.data)
        new.is_valid(raise_exception=True)
        data = new.validated_data
        columns = {**data["fields"], "id": data["rule_id"]}
        try:
            rule = create_rule(columns, family=data["family"], user=request.user, reason=data["reason"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(SynergyRuleSerializer(rule).data, status=201)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SynergyRule.objects.none()
        rules = visible_rules(self.request.user)
        if self.request.query_params.get("q"):
            query = self.request.query_params["q"]
            rules = rules.filter(Q(rule_id__icontains=query) | Q(name__icontains=query) | Q(family__icontains=query))
        return rules.order_by("family", "rule_id")


router.register("synergy-proposals", ProposalViewSet, basename="synergy-proposal")
router.register("synergy-runs", MatchRunViewSet, basename="synergy-run")
router.register("synergy-attract", AttractSuggestionViewSet, basename="synergy-attract")
router.register("synergy-rules", SynergyRuleViewSet, basename="synergy-rule")


from veturi.synergies.consent_api import CompanyProposalViewSet  # noqa: E402 (the companies' double opt-in)

router.register("my-proposals", CompanyProposalViewSet, basename="my-proposal")
