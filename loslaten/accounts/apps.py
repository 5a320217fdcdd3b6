from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "loslaten.accounts"
    verbose_name = "Accounts"
