from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "coqi.network"
    label = "network"
    verbose_name = "System and national view"

    def ready(self) -> None:
        from coqi.network import home  # noqa: F401  next steps on admins' home pages
