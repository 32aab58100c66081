"""A job: long work (matching, allocation, solving, simulation) that runs outside the web request.

A page or an API call enqueues a job; a worker (`veturi worker`, or the thread `veturi serve`
starts) claims it, runs it, and records its progress, its result or its error here.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    kind = models.CharField(_("kind"), max_length=60)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0, help_text=_("0 to 1"))
    message = models.CharField(_("message"), max_length=300, blank=True)
    result = models.JSONField(_("result summary"), default=dict, blank=True)
    result_url = models.CharField(_("result link"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="jobs", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True, help_text=_("host:pid of the worker running it"))
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="job_status_created")]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.label} #{self.pk} ({self.status})"

    @property
    def label(self) -> str:
        from veturi.jobs.registry import label_of

        return label_of(self.kind)

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        return round(100 * min(max(self.progress, 0.0), 1.0))

    #: A queued job older than this makes the page ask whether a worker runs at all.
    NO_WORKER_AFTER_S = 30

    @property
    def waits_for_a_worker(self) -> bool:
        return self.status == self.Status.QUEUED and (timezone.now() - self.created_at).total_seconds() > self.NO_WORKER_AFTER_S

    @property
    def seconds(self) -> float | None:
        if self.started_at is None:
            return None
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()
