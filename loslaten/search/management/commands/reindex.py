from django.core.management.base import BaseCommand

from loslaten.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from every article."

    def handle(self, *args: object, **options: object) -> None:
        total = rebuild()
        self.stdout.write(f"Indexed {total} passages.")
