from django.core.management.base import BaseCommand

from events.services import nations_sync


class Command(BaseCommand):
    help = "Create or update the nations from ISO 3166-1 (pycountry). Run after upgrading pycountry."

    def handle(self, *args, **options):
        created, updated = nations_sync()
        self.stdout.write(self.style.SUCCESS(f"Nations: {created} created, {updated} updated."))
