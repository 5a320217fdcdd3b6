from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "loslaten.core"
    verbose_name = "Kern"
