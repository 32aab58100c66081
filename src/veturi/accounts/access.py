"""Who may see and change what: the one place where access rules for organisations live.

Views fetch objects through these helpers, so a rule changes in one place only.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from veturi.accounts.models import User
from veturi.organisations.models import Organisation
from veturi.streams.models import Confidentiality, ResourceStream


def visible_organisations(user: User):
    """Every role may list organisations (names and public facts are not confidential)."""
    return Organisation.objects.all()


def get_organisation_for_user(user: User, pk: int) -> Organisation:
    return get_object_or_404(visible_organisations(user), pk=pk)


def get_rw_organisation_for_user(user: User, pk: int) -> Organisation:
    organisation = get_organisation_for_user(user, pk)
    if not user.can_edit_organisation(organisation.pk):
        raise PermissionDenied("You may not change this organisation.")
    return organisation


def visible_streams(user: User, organisation: Organisation | None = None):
    """Streams whose figures this user may read.

    The office and experts read all; a company representative reads their own organisation's
    streams and others' public ones; a viewer reads public streams only.
    """
    streams = ResourceStream.objects.select_related("site", "site__organisation")
    if organisation is not None:
        streams = streams.filter(site__organisation=organisation)
    if user.is_staff_member:
        return streams
    if user.is_company:
        from django.db.models import Q

        return streams.filter(Q(site__organisation_id=user.organisation_id) | Q(confidentiality=Confidentiality.PUBLIC))
    return streams.filter(confidentiality=Confidentiality.PUBLIC)
