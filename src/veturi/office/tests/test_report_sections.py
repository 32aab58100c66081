from django.apps import apps
from django.utils.module_loading import import_string

from veturi.office import reports


def test_every_report_section_reads_from_an_installed_app_that_offers_rows():
    for section, app in reports.SECTION_APPS.items():
        assert apps.is_installed(app), f"{section}: {app} is not installed"
        assert callable(import_string(f"{app}.reports.monthly_rows")), section
