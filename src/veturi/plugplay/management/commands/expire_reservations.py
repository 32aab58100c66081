from django.core.management.base import BaseCommand

from veturi.plugplay.models import expire_reservations


class Command(BaseCommand):
    help = "Free the plots of reservations past their end date."

    def handle(self, *args, **options):
        count = expire_reservations()
        self.stdout.write(f"{count} reservation(s) expired.")
