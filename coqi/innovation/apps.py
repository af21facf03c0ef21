from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "coqi.innovation"
    label = "innovation"
    verbose_name = "Innovation library: beneficial changes"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.innovation import home  # noqa: F401  menu item and next step
        from coqi.innovation.demo import load_innovation_demo

        register_demo(load_innovation_demo, order=80)  # after projects, so an adoption can start one
