from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlotsConfig(AppConfig):
    name = "veturi.plots"
    verbose_name = _("Zones, plots and infrastructure")
