from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "coqi.reports"
    label = "reports"
    verbose_name = "Board report"
