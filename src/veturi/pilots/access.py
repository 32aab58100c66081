"""Who may see and change pilots and test beds.

The office and experts see and edit every pilot. A company representative sees the pilots
its organisation hosts or takes part in, and those the host agreed to show publicly; it edits
the pilots its organisation hosts. Viewers see only the pilots shown publicly. The public
zone page lists those with the host's consent, with their public summary only.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from veturi.pilots.models import Pilot


def public_pilots():
    return Pilot.objects.filter(public_consent=True)


def visible_pilots(user):
    pilots = Pilot.objects.select_related("host", "plot", "site")
    if user.is_staff_member:
        return pilots
    if user.is_company and user.organisation_id is not None:
        org = user.organisation_id
        return pilots.filter(Q(public_consent=True) | Q(host_id=org) | Q(partners=org)).distinct()
    return pilots.filter(public_consent=True)


def may_see_details(user, pilot: Pilot) -> bool:
    """Results, KPIs and partners: staff, and the host's and partners' representatives."""
    if user.is_staff_member:
        return True
    if user.is_company and user.organisation_id is not None:
        return pilot.host_id == user.organisation_id or pilot.partners.filter(pk=user.organisation_id).exists()
    return False


def may_add_pilot(user) -> bool:
    return user.is_staff_member or (user.is_company and user.organisation_id is not None)


def get_pilot_for_user(user, pk: int) -> Pilot:
    return get_object_or_404(visible_pilots(user), pk=pk)


def get_rw_pilot_for_user(user, pk: int) -> Pilot:
    pilot = get_pilot_for_user(user, pk)
    if user.is_staff_member or (user.is_company and pilot.host_id == user.organisation_id):
        return pilot
    raise PermissionDenied("Only the office, its experts and the host company edit a pilot.")
