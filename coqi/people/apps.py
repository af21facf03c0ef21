from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "coqi.people"
    label = "people"
    verbose_name = "People: partner and staff profiles"

    def ready(self) -> None:
        from coqi.core.demo import register_demo
        from coqi.people import home  # noqa: F401  menu item and next steps
        from coqi.people.demo import load_people_demo

        register_demo(load_people_demo, order=76)  # after the payments demo (60), so the forum is not yet claimed
