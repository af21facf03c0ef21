from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "coqi.ideas"
    label = "ideas"
    verbose_name = "Community ideas"
