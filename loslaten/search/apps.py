from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "loslaten.search"
    verbose_name = "Zoeken"

    def ready(self) -> None:
        from loslaten.search import checks, signals  # noqa: F401 (checks registers itself)

        signals.connect()
