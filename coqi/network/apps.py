from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "coqi.network"
    label = "network"
    verbose_name = "System and national view"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.network import home  # noqa: F401  next steps on admins' home pages
        from coqi.network.demo import load_network_demo

        register_demo(load_network_demo, order=85)  # after the self-assessment demo (Riverside's round)
