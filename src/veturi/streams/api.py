from django.db import transaction
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from veturi.accounts.access import visible_streams
from veturi.audit.log import record_reads
from veturi.api.permissions import OrganisationScopedWrite
from veturi.api.router import router
from veturi.api.serializers import CleanModelSerializer
from veturi.streams.classify import classify_if_unclassified
from veturi.streams import visibility
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
    """A stream as the reader may see it: field groups hidden from them are null and named in `hidden`."""

    months = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=12), required=False, allow_null=True)
    organisation = serializers.IntegerField(source="site.organisation_id", read_only=True)
    hidden = serializers.SerializerMethodField(help_text="Field groups this reader may not see (their fields are null): name, quantity, cost, quality, months.")

    class Meta:
        model = ResourceStream
        fields = [
            "id", "site", "organisation", "direction", "kind", "name", "ewc_code", "taxonomy_code",
            "classification_method", "classification_confidence", "needs_review", "quantity", "unit",
            "canonical_quantity", "canonical_unit", "quality", "months", "current_handling",
            "handling_cost_eur_per_unit", "confidentiality", "name_visibility", "quantity_visibility", "cost_visibility",
            "quality_visibility", "months_visibility", "source", "external_id", "hidden",
        ]
        read_only_fields = ["classification_method", "classification_confidence", "needs_review", "canonical_quantity", "canonical_unit"]
        # Hidden from a reader means null in the answer (the model still refuses a null on input).
        extra_kwargs = {
            name: {"allow_null": True}
            for name in ("name", "quantity", "unit", "canonical_quantity", "canonical_unit", "quality", "current_handling", "source", "external_id")
        }

    def get_hidden(self, instance) -> list[str]:
        return sorted(getattr(instance, "hidden_groups", ()))

    def to_representation(self, instance):
        viewer = self.context.get("viewer")
        if viewer is not None:
            request = self.context["request"]
            groups = viewer.confidential_groups_read(instance)
            if groups:
                record_reads(request.user, [(instance, groups)])
            instance = visibility.masked(instance, viewer)
        data = super().to_representation(instance)
        data["months"] = None if "months" in getattr(instance, "hidden_groups", ()) else instance.months
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

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False) or self.request is None:
            return context
        # One reader per request: which partner streams a company may see is one query.
        if not hasattr(self, "_viewer"):
            self._viewer = visibility.Viewer.of(self.request.user)
        context["viewer"] = self._viewer
        return context

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
