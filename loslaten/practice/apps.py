from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "loslaten.practice"
    verbose_name = "Oefenen"
