"""The pilots API: the same rules as the pages.

Everyone signed in lists the pilots they may see (viewers the public ones only); results,
partners and KPIs only for the office, experts and the host's and partners' representatives;
the office, experts and the host company write.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission

from veturi.api.router import router
from veturi.pilots.access import may_add_pilot, may_see_details, visible_pilots
from veturi.pilots.models import Pilot, PilotKpi


class PilotPermission(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or may_add_pilot(user)

    def has_object_permission(self, request, view, pilot):
        user = request.user
        return request.method in SAFE_METHODS or user.is_staff_member or pilot.host_id == user.organisation_id


class PilotKpiSerializer(serializers.ModelSerializer):
    class Meta:
        model = PilotKpi
        fields = ["kpi", "change", "note"]


class PilotSerializer(serializers.ModelSerializer):
    kpis = PilotKpiSerializer(many=True, required=False)

    class Meta:
        model = Pilot
        fields = ["id", "name", "kind", "status", "technology", "description", "host", "site", "plot", "infrastructure", "partners",
                  "start_date", "end_date", "trl_before", "trl_after", "results", "public_consent", "public_summary", "source", "kpis"]

    def to_representation(self, pilot):
        data = super().to_representation(pilot)
        if not may_see_details(self.context["request"].user, pilot):
            for field in ("description", "results", "partners", "kpis", "site", "source"):
                data[field] = None
        return data

    def validate(self, data):
        user = self.context["request"].user
        host = data.get("host", getattr(self.instance, "host", None))
        if not user.is_staff_member and host is not None and host.pk != user.organisation_id:
            raise ValidationError({"host": "a company records pilots it hosts itself"})
        fields = {k: v for k, v in data.items() if k not in ("kpis", "partners", "infrastructure")}
        current = {f.name: getattr(self.instance, f.name) for f in Pilot._meta.concrete_fields} if self.instance else {}
        probe = Pilot(**{**current, **fields})
        try:
            probe.full_clean(exclude=["created_by"], validate_unique=False, validate_constraints=False)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return data

    def _save(self, validated_data, instance=None):
        kpis = validated_data.pop("kpis", None)
        with transaction.atomic():
            pilot = super().update(instance, validated_data) if instance else super().create(validated_data)
            if kpis is not None:
                pilot.kpis.all().delete()
                PilotKpi.objects.bulk_create([PilotKpi(pilot=pilot, **row) for row in kpis])
        return pilot

    def create(self, validated_data):
        return self._save(validated_data)

    def update(self, instance, validated_data):
        return self._save(validated_data, instance)


class PilotViewSet(viewsets.ModelViewSet):
    serializer_class = PilotSerializer
    permission_classes = [PilotPermission]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema is built without a user
            return Pilot.objects.none()
        return visible_pilots(self.request.user).prefetch_related("kpis", "partners", "infrastructure").order_by("-start_date", "pk")

    def perform_create(self, serializer):
        if not may_add_pilot(self.request.user):
            raise PermissionDenied("Pilots are recorded by the office, its experts and the host companies.")
        serializer.save(created_by=self.request.user)


router.register("pilots", PilotViewSet, basename="pilot")
