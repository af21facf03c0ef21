from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coqi.core"
    label = "core"
    verbose_name = "Organisations, roles and audit"

    def ready(self) -> None:
        from coqi.core import checks, home  # noqa: F401  core's system checks, next steps and menu items
