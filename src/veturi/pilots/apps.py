from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "veturi.pilots"
    verbose_name = _("Pilots and test beds")
