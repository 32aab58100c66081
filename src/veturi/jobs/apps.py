from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "veturi.jobs"
    verbose_name = _("Jobs")

    def ready(self):
        from veturi.jobs import kinds  # noqa: F401 (registers the job kinds)
