from django.apps import AppConfig
from django.core import checks


class ContentConfig(AppConfig):
    name = "loslaten.content"
    verbose_name = "Artikelen"

    def ready(self) -> None:
        from loslaten.content.media import check_avif

        checks.register(check_avif)
        from loslaten.content.services import next_publication
        from loslaten.core.cache import NEXT_CHANGE

        # A cached blog page or feed expires when the next scheduled article appears.
        if next_publication not in NEXT_CHANGE:
            NEXT_CHANGE.append(next_publication)
