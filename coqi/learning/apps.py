from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "coqi.learning"
    label = "learning"
    verbose_name = "Learning together: the learning register and development opportunities"
