"""Who may see and change plug-and-play work: the one place its access rules live.

Allocation runs, offers and contracts name companies' plans and flows: the office and its
experts only. A company keeps its own plot requirement; document templates are changed by the
office. The zone's public page needs no login and shows only what is free or consented.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from veturi.accounts.access import get_organisation_for_user
from veturi.engagement.access import require_staff_member, staff_member_required  # noqa: F401 (one rule, reused)
from veturi.plugplay.models import AllocationRun, Contract, DocumentTemplate, PlotRequirement


def require_office(user) -> None:
    if not user.is_office:
        raise PermissionDenied("Only the project office changes document templates.")


def visible_runs(user):
    require_staff_member(user)
    return AllocationRun.objects.all()


def get_run_for_user(user, pk: int) -> AllocationRun:
    return get_object_or_404(visible_runs(user), pk=pk)


def visible_requirements(user):
    requirements = PlotRequirement.objects.select_related("organisation")
    if user.is_staff_member:
        return requirements
    if user.is_company:
        return requirements.filter(organisation_id=user.organisation_id)
    return requirements.none()


def get_rw_requirement_organisation_for_user(user, organisation_pk: int):
    """The organisation whose plot requirement this user may edit (the office's, or a company's own)."""
    organisation = get_organisation_for_user(user, organisation_pk)
    if not user.can_edit_organisation(organisation.pk):
        raise PermissionDenied("You may not change this organisation's plot requirement.")
    return organisation


def get_offer_organisation_for_user(user, organisation_pk: int):
    require_staff_member(user)
    return get_organisation_for_user(user, organisation_pk)


def visible_contracts(user):
    require_staff_member(user)
    return Contract.objects.select_related("organisation", "plot", "plot__zone")


def get_contract_for_user(user, pk: int) -> Contract:
    return get_object_or_404(visible_contracts(user), pk=pk)


def visible_templates(user):
    require_staff_member(user)
    return DocumentTemplate.objects.all()


def get_template_for_user(user, pk: int) -> DocumentTemplate:
    return get_object_or_404(visible_templates(user), pk=pk)


def get_rw_template_for_user(user, pk: int) -> DocumentTemplate:
    template = get_template_for_user(user, pk)
    require_office(user)
    return template
