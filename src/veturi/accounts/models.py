"""Users and their role in the project office."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("Project office")
    EXPERT = "expert", _("Expert")
    COMPANY = "company", _("Company representative")
    VIEWER = "viewer", _("Municipality / partner viewer")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representatives",
        help_text=_("The one organisation a company representative speaks for."),
    )

    def clean(self):
        super().clean()
        if self.role == Role.COMPANY and self.organisation_id is None:
            raise ValidationError({"organisation": _("A company representative must be bound to one organisation.")})

    @property
    def is_office(self) -> bool:
        return self.is_superuser or self.role == Role.OFFICE

    @property
    def is_staff_member(self) -> bool:
        """Office or expert: sees every organisation's figures."""
        return self.is_office or self.role == Role.EXPERT

    @property
    def is_company(self) -> bool:
        return not self.is_superuser and self.role == Role.COMPANY

    @property
    def is_viewer(self) -> bool:
        return not self.is_superuser and self.role == Role.VIEWER

    def can_see_confidential_of(self, organisation_id: int | None) -> bool:
        """Whether this user may read the confidential figures of that organisation."""
        if self.is_staff_member:
            return True
        return self.is_company and organisation_id is not None and organisation_id == self.organisation_id

    def can_edit_organisation(self, organisation_id: int | None) -> bool:
        return self.can_see_confidential_of(organisation_id) and not self.is_viewer
