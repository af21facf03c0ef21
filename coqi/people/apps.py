from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "coqi.people"
    label = "people"
    verbose_name = "People: partner and staff profiles"

    def ready(self) -> None:
        from coqi.people import home  # noqa: F401  menu item and next steps
