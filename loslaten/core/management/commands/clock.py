import time

from django.core.management.base import BaseCommand

from loslaten.core.clock import tick


class Command(BaseCommand):
    help = "Enqueue periodic work (the weekly newsletter, reminders) once a minute."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="tick once and exit")

    def handle(self, *args, once: bool = False, **options):
        while True:
            failures = tick()
            if once:
                if failures:
                    raise SystemExit(1)
                return
            # Sleep to the start of the next minute so ticks do not drift.
            time.sleep(60 - time.time() % 60)
