from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "coqi.reports"
    label = "reports"
    verbose_name = "Board report"

    def ready(self) -> None:
        from coqi.reports import home  # noqa: F401  menu item
