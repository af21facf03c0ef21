from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "coqi.ops"
    label = "ops"
    verbose_name = "Operations: health, heartbeat and logs"

    def ready(self) -> None:
        from coqi.ops import jobs  # noqa: F401  connects the one-log-line-per-job receivers to django-tasks' signals
