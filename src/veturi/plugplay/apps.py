from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlugPlayConfig(AppConfig):
    name = "veturi.plugplay"
    label = "plugplay"
    verbose_name = _("Plug and play")
    default_auto_field = "django.db.models.BigAutoField"
