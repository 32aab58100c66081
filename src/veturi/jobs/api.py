"""Jobs in the API: launching endpoints answer 202 with the job's URL; GET /api/jobs/{id}/ follows it."""

from django.urls import reverse
from rest_framework import serializers, status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from veturi.api.router import router
from veturi.jobs.access import visible_jobs
from veturi.jobs.models import Job


class StaffMembersOnly(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff_member)


class JobSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", default=None, read_only=True)
    page = serializers.SerializerMethodField(help_text="The job's page (progress bar, then the link to the result).")

    class Meta:
        model = Job
        fields = ["id", "kind", "parameters", "status", "progress", "message", "result", "result_url", "error", "created_by",
                  "created_at", "started_at", "finished_at", "page"]
        read_only_fields = fields

    def get_page(self, job) -> str:
        return reverse("job-detail", args=[job.pk])


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Jobs: the office reads all, an expert the jobs they launched. `status` filters the list."""

    serializer_class = JobSerializer
    permission_classes = [StaffMembersOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Job.objects.none()
        jobs = visible_jobs(self.request.user)
        wanted = self.request.query_params.get("status")
        return jobs.filter(status=wanted) if wanted else jobs


def accepted(request, job: Job) -> Response:
    """The answer of a launching endpoint: 202, the job, and its URL in Location."""
    url = request.build_absolute_uri(reverse("api:job-detail", args=[job.pk]))
    data = {**JobSerializer(job).data, "url": url}
    return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


router.register("jobs", JobViewSet, basename="job")
