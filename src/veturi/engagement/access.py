"""Who may see and change the office's engagement work: the office and the experts, nobody else.

Interactions, stage moves and the stakeholder map are the office's working notes about the
actors; a company or a viewer never sees them. Views fetch objects through these helpers.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from veturi.engagement.models import Attachment, FollowUpAction, Interaction


def require_staff_member(user) -> None:
    if not user.is_staff_member:
        raise PermissionDenied("Only the project office and its experts work here.")


def staff_member_required(view):
    """Refuse a logged-in user who is not office or expert (put it under @login_required)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_staff_member(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def visible_interactions(user):
    require_staff_member(user)
    return Interaction.objects.select_related("organisation")


def get_interaction_for_user(user, pk: int) -> Interaction:
    return get_object_or_404(visible_interactions(user), pk=pk)


def get_follow_up_for_user(user, pk: int) -> FollowUpAction:
    require_staff_member(user)
    return get_object_or_404(FollowUpAction.objects.select_related("interaction"), pk=pk)


def get_attachment_for_user(user, pk: int) -> Attachment:
    require_staff_member(user)
    return get_object_or_404(Attachment.objects.select_related("interaction"), pk=pk)
