from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "coqi.projects"
    label = "projects"
    verbose_name = "Co-produced improvement projects"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.projects import home, signals  # noqa: F401  menu item, next steps; team places on acceptance
        from coqi.projects.demo import load_projects_demo

        # Before other areas' demos (order 10), since their plans and measures hang off these projects.
        register_demo(load_projects_demo, order=10)
