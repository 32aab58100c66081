from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StreamsConfig(AppConfig):
    name = "veturi.streams"
    verbose_name = _("Sites and resource streams")
