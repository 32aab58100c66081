"""Who may see and change value networks, locomotive rankings and hypotheses.

The office and its experts work with all of it; the office alone renames or curates networks,
adds criteria and scores. Viewers (municipality, partners) see network summaries with
aggregated figures only, never one company's figures (no graph, gaps, rankings or hypotheses).
Company representatives get 403 for now. Views and API fetch objects through these helpers.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from veturi.engagement.access import require_staff_member, staff_member_required  # noqa: F401 (one rule, reused)
from veturi.valuenets.models import Hypothesis, ValueNetwork


def require_office(user) -> None:
    if not user.is_office:
        raise PermissionDenied("Only the project office changes this.")


def may_see_summaries(user) -> bool:
    return user.is_staff_member or user.is_viewer


def summary_reader_required(view):
    """Office, experts and viewers (put it under @login_required)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_see_summaries(request.user):
            raise PermissionDenied("Value networks are shown to the office, its experts and viewers.")
        return view(request, *args, **kwargs)

    return wrapper


def visible_networks(user):
    if not may_see_summaries(user):
        raise PermissionDenied("Value networks are shown to the office, its experts and viewers.")
    return ValueNetwork.objects.all()


def get_network_for_user(user, pk: int) -> ValueNetwork:
    return get_object_or_404(visible_networks(user), pk=pk)


def get_rw_network_for_user(user, pk: int) -> ValueNetwork:
    require_office(user)
    return get_network_for_user(user, pk)


def visible_hypotheses(user):
    require_staff_member(user)
    return Hypothesis.objects.select_related("network", "locomotive", "owner", "owner__core_team_membership")


def get_hypothesis_for_user(user, pk: int) -> Hypothesis:
    return get_object_or_404(visible_hypotheses(user), pk=pk)
