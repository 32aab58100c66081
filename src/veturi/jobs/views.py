from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veturi.jobs.access import get_job_for_user, staff_member_required, visible_jobs
from veturi.jobs.models import Job


@login_required
@staff_member_required
def job_list(request):
    return render(request, "jobs/job_list.html", {"jobs": visible_jobs(request.user)[:100]})


@login_required
@staff_member_required
def job_detail(request, pk: int):
    return render(request, "jobs/job_detail.html", {"job": get_job_for_user(request.user, pk)})


@login_required
@staff_member_required
def job_progress(request, pk: int):
    """The progress fragment the job page polls every second until the job is finished."""
    return render(request, "jobs/_progress.html", {"job": get_job_for_user(request.user, pk)})


@login_required
@require_POST
@staff_member_required
def job_cancel(request, pk: int):
    """Cancel a job that has not started yet (a running one finishes: its result is stored atomically)."""
    job = get_job_for_user(request.user, pk)
    if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(status=Job.Status.CANCELLED):
        messages.success(request, _("Job cancelled."))
    else:
        messages.error(request, _("The job has already started; it cannot be cancelled."))
    return redirect("job-detail", pk=job.pk)
