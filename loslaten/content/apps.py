from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "loslaten.content"
    verbose_name = "Artikelen"
