"""Who may see and change the office's own work.

Meetings, action items and reports are the office's (office and experts); the project plan is
read by every logged-in role (viewers follow progress) and changed by the office and experts.
"""

from django.shortcuts import get_object_or_404

from veturi.engagement.access import require_staff_member, staff_member_required  # noqa: F401 (one rule, reused)
from veturi.office.models import ActionItem, Meeting, Milestone, Task


def visible_meetings(user):
    require_staff_member(user)
    return Meeting.objects.all()


def get_meeting_for_user(user, pk: int) -> Meeting:
    return get_object_or_404(visible_meetings(user), pk=pk)


def get_rw_action_item_for_user(user, pk: int) -> ActionItem:
    require_staff_member(user)
    return get_object_or_404(ActionItem, pk=pk)


def get_rw_task_for_user(user, pk: int) -> Task:
    require_staff_member(user)
    return get_object_or_404(Task, pk=pk)


def get_rw_milestone_for_user(user, pk: int) -> Milestone:
    require_staff_member(user)
    return get_object_or_404(Milestone, pk=pk)
