"""The audit log in the API: read only, for the project office (filters as on the page)."""

from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission

from veturi.api.router import router
from veturi.audit.filters import filtered_entries
from veturi.audit.models import AuditEntry


class OfficeOnly(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_office)


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "at", "user", "username", "action", "model", "object_id", "object_repr", "organisation_id", "changes", "ip", "method", "path"]
        read_only_fields = fields


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """Who saw and changed what. Filters: `user` (username), `action`, `model`, `object_id`, `organisation`, `since`, `until` (dates)."""

    serializer_class = AuditEntrySerializer
    permission_classes = [OfficeOnly]
    queryset = AuditEntry.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        form, entries = filtered_entries(self.request.query_params)
        if form.is_bound and form.errors:
            raise ValidationError(form.errors)
        return entries


router.register("audit", AuditEntryViewSet, basename="audit-entry")
