"""Who may see and change synergies: the office and its experts for now.

Proposals name two companies' confidential streams; company representatives and viewers get
403 until the double opt-in view (the trust issue). The rules are read by the office and the
experts and changed by the office only. Views and API fetch objects through these helpers.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from veturi.engagement.access import require_staff_member, staff_member_required  # noqa: F401 (one rule, reused)
from veturi.synergies.models import Proposal, SynergyRule


def require_office(user) -> None:
    if not user.is_office:
        raise PermissionDenied("Only the project office changes synergy rules.")


def visible_proposals(user):
    require_staff_member(user)
    return Proposal.objects.select_related(
        "output", "input", "output__site__organisation", "input__site__organisation", "rule", "decided_by"
    )


def get_proposal_for_user(user, pk: int) -> Proposal:
    return get_object_or_404(visible_proposals(user), pk=pk)


def visible_rules(user):
    require_staff_member(user)
    return SynergyRule.objects.all()


def get_rule_for_user(user, pk: int) -> SynergyRule:
    return get_object_or_404(visible_rules(user), pk=pk)


def get_rw_rule_for_user(user, pk: int) -> SynergyRule:
    require_office(user)
    return get_rule_for_user(user, pk)
