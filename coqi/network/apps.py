from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "coqi.network"
    label = "network"
    verbose_name = "System and national view"
