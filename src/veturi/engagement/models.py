"""The office's contacts with organisations: interactions and their follow-up actions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veturi.organisations.models import EngagementStage


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Visit")
    EVENT = "event", _("Event")


class Interaction(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="interactions"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=InteractionKind.choices)
    participants = models.ManyToManyField("organisations.Person", blank=True, related_name="interactions")
    summary = models.TextField(_("summary"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    external_id = models.SlugField(_("external ID"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="unique_interaction_external_id_when_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} – {self.organisation}"


class FollowUpAction(models.Model):
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    due = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["done", "due"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.action

    @property
    def overdue(self) -> bool:
        return not self.done and self.due is not None and self.due < timezone.localdate()


# Attachments: what a project office files after a meeting, and nothing that runs.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = {
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "svg",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv",
}


def validate_attachment(upload) -> None:
    """Refuse a file that is not a document or image, or that is larger than 20 MB."""
    from django.core.exceptions import ValidationError

    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("%(name)s: only PDF, images and office documents may be attached (%(allowed)s)."),
            params={"name": name or "?", "allowed": ", ".join(sorted(ATTACHMENT_EXTENSIONS))},
            code="attachment_type",
        )
    if not _content_matches(upload, extension):
        raise ValidationError(
            _("%(name)s does not look like a .%(extension)s file; it was not attached."),
            params={"name": name, "extension": extension},
            code="attachment_content",
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size).1f MB; attachments may be at most 20 MB."),
            params={"name": name, "size": upload.size / 1024 / 1024},
            code="attachment_size",
        )


# The first bytes of each kind of file, so a renamed program is not taken for a document.
_MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF8",),
    "webp": (b"RIFF",),
    "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",), "ods": (b"PK\x03\x04",), "odp": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",), "xls": (b"\xd0\xcf\x11\xe0",), "ppt": (b"\xd0\xcf\x11\xe0",),
    "rtf": (b"{\\rtf",),
}


def _content_matches(upload, extension: str) -> bool:
    signatures = _MAGIC.get(extension)
    if not signatures:
        return True  # text formats (txt, csv, svg) have no signature to check
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    return any(head.startswith(signature) for signature in signatures)


def _attachment_path(instance, filename: str) -> str:
    return f"interactions/{instance.interaction_id}/{filename}"


class Attachment(models.Model):
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300, validators=[validate_attachment])
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class StageChange(models.Model):
    """One move of an organisation along the engagement pipeline: the history that reports read."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=EngagementStage.choices)
    to_stage = models.CharField(_("to"), max_length=12, choices=EngagementStage.choices)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [models.Index(fields=["changed_at"], name="stagechange_when_idx")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.from_stage} → {self.to_stage}"


class Stakeholder(models.Model):
    """How much an actor can sway the park (influence) and how much it cares (interest), 1–5."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="stakeholder"
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (little) to 5 (decisive)")
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("1 (little) to 5 (keen)")
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-influence", "-interest", "organisation__name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(condition=Q(influence__gte=1, influence__lte=5), name="stakeholder_influence_1_5"),
            models.CheckConstraint(condition=Q(interest__gte=1, interest__lte=5), name="stakeholder_interest_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.influence}/{self.interest})"

    @property
    def quadrant(self) -> str:
        """The classic advice for a stakeholder in this corner of the grid."""
        high_influence, high_interest = self.influence >= 3, self.interest >= 3
        if high_influence and high_interest:
            return str(_("Manage closely"))
        if high_influence:
            return str(_("Keep satisfied"))
        if high_interest:
            return str(_("Keep informed"))
        return str(_("Monitor"))
