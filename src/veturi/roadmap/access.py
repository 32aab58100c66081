"""Who may see and change roadmaps, the network prioritisation and monitoring entries.

* Roadmaps: the office and experts read and write (edit activities, solve); viewers
  (municipality, partners) read the plan and aggregated yearly figures, never one activity's
  figures; company representatives get 403.
* Prioritisation: office and experts (it shows each network's figures).
* Monitoring: the office and experts enter and read every entry; a company representative
  enters and reads only entries of exchanges its organisation supplies or receives; viewers
  read plan against actual aggregated per network (networks of fewer than three members
  without figures) and per KPI, never an entry.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from veturi.roadmap.models import MonitoringEntry, Roadmap, RoadmapActivity


def may_read_roadmaps(user) -> bool:
    return user.is_staff_member or user.is_viewer


def require_staff(user) -> None:
    if not user.is_staff_member:
        raise PermissionDenied("Only the project office and its experts change the roadmap.")


def roadmap_reader_required(view):
    """Office, experts and viewers (put it under @login_required)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_read_roadmaps(request.user):
            raise PermissionDenied("The roadmap is shown to the office, its experts and viewers.")
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def visible_roadmaps(user):
    if not may_read_roadmaps(user):
        raise PermissionDenied("The roadmap is shown to the office, its experts and viewers.")
    return Roadmap.objects.all()


def get_roadmap_for_user(user, pk: int) -> Roadmap:
    return get_object_or_404(visible_roadmaps(user), pk=pk)


def get_rw_roadmap_for_user(user, pk: int) -> Roadmap:
    require_staff(user)
    return get_roadmap_for_user(user, pk)


def get_rw_activity_for_user(user, pk: int) -> RoadmapActivity:
    require_staff(user)
    return get_object_or_404(RoadmapActivity.objects.select_related("roadmap"), pk=pk)


def may_enter_monitoring(user) -> bool:
    return user.is_staff_member or (user.is_company and user.organisation_id is not None)


def visible_entries(user):
    """Entries the user may read and correct: all for staff, their own exchanges' for a company."""
    if user.is_staff_member:
        return MonitoringEntry.objects.all()
    if user.is_company and user.organisation_id is not None:
        # Only exchanges both companies said yes to: before that each is anonymous to the other.
        own = Q(supplier_id=user.organisation_id) | Q(receiver_id=user.organisation_id)
        return MonitoringEntry.objects.filter(own, proposal__supplier_answer="yes", proposal__receiver_answer="yes")
    raise PermissionDenied("Monitoring entries are shown to the office, its experts and the companies of each exchange.")


def get_entry_for_user(user, pk: int) -> MonitoringEntry:
    return get_object_or_404(visible_entries(user).select_related("proposal"), pk=pk)


def enterable_proposals(user):
    """The exchanges the user may enter quantities for: live proposals, a company's own only."""
    from veturi.synergies.models import Proposal, ProposalStatus

    proposals = Proposal.objects.filter(stale=False).exclude(status=ProposalStatus.REJECTED).select_related(
        "output__site__organisation", "input__site__organisation").order_by("output__site__organisation__name", "output__name", "pk")
    if user.is_staff_member:
        # The office chooses among exchanges it took forward and each output's best match (not every alternative).
        decided = [ProposalStatus.ACCEPTED, ProposalStatus.VALIDATED, ProposalStatus.REALISED]
        return proposals.filter(Q(status__in=decided) | Q(rank=1) | Q(monitoring_entries__isnull=False)).distinct()
    if user.is_company and user.organisation_id is not None:
        org = user.organisation_id
        own = Q(output__site__organisation_id=org) | Q(input__site__organisation_id=org)
        return proposals.filter(own).mutually_consented()
    raise PermissionDenied("Monitoring entries are entered by the office, its experts and the companies of each exchange.")
