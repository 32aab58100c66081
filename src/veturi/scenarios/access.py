"""Who may see and change scenarios and the KPI framework table.

The office and its experts build scenarios, set their assumptions and run simulations.
Viewers (municipality, partners) see the simulated KPIs and the framework table: aggregated
figures only, never an assumption about one company's activity or its probability.
The office alone enters park figures. Company representatives and outsiders get 403.
Views and the API fetch objects through these helpers.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from veturi.engagement.access import require_staff_member, staff_member_required  # noqa: F401 (one rule, reused)
from veturi.scenarios.models import Scenario


def may_read(user) -> bool:
    return user.is_staff_member or user.is_viewer


def require_reader(user) -> None:
    if not may_read(user):
        raise PermissionDenied("Scenarios and KPIs are shown to the office, its experts and viewers.")


def require_office(user) -> None:
    if not user.is_office:
        raise PermissionDenied("Only the project office enters park figures.")


def reader_required(view):
    """Office, experts and viewers (put it under @login_required)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_reader(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def visible_scenarios(user):
    require_reader(user)
    return Scenario.objects.select_related("roadmap")


def get_scenario_for_user(user, pk: int) -> Scenario:
    return get_object_or_404(visible_scenarios(user), pk=pk)


def get_rw_scenario_for_user(user, pk: int) -> Scenario:
    require_staff_member(user)
    return get_scenario_for_user(user, pk)
