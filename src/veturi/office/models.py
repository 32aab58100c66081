"""The project office's own work: its regular meetings and the project plan."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


class Meeting(models.Model):
    title = models.CharField(_("title"), max_length=200, default=_("Project office meeting"))
    date = models.DateField(_("date"), default=timezone.localdate)
    location = models.CharField(_("location"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        "organisations.Person", blank=True, related_name="office_meetings", verbose_name=_("attendance")
    )
    notes = models.TextField(_("notes"), blank=True)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("no."), default=0)
    title = models.CharField(_("item"), max_length=200)
    notes = models.TextField(_("discussion"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("decision"), max_length=500)

    class Meta:
        ordering = ["id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="office_actions",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.action

    @property
    def overdue(self) -> bool:
        return self.status not in CLOSED_STATUSES and self.due is not None and self.due < timezone.localdate()


class Phase(models.Model):
    """One of the four phases of the park project."""

    number = models.PositiveSmallIntegerField(_("phase"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The phase ends before it starts.")})

    def progress(self) -> float:
        """Share of this phase's tasks and milestones that are done, 0–1 (cancelled ones do not count)."""
        items = [*self.tasks_all(), *self.milestones.all()]
        counted = [item for item in items if item.status != PlanStatus.CANCELLED]
        if not counted:
            return 0.0
        return sum(item.status == PlanStatus.DONE for item in counted) / len(counted)

    def tasks_all(self):
        return Task.objects.filter(workstream__phase=self)


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    LATE = "late", _("Late")
    CANCELLED = "cancelled", _("Cancelled")


class Workstream(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="workstreams", verbose_name=_("phase"))
    name = models.CharField(_("name"), max_length=200)
    lead = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="workstreams",
        verbose_name=_("lead"),
    )

    class Meta:
        ordering = ["phase__number", "name"]
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")

    def __str__(self) -> str:
        return self.name


class _PlanItem(models.Model):
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("owner")
    )
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.PLANNED)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def overdue(self) -> bool:
        due = getattr(self, "due", None)
        return self.status not in (PlanStatus.DONE, PlanStatus.CANCELLED) and due is not None and due < timezone.localdate()


class Milestone(_PlanItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("phase"))
    due = models.DateField(_("due"))

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")


class Task(_PlanItem):
    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("workstream"))
    start = models.DateField(_("start"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def clean(self):
        if self.start and self.due and self.due < self.start:
            raise ValidationError({"due": _("The task is due before it starts.")})
