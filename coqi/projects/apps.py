from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "coqi.projects"
    label = "projects"
    verbose_name = "Co-produced improvement projects"

    def ready(self) -> None:
        from coqi.projects import home  # noqa: F401  registers the projects menu item and next steps
