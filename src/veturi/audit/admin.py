from django.contrib import admin

from veturi.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes an audit entry from the app."""

    list_display = ("at", "username", "action", "model", "object_id", "object_repr", "ip", "path")
    list_filter = ("action", "model")
    search_fields = ("username", "object_repr", "path", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return bool(request.user.is_active and getattr(request.user, "is_office", False))
