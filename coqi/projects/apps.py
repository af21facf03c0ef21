from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "coqi.projects"
    label = "projects"
    verbose_name = "Co-produced improvement projects"

    def ready(self) -> None:
        from coqi.projects import home, signals  # noqa: F401  menu item, next steps; team places on acceptance
