from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "loslaten.newsletter"
    verbose_name = "Nieuwsbrief"
