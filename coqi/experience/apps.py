from django.apps import AppConfig


class ExperienceConfig(AppConfig):
    name = "coqi.experience"
    label = "experience"
    verbose_name = "Experience of care"
