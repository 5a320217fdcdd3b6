from django.apps import AppConfig
from django.core import checks


class ContentConfig(AppConfig):
    name = "loslaten.content"
    verbose_name = "Artikelen"

    def ready(self) -> None:
        from loslaten.content.media import check_avif

        checks.register(check_avif)
