from django.db import transaction
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from veturi.accounts.access import visible_streams
from veturi.api.permissions import OrganisationScopedWrite
from veturi.api.router import router
from veturi.api.serializers import CleanModelSerializer
from veturi.streams.classify import classify_if_unclassified
from veturi.streams.models import ResourceStream, Site


class SiteSerializer(CleanModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "organisation", "name", "status", "latitude", "longitude", "address", "zone", "plot", "external_id"]


class SiteViewSet(viewsets.ModelViewSet):
    """Sites of organisations (locations are not confidential)."""

    serializer_class = SiteSerializer
    permission_classes = [OrganisationScopedWrite]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Site.objects.select_related("organisation").order_by("pk")

    @staticmethod
    def organisation_id_of(obj):
        return obj.organisation_id

    def perform_create(self, serializer):
        if not self.request.user.can_edit_organisation(serializer.validated_data["organisation"].pk):
            raise PermissionDenied("You may not add sites to this organisation.")
        serializer.save()

    def perform_update(self, serializer):
        organisation = serializer.validated_data.get("organisation")
        if organisation is not None and not self.request.user.can_edit_organisation(organisation.pk):
            raise PermissionDenied("You may not move a site to that organisation.")
        serializer.save()


class ResourceStreamSerializer(CleanModelSerializer):
    months = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=12), required=False)
    organisation = serializers.IntegerField(source="site.organisation_id", read_only=True)

    class Meta:
        model = ResourceStream
        fields = [
            "id", "site", "organisation", "direction", "kind", "name", "ewc_code", "taxonomy_code",
            "classification_method", "classification_confidence", "needs_review", "quantity", "unit",
            "canonical_quantity", "canonical_unit", "quality", "months", "current_handling",
            "handling_cost_eur_per_unit", "confidentiality", "source", "external_id",
        ]
        read_only_fields = ["classification_method", "classification_confidence", "needs_review", "canonical_quantity", "canonical_unit"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["months"] = instance.months
        return data

    def validate(self, attrs):
        months = attrs.pop("months", None)
        if months is not None:
            if not months:
                raise serializers.ValidationError({"months": "Give at least one month (1–12)."})
            probe = ResourceStream()
            probe.months = months
            attrs["months_mask"] = probe.months_mask
        return super().validate(attrs)


class ResourceStreamViewSet(viewsets.ModelViewSet):
    """Resource streams: each user sees only the figures they may read (see docs/roles.md)."""

    serializer_class = ResourceStreamSerializer
    permission_classes = [OrganisationScopedWrite]
    queryset = ResourceStream.objects.none()  # the model, for the schema; get_queryset filters per user
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return visible_streams(self.request.user).order_by("pk")

    @staticmethod
    def organisation_id_of(obj):
        return obj.site.organisation_id

    def _save(self, serializer):
        site = serializer.validated_data.get("site") or serializer.instance.site
        if not self.request.user.can_edit_organisation(site.organisation_id):
            raise PermissionDenied("You may not change streams of this organisation.")
        with transaction.atomic():
            stream = serializer.save()
            classify_if_unclassified(stream)
            stream.save()

    perform_create = _save
    perform_update = _save


router.register("sites", SiteViewSet, basename="site")
router.register("streams", ResourceStreamViewSet, basename="stream")
