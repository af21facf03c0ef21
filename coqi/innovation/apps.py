from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "coqi.innovation"
    label = "innovation"
    verbose_name = "Innovation library: beneficial changes"
