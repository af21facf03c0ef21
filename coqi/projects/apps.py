from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "coqi.projects"
    label = "projects"
    verbose_name = "Co-produced improvement projects"
