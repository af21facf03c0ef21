from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coqi.api"
    label = "api"
    verbose_name = "JSON API"
