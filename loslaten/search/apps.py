from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "loslaten.search"
    verbose_name = "Zoeken"

    def ready(self) -> None:
        from loslaten.search import signals

        signals.connect()
