from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "coqi.learning"
    label = "learning"
    verbose_name = "Learning together: the learning register and development opportunities"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.learning import home  # noqa: F401  menu item and next steps
        from coqi.learning.demo import load_learning_demo

        register_demo(load_learning_demo, order=75)
