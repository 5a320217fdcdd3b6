from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "loslaten.core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from loslaten.core import dates
        from loslaten.core.cache import connect_signals

        dates.register()

        # In every process, the CLI's `loslaten import` included, so that a changed
        # article never stays behind in a shared page cache.
        connect_signals()
