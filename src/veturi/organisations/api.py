from django.db import transaction
from rest_framework import serializers, viewsets

from veturi.accounts.access import visible_organisations
from veturi.api.permissions import OrganisationScopedWrite
from veturi.api.router import router
from veturi.api.serializers import CleanModelSerializer
from veturi.engine import reference
from veturi.organisations.models import Organisation


class OrganisationSerializer(CleanModelSerializer):
    nace = serializers.ListField(child=serializers.CharField(max_length=12), required=False, help_text="NACE Rev.2 codes, primary first")

    class Meta:
        model = Organisation
        fields = [
            "id", "name", "kind", "business_id", "foreign_id", "external_id", "country", "employees",
            "turnover_band", "cleantech_category", "website", "engagement_stage", "illustrative", "nace",
        ]
        read_only_fields = ["engagement_stage", "illustrative"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["nace"] = [activity.code for activity in instance.activities.all()]
        return data

    def validate_nace(self, codes):
        normalised = []
        for position, code in enumerate(codes):
            try:
                normalised.append(reference.normalise_nace_code(code))
            except ValueError as exc:
                raise serializers.ValidationError(f"item {position}: {exc}") from exc
        return list(dict.fromkeys(normalised))

    def _save_nace(self, organisation, codes):
        if codes is None:
            return
        organisation.set_nace_codes(codes)

    def create(self, validated_data):
        codes = validated_data.pop("nace", None)
        with transaction.atomic():
            organisation = super().create(validated_data)
            self._save_nace(organisation, codes)
        return organisation

    def update(self, instance, validated_data):
        codes = validated_data.pop("nace", None)
        with transaction.atomic():
            organisation = super().update(instance, validated_data)
            self._save_nace(organisation, codes)
        return organisation


class OrganisationViewSet(viewsets.ModelViewSet):
    """Organisations: everyone signed in reads; the office and experts create; a company edits its own."""

    serializer_class = OrganisationSerializer
    permission_classes = [OrganisationScopedWrite]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return visible_organisations(self.request.user).prefetch_related("activities").order_by("name", "pk")

    @staticmethod
    def organisation_id_of(obj):
        return obj.pk

    def create(self, request, *args, **kwargs):
        if not request.user.is_staff_member:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("Only the office and experts add organisations.")
        return super().create(request, *args, **kwargs)


router.register("organisations", OrganisationViewSet, basename="organisation")
