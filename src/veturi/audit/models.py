"""The audit log: an append-only record of who saw and changed what, written with the change."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete a stored audit entry."""


class Action(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    READ = "read", _("confidential read")


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries are never changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit entries are never deleted.")

    update.queryset_only = True
    delete.queryset_only = True


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    username = models.CharField(_("user"), max_length=150, blank=True, help_text=_("Kept as it was, also after the user is deleted."))
    action = models.CharField(_("action"), max_length=6, choices=Action.choices, db_index=True)
    model = models.CharField(_("kind of record"), max_length=100, db_index=True, help_text="app_label.model")
    object_id = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    organisation_id = models.IntegerField(_("organisation"), null=True, blank=True, db_index=True, help_text=_("Whose data it is, where known."))
    changes = models.JSONField(_("changes"), default=dict, blank=True, help_text=_("{field: [before, after]}; for reads, {fields: [...]}"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    method = models.CharField(_("method"), max_length=8, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["model", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.model} #{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries are never deleted.")
