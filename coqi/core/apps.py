from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coqi.core"
    label = "core"
    verbose_name = "Organisations, roles and audit"

    def ready(self) -> None:
        from django.urls import register_converter

        from coqi.core import checks  # noqa: F401  registers core's system checks with Django
        from coqi.core.converters import IdConverter

        # Before any URLconf is read: every app's patterns use <id:…> for database ids.
        register_converter(IdConverter, "id")
