from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "coqi.ideas"
    label = "ideas"
    verbose_name = "Community ideas"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.ideas import home  # noqa: F401  menu item and the moderation next step
        from coqi.ideas.demo import load_ideas_demo

        register_demo(load_ideas_demo, order=75)  # after projects, so an idea can be sent to one
