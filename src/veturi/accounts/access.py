"""Who may see and change what: the one place where access rules for organisations live.

Views fetch objects through these helpers, so a rule changes in one place only.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from veturi.accounts.models import User
from veturi.organisations.models import Organisation
from veturi.streams.models import ResourceStream


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
    """Streams this user may list (which of their fields they may read: ``streams.visibility``).

    The office and experts list all; a company representative lists their own organisation's
    streams, streams with a public field group, and the streams of partners matched with them in
    a proposal both said yes to (with a field group shared with partners); a viewer lists streams
    with a public field group. Show them through ``streams.visibility.masked_streams``.
    """
    from veturi.streams.visibility import listing_filter

    streams = ResourceStream.objects.select_related("site", "site__organisation")
    if organisation is not None:
        streams = streams.filter(site__organisation=organisation)
    condition = listing_filter(user)
    return streams if condition is None else streams.filter(condition)


def shown_streams(user: User, streams) -> list:
    """The streams as this user may see them: hidden field groups are None (pages say "hidden").

    The one way pages, the API, exports and reports show a stream's fields; confidential reads
    are written to the audit log.
    """
    from veturi.streams.visibility import masked_streams

    return masked_streams(streams, user)
