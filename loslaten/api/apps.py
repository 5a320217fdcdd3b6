from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "loslaten.api"
    verbose_name = "API"
