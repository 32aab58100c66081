from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ApiConfig(AppConfig):
    name = "veturi.api"
    verbose_name = "API"

    def ready(self):
        # Each app registers its viewsets on the shared router in its own api.py.
        autodiscover_modules("api")
