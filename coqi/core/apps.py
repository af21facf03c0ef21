from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coqi.core"
    label = "core"
    verbose_name = "Organisations, roles and audit"

    def ready(self) -> None:
        from coqi.core import checks  # noqa: F401  registers core's system checks with Django
