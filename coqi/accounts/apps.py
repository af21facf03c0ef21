from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coqi.accounts"
    label = "accounts"
    verbose_name = "People and sign-in"
