from django.core.management.base import BaseCommand

from veturi.plugplay.templates_starting import install_starting_templates


class Command(BaseCommand):
    help = "Add the starting contract document templates (English and Finnish) that are missing."

    def handle(self, *args, **options):
        self.stdout.write(f"{install_starting_templates()} template(s) added.")
