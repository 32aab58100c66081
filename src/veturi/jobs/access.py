"""Who sees which job: whoever launched it; the project office sees all. Only staff launch jobs,
so company representatives and viewers meet none (403)."""

from django.shortcuts import get_object_or_404

from veturi.engagement.access import require_staff_member, staff_member_required  # noqa: F401 (one rule, reused)
from veturi.jobs.models import Job


def visible_jobs(user):
    require_staff_member(user)
    jobs = Job.objects.select_related("created_by")
    return jobs if user.is_office else jobs.filter(created_by=user)


def get_job_for_user(user, pk: int) -> Job:
    return get_object_or_404(visible_jobs(user), pk=pk)
