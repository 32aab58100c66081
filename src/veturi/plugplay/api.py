"""REST endpoints for plug and play: the same access rules as the pages (veturi.plugplay.access)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response
from drf_spectacular.utils import OpenApiParameter, extend_schema

from veturi.accounts.access import visible_organisations
from veturi.api.router import router
from veturi.api.serializers import CleanModelSerializer
from veturi.plugplay import access
from veturi.plugplay.documents import offer_rows
from veturi.plugplay.models import AllocationPlacement, AllocationRun, Contract, ContractStage, DocumentTemplate, PlotRequirement
from veturi.plugplay.offers import build_offer


class StaffOnly(BasePermission):
    """The office and experts; document templates and other office-only writes are checked in the view."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff_member)


class PlacementSerializer(serializers.ModelSerializer):
    plot_identifier = serializers.CharField(source="plot.identifier", read_only=True)

    class Meta:
        model = AllocationPlacement
        fields = ["id", "run", "organisation", "company_name", "plot", "plot_identifier", "transport_eur_per_year", "fit_eur_per_year",
                  "unused_area_m2", "utilities_ready", "utilities_to_build"]


class AllocationRunSerializer(serializers.ModelSerializer):
    placements = PlacementSerializer(many=True, read_only=True)

    class Meta:
        model = AllocationRun
        fields = ["id", "created_at", "base", "kind", "label", "parameters", "seed", "status", "method", "objective_eur_per_year",
                  "transport_eur_per_year", "fit_eur_per_year", "bound_eur_per_year", "gap_percent", "seconds", "conflicts", "placements"]


class AllocationRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Allocation runs and their what-if variants, with placements (office and experts)."""

    serializer_class = AllocationRunSerializer
    permission_classes = [StaffOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AllocationRun.objects.none()
        return access.visible_runs(self.request.user).prefetch_related("placements__plot").order_by("-created_at", "-pk")


class PlacementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlacementSerializer
    permission_classes = [StaffOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AllocationPlacement.objects.none()
        return AllocationPlacement.objects.filter(run__in=access.visible_runs(self.request.user)).select_related("plot").order_by("run", "company_name", "pk")


class PlotRequirementSerializer(CleanModelSerializer):
    class Meta:
        model = PlotRequirement
        fields = ["id", "organisation", "area_m2", "zoning_classes", "needs", "hazard_separation_m", "planned"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["organisation"].queryset = visible_organisations(request.user)


class PlotRequirementViewSet(viewsets.ModelViewSet):
    """Plot requirements: the office and experts keep all; a company its own; viewers none."""

    serializer_class = PlotRequirementSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlotRequirement.objects.none()
        return access.visible_requirements(self.request.user).order_by("organisation__name", "pk")

    def create(self, request, *args, **kwargs):
        # A viewer may never write one: refused before the body is read, not with the body's errors (400) first.
        if request.user.is_viewer:
            raise PermissionDenied("Viewers do not record plot requirements.")
        return super().create(request, *args, **kwargs)

    def _check(self, organisation_id):
        if not self.request.user.can_edit_organisation(organisation_id):
            raise PermissionDenied("You may not change this organisation's plot requirement.")

    def perform_create(self, serializer):
        self._check(serializer.validated_data["organisation"].pk)
        serializer.save()

    def perform_update(self, serializer):
        self._check(serializer.instance.organisation_id)
        self._check(serializer.validated_data.get("organisation", serializer.instance.organisation).pk)
        serializer.save()

    def perform_destroy(self, instance):
        self._check(instance.organisation_id)
        instance.delete()


class OfferSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    plots = serializers.ListField(child=serializers.DictField(), help_text="The best plots, best first, with why.")
    partners = serializers.ListField(child=serializers.DictField(), help_text="Symbiosis partners and their flows.")
    value_eur_per_year = serializers.FloatField()
    transport_eur_per_year = serializers.FloatField()
    net_eur_per_year = serializers.FloatField()
    co2_t_per_year = serializers.FloatField()
    net_co2_t_per_year = serializers.FloatField()
    claimed_value_eur_per_year = serializers.FloatField(help_text="The plain sum of the partners' proposals, before each supply and demand is counted once.")
    claimed_co2_t_per_year = serializers.FloatField(help_text="The plain sum of the partners' CO2, before each supply and demand is counted once.")


class OfferViewSet(viewsets.ViewSet):
    """The plug-and-play offer of one organisation (by its id), read only."""

    permission_classes = [StaffOnly]
    serializer_class = OfferSerializer

    @extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The organisation's id.")], responses=OfferSerializer)
    def retrieve(self, request, pk=None):
        if not str(pk).isdigit():
            raise ValidationError({"id": "Give the organisation's numeric id."})
        organisation = access.get_offer_organisation_for_user(request.user, int(pk))
        try:
            offer = build_offer(organisation)
        except ValueError as exc:
            raise ValidationError({"organisation": str(exc)}) from exc
        rows = offer_rows(offer)
        return Response({
            "organisation": organisation.pk,
            "plots": [dict(zip(["rank", "plot", "zoning", "area_m2", "fit_eur_per_year", "transport_eur_per_year", "utilities_ready", "utilities_to_build", "why"], row)) for row in rows["plots"]],
            "partners": [{"partner": p.partner.pk, "name": p.partner.name, "direction": p.direction, "tonnes_per_year": p.tonnes_per_year,
                          "value_eur_per_year": p.value_eur_per_year, "co2_t_per_year": p.co2_t_per_year,
                          "claimed_value_eur_per_year": p.claimed_value_eur_per_year, "claimed_co2_t_per_year": p.claimed_co2_t_per_year, "plot": p.plot.pk if p.plot else None} for p in offer.partners],
            "value_eur_per_year": offer.value_eur_per_year, "transport_eur_per_year": offer.transport_eur_per_year,
            "net_eur_per_year": offer.net_eur_per_year, "co2_t_per_year": offer.co2_t_per_year, "net_co2_t_per_year": offer.net_co2_t_per_year,
            "claimed_value_eur_per_year": offer.claimed_value_eur_per_year, "claimed_co2_t_per_year": offer.claimed_co2_t_per_year,
        })


class ContractSerializer(CleanModelSerializer):
    class Meta:
        model = Contract
        fields = ["id", "organisation", "plot", "stage", "offered_on", "loi_on", "reserved_on", "reserved_until", "signed_on", "operating_on",
                  "closed_on", "yearly_lease_eur", "price_eur", "notes"]
        read_only_fields = ["stage", "loi_on", "reserved_on", "reserved_until", "signed_on", "operating_on", "closed_on"]


class MoveSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=ContractStage.choices)
    on = serializers.DateField(required=False, allow_null=True)
    reserved_until = serializers.DateField(required=False, allow_null=True)


class ContractViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Contracts; the stage changes only through POST .../move/ (the pipeline's rules apply)."""

    serializer_class = ContractSerializer
    permission_classes = [StaffOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Contract.objects.none()
        return access.visible_contracts(self.request.user).order_by("-created_at", "-pk")

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)

    @action(detail=True, methods=["post"], serializer_class=MoveSerializer)
    def move(self, request, pk=None):
        contract = self.get_object()
        move = MoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                contract.move_to(move.validated_data["stage"], on=move.validated_data.get("on"), reserved_until=move.validated_data.get("reserved_until"))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"stage": exc.messages}) from exc
        return Response(ContractSerializer(contract).data)


class DocumentTemplateSerializer(CleanModelSerializer):
    class Meta:
        model = DocumentTemplate
        fields = ["id", "name", "stage", "language", "body"]


class DocumentTemplateViewSet(viewsets.ModelViewSet):
    """Document templates: the office and experts read, the office writes."""

    serializer_class = DocumentTemplateSerializer
    permission_classes = [StaffOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DocumentTemplate.objects.none()
        return access.visible_templates(self.request.user).order_by("stage", "language", "name", "pk")

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in SAFE_METHODS and not request.user.is_office:
            raise PermissionDenied("Only the project office changes document templates.")


router.register("allocation-runs", AllocationRunViewSet, basename="allocation-run")
router.register("allocation-placements", PlacementViewSet, basename="allocation-placement")
router.register("plot-requirements", PlotRequirementViewSet, basename="plot-requirement")
router.register("offers", OfferViewSet, basename="offer")
router.register("contracts", ContractViewSet, basename="contract")
router.register("document-templates", DocumentTemplateViewSet, basename="document-template")
