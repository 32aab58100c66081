"""API permissions: the same rules as the pages, read from the user's role."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class StaffWritesOthersRead(BasePermission):
    """Everyone signed in reads; the office and experts write."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or user.is_staff_member


class OrganisationScopedWrite(BasePermission):
    """Everyone signed in reads what the queryset shows; writes need edit rights on the organisation.

    The view names the organisation an object belongs to with `organisation_id_of(obj)`, and the
    organisation a new object will belong to with `organisation_id_for_create(serializer_data)`.
    """

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        return not user.is_viewer

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return request.user.can_edit_organisation(view.organisation_id_of(obj))
