from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "loslaten.search"
    verbose_name = "Zoeken"
