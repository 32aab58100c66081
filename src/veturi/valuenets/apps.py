from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuenetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "veturi.valuenets"
    verbose_name = _("Value networks")
